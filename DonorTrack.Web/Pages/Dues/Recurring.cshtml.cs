using DonorTrack.Core.Dues;
using DonorTrack.Core.Payments;
using DonorTrack.Web.Payments;

namespace DonorTrack.Web.Pages.Dues;

/// <summary>Recurring donations: the pledges with next due date and missed installments, MRR, a form for a new pledge, pause/resume/end.</summary>
[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class RecurringModel(RecurringDonationService recurring, CardSubscriptionButton cardSubscription, DonorService donors) : PageModel
{
    public IReadOnlyList<RecurringDonationSummary> Pledges { get; private set; } = [];

    public long MonthlyRecurringRevenueCents { get; private set; }

    [BindProperty]
    public long? DonorId { get; set; }

    /// <summary>The new recurring donation's donor, found by name, email or postal code.</summary>
    public DonorField Donor { get; private set; } = null!;

    [BindProperty]
    public Dollars? Amount { get; set; }

    [BindProperty]
    public string Interval { get; set; } = "month";

    [BindProperty]
    public DateOnly? StartsOn { get; set; }

    public void OnGet(long? donorId)
    {
        DonorId = donorId;
        Load();
    }

    public IActionResult OnPost()
    {
        if (DonorField.IsFindRequest(Request))
        {
            ModelState.Clear();
            Load();
            return Page();
        }
        if (Amount is null && ModelState.IsValid)
            ModelState.AddModelError(nameof(Amount), Dollars.InvalidMessage);
        if (ModelState.TryRun(() => recurring.Create(User.ToActor(), new RecurringDonationInput
            {
                DonorId = DonorId ?? 0, AmountCents = Amount!.Value.Cents, Interval = DomainWords.ParseInput<DuesInterval>(Interval), StartsOn = StartsOn,
            }), property => property == nameof(RecurringDonationInput.AmountCents) ? nameof(Amount) : property))
        {
            TempData["Notice"] = "Recurring donation added.";
            return RedirectToPage();
        }
        Load();
        return Page();
    }

    public IActionResult OnPostPayment(long id, DateOnly? receivedOn, string? method)
    {
        TempData.TryRun(() => recurring.RecordPayment(User.ToActor(), id, receivedOn, PageSupport.Word<GiftMethod>(method)), "Installment recorded.");
        return RedirectToPage();
    }

    public IActionResult OnPostChange(long id, string change, bool confirmed)
    {
        var actor = User.ToActor();
        if (change == "end" && !confirmed)
            return this.Confirm(new Confirmation("End this recurring donation?",
            [
                "Mark the recurring donation ended: no more installments are expected and it leaves the monthly recurring revenue.",
                "Installments already recorded stay. An ended recurring donation cannot be resumed; a new one is started instead.",
            ], "End recurring donation"));
        var found = true;
        TempData.TryRun(() => found = change switch
        {
            "pause" => recurring.Pause(actor, id),
            "resume" => recurring.Resume(actor, id),
            "end" => recurring.End(actor, id),
            _ => false,
        });
        return found ? RedirectToPage() : NotFound();
    }

    public async Task<IActionResult> OnPostCancelCardAsync(long id, bool confirmed)
    {
        if (!confirmed)
            return this.Confirm(new Confirmation("Cancel this card subscription?",
            [
                "Cancel the card subscription at Stripe: the donor will not be charged again and the recurring donation ends.",
                "This cannot be undone from here: to give by card again, the donor starts a new subscription.",
            ], "Cancel card subscription"));
        var notice = await cardSubscription.PressAsync(User.ToActor(), SubscriptionCommitment.RecurringDonation, id, HttpContext.RequestAborted);
        if (notice is null)
            return NotFound();
        TempData["Notice"] = notice;
        return RedirectToPage();
    }

    private void Load()
    {
        var actor = User.ToActor();
        Pledges = recurring.List(actor);
        MonthlyRecurringRevenueCents = recurring.MonthlyRecurringRevenueCents(actor);
        Donor = DonorField.For(Request, donors, actor, nameof(DonorId), "Donor", DonorId);
    }
}
