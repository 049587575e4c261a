using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Gifts;

/// <summary>Gift rows and their soft credits. Gifts are never deleted: a void is an update that keeps the row.</summary>
public sealed class GiftRepository
{
    private const string Columns = """
        id, organization_id, donor_id, amount_cents, currency, received_on, method, category, fund_id, campaign_id,
        benefit_value_cents, benefit_description, in_kind_description, check_number, external_id, fee_cents, status,
        refunded_cents, membership_id, recurring_donation_id, grant_id, notes, void_reason, voided_at, voided_by, created_at, created_by
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
                membership_id, recurring_donation_id, grant_id, notes, created_at, created_by, updated_at)
            VALUES (@organizationId, @DonorId, @AmountCents, @currency, @ReceivedOn, @Method, @Category, @FundId, @CampaignId,
                @benefitValueCents, @BenefitDescription, @InKindDescription, @CheckNumber, @ExternalId, @feeCents, @status,
                @MembershipId, @RecurringDonationId, @GrantId, @Notes, @now, @createdBy, @now)
            RETURNING id
            """;
        var args = new DynamicParameters(input);
        args.AddDynamicParams(new
        {
            organizationId,
            currency,
            benefitValueCents = input.BenefitValueCents ?? 0,
            feeCents = input.FeeCents ?? 0,
            status = input.Status ?? "completed",
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

    public GiftList List(DbSession db, long organizationId, GiftQuery query)
    {
        const string filter = """
            WHERE g.organization_id = @organizationId
              AND (@donorId IS NULL OR g.donor_id = @donorId)
              AND (@from IS NULL OR g.received_on >= @from)
              AND (@to IS NULL OR g.received_on <= @to)
              AND (@category IS NULL OR g.category = @category)
              AND (@method IS NULL OR g.method = @method)
              AND (@fundId IS NULL OR g.fund_id = @fundId)
              AND (@campaignId IS NULL OR g.campaign_id = @campaignId)
            """;
        const string sql = $"""
            SELECT g.id, g.donor_id,
                   coalesce(d.organization_name, trim(coalesce(d.first_name, '') || ' ' || coalesce(d.last_name, ''))) AS donor_name,
                   g.amount_cents, g.currency, g.received_on, g.method, g.category, f.name AS fund_name, c.name AS campaign_name,
                   g.status, g.refunded_cents
            FROM gifts g
            JOIN donors d ON d.id = g.donor_id
            LEFT JOIN funds f ON f.id = g.fund_id
            LEFT JOIN campaigns c ON c.id = g.campaign_id
            {filter}
            ORDER BY g.received_on DESC, g.id DESC
            LIMIT @limit OFFSET @offset
            """;
        const string totals = $"""
            SELECT count(*) AS gift_count,
                   coalesce(sum(CASE WHEN g.status IN ('completed', 'partially_refunded') THEN g.amount_cents - g.refunded_cents END), 0) AS net_cents,
                   count(CASE WHEN g.status IN ('completed', 'partially_refunded') THEN 1 END) AS counted
            FROM gifts g
            {filter}
            """;
        var args = new
        {
            organizationId,
            donorId = query.DonorId,
            from = query.From,
            to = query.To,
            category = Blank(query.Category),
            method = Blank(query.Method),
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
            SELECT s.donor_id, s.kind, s.note, d.organization_name, d.first_name, d.last_name
            FROM gift_soft_credits s JOIN donors d ON d.id = s.donor_id
            WHERE s.organization_id = @organizationId AND s.gift_id = @giftId
            ORDER BY s.id
            """;
        return db.Connection.Query<(long DonorId, string Kind, string? Note, string? OrganizationName, string? FirstName, string? LastName)>(sql, new { organizationId, giftId }, db.Transaction)
            .Select(r => new SoftCredit(r.DonorId, r.Kind, r.Note, r.OrganizationName ?? $"{r.FirstName} {r.LastName}".Trim())).ToList();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
