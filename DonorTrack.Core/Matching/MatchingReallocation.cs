using DonorTrack.Core.Data;
using DonorTrack.Core.Gifts;

namespace DonorTrack.Core.Matching;

/// <summary>
/// Keeps stored allocations equal to a fresh run of <see cref="MatchingAllocator"/>, inside the caller's transaction:
/// GiftService notifies it (as an <see cref="IGiftChangeListener"/>) when a gift is recorded, voided or refunded; the campaign
/// service calls it when rules change.
/// </summary>
public sealed class MatchingReallocation(MatchingRepository matching) : IGiftChangeListener
{
    public void OnGiftChanged(DbSession db, GiftChange change)
    {
        if (change.Kind == GiftChangeKind.Recorded)
            AfterGiftRecorded(db, change.Actor.OrganizationId, change.Gift.Id);
        else
            AfterGiftChanged(db, change.Actor.OrganizationId, change.Gift.Id, change.Before?.ReceivedOn);
    }

    /// <summary>
    /// A new gift. When it walks after every allocated gift (received on the latest day or later) and its match depends only
    /// on running totals, it is allocated from the stored totals; anything else (a back-dated gift, new_or_increased, a
    /// multiplied recurring installment, a gift in a new_donors look-back) re-runs the campaign fully.
    /// </summary>
    public void AfterGiftRecorded(DbSession db, long organizationId, long giftId)
    {
        var gift = matching.Candidate(db, organizationId, giftId);
        if (gift is null)
            return;
        foreach (var campaign in matching.TouchedBy(db, organizationId, gift.ReceivedOn))
        {
            var rules = RulesOf(db, campaign, out _);
            if (!rules.Covers(gift.ReceivedOn))
            {
                if (LookBackMatters(rules, gift.ReceivedOn))
                    RunFully(db, campaign, rules);
                continue;
            }

            var last = matching.LastInWalk(db, campaign.Id);
            var walksLast = last is null || (last.ReceivedOn, last.GiftId).CompareTo((gift.ReceivedOn, gift.GiftId)) < 0;
            if (walksLast && MatchingAllocator.CanAllocateIncrementally(rules, gift))
                AllocateOne(db, campaign, rules, gift);
            else
                RunFully(db, campaign, rules);
        }
    }

    /// <summary>
    /// A gift voided, refunded or otherwise changed: every campaign whose window or look-back it falls in re-runs fully; for
    /// a gift whose date was corrected, so does every campaign its previous date fell in.
    /// </summary>
    public void AfterGiftChanged(DbSession db, long organizationId, long giftId, DateOnly? previouslyReceivedOn = null)
    {
        var gift = matching.Candidate(db, organizationId, giftId);
        if (gift is null)
            return;
        var dates = previouslyReceivedOn is { } previous && previous != gift.ReceivedOn ? [gift.ReceivedOn, previous] : new[] { gift.ReceivedOn };
        foreach (var campaign in matching.TouchedBy(db, organizationId, dates.Min()))
        {
            var rules = RulesOf(db, campaign, out _);
            if (matching.HasAllocation(db, campaign.Id, giftId) || dates.Any(d => rules.Covers(d) || LookBackMatters(rules, d)))
                RunFully(db, campaign, rules);
        }
    }

    /// <summary>Re-runs the campaign from its gifts and writes only the allocations that changed, plus each participant's totals.</summary>
    public MatchingResult RunFully(DbSession db, MatchingCampaign campaign) => RunFully(db, campaign, RulesOf(db, campaign, out _));

    /// <summary>What a fresh run gives for these rules now, writing nothing (edit previews and the stored-equals-fresh check).</summary>
    public MatchingResult FreshRun(DbSession db, MatchingRules rules) => FreshRun(db, rules, out _);

    /// <summary>The rules of a stored campaign with its current participants.</summary>
    public MatchingRules RulesOf(DbSession db, MatchingCampaign campaign, out IReadOnlyList<MatchingParticipantTotals> participants)
    {
        participants = matching.Participants(db, campaign.Id);
        if (participants.Count > 0)
            return MatchingRules.FromInput(campaign.ToInput(participants));
        // Nobody takes part yet (every named organization still has to accept): the campaign's rules with no one to match.
        var placeholder = new MatchingParticipantTotals(campaign.OrganizationId, "", null, 0, 0, 0, 0);
        return MatchingRules.FromInput(campaign.ToInput([placeholder])) with { Participants = [] };
    }

