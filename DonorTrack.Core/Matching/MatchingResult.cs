namespace DonorTrack.Core.Matching;

/// <summary>One eligible gift's share of the pool: the matchable base (before ratio and caps) and the matched cents.</summary>
public sealed record MatchingAllocation(long GiftId, long OrganizationId, long DonorId, long MatchableBaseCents, long MatchedCents);

/// <summary>One participating organization's eligible gifts raised, matched and owed cents, and how many donors gave.</summary>
public sealed record OrganizationMatchingTotals(
    long OrganizationId,
    long RaisedCents,
    long MatchedCents,
    long OwedCents,
    int DonorCount,
    int GiftCount);

/// <summary>The outcome of one allocation run: allocations in walk order plus campaign and per-organization totals.</summary>
public sealed record MatchingResult(
    IReadOnlyList<MatchingAllocation> Allocations,
    long RaisedCents,
    long MatchedCents,
    long PoolRemainingCents,
    bool ThresholdMet,
    long OwedCents,
    IReadOnlyList<OrganizationMatchingTotals> PerOrganization);

/// <summary>What a campaign has already given out, as stored: the input to allocating one more gift without a full run.</summary>
public sealed record MatchingRunningTotals(long PoolRemainingCents, long DonorMatchedCents, long OrganizationMatchedCents);
