namespace DonorTrack.Tests.Matching;

/// <summary>A March 2025 drive for organizations 1 and 2, and a terse gift builder, so each test states only what differs.</summary>
internal static class MatchingExamples
{
    public static readonly DateOnly Start = new(2025, 3, 1);
    public static readonly DateOnly End = new(2025, 3, 31);
    public static readonly DateOnly Mid = new(2025, 3, 15);

    public static MatchingRules Rules { get; } = new()
    {
        PoolCents = 1_000_000,
        Ratio = MatchingRatio.OneToOne,
        StartsOn = Start,
        EndsOn = End,
        Participants = [new MatchingParticipant(1), new MatchingParticipant(2)],
    };

    public static CandidateGift Gift(
        long id,
        long cents,
        DateOnly? on = null,
        long donor = 100,
        long organization = 1,
        string status = "completed",
        long refunded = 0) =>
        new(id, organization, donor, "individual", cents, refunded, 0, on ?? Mid, "card", "individual", status);

    public static MatchingResult Allocate(MatchingRules rules, IReadOnlyCollection<CandidateGift> gifts, IEnumerable<DonorPriorHistory>? history = null) =>
        MatchingAllocator.Allocate(rules, gifts, history ?? []);

    public static (long GiftId, long MatchedCents)[] Matched(MatchingResult result) =>
        result.Allocations.Select(a => (a.GiftId, a.MatchedCents)).ToArray();
}
