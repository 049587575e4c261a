using DonorTrack.Core.Data;

namespace DonorTrack.Core.Matching;

/// <summary>Which gifts a matching campaign counts: everyone's gifts, only new donors', or only the increase over last year.</summary>
[DomainWords]
public enum MatchingEligibility
{
    All,
    NewDonors,
    NewOrIncreased,
}

/// <summary>A "match" pays as gifts come; a "challenge" pays nothing unless the eligible total reaches its threshold.</summary>
[DomainWords]
public enum MatchingKind
{
    Match,
    Challenge,
}

/// <summary>An organization taking part in a campaign, with an optional cap on the matched cents it can receive.</summary>
public sealed record MatchingParticipant(long OrganizationId, long? CapCents = null);

/// <summary>The validated, database-independent rules of one matching campaign, as the allocator reads them.</summary>
public sealed record MatchingRules
{
    public required long PoolCents { get; init; }

    public required MatchingRatio Ratio { get; init; }

    /// <summary>Most matched cents any one gift can earn (a cap on the funder's money, not on the gift).</summary>
    public long? PerGiftCapCents { get; init; }

    /// <summary>Most matched cents per donor record, i.e. per donor within one organization.</summary>
    public long? PerDonorCapCents { get; init; }

    /// <summary>First day of the window, inclusive, in each organization's own local calendar.</summary>
    public required DateOnly StartsOn { get; init; }

    /// <summary>Last day of the window, inclusive, in each organization's own local calendar.</summary>
    public required DateOnly EndsOn { get; init; }

    public MatchingEligibility Eligibility { get; init; } = MatchingEligibility.All;

    public IReadOnlySet<string> EligibleMethods { get; init; } = MatchingVocabulary.DefaultEligibleMethods;

    public IReadOnlySet<string> EligibleCategories { get; init; } = MatchingVocabulary.DefaultEligibleCategories;

    public IReadOnlySet<string> EligibleDonorKinds { get; init; } = MatchingVocabulary.DefaultEligibleDonorKinds;

    /// <summary>Multiplier for the first installment of a recurring donation that starts in the window (12 for monthly); null or 1 = off.</summary>
    public int? RecurringMultiplier { get; init; }

    /// <summary>Match only the tax-deductible part of a gift (amount minus goods and services received).</summary>
    public bool DeductiblePortionOnly { get; init; } = true;

    public MatchingKind Kind { get; init; } = MatchingKind.Match;

    /// <summary>For a challenge: the eligible total (net of refunds) that must be raised before anything is owed.</summary>
    public long? ThresholdCents { get; init; }

    public required IReadOnlyList<MatchingParticipant> Participants { get; init; }

    public bool RecurringRuleApplies => RecurringMultiplier is > 1;

    public bool Covers(DateOnly day) => StartsOn <= day && day <= EndsOn;

    /// <summary>Builds rules from input that <see cref="MatchingCampaignInputValidator"/> accepted; throws on input it would reject.</summary>
    public static MatchingRules FromInput(MatchingCampaignInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = new MatchingCampaignInputValidator().Validate(input);
        if (!validation.IsValid)
            throw new ArgumentException("Matching campaign input is invalid: " + validation, nameof(input));

        return new MatchingRules
        {
            PoolCents = input.PoolCents!.Value,
            Ratio = MatchingRatio.Parse(input.Ratio!),
            PerGiftCapCents = input.PerGiftCapCents,
            PerDonorCapCents = input.PerDonorCapCents,
            StartsOn = input.StartsOn!.Value,
            EndsOn = input.EndsOn!.Value,
            Eligibility = MatchingCampaignInput.ParseEligibility(input.Eligibility)!.Value,
            EligibleMethods = input.EligibleMethods is null ? MatchingVocabulary.DefaultEligibleMethods : MatchingVocabulary.Set(input.EligibleMethods),
            EligibleCategories = input.EligibleCategories is null ? MatchingVocabulary.DefaultEligibleCategories : MatchingVocabulary.Set(input.EligibleCategories),
            EligibleDonorKinds = input.EligibleDonorKinds is null ? MatchingVocabulary.DefaultEligibleDonorKinds : MatchingVocabulary.Set(input.EligibleDonorKinds),
            RecurringMultiplier = input.RecurringMultiplier,
            DeductiblePortionOnly = input.DeductiblePortionOnly ?? true,
            Kind = MatchingCampaignInput.ParseKind(input.Kind)!.Value,
            ThresholdCents = input.ThresholdCents,
            Participants = input.Participants!.Select(p => new MatchingParticipant(p.OrganizationId!.Value, p.CapCents)).ToList(),
        };
    }
}
