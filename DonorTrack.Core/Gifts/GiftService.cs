using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Gifts;

/// <summary>Recording, finding, listing and voiding gifts; every change audited in the same transaction.</summary>
public sealed class GiftService(
    IDbConnectionFactory connections, GiftRepository gifts, DonorRepository donors, FundRepository funds, CampaignRepository campaigns,
    OrganizationRepository organizations,
    AuditLog audit, IEnumerable<IGiftChangeListener> listeners, IEnumerable<IGiftReferenceCheck> referenceChecks, TimeProvider clock)
{
    private readonly GiftInputValidator _validator = new();
    private readonly VoidGiftInputValidator _voidValidator = new();

    /// <summary>Records a gift in the actor's organization and returns its id; throws a validation error naming the field otherwise.</summary>
    public long Record(Actor actor, GiftInput input)
    {
        actor.Require(Role.Entry);
        using var db = connections.BeginTransaction();
        var id = Record(db, actor, input);
        db.Commit();
        return id;
    }

    /// <summary>Records a gift inside the caller's transaction (the payment webhook and imports compose it with their own writes).</summary>
    public long Record(DbSession db, Actor actor, GiftInput input)
    {
        _validator.EnsureValid(input);
        var organization = organizations.Find(db, actor.OrganizationId)!;
        EnsureReferencesExist(db, actor.OrganizationId, input, organization.LocalDate(clock.GetUtcNow()));
        var id = gifts.Insert(db, actor.OrganizationId, input, input.Currency ?? organization.Currency, actor.Name, clock.GetUtcNow());
        var created = gifts.Find(db, actor.OrganizationId, id)!;
        audit.Record(db, actor, "gift", id, "create", null, created);
        Notify(db, new GiftChange(GiftChangeKind.Recorded, actor, created));
        return id;
    }

    public Gift? Find(Actor actor, long giftId)
    {
        using var db = connections.Read();
        return gifts.Find(db, actor.OrganizationId, giftId);
    }

    public GiftList List(Actor actor, GiftQuery query)
    {
        using var db = connections.Read();
        return gifts.List(db, actor.OrganizationId, query);
    }

    /// <summary>Voids a gift (treasurer or admin): the row stays, struck through and out of every total. False when no such gift.</summary>
    public bool Void(Actor actor, long giftId, VoidGiftInput input)
    {
        actor.Require(Role.Treasurer);
        _voidValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var before = gifts.Find(db, actor.OrganizationId, giftId);
        if (before is null)
            return false;
        if (before.IsVoided)
            throw InputValidation.FieldError(nameof(input.Reason), "This gift is already voided.");
        var reason = input.Reason!.Trim();
        gifts.Void(db, actor.OrganizationId, giftId, reason, actor.Name, clock.GetUtcNow());
        var voided = gifts.Find(db, actor.OrganizationId, giftId)!;
        audit.Record(db, actor, "gift", giftId, "void", before, voided);
        Notify(db, new GiftChange(GiftChangeKind.Voided, actor, voided, reason));
        db.Commit();
        return true;
    }

    /// <summary>
    /// Corrects a recorded gift (treasurer or admin), checked by the same rules as a new gift. The audit entry, the report
    /// rollups (their triggers), and every listener (dues replayed, matching re-run, receipts voided and reissued when asked)
    /// change in the one transaction. False when no such gift.
    /// </summary>
    public bool Edit(Actor actor, long giftId, GiftEditInput input)
    {
        actor.Require(Role.Treasurer);
        using var db = connections.BeginTransaction();
        var before = gifts.Find(db, actor.OrganizationId, giftId);
        if (before is null)
            return false;
        if (before.IsVoided)
            throw InputValidation.FieldError(nameof(input.Notes), "A voided gift cannot be edited; record the right gift as a new entry.");
        var edited = input.AppliedTo(before);
        _validator.EnsureValid(edited);
        if (edited.AmountCents != before.AmountCents && before.ExternalId is not null)
            throw InputValidation.FieldError(nameof(input.AmountCents), "This amount is what the payment processor charged; refund through the processor instead of editing it.");
        if (edited.AmountCents < before.RefundedCents)
            throw InputValidation.FieldError(nameof(input.AmountCents), $"{before.RefundedCents / 100m:0.00} was already refunded; the amount cannot be less than that.");
        var organization = organizations.Find(db, actor.OrganizationId)!;
        EnsureEditedReferencesExist(db, actor.OrganizationId, before, edited, organization.LocalDate(clock.GetUtcNow()));
        gifts.Update(db, actor.OrganizationId, giftId, edited, clock.GetUtcNow());
        var after = gifts.Find(db, actor.OrganizationId, giftId)!;
        if (after with { SoftCredits = before.SoftCredits } == before)
            return true;
        audit.Record(db, actor, "gift", giftId, "edit", before, after);
        Notify(db, new GiftChange(GiftChangeKind.Edited, actor, after, Before: before, ReissueReceipts: input.ReissueReceipts));
        db.Commit();
        return true;
    }

    public Gift? FindByExternalId(DbSession db, Actor actor, params string?[] externalIds) =>
        gifts.FindByExternalId(db, actor.OrganizationId, externalIds.OfType<string>());

    /// <summary>
    /// Records the processor's running refund total for a gift. Refund notices may arrive late, twice or out of order,
    /// so a total lower than what is already recorded changes nothing.
    /// </summary>
    public Gift ApplyRefundTotal(DbSession db, Actor actor, long giftId, long refundedTotalCents)
    {
        var before = gifts.Find(db, actor.OrganizationId, giftId) ?? throw new InvalidOperationException($"No gift {giftId}.");
        if (before.IsVoided || refundedTotalCents <= before.RefundedCents)
            return before;
        var total = Math.Min(refundedTotalCents, before.AmountCents);
        var status = total == before.AmountCents ? "refunded" : "partially_refunded";
        gifts.SetRefunded(db, actor.OrganizationId, giftId, total, status, clock.GetUtcNow());
        var after = gifts.Find(db, actor.OrganizationId, giftId)!;
        audit.Record(db, actor, "gift", giftId, "refund", before, after);
        Notify(db, new GiftChange(GiftChangeKind.Refunded, actor, after));
        return after;
    }

    /// <summary>Flags a gift whose card payment the donor disputed with their bank.</summary>
    public void FlagDispute(DbSession db, Actor actor, long giftId, string reason)
    {
        var before = gifts.Find(db, actor.OrganizationId, giftId) ?? throw new InvalidOperationException($"No gift {giftId}.");
        if (before.DisputedAt is not null)
            return;
        gifts.SetDisputed(db, actor.OrganizationId, giftId, reason, clock.GetUtcNow());
        audit.Record(db, actor, "gift", giftId, "dispute", before, gifts.Find(db, actor.OrganizationId, giftId));
    }

    /// <summary>Records the processor fee and the date the money became available for payout.</summary>
    public void RecordSettlement(Actor actor, long giftId, long feeCents, DateOnly settledOn)
    {
        using var db = connections.BeginTransaction();
        var before = gifts.Find(db, actor.OrganizationId, giftId);
        if (before is null || before.FeeCents == feeCents && before.SettledOn == settledOn)
            return;
        gifts.SetSettlement(db, actor.OrganizationId, giftId, feeCents, settledOn, clock.GetUtcNow());
        audit.Record(db, actor, "gift", giftId, "settle", new { before.FeeCents, before.SettledOn }, new { feeCents, settledOn });
        db.Commit();
    }

    private void Notify(DbSession db, GiftChange change)
    {
        foreach (var listener in listeners)
            listener.OnGiftChanged(db, change);
    }

    /// <summary>As for a new gift, except that a fund since closed may stay on the gifts that already name it.</summary>
    private void EnsureEditedReferencesExist(DbSession db, long organizationId, Gift before, GiftInput edited, DateOnly today)
    {
        if (edited.ReceivedOn > today)
            throw InputValidation.FieldError(nameof(edited.ReceivedOn), "A gift cannot be received in the future; record pledges when they are paid.");
        if (edited.FundId is { } fundId && fundId != before.FundId && funds.Find(db, organizationId, fundId) is not { Active: true })
            throw InputValidation.FieldError(nameof(edited.FundId), "There is no such active fund.");
        if (edited.CampaignId is { } campaignId && campaigns.Find(db, organizationId, campaignId) is null)
            throw InputValidation.FieldError(nameof(edited.CampaignId), "There is no such campaign.");
        // The gift's links (membership, recurring donation, grant, pledge) are not edited, so the reference checks for a new
        // gift do not apply: they would count this gift against its own pledge's balance or refuse a since-ended recurring
        // donation. What an edit could break is checked here instead.
        if (before.MembershipId is not null && edited.Category != GiftCategory.MembershipDues)
            throw InputValidation.FieldError(nameof(edited.Category), "This gift pays a membership, so its category stays membership_dues.");
        if ((before.GrantId is not null || before.PledgeId is not null) && edited.AmountCents != before.AmountCents)
            throw InputValidation.FieldError(nameof(edited.AmountCents),
                $"This gift pays a {(before.GrantId is not null ? "grant" : "pledge")} whose balance counts it; void it and record the right amount as a new gift.");
    }

    private void EnsureReferencesExist(DbSession db, long organizationId, GiftInput input, DateOnly today)
    {
        if (input.ReceivedOn > today)
            throw InputValidation.FieldError(nameof(input.ReceivedOn), "A gift cannot be received in the future; record pledges when they are paid.");
        var (donorExists, survivor) = donors.Standing(db, organizationId, input.DonorId!.Value);
        if (!donorExists)
            throw InputValidation.FieldError(nameof(input.DonorId), "There is no such donor in this organization.");
        if (survivor is not null)
            throw InputValidation.FieldError(nameof(input.DonorId), $"This donor was merged into donor {survivor}; record the gift there.");
        if (input.FundId is { } fundId && funds.Find(db, organizationId, fundId) is not { Active: true })
            throw InputValidation.FieldError(nameof(input.FundId), "There is no such active fund.");
        if (input.CampaignId is { } campaignId && campaigns.Find(db, organizationId, campaignId) is null)
            throw InputValidation.FieldError(nameof(input.CampaignId), "There is no such campaign.");
        foreach (var (credit, index) in (input.SoftCredits ?? []).Select((c, i) => (c, i)))
        {
            var (creditedExists, creditedSurvivor) = donors.Standing(db, organizationId, credit.DonorId!.Value);
            if (!creditedExists)
                throw InputValidation.FieldError($"SoftCredits[{index}].DonorId", "There is no such donor in this organization.");
            if (creditedSurvivor is not null)
                throw InputValidation.FieldError($"SoftCredits[{index}].DonorId", $"This donor was merged into donor {creditedSurvivor}; credit that one.");
            if (credit.DonorId == input.DonorId)
                throw InputValidation.FieldError($"SoftCredits[{index}].DonorId", "The giver is already credited; soft credit someone else.");
        }
        foreach (var check in referenceChecks)
            check.EnsureValid(db, organizationId, input);
    }
}
