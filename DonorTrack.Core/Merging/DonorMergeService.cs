using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Dues;
using DonorTrack.Core.Matching;
using DonorTrack.Core.Reports;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;
using FluentValidation;
using FluentValidation.Results;

namespace DonorTrack.Core.Merging;

/// <summary>
/// Donor de-duplication (admins and treasurers): likely duplicate pairs, a side-by-side preview, and the merge that moves every
/// row of the duplicate to the survivor in one transaction. The duplicate is never deleted: it keeps merged_into_id.
/// </summary>
public sealed class DonorMergeService(
    IDbConnectionFactory connections, DonorRepository donors, DonorMergeRepository merges, DuesLedgerUpdater duesLedger,
    MatchingRepository matching, MatchingReallocation reallocation, Households.HouseholdService households, AuditLog audit, TimeProvider clock)
{
    private readonly DonorMergeValidator _validator = new();
    private readonly DonorInputValidator _donorValidator = new();

    /// <summary>Pairs with the same email (any case), or the same name (accents and case aside) and postal code; the older donor is proposed to survive.</summary>
    public Paged<DonorDuplicatePair> FindLikelyDuplicates(Actor actor, PageRequest page)
    {
        actor.Require(Role.Treasurer);
        using var db = connections.Read();
        var everyone = merges.Unmerged(db, actor.OrganizationId);
        var distinct = merges.DistinctPairs(db, actor.OrganizationId).ToHashSet();
        var pairs = new Dictionary<(long Low, long High), (bool Email, bool Name)>();

        // Within a group every donor pairs with the oldest, not with each other: n - 1 merges settle a group of n.
        void AddGroups<TKey>(Func<DonorListItem, TKey?> keyOf, bool byEmail) where TKey : class
        {
            foreach (var group in everyone.Select(d => (Donor: d, Key: keyOf(d))).Where(x => x.Key is not null).GroupBy(x => x.Key!))
            {
                var members = group.Select(x => x.Donor).OrderBy(d => d.Id).ToList();
                foreach (var other in members.Skip(1))
                {
                    var key = (members[0].Id, other.Id);
                    pairs.TryGetValue(key, out var reasons);
                    pairs[key] = byEmail ? reasons with { Email = true } : reasons with { Name = true };
                }
            }
        }

        AddGroups(d => string.IsNullOrWhiteSpace(d.Email) ? null : d.Email.Trim().ToLowerInvariant(), byEmail: true);
        AddGroups(d =>
        {
            var name = DonorMatchKeys.Name(d.Kind, d.FirstName, d.LastName, d.OrganizationName);
            var postal = DonorMatchKeys.PostalCode(d.PostalCode);
            return name.Length == 0 || postal.Length == 0 ? null : name + "\u001f" + postal;
        }, byEmail: false);

        var byId = everyone.ToDictionary(d => d.Id);
        var found = pairs.Where(p => !distinct.Contains(p.Key))
            .Select(p => new DonorDuplicatePair(byId[p.Key.Low], byId[p.Key.High], p.Value.Email, p.Value.Name))
            .OrderBy(p => p.Survivor.DisplayName, StringComparer.CurrentCultureIgnoreCase).ThenBy(p => p.Survivor.Id).ThenBy(p => p.Duplicate.Id)
            .ToList();
        return new Paged<DonorDuplicatePair>(page.Slice(found), page.Page, page.PageSize, found.Count);
    }

    /// <summary>Takes a pair off the likely-duplicates list for good. False when either donor is not in the organization.</summary>
    public bool MarkNotDuplicate(Actor actor, long donorId, long otherDonorId)
    {
        actor.Require(Role.Treasurer);
        if (donorId == otherDonorId)
            return false;
        using var db = connections.BeginTransaction();
        if (!donors.Exists(db, actor.OrganizationId, donorId) || !donors.Exists(db, actor.OrganizationId, otherDonorId))
            return false;
        var (low, high) = donorId < otherDonorId ? (donorId, otherDonorId) : (otherDonorId, donorId);
        merges.MarkDistinct(db, actor.OrganizationId, low, high, actor.Name, clock.GetUtcNow());
        audit.Record(db, actor, "donor", low, "not_duplicate", null, new { donorId = low, otherDonorId = high });
        db.Commit();
        return true;
    }

    /// <summary>Both donors side by side with what would move; null when either is not in the organization.</summary>
    public DonorMergePreview? Preview(Actor actor, long survivorId, long duplicateId)
    {
        actor.Require(Role.Treasurer);
        using var db = connections.Read();
        var survivor = donors.Find(db, actor.OrganizationId, survivorId);
        var duplicate = donors.Find(db, actor.OrganizationId, duplicateId);
        if (survivor is null || duplicate is null)
            return null;
        var warnings = new List<string>();
        foreach (var plan in merges.SharedCurrentPlans(db, actor.OrganizationId, survivorId, duplicateId))
            warnings.Add($"Both donors hold a current membership on \"{plan}\": the survivor will have two terms; cancel the one not wanted after the merge.");
        if (survivor.Kind != duplicate.Kind)
            warnings.Add("One donor is an individual and the other an organization: matching campaigns and membership plans treat the kinds differently.");
        var blockers = Blockers(db, actor.OrganizationId, survivorId, duplicateId);
        if (survivorId == duplicateId)
            blockers.Insert(0, "Choose two different donors.");
        foreach (var merged in new[] { survivor, duplicate }.Distinct().Where(d => d.MergedIntoId is not null))
            blockers.Insert(0, $"{merged.DisplayName} was already merged into donor {merged.MergedIntoId}.");
        return new DonorMergePreview(
            survivor, duplicate, Moves(db, actor.OrganizationId, survivor, duplicate), DonorMergeFields.Differences(survivor, duplicate),
            blockers, warnings)
        {
            HouseholdOutcome = households.MergeOutcome(db, actor.OrganizationId, survivorId, duplicateId),
        };
    }

    /// <summary>
    /// Merges the duplicate into the survivor in one transaction (admin or treasurer): the chosen field values, the union of tags,
    /// every gift, soft credit, membership, recurring donation, receipt, dues payer link and funded campaign; dues standings and
    /// matching allocations recomputed; one audit entry with both donors before and after. Throws a validation error naming the field.
    /// </summary>
    public DonorMergeResult Merge(Actor actor, DonorMergeInput input)
    {
        actor.Require(Role.Treasurer);
        using var db = connections.BeginTransaction();
        var organizationId = actor.OrganizationId;
        var survivor = input.SurvivorId is { } s ? donors.Find(db, organizationId, s) : null;
        var duplicate = input.DuplicateId is { } d && d != input.SurvivorId ? donors.Find(db, organizationId, d) : null;
        var blockers = survivor is null || duplicate is null ? [] : Blockers(db, organizationId, survivor.Id, duplicate.Id);
        _validator.EnsureValid(new DonorMergeRequest(input, survivor, duplicate, blockers));
        var merged = MergedInput(input, survivor!, duplicate!);

        var now = clock.GetUtcNow();
        var moves = Moves(db, organizationId, survivor!, duplicate!);
        var earliestGift = merges.EarliestGift(db, organizationId, survivor!.Id, duplicate!.Id);
        donors.Update(db, organizationId, survivor.Id, merged, now);
        // One UPDATE moves every gift; the rollups of both donors are then recomputed once, not per gift.
        var rollups = ReportRollupBatch.Suspend(db);
        var giftIds = merges.MoveGifts(db, organizationId, survivor.Id, duplicate.Id, now);
        rollups.TouchDonor(organizationId, survivor.Id);
        rollups.TouchDonor(organizationId, duplicate.Id);
        rollups.Complete();
        var droppedCredits = merges.CreditsToDrop(db, organizationId, survivor.Id, duplicate.Id);
        merges.DeleteSoftCredits(db, organizationId, droppedCredits);
        var movedCredits = merges.MoveSoftCredits(db, organizationId, survivor.Id, duplicate.Id);
        var membershipIds = merges.MoveMemberships(db, organizationId, survivor.Id, duplicate.Id, now);
        var recurringIds = merges.MoveRecurringDonations(db, organizationId, survivor.Id, duplicate.Id, now);
        var receiptIds = merges.MoveReceipts(db, organizationId, survivor.Id, duplicate.Id);
        var payerFor = merges.MoveDuesPayerLink(db, organizationId, survivor.Id, duplicate.Id);
        var fundedCampaigns = merges.MoveFundedCampaigns(db, organizationId, survivor.Id, duplicate.Id, now);
        var fundedGrants = merges.MoveFundedGrants(db, organizationId, survivor.Id, duplicate.Id, now);
        var pledgeIds = merges.MovePledges(db, organizationId, survivor.Id, duplicate.Id, now);
        var importKeys = merges.MoveImportKeys(db, organizationId, survivor.Id, duplicate.Id);
        var outboxMessages = merges.MoveOutboxMessages(db, organizationId, survivor.Id, duplicate.Id);
        merges.ClearTags(db, organizationId, duplicate.Id);
        households.OnDonorsMerged(db, actor, survivor.Id, duplicate.Id);
        merges.MarkMerged(db, organizationId, survivor.Id, duplicate.Id, now);

        // The linked gifts moved with their terms, so a replay gives the same standing; replaying proves it and repairs a stale cache.
        foreach (var membershipId in membershipIds)
            duesLedger.RecomputeMembership(db, actor, membershipId);
        foreach (var recurringId in recurringIds)
            duesLedger.RecomputeRecurringDonation(db, actor, recurringId);
        // Two donors becoming one changes per-donor caps, who is a new donor and what is an increase (and a kind change changes
        // eligibility): re-run each campaign the organization takes part in whose window or look-back holds a gift of either.
        // A campaign without one is unchanged, and a full run of a large campaign costs seconds.
        var reallocated = new List<long>();
        if (earliestGift is { } earliest)
        {
            foreach (var campaign in matching.TouchedBy(db, organizationId, earliest))
            {
                var rules = reallocation.RulesOf(db, campaign, out _);
                var from = rules.Eligibility == MatchingEligibility.All ? rules.StartsOn : DonorPriorHistory.LookBackStartsOn(rules.StartsOn);
                if (!merges.HasGiftsBetween(db, organizationId, survivor.Id, duplicate.Id, from, rules.EndsOn))
                    continue;
                reallocation.RunFully(db, campaign);
                reallocated.Add(campaign.Id);
            }
        }

        var survivorAfter = donors.Find(db, organizationId, survivor.Id)!;
        var duplicateAfter = donors.Find(db, organizationId, duplicate.Id)!;
        audit.Record(db, actor, "donor", survivor.Id, "merge",
            new { survivor, duplicate },
            new
            {
                survivor = survivorAfter, duplicate = duplicateAfter, keep = input.Keep,
                moved = new
                {
                    giftIds, softCreditIds = movedCredits, droppedSoftCreditIds = droppedCredits, membershipIds, recurringDonationIds = recurringIds,
                    receiptIds, duesPayerForOrganizationId = payerFor, fundedCampaignIds = fundedCampaigns, fundedGrantIds = fundedGrants, pledgeIds, importKeys, outboxMessages, matchingCampaignsReallocated = reallocated,
                },
            });
        db.Commit();
        return new DonorMergeResult(survivor.Id, duplicate.Id, moves, reallocated);
    }

    /// <summary>The survivor's details after the merge, checked by the donor rules (a chosen name must suit the chosen kind).</summary>
    private DonorInput MergedInput(DonorMergeInput input, Donor survivor, Donor duplicate)
    {
        var merged = DonorInput.From(survivor);
        foreach (var difference in DonorMergeFields.Differences(survivor, duplicate))
        {
            var side = input.Keep is not null && input.Keep.TryGetValue(difference.Field, out var chosen) ? chosen : difference.Suggested;
            if (side == DonorMergeSides.Duplicate)
                merged = DonorMergeFields.All.Single(f => f.Key == difference.Field).Copy(merged, duplicate);
        }
        merged = (merged with { Tags = survivor.Tags.Union(duplicate.Tags, StringComparer.OrdinalIgnoreCase).ToList() }).Normalized();
        var result = _donorValidator.Validate(merged);
        if (!result.IsValid)
        {
            throw new ValidationException(result.Errors.Select(e => new ValidationFailure(
                e.PropertyName.StartsWith(nameof(DonorInput.Tags), StringComparison.Ordinal)
                    ? nameof(DonorInput.Tags)
                    : $"{nameof(DonorMergeInput.Keep)}.{DonorMergeFields.KeyOf(e.PropertyName)}",
                e.ErrorMessage)));
        }
        return merged;
    }

    private DonorMergeMoves Moves(DbSession db, long organizationId, Donor survivor, Donor duplicate)
    {
        var (giftCount, giftNet) = merges.GiftTally(db, organizationId, duplicate.Id);
        var references = merges.References(db, organizationId, duplicate.Id);
        var dropped = merges.CreditsToDrop(db, organizationId, survivor.Id, duplicate.Id);
        var newTags = duplicate.Tags.Where(t => !survivor.Tags.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
        // Dropped credits may be the survivor's too (credited on the duplicate's gift); moved are the duplicate's that remain.
        var moved = merges.SoftCreditIdsOf(db, organizationId, duplicate.Id).Except(dropped).Count();
        return new DonorMergeMoves(
            giftCount, giftNet, references.Memberships, references.RecurringDonations, references.Receipts, newTags,
            moved, dropped.Count, references.FundedCampaigns, references.PayerLinks > 0);
    }

    private List<string> Blockers(DbSession db, long organizationId, long survivorId, long duplicateId)
    {
        var blockers = merges.SharedAnnualPeriods(db, organizationId, survivorId, duplicateId)
            .Select(period => $"Both donors have a standing year-end statement for the period starting {period}; void one of them first (only one may stand per donor and period).")
            .ToList();
        var survivorLinks = merges.References(db, organizationId, survivorId).PayerLinks;
        var duplicateLinks = merges.References(db, organizationId, duplicateId).PayerLinks;
        if (survivorLinks > 0 && duplicateLinks > 0)
            blockers.Add("Both donors stand for a member organization paying alliance dues; one donor record can stand for only one member.");
        return blockers;
    }
}
