using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;

namespace DonorTrack.Core.Matching;

/// <summary>A stored matching campaign: its owner (the organization or alliance running it), funder and rules.</summary>
public sealed record MatchingCampaign(
    long Id,
    long OrganizationId,
    string Name,
    long FunderDonorId,
    long PoolCents,
    long RatioNumerator,
    long RatioDenominator,
    long? PerGiftCapCents,
    long? PerDonorCapCents,
    DateOnly StartsOn,
    DateOnly EndsOn,
    string Eligibility,
    string EligibleMethods,
    string EligibleCategories,
    string EligibleDonorKinds,
    long? RecurringMultiplier,
    bool DeductiblePortionOnly,
    string Kind,
    long? ThresholdCents,
    long? ClaimGiftId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public MatchingRatio Ratio => new((int)RatioNumerator, (int)RatioDenominator);

    /// <summary>Gifts received from the first to the last day, both included, are matched.</summary>
    public bool RunsOn(DateOnly day) => StartsOn <= day && day <= EndsOn;

    public bool IsChallenge => Kind == "challenge";

    /// <summary>The campaign as the form and the API send it, e.g. to edit it or to compare rules before and after.</summary>
    public MatchingCampaignInput ToInput(IEnumerable<MatchingParticipantTotals> participants) => new()
    {
        Name = Name,
        FunderDonorId = FunderDonorId,
        PoolCents = PoolCents,
        Ratio = Ratio.ToString(),
        PerGiftCapCents = PerGiftCapCents,
        PerDonorCapCents = PerDonorCapCents,
        StartsOn = StartsOn,
        EndsOn = EndsOn,
        Eligibility = Eligibility,
        EligibleMethods = Words(EligibleMethods),
        EligibleCategories = Words(EligibleCategories),
        EligibleDonorKinds = Words(EligibleDonorKinds),
        RecurringMultiplier = (int?)RecurringMultiplier,
        DeductiblePortionOnly = DeductiblePortionOnly,
        Kind = Kind,
        ThresholdCents = ThresholdCents,
        Participants = participants.Select(p => new MatchingParticipantInput { OrganizationId = p.OrganizationId, CapCents = p.CapCents }).ToList(),
    };

    internal static IReadOnlyList<string> Words(string stored) => stored.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    internal static string Stored(IEnumerable<string> words) => string.Join(' ', words.Order(StringComparer.Ordinal));
}

/// <summary>A participating organization with its optional cap and the running totals the last allocation left.</summary>
public sealed record MatchingParticipantTotals(
    long OrganizationId, string OrganizationName, long? CapCents, long RaisedCents, long MatchedCents, long GiftCount, long DonorCount);

/// <summary>Another organization's campaign that names this organization, waiting for its admin to accept or decline.</summary>
public sealed record MatchingParticipationRequest(
    long CampaignId, string CampaignName, string OwnerName, DateOnly StartsOn, DateOnly EndsOn, long PoolCents, long? CapCents);

/// <summary>One stored allocation row: an eligible gift, what it raised (net) and what the funder matches.</summary>
public sealed record StoredMatchingAllocation(
    long GiftId, long OrganizationId, long DonorId, DateOnly ReceivedOn, long NetCents, long MatchableBaseCents, long MatchedCents);

/// <summary>One eligible gift on a statement; the donor's name is filled only for the reader's own organization.</summary>
public sealed record MatchingGiftLine(long GiftId, DateOnly ReceivedOn, long AmountCents, long MatchedCents, long? DonorId, string? DonorName);

/// <summary>A participating organization's totals as everyone in the campaign may see them (no donors, no gifts).</summary>
public sealed record MatchingOrganizationProgress(
    long OrganizationId, string OrganizationName, long? CapCents, long RaisedCents, long MatchedCents, long OwedCents, long GiftCount, long DonorCount);

/// <summary>Where a campaign stands; <see cref="OwnGifts"/> holds only the reader's own organization's gifts.</summary>
public sealed record MatchingProgress(
    MatchingCampaign Campaign,
    string FunderName,
    string OwnerName,
    bool ReaderOwnsCampaign,
    long RaisedCents,
    long MatchedCents,
    long PoolRemainingCents,
    long OwedCents,
    bool ThresholdMet,
    long DonorCount,
    long GiftCount,
    int DaysLeft,
    bool Ended,
    IReadOnlyList<MatchingOrganizationProgress> PerOrganization,
    IReadOnlyList<MatchingGiftLine> OwnGifts)
{
    /// <summary>The funder asked to stay anonymous: public pages say "an anonymous funder" instead of the name.</summary>
    public bool FunderIsAnonymous { get; init; }

    /// <summary>The funder as a public page names them.</summary>
    public string PublicFunderName => FunderIsAnonymous ? "an anonymous funder" : FunderName;

    /// <summary>Share of the pool matched so far, 0..100, for the thermometer.</summary>
    public int PercentMatched => Campaign.PoolCents <= 0 ? 0 : (int)Math.Min(100, MatchedCents * 100 / Campaign.PoolCents);
}

/// <summary>One organization's part of the funder's claim statement.</summary>
public sealed record MatchingClaimSection(
    long OrganizationId, string OrganizationName, long MatchedCents, long OwedCents, bool ShowsDonorNames, IReadOnlyList<MatchingGiftLine> Gifts);

/// <summary>The claim to the funder at or after the end: what is owed and, per organization, the gifts behind it.</summary>
public sealed record MatchingClaim(
    MatchingCampaign Campaign, string FunderName, string OwnerName, DateOnly PreparedOn, bool ThresholdMet, long MatchedCents, long OwedCents,
    IReadOnlyList<MatchingClaimSection> Sections);

/// <summary>How an edit of the rules would move the allocations, shown before the treasurer confirms it.</summary>
public sealed record MatchingChangePreview(
    long MatchedBeforeCents, long MatchedAfterCents, long OwedBeforeCents, long OwedAfterCents, int GiftsChanged,
    IReadOnlyList<MatchingOrganizationChange> PerOrganization);

/// <summary>One organization's matched total before and after an edit.</summary>
public sealed record MatchingOrganizationChange(long OrganizationId, string OrganizationName, long MatchedBeforeCents, long MatchedAfterCents);

/// <summary>The outcome of an edit: applied, or held back with the preview of what confirming would change.</summary>
public sealed record MatchingEditOutcome(bool Applied, MatchingChangePreview? Preview);

/// <summary>The funder's payment of the claim, as the treasurer records it.</summary>
public sealed record MatchingClaimPaymentInput
{
    public long? AmountCents { get; init; }

    public DateOnly? ReceivedOn { get; init; }

    public GiftMethod? Method { get; init; } = GiftMethod.Check;

    public string? CheckNumber { get; init; }
}

/// <summary>Names on statements: composed the one way donors are named everywhere.</summary>
internal static class MatchingNames
{
    public const string AnonymousDonor = "Anonymous";

    public static string Donor(DonorKind kind, string? firstName, string? lastName, string? organizationName) =>
        DonorNames.Display(kind, firstName, lastName, organizationName);
}
