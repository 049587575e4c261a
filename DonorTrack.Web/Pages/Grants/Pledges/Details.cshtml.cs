using DonorTrack.Core.Audit;

namespace DonorTrack.Web.Pages.Grants.Pledges;

[Authorize(Policy = RolePolicies.Viewer)]
public sealed class DetailsModel(PledgeService pledges, OrganizationService organizations, TimeProvider clock) : PageModel
{
    public PledgeDetail Detail { get; private set; } = null!;

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    public DateOnly Today { get; private set; }

    /// <summary>The amount to write off; blank writes off the whole unpaid balance.</summary>
    [BindProperty]
    public Dollars? WriteOffAmount { get; set; }

    [BindProperty]
    public string? WriteOffReason { get; set; }

    public IActionResult OnGet(long id) => Load(id) ? Page() : NotFound();

    /// <summary>Writes off part or all of the unpaid balance (treasurer or admin); the write-off stays in the pledge's history.</summary>
    public IActionResult OnPostWriteOff(long id)
    {
        var actor = User.ToActor();
        if (!actor.Can(Role.Treasurer))
            return Forbid();
        var found = true;
        if (ModelState.TryRun(() => found = pledges.WriteOff(actor, id, new PledgeWriteOffInput(WriteOffAmount?.Cents, WriteOffReason)),
                property => property == nameof(PledgeWriteOffInput.AmountCents) ? nameof(WriteOffAmount) : $"WriteOff{property}"))
        {
            if (!found)
                return NotFound();
            TempData["Notice"] = "Balance written off. It stays in the pledge's history and leaves expected revenue.";
            return RedirectToPage(new { id });
        }
        return Load(id) ? Page() : NotFound();
    }

    private bool Load(long id)
    {
        var actor = User.ToActor();
        if (pledges.Find(actor, id) is not { } detail)
            return false;
        Detail = detail;
        History = pledges.History(actor, id);
        Today = organizations.Find(actor.OrganizationId)!.LocalDate(clock.GetUtcNow());
        return true;
    }
}
