using DonorTrack.Core.Payments;

namespace DonorTrack.Web.Pages.Payments;

/// <summary>Card reconciliation: payouts by settlement date (gross, fees, refunds, net) and payments that need attention.</summary>
[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class IndexModel(CardReconciliation reconciliation, CardFeeCollector fees, OrganizationService organizations, TimeProvider clock) : PageModel
{
    public DateOnly From { get; private set; }

    public DateOnly To { get; private set; }

    public IReadOnlyList<PayoutDay> Days { get; private set; } = [];

    public IReadOnlyList<PaymentProblem> Problems { get; private set; } = [];

    public string Slug { get; private set; } = "";

    /// <summary>Card gifts whose Stripe fee is still being fetched; they count in no payout day until it arrives.</summary>
    public long FeesPending { get; private set; }

    public void OnGet(DateOnly? from, DateOnly? to)
    {
        var actor = User.ToActor();
        var organization = organizations.Find(actor.OrganizationId)!;
        var today = organization.LocalDate(clock.GetUtcNow());
        (From, To, Slug) = (from ?? today.AddDays(-90), to ?? today.AddDays(14), organization.Slug);
        Days = reconciliation.PayoutDays(actor, From, To);
        Problems = reconciliation.Problems(actor);
        FeesPending = fees.CountPending(actor);
    }
}
