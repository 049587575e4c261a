using DonorTrack.Core.Data;

namespace DonorTrack.Core.Dues;

/// <summary>How a plan input is priced (API words: fixed, sliding_scale, pay_what_you_can).</summary>
[DomainWords]
public enum DuesPricingKind
{
    Fixed,
    SlidingScale,
    PayWhatYouCan,
}

/// <summary>A membership plan as typed on the page or posted to the API, before validation.</summary>
public sealed record MembershipPlanInput
{
    public string? Name { get; init; }

    public MemberKind MemberKind { get; init; }

    public DuesInterval Interval { get; init; }

    public DuesPricingKind PricingKind { get; init; }

    /// <summary>The per-period amount of a fixed plan.</summary>
    public long AmountCents { get; init; }

    /// <summary>The tiers of a sliding-scale plan.</summary>
    public IReadOnlyList<DuesTierInput> Tiers { get; init; } = [];

    /// <summary>The minimum per-period amount of a pay-what-you-can plan.</summary>
    public long MinimumCents { get; init; }

    /// <summary>An optional suggested amount shown for a pay-what-you-can plan.</summary>
    public long? SuggestedCents { get; init; }

    public int GraceDays { get; init; }

    public string? BenefitsDescription { get; init; }

    public long BenefitValueCents { get; init; }

    public bool IsRetired { get; init; }

    /// <summary>Builds the plan; call only after <see cref="MembershipPlanInputValidator"/> passed.</summary>
    public MembershipPlan ToPlan(long id) => new(
        id,
        Name!.Trim(),
        MemberKind,
        Interval,
        PricingKind switch
        {
            DuesPricingKind.Fixed => new DuesPricing.Fixed(AmountCents),
            DuesPricingKind.SlidingScale => new DuesPricing.SlidingScale([.. Tiers.Select(t => new DuesTier(t.Name!.Trim(), t.AmountCents))]),
            DuesPricingKind.PayWhatYouCan => new DuesPricing.PayWhatYouCan(MinimumCents, SuggestedCents),
            _ => throw new ArgumentOutOfRangeException(nameof(PricingKind), PricingKind, "Unknown pricing kind."),
        },
        GraceDays,
        BenefitsDescription?.Trim() ?? "",
        BenefitValueCents,
        IsRetired);
}

/// <summary>One sliding-scale tier as typed, e.g. "Budget under $100k" at 5000 cents.</summary>
public sealed record DuesTierInput(string? Name, long AmountCents);

/// <summary>Enrolling a donor on a plan from a start date, with their tier or pay-what-you-can amount if the plan asks for one.</summary>
public sealed record MembershipEnrolmentInput
{
    public long DonorId { get; init; }

    public long PlanId { get; init; }

    public DateOnly? StartsOn { get; init; }

    public string? TierName { get; init; }

    public long? ChosenAmountCents { get; init; }

    public bool AutoRenew { get; init; }
}

/// <summary>A recurring donation pledge as typed or posted.</summary>
public sealed record RecurringDonationInput
{
    public long DonorId { get; init; }

    public long AmountCents { get; init; }

    public DuesInterval Interval { get; init; }

    public DateOnly? StartsOn { get; init; }
}
