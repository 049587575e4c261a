using DonorTrack.Core.Donors;

namespace DonorTrack.Core.Dues;

/// <summary>A membership_plans row as stored; <see cref="ToPlan"/> turns it (with its tiers) into the rule model.</summary>
public sealed record MembershipPlanRow(
    long Id,
    string Name,
    MemberKind MemberKind,
    DuesInterval Interval,
    DuesPricingKind PricingKind,
    long? AmountCents,
    long? SuggestedCents,
    long GraceDays,
    string BenefitsDescription,
    long BenefitValueCents,
    bool Retired)
{
    public MembershipPlan ToPlan(IReadOnlyList<DuesTier> tiers) => new(
        Id,
        Name,
        MemberKind,
        Interval,
        PricingKind switch
        {
            DuesPricingKind.Fixed => new DuesPricing.Fixed(AmountCents ?? 0),
            DuesPricingKind.SlidingScale => new DuesPricing.SlidingScale(tiers),
            _ => new DuesPricing.PayWhatYouCan(AmountCents ?? 0, SuggestedCents),
        },
        (int)GraceDays,
        BenefitsDescription,
        BenefitValueCents,
        Retired);
}

/// <summary>A tier row of a sliding-scale plan.</summary>
public sealed record MembershipPlanTierRow(long PlanId, string Name, long AmountCents);

/// <summary>One membership term as stored, with its cached standing (paid-through, paid periods, credit).</summary>
public sealed record MembershipRow(
    long Id,
    long DonorId,
    long PlanId,
    DateOnly StartsOn,
    string? TierName,
    long PeriodCents,
    bool AutoRenew,
    string? StripeSubscriptionId,
    long OpeningCreditCents,
    long? PreviousMembershipId,
    string TermReason,
    bool ArrearsWaived,
    DateOnly? CancelledOn,
    string? CancelReason,
    DateOnly PaidThrough,
    long PaidPeriods,
    long CreditCents,
    DateTimeOffset CreatedAt);

/// <summary>A membership term joined with its plan and donor, as every list reads it.</summary>
public sealed record MembershipListRow(
    long Id,
    long DonorId,
    DonorKind DonorKind,
    string? DonorFirstName,
    string? DonorLastName,
    string? DonorOrganizationName,
    long PlanId,
    string PlanName,
    DuesInterval Interval,
    long GraceDays,
    DateOnly StartsOn,
    string? TierName,
    long PeriodCents,
    bool ArrearsWaived,
    DateOnly? CancelledOn,
    string? CancelReason,
    DateOnly PaidThrough,
    long PaidPeriods,
    long CreditCents,
    bool DonorDoNotContact,
    bool DonorDeceased);

/// <summary>A membership with its status and arrears derived for an organization-local date.</summary>
public sealed record MembershipSummary(
    long Id,
    long DonorId,
    string DonorName,
    long PlanId,
    string PlanName,
    DuesInterval Interval,
    int GraceDays,
    DateOnly StartsOn,
    string? TierName,
    long PeriodCents,
    DateOnly PaidThrough,
    long CreditCents,
    MembershipStatus Status,
    DuesArrears Arrears,
    DateOnly? CancelledOn,
    string? CancelReason,
    bool DonorDoNotContact,
    bool DonorDeceased)
{
    /// <summary>The first day the membership counts as lapsed (after the grace days), whether or not that day has come.</summary>
    public DateOnly LapsesOn => PaidThrough.AddDays(GraceDays + 1);

    /// <summary>Derives status and arrears from the cached standing; no replay needed.</summary>
    public static MembershipSummary From(MembershipListRow row, DateOnly today)
    {
        var interval = row.Interval;
        var schedule = new DuesSchedule(row.StartsOn, interval, row.PeriodCents);
        var standing = new DuesStanding((int)row.PaidPeriods, row.PaidThrough, row.CreditCents);
        return new MembershipSummary(
            row.Id,
            row.DonorId,
            DonorNames.Display(row.DonorKind, row.DonorFirstName, row.DonorLastName, row.DonorOrganizationName),
            row.PlanId,
            row.PlanName,
            interval,
            (int)row.GraceDays,
            row.StartsOn,
            row.TierName,
            row.PeriodCents,
            row.PaidThrough,
            row.CreditCents,
            MembershipStatusRules.Derive(row.PaidThrough, (int)row.GraceDays, today, row.CancelledOn),
            row.ArrearsWaived ? new DuesArrears(0, 0, row.CreditCents) : DuesOutlook.Arrears(schedule, standing, today, row.CancelledOn),
            row.CancelledOn,
            row.CancelReason,
            row.DonorDoNotContact,
            row.DonorDeceased);
    }
}