    private MatchingResult RunFully(DbSession db, MatchingCampaign campaign, MatchingRules rules)
    {
        var result = FreshRun(db, rules, out var gifts);
        var stored = matching.Allocations(db, campaign.Id).ToDictionary(a => a.GiftId);
        var inserted = new List<StoredMatchingAllocation>();
        var updated = new List<StoredMatchingAllocation>();
        foreach (var allocation in result.Allocations)
        {
            var gift = gifts[allocation.GiftId];
            var row = new StoredMatchingAllocation(
                gift.GiftId, gift.OrganizationId, gift.DonorId, gift.ReceivedOn, gift.NetCents, allocation.MatchableBaseCents, allocation.MatchedCents);
            if (!stored.Remove(allocation.GiftId, out var existing))
                inserted.Add(row);
            else if (existing != row)
                updated.Add(row);
        }
        matching.WriteAllocationChanges(db, campaign.Id, inserted, updated, stored.Keys);
        foreach (var totals in result.PerOrganization)
            matching.SetParticipantTotals(db, campaign.Id, totals);
        return result;
    }

    private MatchingResult FreshRun(DbSession db, MatchingRules rules, out Dictionary<long, CandidateGift> byId)
    {
        var organizations = rules.Participants.Select(p => p.OrganizationId).ToList();
        var gifts = matching.Candidates(db, organizations, rules.StartsOn, rules.EndsOn);
        // The look-back's gifts matter only as per-donor sums, so SQL sums them instead of the allocator reading each one.
        var history = rules.Eligibility == MatchingEligibility.All
            ? []
            : matching.PriorHistory(db, organizations, DonorPriorHistory.LookBackStartsOn(rules.StartsOn), DonorPriorHistory.LookBackEndsOn(rules.StartsOn));
        byId = new Dictionary<long, CandidateGift>(gifts.Count);
        foreach (var gift in gifts)
            byId.Add(gift.GiftId, gift);
        return MatchingAllocator.Allocate(rules, gifts, history);
    }

    private void AllocateOne(DbSession db, MatchingCampaign campaign, MatchingRules rules, CandidateGift gift)
    {
        DonorPriorHistory? history = null;
        if (rules.Eligibility == MatchingEligibility.NewDonors)
        {
            var (priorGifts, priorNet) = matching.PriorGiving(
                db, gift.OrganizationId, gift.DonorId, DonorPriorHistory.LookBackStartsOn(rules.StartsOn), DonorPriorHistory.LookBackEndsOn(rules.StartsOn));
            history = priorGifts > 0 ? new DonorPriorHistory(gift.OrganizationId, gift.DonorId, priorNet, HadCompletedGift: true) : null;
        }

        var (donorGifts, donorMatched) = matching.DonorTally(db, campaign.Id, gift.OrganizationId, gift.DonorId);
        var organizationMatched = matching.Participants(db, campaign.Id).Single(p => p.OrganizationId == gift.OrganizationId).MatchedCents;
        var totals = new MatchingRunningTotals(rules.PoolCents - matching.MatchedCents(db, campaign.Id), donorMatched, organizationMatched);
        if (MatchingAllocator.AllocateNext(rules, gift, history, totals) is not { } allocation)
            return;
        matching.InsertAllocation(db, campaign.Id, new StoredMatchingAllocation(
            gift.GiftId, gift.OrganizationId, gift.DonorId, gift.ReceivedOn, gift.NetCents, allocation.MatchableBaseCents, allocation.MatchedCents));
        matching.AddToParticipantTotals(db, campaign.Id, gift.OrganizationId, gift.NetCents, allocation.MatchedCents, newDonor: donorGifts == 0);
    }

    // Under new_donors and new_or_increased a gift in the 12 months before the start changes who is new or what is an increase.
    private static bool LookBackMatters(MatchingRules rules, DateOnly receivedOn) =>
        rules.Eligibility != MatchingEligibility.All
        && receivedOn >= DonorPriorHistory.LookBackStartsOn(rules.StartsOn)
        && receivedOn <= DonorPriorHistory.LookBackEndsOn(rules.StartsOn);
}
