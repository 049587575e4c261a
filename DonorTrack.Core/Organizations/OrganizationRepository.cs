using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Organizations;

/// <summary>Organizations and the alliance links between them.</summary>
public sealed class OrganizationRepository
{
    private const string Columns = """
        id, slug, name, legal_name, legal_status, ein, sponsor_name, sponsor_ein, address_line1, address_line2, city, region,
        postal_code, country, timezone, currency, culture, fiscal_year_start_month, scale, self_term, mission,
        receipt_signatory, receipt_statement, created_at
        """;

    public Organization? Find(DbSession db, long organizationId)
    {
        const string sql = $"SELECT {Columns} FROM organizations WHERE id = @organizationId";
        return db.Connection.QuerySingleOrDefault<Organization>(sql, new { organizationId }, db.Transaction);
    }

    public Organization? FindBySlug(DbSession db, string slug)
    {
        const string sql = $"SELECT {Columns} FROM organizations WHERE slug = @slug";
        return db.Connection.QuerySingleOrDefault<Organization>(sql, new { slug }, db.Transaction);
    }

    public IReadOnlyList<Organization> All(DbSession db)
    {
        const string sql = $"SELECT {Columns} FROM organizations ORDER BY name, id";
        return db.Connection.Query<Organization>(sql, transaction: db.Transaction).AsList();
    }

    public bool Any(DbSession db) =>
        db.Connection.ExecuteScalar<long>("SELECT EXISTS (SELECT 1 FROM organizations)", transaction: db.Transaction) == 1;

    public bool SlugTaken(DbSession db, string slug) =>
        db.Connection.ExecuteScalar<long>("SELECT count(*) FROM organizations WHERE slug = @slug", new { slug }, db.Transaction) > 0;

    public long Insert(DbSession db, string slug, OrganizationInput input, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO organizations (slug, name, legal_name, legal_status, ein, sponsor_name, sponsor_ein, address_line1, address_line2,
                city, region, postal_code, country, timezone, currency, fiscal_year_start_month, scale, self_term, mission,
                receipt_signatory, receipt_statement, created_at)
            VALUES (@slug, @Name, @LegalName, @LegalStatus, @Ein, @SponsorName, @SponsorEin, @AddressLine1, @AddressLine2,
                @City, @Region, @PostalCode, @Country, @Timezone, @Currency, @FiscalYearStartMonth, @Scale, @SelfTerm, @Mission,
                @ReceiptSignatory, @ReceiptStatement, @now)
            RETURNING id
            """;
        var args = new DynamicParameters(input);
        args.Add("slug", slug);
        args.Add("now", now);
        return db.Connection.ExecuteScalar<long>(sql, args, db.Transaction);
    }

    public void Update(DbSession db, long organizationId, OrganizationInput input)
    {
        const string sql = """
            UPDATE organizations SET name = @Name, legal_name = @LegalName, legal_status = @LegalStatus, ein = @Ein,
                sponsor_name = @SponsorName, sponsor_ein = @SponsorEin, address_line1 = @AddressLine1, address_line2 = @AddressLine2,
                city = @City, region = @Region, postal_code = @PostalCode, country = @Country, timezone = @Timezone,
                currency = @Currency, fiscal_year_start_month = @FiscalYearStartMonth, scale = @Scale, self_term = @SelfTerm,
                mission = @Mission, receipt_signatory = @ReceiptSignatory, receipt_statement = @ReceiptStatement
            WHERE id = @organizationId
            """;
        var args = new DynamicParameters(input);
        args.Add("organizationId", organizationId);
        db.Connection.Execute(sql, args, db.Transaction);
    }

    public IReadOnlyList<AllianceMember> Members(DbSession db, long allianceId)
    {
        const string sql = """
            SELECT m.id, m.alliance_id, m.member_id, o.name AS member_name, m.role, m.joined_on, m.left_on
            FROM alliance_members m JOIN organizations o ON o.id = m.member_id
            WHERE m.alliance_id = @allianceId
            ORDER BY m.left_on IS NOT NULL, o.name, m.id
            """;
        return db.Connection.Query<AllianceMember>(sql, new { allianceId }, db.Transaction).AsList();
    }

    /// <summary>Every organization above <paramref name="organizationId"/> through current alliance links (alliances may nest).</summary>
    public IReadOnlyList<long> AncestorIds(DbSession db, long organizationId)
    {
        const string sql = """
            WITH RECURSIVE up (id) AS (
                SELECT alliance_id FROM alliance_members WHERE member_id = @organizationId AND left_on IS NULL
                UNION
                SELECT m.alliance_id FROM alliance_members m JOIN up ON m.member_id = up.id WHERE m.left_on IS NULL
            )
            SELECT id FROM up
            """;
        return db.Connection.Query<long>(sql, new { organizationId }, db.Transaction).AsList();
    }

    public bool IsCurrentMember(DbSession db, long allianceId, long memberId)
    {
        const string sql = "SELECT count(*) FROM alliance_members WHERE alliance_id = @allianceId AND member_id = @memberId AND left_on IS NULL";
        return db.Connection.ExecuteScalar<long>(sql, new { allianceId, memberId }, db.Transaction) > 0;
    }

    public long InsertMember(DbSession db, long allianceId, long memberId, string role, DateOnly joinedOn)
    {
        const string sql = """
            INSERT INTO alliance_members (alliance_id, member_id, role, joined_on)
            VALUES (@allianceId, @memberId, @role, @joinedOn)
            RETURNING id
            """;
        return db.Connection.ExecuteScalar<long>(sql, new { allianceId, memberId, role, joinedOn }, db.Transaction);
    }

    public bool EndMember(DbSession db, long allianceId, long membershipId, DateOnly leftOn)
    {
        const string sql = """
            UPDATE alliance_members SET left_on = @leftOn
            WHERE id = @membershipId AND alliance_id = @allianceId AND left_on IS NULL AND joined_on <= @leftOn
            """;
        return db.Connection.Execute(sql, new { allianceId, membershipId, leftOn }, db.Transaction) == 1;
    }
}
