using DonorTrack.Core.Dues;
using DonorTrack.Core.Payments;
using DonorTrack.Core.Validation;
using DonorTrack.Web.Payments;

namespace DonorTrack.Web.Pages.Dues;

/// <summary>One membership term: status, paid-through, credit, payment history; record a payment, cancel, reinstate, change plan.</summary>
[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class MembershipModel(MembershipService memberships, CardSubscriptionButton cardSubscription) : PageModel
{
    public MembershipDetails Details { get; private set; } = null!;

    public IReadOnlyList<MembershipPlan> OtherPlans { get; private set; } = [];

    [BindProperty]
    public Dollars? Amount { get; set; }

    /// <summary>The pay-what-you-can amount on the change-plan form.</summary>
    [BindProperty]
    public Dollars? ChosenAmount { get; set; }

    [BindProperty]
    public DateOnly? On { get; set; }

    [BindProperty]
    public string? Method { get; set; } = "check";

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public long NewPlanId { get; set; }

    [BindProperty]
    public string? TierName { get; set; }

    public IActionResult OnGet(long id) => Load(id) ? Page() : NotFound();

    public IActionResult OnPostPayment(long id)
    {
        if (Amount is null && ModelState.IsValid)
            ModelState.AddModelError(nameof(Amount), Dollars.InvalidMessage);
        Try(() => memberships.RecordPayment(User.ToActor(), id, new GiftInput { AmountCents = Amount?.Cents, ReceivedOn = On, Method = PageSupport.Word<GiftMethod>(Method) }), "Dues payment recorded.");
        return Done(id);
    }

    public IActionResult OnPostCancel(long id, bool confirmed)
    {
        if (!confirmed)
        {
            var valid = ModelState.TryRun(() => new CancelMembershipInputValidator().EnsureValid(new CancelMembershipInput(On, Reason)), prefix: "");
            if (!Load(id))
                return NotFound();
            if (!valid)
                return Page();
            return this.Confirm(new Confirmation($"Cancel the membership of {Details.Summary.DonorName}?",
            [
                $"End the membership on the {Details.Plan.Name} plan on {PageSupport.Date(On!.Value)}, with the reason \u201c{Reason?.Trim()}\u201d.",
                "Stop dues reminders and count the member as cancelled from then on. Payments already recorded stay; a cancelled membership can later be reinstated as a new term, but not un-cancelled.",
            ], "Cancel membership"));
        }

        Try(() => memberships.Cancel(User.ToActor(), id, new CancelMembershipInput(On, Reason)), "Membership cancelled.");
        return Done(id);
    }

    public IActionResult OnPostReinstate(long id)
    {
        long? continuing = null;
        Try(() => continuing = memberships.Reinstate(User.ToActor(), id, new ReinstateMembershipInput(On)), "Membership reinstated.");
        return continuing is { } next ? Redirect($"/Dues/Membership/{next}") : Done(id);
    }

    public IActionResult OnPostChangePlan(long id)
    {
        long? newTerm = null;
        Try(() => newTerm = memberships.ChangePlan(User.ToActor(), id, new PlanChangeInput(NewPlanId, On, TierName, ChosenAmount?.Cents)), "Plan changed; the new term carries the unused dues as credit.");
        return newTerm is { } next ? Redirect($"/Dues/Membership/{next}") : Done(id);
    }

    public async Task<IActionResult> OnPostStopCardRenewalAsync(long id, bool confirmed)
    {
        if (!confirmed)
        {
            if (!Load(id))
                return NotFound();
            return this.Confirm(new Confirmation("Stop the card renewal?",
            [
                $"Cancel the card subscription at Stripe that renews {Details.Summary.DonorName}'s membership: the member will not be charged again.",
                "This cannot be undone from here: to renew by card again, the member starts a new subscription.",
            ], "Stop card renewal"));
        }

        var notice = await cardSubscription.PressAsync(User.ToActor(), SubscriptionCommitment.Membership, id, HttpContext.RequestAborted);
        if (notice is null)
            return NotFound();
        TempData["Notice"] = notice;
        return RedirectToPage(new { id });
    }

    private void Try(Action action, string notice)
    {
        if (ModelState.TryRun(action, prefix: ""))
            TempData["Notice"] = notice;
    }

    private IActionResult Done(long id)
    {
        if (ModelState.IsValid)
            return RedirectToPage(new { id });
        return Load(id) ? Page() : NotFound();
    }

    private bool Load(long id)
    {
        var actor = User.ToActor();
        var details = memberships.Find(actor, id);
        if (details is null)
            return false;
        Details = details;
        OtherPlans = memberships.Plans(actor, includeRetired: false).Where(p => p.Id != details.Plan.Id && p.MemberKind == details.Plan.MemberKind).ToList();
        return true;
    }
}
