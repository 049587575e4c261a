namespace DonorTrack.Core.Matching;

/// <summary>The pure, deterministic allocation of a matching campaign's pool to gifts (DESIGN.md § Matching campaigns; README.md here).</summary>
public static class MatchingAllocator
{
    public static MatchingResult Allocate(
        MatchingRules rules,
        IReadOnlyCollection<CandidateGift> gifts,
        IEnumerable<DonorPriorHistory> priorHistory)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(gifts);
        ArgumentNullException.ThrowIfNull(priorHistory);
        EnsureUsable(rules);

        var organizations = new Dictionary<long, OrganizationTally>(rules.Participants.Count);
        foreach (var participant in rules.Participants)
        {
            if (!organizations.TryAdd(participant.OrganizationId, new OrganizationTally(participant)))
                throw new ArgumentException($"Organization {participant.OrganizationId} takes part twice.", nameof(rules));
        }

        var history = new Dictionary<(long, long), DonorPriorHistory>();
        foreach (var entry in priorHistory)
        {
            if (!history.TryAdd((entry.OrganizationId, entry.DonorId), entry))
                throw new ArgumentException($"Donor {entry.DonorId} of organization {entry.OrganizationId} has two history entries.", nameof(priorHistory));
        }

        var giftIds = new HashSet<long>(gifts.Count);
        var eligible = new List<CandidateGift>(gifts.Count);
        foreach (var gift in gifts)
        {
            // A repeated id would make the order, and so the allocation, depend on the input order.
            if (!giftIds.Add(gift.GiftId))
                throw new ArgumentException($"Gift {gift.GiftId} appears twice.", nameof(gifts));
            if (IsEligible(rules, gift, organizations, history))
                eligible.Add(gift);
        }

        var walkOrder = eligible.ToArray();
        var sortKeys = Array.ConvertAll(walkOrder, static g => new WalkKey(g.ReceivedOn.DayNumber, g.GiftId));
        Array.Sort(sortKeys, walkOrder);

        var donors = new Dictionary<(long, long), DonorTally>();
        var multipliedDonations = new HashSet<(long, long)>();
        var allocations = new List<MatchingAllocation>(walkOrder.Length);
        var poolRemaining = rules.PoolCents;
        long raised = 0;

        foreach (var gift in walkOrder)
        {
            var organization = organizations[gift.OrganizationId];
            var donorKey = (gift.OrganizationId, gift.DonorId);
            if (!donors.TryGetValue(donorKey, out var donor))
            {
                donor = new DonorTally(history.TryGetValue(donorKey, out var entry) ? Math.Max(0, entry.PriorTwelveMonthNetCents) : 0);
                donors.Add(donorKey, donor);
                organization.DonorCount++;
            }

            var net = gift.NetCents;
            var matchable = MatchableBase(rules, gift);
            // What this gift adds to the donor's window total when comparing with last year's (new_or_increased).
            var countsTowardIncrease = net;

            if (rules.RecurringRuleApplies && gift.Recurring is { } installment && rules.Covers(installment.DonationStartsOn))
            {
                if (multipliedDonations.Add((gift.OrganizationId, installment.RecurringDonationId)))
                {
                    var multiplier = rules.RecurringMultiplier!.Value;
                    matchable = checked(matchable * multiplier);
                    countsTowardIncrease = checked(net * multiplier);
                }
                else
                {
                    // The first installment already stood for the whole year of this donation.
                    matchable = 0;
                    countsTowardIncrease = 0;
                }
            }

            if (rules.Eligibility == MatchingEligibility.NewOrIncreased)
            {
                var before = donor.WindowCents;
                var after = checked(before + countsTowardIncrease);
                var increase = Math.Max(0, after - Math.Max(before, donor.PriorTwelveMonthNetCents));
                donor.WindowCents = after;
                matchable = Math.Min(matchable, increase);
            }

            var matched = Matched(rules, matchable, poolRemaining, donor.MatchedCents, organization.CapCents, organization.MatchedCents);

            poolRemaining -= matched;
            donor.MatchedCents += matched;
            organization.MatchedCents += matched;
            organization.RaisedCents = checked(organization.RaisedCents + net);
            organization.GiftCount++;
            raised = checked(raised + net);
            allocations.Add(new MatchingAllocation(gift.GiftId, gift.OrganizationId, gift.DonorId, matchable, matched));
        }

        var totalMatched = rules.PoolCents - poolRemaining;
        var thresholdMet = rules.Kind == MatchingKind.Match || raised >= rules.ThresholdCents!.Value;
        var perOrganization = rules.Participants
            .Select(p => organizations[p.OrganizationId])
            .Select(o => new OrganizationMatchingTotals(
                o.OrganizationId, o.RaisedCents, o.MatchedCents, thresholdMet ? o.MatchedCents : 0, o.DonorCount, o.GiftCount))
            .ToList();

