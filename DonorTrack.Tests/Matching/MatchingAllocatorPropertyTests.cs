namespace DonorTrack.Tests.Matching;

public sealed class MatchingAllocatorPropertyTests
{
    private static readonly DateOnly Start = new(2025, 3, 1);
    private static readonly DateOnly End = new(2025, 4, 30);
    private static readonly string[] Statuses = ["completed", "completed", "completed", "partially_refunded", "refunded", "voided", "pending", "failed"];
    private static readonly string[] Methods = ["card", "card", "check", "cash", "ach", "in_kind", "stock", "other"];
    private static readonly string[] Categories = ["individual", "individual", "membership_dues", "events", "foundation", "corporate"];
    private static readonly MatchingRatio[] Ratios = [new(1, 1), new(2, 1), new(1, 2), new(3, 2), new(1, 3)];

    private static IEnumerable<int> Seeds() => Enumerable.Range(0, 300);

    [TestCaseSource(nameof(Seeds))]
    public void Allocate_RandomGiftSet_NeverExceedsPoolOrAnyCapAndRerunsIdentically(int seed)
    {
        var random = new Random(seed);
        var rules = RandomRules(random);
        var gifts = RandomGifts(random);
        var history = DonorPriorHistory.FromPriorGifts(RandomPriorGifts(random), rules.StartsOn);

        var result = MatchingAllocator.Allocate(rules, gifts, history);

        var allocations = result.Allocations;
        Assert.That(allocations.Sum(a => a.MatchedCents), Is.EqualTo(result.MatchedCents));
        Assert.That(result.MatchedCents, Is.LessThanOrEqualTo(rules.PoolCents));
        Assert.That(result.PoolRemainingCents, Is.EqualTo(rules.PoolCents - result.MatchedCents));
        Assert.That(allocations, Has.All.Matches<MatchingAllocation>(a => a.MatchedCents >= 0 && a.MatchableBaseCents >= 0));
        Assert.That(allocations, Has.All.Matches<MatchingAllocation>(a => a.MatchedCents <= rules.Ratio.Apply(a.MatchableBaseCents)));
        if (rules.PerGiftCapCents is { } giftCap)
            Assert.That(allocations.Max(a => (long?)a.MatchedCents) ?? 0, Is.LessThanOrEqualTo(giftCap));
        if (rules.PerDonorCapCents is { } donorCap)
            Assert.That(allocations.GroupBy(a => (a.OrganizationId, a.DonorId)).Select(g => g.Sum(a => a.MatchedCents)), Has.All.LessThanOrEqualTo(donorCap));
        foreach (var participant in rules.Participants.Where(p => p.CapCents is not null))
            Assert.That(allocations.Where(a => a.OrganizationId == participant.OrganizationId).Sum(a => a.MatchedCents), Is.LessThanOrEqualTo(participant.CapCents!.Value));
        Assert.That(allocations.Select(a => a.OrganizationId).Distinct(), Is.SubsetOf(rules.Participants.Select(p => p.OrganizationId)));
        Assert.That(result.PerOrganization.Sum(o => o.MatchedCents), Is.EqualTo(result.MatchedCents));
        Assert.That(result.OwedCents, Is.EqualTo(result.ThresholdMet ? result.MatchedCents : 0));

        var rerun = MatchingAllocator.Allocate(rules, gifts, history);
        var shuffled = gifts.ToArray();
        random.Shuffle(shuffled);
        var shuffledRun = MatchingAllocator.Allocate(rules, shuffled, history.Reverse());

        foreach (var again in new[] { rerun, shuffledRun })
        {
            Assert.That(again.Allocations, Is.EqualTo(allocations));
            Assert.That(again.PerOrganization, Is.EqualTo(result.PerOrganization));
            Assert.That((again.RaisedCents, again.MatchedCents, again.PoolRemainingCents, again.OwedCents),
                Is.EqualTo((result.RaisedCents, result.MatchedCents, result.PoolRemainingCents, result.OwedCents)));
        }
    }

    private static MatchingRules RandomRules(Random random)
    {
        var kind = random.Next(3) == 0 ? MatchingKind.Challenge : MatchingKind.Match;
        return new MatchingRules
        {
            PoolCents = random.Next(0, 2_000_000),
            Ratio = Ratios[random.Next(Ratios.Length)],
            PerGiftCapCents = random.Next(2) == 0 ? null : random.Next(1, 50_000),
            PerDonorCapCents = random.Next(2) == 0 ? null : random.Next(1, 100_000),
            StartsOn = Start,
            EndsOn = End,
            Eligibility = (MatchingEligibility)random.Next(3),
            RecurringMultiplier = random.Next(3) switch { 0 => null, 1 => 1, _ => random.Next(2, 25) },
            DeductiblePortionOnly = random.Next(4) != 0,
            Kind = kind,
            ThresholdCents = kind == MatchingKind.Challenge ? random.Next(1, 1_000_000) : null,
            Participants = [new MatchingParticipant(1, random.Next(2) == 0 ? null : random.Next(1, 300_000)), new MatchingParticipant(2), new MatchingParticipant(3, random.Next(1, 200_000))],
        };
    }

    private static CandidateGift[] RandomGifts(Random random)
    {
        var count = random.Next(0, 250);
        var ids = Enumerable.Range(1, count * 3).OrderBy(_ => random.Next()).Take(count).ToArray();
        return ids.Select(id => RandomGift(random, id, Start.AddDays(random.Next(-10, 72)))).ToArray();
    }

    private static CandidateGift[] RandomPriorGifts(Random random) =>
        Enumerable.Range(100_000, random.Next(0, 60)).Select(id => RandomGift(random, id, Start.AddDays(-random.Next(1, 500)))).ToArray();

    private static CandidateGift RandomGift(Random random, int id, DateOnly receivedOn)
    {
        var amount = random.Next(5) == 0 ? random.Next(1, 100) : random.Next(100, 200_000);
        var status = Statuses[random.Next(Statuses.Length)];
        var refunded = status switch
        {
            "refunded" => amount,
            "partially_refunded" => random.Next(0, amount + 1),
            _ => 0,
        };
        // Donations 3 and 4 start in the window, 5 started before it; the rest are one-off gifts.
        var recurringId = random.Next(6);
        var recurring = recurringId < 3 ? null : new RecurringInstallment(recurringId, recurringId == 5 ? Start.AddMonths(-3) : Start.AddDays(random.Next(0, 5)));
        return new CandidateGift(
            GiftId: id,
            OrganizationId: random.Next(1, 5),
            DonorId: random.Next(1, 25),
            DonorKind: random.Next(6) == 0 ? "organization" : "individual",
            AmountCents: amount,
            RefundedCents: refunded,
            BenefitValueCents: random.Next(4) == 0 ? random.Next(0, amount + 5_000) : 0,
            ReceivedOn: receivedOn,
            Method: Methods[random.Next(Methods.Length)],
            Category: Categories[random.Next(Categories.Length)],
            Status: status,
            Recurring: recurring);
    }
}
