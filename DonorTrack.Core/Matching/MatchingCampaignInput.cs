using DonorTrack.Core.Data;

namespace DonorTrack.Core.Matching;

/// <summary>One participant as typed into the campaign form or sent to the API.</summary>
public sealed record MatchingParticipantInput
{
    public long? OrganizationId { get; init; }

    public long? CapCents { get; init; }
}

/// <summary>A matching campaign as typed into the form or posted to /api/v1/matching-campaigns, before validation.</summary>
public sealed record MatchingCampaignInput
{
    public string? Name { get; init; }

    public long? FunderDonorId { get; init; }

    public long? PoolCents { get; init; }

    /// <summary>"N:D", e.g. "1:1", "2:1", "1:2".</summary>
    public string? Ratio { get; init; }

    public long? PerGiftCapCents { get; init; }

    public long? PerDonorCapCents { get; init; }

    public DateOnly? StartsOn { get; init; }

    public DateOnly? EndsOn { get; init; }

    /// <summary>"all" (the default when empty), "new_donors" or "new_or_increased".</summary>
    public string? Eligibility { get; init; }

    /// <summary>Gift methods to match; null means <see cref="MatchingVocabulary.DefaultEligibleMethods"/>.</summary>
    public IReadOnlyList<string>? EligibleMethods { get; init; }

    /// <summary>Revenue categories to match; null means <see cref="MatchingVocabulary.DefaultEligibleCategories"/>.</summary>
    public IReadOnlyList<string>? EligibleCategories { get; init; }

    /// <summary>Donor kinds to match; null means <see cref="MatchingVocabulary.DefaultEligibleDonorKinds"/>.</summary>
    public IReadOnlyList<string>? EligibleDonorKinds { get; init; }

    public int? RecurringMultiplier { get; init; }

    /// <summary>Null means on.</summary>
    public bool? DeductiblePortionOnly { get; init; }

    /// <summary>"match" (the default when empty) or "challenge".</summary>
    public string? Kind { get; init; }

    public long? ThresholdCents { get; init; }

    public IReadOnlyList<MatchingParticipantInput>? Participants { get; init; }

    internal static MatchingEligibility? ParseEligibility(string? word) => Parse(word, MatchingEligibility.All);

    internal static MatchingKind? ParseKind(string? word) => Parse(word, MatchingKind.Match);

    /// <summary>Blank is the default; a word that names no member is null, which the validator refuses.</summary>
    private static TEnum? Parse<TEnum>(string? word, TEnum blank) where TEnum : struct, Enum =>
        string.IsNullOrWhiteSpace(word) ? blank : DomainWords.TryParse<TEnum>(word, out var value) ? value : null;
}