        return new MatchingResult(
            allocations,
            raised,
            totalMatched,
            poolRemaining,
            thresholdMet,
            thresholdMet ? totalMatched : 0,
            perOrganization);
    }

    /// <summary>
    /// True when <see cref="AllocateNext"/> gives what a full run would for a gift that walks after every allocated gift:
    /// not for new_or_increased (it needs the donor's running window total) nor for an installment the recurring rule multiplies.
    /// </summary>
    public static bool CanAllocateIncrementally(MatchingRules rules, CandidateGift gift)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(gift);
        return rules.Eligibility != MatchingEligibility.NewOrIncreased
            && !(rules.RecurringRuleApplies && gift.Recurring is { } installment && rules.Covers(installment.DonationStartsOn));
    }

    /// <summary>
    /// Allocates one gift that walks after every gift already allocated, from the running totals a full run left; null when
    /// the gift is not eligible. Callers check <see cref="CanAllocateIncrementally"/> and the walk order first.
    /// </summary>
    public static MatchingAllocation? AllocateNext(MatchingRules rules, CandidateGift gift, DonorPriorHistory? history, MatchingRunningTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        if (!CanAllocateIncrementally(rules, gift))
            throw new InvalidOperationException("This gift needs a full run.");
        EnsureUsable(rules);
        var participant = rules.Participants.FirstOrDefault(p => p.OrganizationId == gift.OrganizationId);
        if (participant is null || !IsEligible(rules, gift, isParticipant: true, history))
            return null;
        var matchable = MatchableBase(rules, gift);
        var matched = Matched(rules, matchable, totals.PoolRemainingCents, totals.DonorMatchedCents, participant.CapCents, totals.OrganizationMatchedCents);
        return new MatchingAllocation(gift.GiftId, gift.OrganizationId, gift.DonorId, matchable, matched);
    }

    private static long MatchableBase(MatchingRules rules, CandidateGift gift) =>
        rules.DeductiblePortionOnly ? Math.Max(0, gift.NetCents - Math.Max(0, gift.BenefitValueCents)) : gift.NetCents;

    private static long Matched(MatchingRules rules, long matchable, long poolRemaining, long donorMatched, long? organizationCap, long organizationMatched)
    {
        var matched = rules.Ratio.Apply(matchable);
        matched = Math.Min(matched, poolRemaining);
        if (rules.PerGiftCapCents is { } giftCap)
            matched = Math.Min(matched, giftCap);
        if (rules.PerDonorCapCents is { } donorCap)
            matched = Math.Min(matched, donorCap - donorMatched);
        if (organizationCap is { } cap)
            matched = Math.Min(matched, cap - organizationMatched);
        return Math.Max(0, matched);
    }

    private static bool IsEligible(
        MatchingRules rules,
        CandidateGift gift,
        Dictionary<long, OrganizationTally> organizations,
        Dictionary<(long, long), DonorPriorHistory> history) =>
        IsEligible(rules, gift, organizations.ContainsKey(gift.OrganizationId), history.GetValueOrDefault((gift.OrganizationId, gift.DonorId)));

    private static bool IsEligible(MatchingRules rules, CandidateGift gift, bool isParticipant, DonorPriorHistory? history) =>
        gift.IsCounted
        && rules.Covers(gift.ReceivedOn)
        && isParticipant
        && rules.EligibleMethods.Contains(gift.Method)
        && rules.EligibleCategories.Contains(gift.Category)
        && rules.EligibleDonorKinds.Contains(gift.DonorKind)
        && (rules.Eligibility != MatchingEligibility.NewDonors || history is not { HadCompletedGift: true });

    // The validator is the place for user-facing messages; these guards only stop a caller from skipping it.
    private static void EnsureUsable(MatchingRules rules)
    {
        if (rules.Ratio.Denominator == 0)
            throw new ArgumentException("The ratio is not set.", nameof(rules));
        if (rules.PoolCents < 0 || rules.PerGiftCapCents < 0 || rules.PerDonorCapCents < 0 || rules.Participants.Any(p => p.CapCents < 0))
            throw new ArgumentException("Pool and caps cannot be negative.", nameof(rules));
        if (rules.RecurringMultiplier is < 1)
            throw new ArgumentException("The recurring multiplier must be at least 1.", nameof(rules));
        if (rules.Kind == MatchingKind.Challenge && rules.ThresholdCents is null)
            throw new ArgumentException("A challenge needs a threshold.", nameof(rules));
    }

    private sealed class OrganizationTally(MatchingParticipant participant)
    {
        public long OrganizationId { get; } = participant.OrganizationId;

        public long? CapCents { get; } = participant.CapCents;

        public long RaisedCents { get; set; }

        public long MatchedCents { get; set; }

        public int DonorCount { get; set; }

        public int GiftCount { get; set; }
    }

    // Received order, ties by gift id; a struct key sorts several times faster than a comparison delegate over records.
    private readonly record struct WalkKey(int DayNumber, long GiftId) : IComparable<WalkKey>
    {
        public int CompareTo(WalkKey other) => DayNumber != other.DayNumber ? DayNumber.CompareTo(other.DayNumber) : GiftId.CompareTo(other.GiftId);
    }

    private sealed class DonorTally(long priorTwelveMonthNetCents)
    {
        public long PriorTwelveMonthNetCents { get; } = priorTwelveMonthNetCents;

        public long MatchedCents { get; set; }

        public long WindowCents { get; set; }
    }
}
