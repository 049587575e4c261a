using DonorTrack.Core.Audit;
using DonorTrack.Core.Receipts;

namespace DonorTrack.Web.Pages.Households;

[Authorize(Policy = RolePolicies.Viewer)]
public sealed class DetailsModel(HouseholdService households, DonorService donors, YearEndStatementService statements, OrganizationService organizations, TimeProvider clock)
    : PageModel
{
    public HouseholdDetail Detail { get; private set; } = null!;

    public HouseholdGiving Giving { get; private set; } = null!;

    public IReadOnlyList<string> MailingAddress { get; private set; } = [];

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    /// <summary>The fiscal year of the year-end statement form.</summary>
    [BindProperty]
    public int? StatementYear { get; set; }

    [BindProperty]
    public bool StatementInterim { get; set; }

    public IActionResult OnGet(long id)
    {
        if (!Load(id))
            return NotFound();
        StatementYear = organizations.Find(User.ToActor().OrganizationId)!.LocalDate(clock.GetUtcNow()).Year - 1;
        return Page();
    }

    public IActionResult OnPostRemove(long id, long donorId)
    {
        var actor = User.ToActor();
        if (!actor.Can(Role.Entry))
            return Forbid();
        var name = donors.Find(actor, donorId)?.DisplayName;
        if (!households.RemoveMember(actor, id, donorId))
            return NotFound();
        TempData["Notice"] = $"{name} left the household.";
        return RedirectToPage(new { id });
    }

    public IActionResult OnPostPrimary(long id, long donorId)
    {
        var actor = User.ToActor();
        if (!actor.Can(Role.Entry))
            return Forbid();
        if (!households.SetPrimaryContact(actor, id, donorId))
            return NotFound();
        TempData["Notice"] = "Primary contact changed.";
        return RedirectToPage(new { id });
    }

    /// <summary>The household's year-end statement as a PDF (treasurer or admin): issued, or a copy when nothing changed.</summary>
    public IActionResult OnPostStatement(long id)
    {
        var actor = User.ToActor();
        if (!actor.Can(Role.Treasurer))
            return Forbid();
        ReceiptPdf? pdf = null;
        if (ModelState.TryRun(() => pdf = statements.HouseholdAnnual(actor, new HouseholdStatementInput(StatementYear, id, StatementInterim)),
                property => property == nameof(HouseholdStatementInput.Year) ? nameof(StatementYear) : nameof(StatementYear)))
        {
            return pdf is null ? NotFound() : File(pdf.Pdf, "application/pdf", pdf.FileName);
        }
        return Load(id) ? Page() : NotFound();
    }

    private bool Load(long id)
    {
        var actor = User.ToActor();
        if (households.Find(actor, id) is not { } detail)
            return false;
        Detail = detail;
        Giving = households.Giving(actor, id)!;
        var primary = detail.PrimaryContact is { } p ? donors.Find(actor, p.DonorId) : null;
        MailingAddress = detail.MailingAddress(primary);
        History = households.History(actor, id);
        return true;
    }
}