/// <summary>A gift linked to a membership or recurring donation, as the ledger and the history table read it.</summary>
public sealed record LinkedGiftRow(long Id, DateOnly ReceivedOn, long AmountCents, long RefundedCents, Gifts.GiftStatus Status, Gifts.GiftMethod Method)
{
    /// <summary>What counts toward dues: the amount less refunds, zero unless completed or partially refunded.</summary>
    public long NetCents => Gifts.GiftRules.Counts(Status) ? AmountCents - RefundedCents : 0;
}

/// <summary>A recurring_donations row as stored.</summary>
public sealed record RecurringDonationRow(
    long Id,
    long DonorId,
    DonorKind DonorKind,
    string? DonorFirstName,
    string? DonorLastName,
    string? DonorOrganizationName,
    long AmountCents,
    DuesInterval Interval,
    DateOnly StartsOn,
    RecurringDonationStatus Status,
    long SkippedInstallments,
    long NextInstallment,
    DateOnly NextDueOn,
    string? StripeSubscriptionId,
    string? FailureReason,
    DateOnly? EndedOn,
    bool DonorDoNotContact,
    bool DonorDeceased)
{
    public string DonorName => DonorNames.Display(DonorKind, DonorFirstName, DonorLastName, DonorOrganizationName);

    public RecurringSchedule Schedule =>
        new(StartsOn, Interval, AmountCents, (int)NextInstallment, Status);
}

/// <summary>A recurring donation with the installments missed as of an organization-local date.</summary>
public sealed record RecurringDonationSummary(RecurringDonationRow Row, IReadOnlyList<DateOnly> Missed)
{
    public RecurringDonationStatus Status => Row.Status;

    public DuesInterval Interval => Row.Interval;
}

/// <summary>A membership term in full for its page: the summary, payments, and the terms before and after it.</summary>
public sealed record MembershipDetails(
    MembershipSummary Summary,
    MembershipRow Row,
    MembershipPlan Plan,
    IReadOnlyList<LinkedGiftRow> Payments,
    long? NextTermId,
    IReadOnlyList<UpcomingDues> Upcoming,
    DateOnly Today)
{
    public bool CanReinstate => ReinstatementRules.CanReinstate(Summary.Status) && NextTermId is null;
}

/// <summary>Result of an enrolment: the new membership and the warnings to show (e.g. a start date before the donor was added).</summary>
public sealed record EnrolmentResult(long MembershipId, IReadOnlyList<string> Warnings);

/// <summary>The treasurer's dues picture for a date: what falls due soon, who is in grace, who lapsed lately, arrears, MRR.</summary>
public sealed record DuesOverview(
    DateOnly Today,
    IReadOnlyList<DueSoonItem> DueSoon,
    IReadOnlyList<MembershipSummary> InGrace,
    IReadOnlyList<MembershipSummary> RecentlyLapsed,
    long ArrearsTotalCents,
    int MembershipsInArrears,
    long MonthlyRecurringRevenueCents,
    int ActiveMemberships);

/// <summary>A membership with dues falling due within the window, and what is left to pay after credit.</summary>
public sealed record DueSoonItem(MembershipSummary Membership, DateOnly NextDueOn, long OwedCents);

/// <summary>One member organization of an alliance with the dues it owes the alliance this fiscal year.</summary>
public sealed record AllianceDuesRow(
    long MemberOrganizationId,
    string MemberName,
    long? DonorId,
    MembershipSummary? Membership,
    FiscalYearDuesSummary? FiscalYear);

/// <summary>Filters for the membership list.</summary>
public sealed record MembershipQuery(MembershipStatus? Status = null, long? PlanId = null, Data.PageRequest? Page = null);
