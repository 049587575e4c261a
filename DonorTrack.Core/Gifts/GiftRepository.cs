using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Gifts;

/// <summary>Gift rows and their soft credits. Gifts are never deleted: a void is an update that keeps the row.</summary>
public sealed class GiftRepository
{
    /// <summary>Every column of a <see cref="Gift"/>, in constructor order, for any query that reads whole gifts.</summary>
    internal const string Columns = """
        id, organization_id, donor_id, amount_cents, currency, received_on, method, category, fund_id, campaign_id,
        benefit_value_cents, benefit_description, in_kind_description, check_number, external_id, fee_cents, status,
        refunded_cents, membership_id, recurring_donation_id, grant_id, notes, void_reason, voided_at, voided_by, created_at, created_by,
        settled_on, disputed_at, dispute_reason, pledge_id
        """;

    public Gift? Find(DbSession db, long organizationId, long giftId)
    {
        const string sql = $"SELECT {Columns} FROM gifts WHERE organization_id = @organizationId AND id = @giftId";
        var gift = db.Connection.QuerySingleOrDefault<Gift>(sql, new { organizationId, giftId }, db.Transaction);
        return gift is null ? null : gift with { SoftCredits = SoftCreditsOf(db, organizationId, giftId) };
    }

    public long Insert(DbSession db, long organizationId, GiftInput input, string currency, string createdBy, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO gifts (organization_id, donor_id, amount_cents, currency, received_on, method, category, fund_id, campaign_id,
                benefit_value_cents, benefit_description, in_kind_description, check_number, external_id, fee_cents, status,
                membership_id, recurring_donation_id, grant_id, pledge_id, notes, created_at, created_by, updated_at)
            VALUES (@organizationId, @DonorId, @AmountCents, @currency, @ReceivedOn, @Method, @Category, @FundId, @CampaignId,
                @benefitValueCents, @BenefitDescription, @InKindDescription, @CheckNumber, @ExternalId, @feeCents, @status,
                @MembershipId, @RecurringDonationId, @GrantId, @PledgeId, @Notes, @now, @createdBy, @now)
            RETURNING id
            """;
        var args = new DynamicParameters(input);
        args.AddDynamicParams(new
        {
            organizationId,
            currency,
            benefitValueCents = input.BenefitValueCents ?? 0,
            feeCents = input.FeeCents ?? 0,
            status = input.Status ?? GiftStatus.Completed,
            createdBy,
            now,
        });
        var id = db.Connection.ExecuteScalar<long>(sql, args, db.Transaction);
        const string credit = """
            INSERT INTO gift_soft_credits (organization_id, gift_id, donor_id, kind, note)
            VALUES (@organizationId, @giftId, @DonorId, @Kind, @Note)
            """;
        foreach (var softCredit in input.SoftCredits ?? [])
            db.Connection.Execute(credit, new { organizationId, giftId = id, softCredit.DonorId, softCredit.Kind, softCredit.Note }, db.Transaction);
        return id;
    }

    public bool Void(DbSession db, long organizationId, long giftId, string reason, string voidedBy, DateTimeOffset now)
    {
        const string sql = """
            UPDATE gifts SET status = 'voided', void_reason = @reason, voided_at = @now, voided_by = @voidedBy, updated_at = @now
            WHERE organization_id = @organizationId AND id = @giftId AND status <> 'voided'
            """;
        return db.Connection.Execute(sql, new { organizationId, giftId, reason, voidedBy, now }, db.Transaction) == 1;
    }

    /// <summary>Writes a corrected gift's editable fields (the ones <see cref="GiftEditInput"/> carries).</summary>
    public void Update(DbSession db, long organizationId, long giftId, GiftInput edited, DateTimeOffset now)
    {
        const string sql = """
            UPDATE gifts SET amount_cents = @AmountCents, received_on = @ReceivedOn, method = @Method, category = @Category, fund_id = @FundId,
                campaign_id = @CampaignId, benefit_value_cents = @BenefitValueCents, benefit_description = @BenefitDescription,
                in_kind_description = @InKindDescription, check_number = @CheckNumber, notes = @Notes, updated_at = @now
            WHERE organization_id = @organizationId AND id = @giftId
            """;
        var args = new DynamicParameters(edited);
        args.AddDynamicParams(new { organizationId, giftId, now });
        db.Connection.Execute(sql, args, db.Transaction);
    }

    /// <summary>The gift a payment processor reference (charge, payment intent, invoice) belongs to.</summary>
    public Gift? FindByExternalId(DbSession db, long organizationId, IEnumerable<string> externalIds)
    {
        const string sql = $"SELECT {Columns} FROM gifts WHERE organization_id = @organizationId AND external_id IN @externalIds ORDER BY id LIMIT 1";
        var ids = externalIds.Where(id => !string.IsNullOrEmpty(id)).ToList();
        return ids.Count == 0 ? null : db.Connection.QuerySingleOrDefault<Gift>(sql, new { organizationId, externalIds = ids }, db.Transaction);
    }

    public void SetRefunded(DbSession db, long organizationId, long giftId, long refundedCents, string status, DateTimeOffset now)
    {
        const string sql = """
            UPDATE gifts SET refunded_cents = @refundedCents, status = @status, updated_at = @now
            WHERE organization_id = @organizationId AND id = @giftId
            """;
        db.Connection.Execute(sql, new { organizationId, giftId, refundedCents, status, now }, db.Transaction);
    }

    public void SetDisputed(DbSession db, long organizationId, long giftId, string reason, DateTimeOffset disputedAt)
    {
        const string sql = """
            UPDATE gifts SET disputed_at = @disputedAt, dispute_reason = @reason, updated_at = @disputedAt
            WHERE organization_id = @organizationId AND id = @giftId
            """;
        db.Connection.Execute(sql, new { organizationId, giftId, reason, disputedAt }, db.Transaction);
    }

    public void SetSettlement(DbSession db, long organizationId, long giftId, long feeCents, DateOnly settledOn, DateTimeOffset now)
    {
        const string sql = """
            UPDATE gifts SET fee_cents = @feeCents, settled_on = @settledOn, updated_at = @now
            WHERE organization_id = @organizationId AND id = @giftId
            """;
        db.Connection.Execute(sql, new { organizationId, giftId, feeCents, settledOn, now }, db.Transaction);
    }

    public GiftList List(DbSession db, long organizationId, GiftQuery query)
    {
        // Only the filters in use go into the WHERE clause: "(@x IS NULL OR col = @x)" would stop SQLite from using
        // the per-donor and per-date indexes. The fragments are fixed text; every value is still a parameter.
        var conditions = new List<string> { "g.organization_id = @organizationId" };
        if (query.DonorId is not null)
            conditions.Add("g.donor_id = @donorId");
        if (query.From is not null)
            conditions.Add("g.received_on >= @from");
        if (query.To is not null)
            conditions.Add("g.received_on <= @to");
        if (query.Category is not null)
            conditions.Add("g.category = @category");
        if (query.Method is not null)
            conditions.Add("g.method = @method");
        if (query.FundId is not null)
            conditions.Add("g.fund_id = @fundId");
        if (query.CampaignId is not null)
            conditions.Add("g.campaign_id = @campaignId");
        var filter = "WHERE " + string.Join(" AND ", conditions);
        // One donor's gifts: without statistics SQLite may walk the organization's date index for the ORDER BY instead
        // (seconds on a large organization), so the per-donor index is named.
        var gifts = query.DonorId is null ? "gifts g" : "gifts g INDEXED BY ix_gifts_donor";
        var sql = $"""
            SELECT g.id, g.donor_id, d.kind AS donor_kind, d.first_name AS donor_first_name, d.last_name AS donor_last_name,
                   d.organization_name AS donor_organization_name, g.amount_cents, g.currency, g.received_on, g.method, g.category,
                   f.name AS fund_name, c.name AS campaign_name, g.status, g.refunded_cents
            FROM {gifts}
            JOIN donors d ON d.id = g.donor_id
            LEFT JOIN funds f ON f.id = g.fund_id
            LEFT JOIN campaigns c ON c.id = g.campaign_id
            {filter}
            ORDER BY g.received_on DESC, g.id DESC
            LIMIT @limit OFFSET @offset
            """;
        var totals = $"""
            SELECT count(*) AS gift_count,
                   coalesce(sum(CASE WHEN g.status IN {GiftRules.CountedStatusList} THEN g.amount_cents - g.refunded_cents END), 0) AS net_cents,
                   count(CASE WHEN g.status IN {GiftRules.CountedStatusList} THEN 1 END) AS counted
            FROM {gifts}
            {filter}
            """;
        var args = new
        {
            organizationId,
            donorId = query.DonorId,
            from = query.From,
            to = query.To,
            category = query.Category,
            method = query.Method,
            fundId = query.FundId,
            campaignId = query.CampaignId,
            limit = query.Page.PageSize,
            offset = query.Page.Offset,
        };
        var items = db.Connection.Query<GiftListItem>(sql, args, db.Transaction).AsList();
        var (count, net, counted) = db.Connection.QuerySingle<(long, long, long)>(totals, args, db.Transaction);
        return new GiftList(new Paged<GiftListItem>(items, query.Page.Page, query.Page.PageSize, count), net, counted);
    }

    public IReadOnlyList<SoftCredit> SoftCreditsOf(DbSession db, long organizationId, long giftId)
    {
        const string sql = """
            SELECT s.donor_id, s.kind, s.note, d.kind AS donor_kind, d.first_name AS donor_first_name, d.last_name AS donor_last_name,
                   d.organization_name AS donor_organization_name
            FROM gift_soft_credits s JOIN donors d ON d.id = s.donor_id
            WHERE s.organization_id = @organizationId AND s.gift_id = @giftId
            ORDER BY s.id
            """;
        return db.Connection.Query<SoftCredit>(sql, new { organizationId, giftId }, db.Transaction).AsList();
    }

    /// <summary>Soft credits to any of the donors on gifts that count (the report rule), with the gift's own donor and kept amount.</summary>
    public IReadOnlyList<CountedSoftCredit> CountedSoftCreditsTo(DbSession db, long organizationId, IReadOnlyCollection<long> donorIds)
    {
        const string sql = $"""
            SELECT s.gift_id, g.donor_id AS gift_donor_id, s.donor_id AS credited_donor_id, s.kind, g.amount_cents - g.refunded_cents AS net_cents
            FROM gift_soft_credits s
            JOIN gifts g ON g.organization_id = s.organization_id AND g.id = s.gift_id
            WHERE s.organization_id = @organizationId AND s.donor_id IN @donorIds
              AND g.status IN {GiftRules.CountedStatusList} AND g.amount_cents > g.refunded_cents
            ORDER BY s.gift_id, s.id
            """;
        if (donorIds.Count == 0)
            return [];
        // Read by position: the computed amount has no declared column type, which Dapper's constructor matching needs.
        return db.Connection.Query<(long GiftId, long GiftDonorId, long CreditedDonorId, SoftCreditKind Kind, long NetCents)>(sql, new { organizationId, donorIds }, db.Transaction)
            .Select(r => new CountedSoftCredit(r.GiftId, r.GiftDonorId, r.CreditedDonorId, r.Kind, r.NetCents))
            .ToList();
    }
}
