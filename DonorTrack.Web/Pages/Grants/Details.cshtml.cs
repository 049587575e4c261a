using DonorTrack.Core.Audit;

namespace DonorTrack.Web.Pages.Grants;

[Authorize(Policy = RolePolicies.Viewer)]
public sealed class DetailsModel(GrantService grants, OrganizationService organizations, TimeProvider clock) : PageModel
{
    public GrantDetail Detail { get; private set; } = null!;

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public IActionResult OnGet(long id)
    {
        var actor = User.ToActor();
        if (grants.Find(actor, id) is not { } detail)
            return NotFound();
        Detail = detail;
        History = grants.History(actor, id);
        Today = organizations.Find(actor.OrganizationId)!.LocalDate(clock.GetUtcNow());
        return Page();
    }

    /// <summary>Marks a reporting deadline done or not done (data entry and up).</summary>
    public IActionResult OnPostDeadline(long id, long deadlineId, bool done)
    {
        var actor = User.ToActor();
        if (!actor.Can(Role.Entry))
            return Forbid();
        if (!grants.SetDeadlineDone(actor, id, deadlineId, done))
            return NotFound();
        TempData["Notice"] = done ? "Report marked done." : "Report marked not done.";
        return RedirectToPage(new { id });
    }
}
