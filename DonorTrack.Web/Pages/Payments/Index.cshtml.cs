using DonorTrack.Core.Payments;

namespace DonorTrack.Web.Pages.Payments;

/// <summary>Card reconciliation: payouts by settlement date (gross, fees, refunds, net) and payments that need attention.</summary>
[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class IndexModel(CardReconciliation reconciliation, CardFeeCollector fees, CardRecovery recovery, OrganizationService organizations, TimeProvider clock) : PageModel
{
    public DateOnly From { get; private set; }

    public DateOnly To { get; private set; }

    public IReadOnlyList<PayoutDay> Days { get; private set; } = [];

    public IReadOnlyList<PaymentProblem> Problems { get; private set; } = [];

    public string Slug { get; private set; } = "";

    /// <summary>Declined installments Stripe is still retrying, most attempts first.</summary>
    public IReadOnlyList<AtRiskPayment> AtRisk { get; private set; } = [];

    /// <summary>Declines resolved since the first of this month, recovered or lost.</summary>
    public RecoveryTotals Recovery { get; private set; } = new(0, 0, 0, 0);

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
        AtRisk = recovery.AtRisk(actor);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        Recovery = recovery.Outcomes(actor, Midnight(organization, monthStart), Midnight(organization, monthStart.AddMonths(1)));
    }

    /// <summary>The instant a day begins in the organization's time zone.</summary>
    private static DateTimeOffset Midnight(Organization organization, DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, TimeZoneInfo.FindSystemTimeZoneById(organization.Timezone).GetUtcOffset(local));
    }
}
