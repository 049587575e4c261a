using DonorTrack.Core.Audit;
using DonorTrack.Core.Validation;

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
    public IActionResult OnPostWriteOff(long id, bool confirmed)
    {
        var actor = User.ToActor();
        if (!actor.Can(Role.Treasurer))
            return Forbid();
        if (!confirmed && ModelState.IsValid)
        {
            var input = new PledgeWriteOffInput(WriteOffAmount?.Cents, WriteOffReason);
            var valid = ModelState.TryRun(() => new PledgeWriteOffInputValidator().EnsureValid(input),
                property => property == nameof(PledgeWriteOffInput.AmountCents) ? nameof(WriteOffAmount) : $"WriteOff{property}");
            if (!Load(id))
                return NotFound();
            if (!valid)
                return Page();
            return this.Confirm(new Confirmation($"Write off pledge {id}?",
            [
                $"Write off {(WriteOffAmount is { } amount ? PageSupport.Money(amount.Cents) : "the whole unpaid balance")} of the pledge with the reason \u201c{WriteOffReason?.Trim()}\u201d: it leaves expected revenue and the receivables.",
                "The write-off stays in the pledge's history and cannot be undone; a payment that arrives later is recorded as a new gift.",
            ], "Write off"));
        }

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
