using DonorTrack.Core.Data;

namespace DonorTrack.Core.Dues;

/// <summary>Who a membership plan is for (API words: individual, organization).</summary>
[DomainWords]
public enum MemberKind
{
    Individual,
    Organization,
}

/// <summary>A dues plan: what a member pays per interval and what they receive for it.</summary>
public sealed record MembershipPlan(
    long Id,
    string Name,
    MemberKind MemberKind,
    DuesInterval Interval,
    DuesPricing Pricing,
    int GraceDays,
    string BenefitsDescription,
    long BenefitValueCents,
    bool IsRetired);

/// <summary>How a plan prices one period: a fixed amount, named sliding-scale tiers, or pay-what-you-can above a minimum.</summary>
public abstract record DuesPricing
{
    private DuesPricing()
    {
    }

    /// <summary>The smallest amount any member can pay per period; benefit value may not exceed it.</summary>
    public abstract long LowestPeriodCents { get; }

    /// <summary>
    /// The per-period amount for a member's choice (a tier name, or an amount for pay-what-you-can);
    /// null when the choice does not fit this pricing.
    /// </summary>
    public abstract long? PeriodCentsFor(string? tierName, long? chosenCents);

    /// <summary>Everyone pays the same amount per period.</summary>
    public sealed record Fixed(long AmountCents) : DuesPricing
    {
        public override long LowestPeriodCents => AmountCents;

        public override long? PeriodCentsFor(string? tierName, long? chosenCents) => AmountCents;
    }

    /// <summary>The member picks a named tier, e.g. by an organization's annual budget band.</summary>
    public sealed record SlidingScale(IReadOnlyList<DuesTier> Tiers) : DuesPricing
    {
        public override long LowestPeriodCents => Tiers.Count == 0 ? 0 : Tiers.Min(t => t.AmountCents);

        public override long? PeriodCentsFor(string? tierName, long? chosenCents) =>
            Tiers.FirstOrDefault(t => string.Equals(t.Name, tierName?.Trim(), StringComparison.OrdinalIgnoreCase))?.AmountCents;
    }

    /// <summary>The member names their own amount, at least the minimum.</summary>
    public sealed record PayWhatYouCan(long MinimumCents, long? SuggestedCents) : DuesPricing
    {
        public override long LowestPeriodCents => MinimumCents;

        public override long? PeriodCentsFor(string? tierName, long? chosenCents) =>
            chosenCents is { } chosen && chosen >= MinimumCents ? chosen : null;
    }
}

/// <summary>One named sliding-scale tier and its per-period amount.</summary>
public sealed record DuesTier(string Name, long AmountCents);
