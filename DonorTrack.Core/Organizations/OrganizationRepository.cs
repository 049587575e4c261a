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

    /// <summary>Alliances <paramref name="memberId"/> belongs to or belonged to, as the member sees them.</summary>
    public IReadOnlyList<AllianceMembershipOfMember> MembershipsOf(DbSession db, long memberId)
    {
        const string sql = """
            SELECT m.id AS membership_id, m.alliance_id, o.name AS alliance_name, m.role, m.joined_on, m.left_on
            FROM alliance_members m JOIN organizations o ON o.id = m.alliance_id
            WHERE m.member_id = @memberId
            ORDER BY m.left_on IS NOT NULL, o.name, m.id
            """;
        return db.Connection.Query<AllianceMembershipOfMember>(sql, new { memberId }, db.Transaction).AsList();
    }

    /// <summary>Ends a membership from the member's side (leaving the alliance).</summary>
    public bool LeaveAlliance(DbSession db, long memberId, long membershipId, DateOnly leftOn)
    {
        const string sql = """
            UPDATE alliance_members SET left_on = max(@leftOn, joined_on)
            WHERE id = @membershipId AND member_id = @memberId AND left_on IS NULL
            """;
        return db.Connection.Execute(sql, new { memberId, membershipId, leftOn }, db.Transaction) == 1;
    }

    public long InsertInvitation(
        DbSession db, long allianceId, long? memberId, string? codeSha256, string role, DateOnly joinedOn, string invitedBy, DateTimeOffset now,
        DateTimeOffset expiresAt)
    {
        const string sql = """
            INSERT INTO alliance_invitations (alliance_id, member_id, code_sha256, role, joined_on, invited_by, created_at, expires_at)
            VALUES (@allianceId, @memberId, @codeSha256, @role, @joinedOn, @invitedBy, @now, @expiresAt)
            RETURNING id
            """;
        return db.Connection.ExecuteScalar<long>(sql, new { allianceId, memberId, codeSha256, role, joinedOn, invitedBy, now, expiresAt }, db.Transaction);
    }

    private const string InvitationSelect = """
        SELECT i.id, i.alliance_id, a.name AS alliance_name, i.member_id, m.name AS member_name, i.role, i.status, i.invited_by, i.created_at, i.expires_at
        FROM alliance_invitations i JOIN organizations a ON a.id = i.alliance_id LEFT JOIN organizations m ON m.id = i.member_id
        """;

    /// <summary>Invitations an alliance has sent that nobody has answered yet and that have not expired.</summary>
    public IReadOnlyList<AllianceInvitation> PendingInvitationsFrom(DbSession db, long allianceId, DateTimeOffset now)
    {
        const string sql = $"""
            {InvitationSelect}
            WHERE i.alliance_id = @allianceId AND i.status = 'pending' AND i.expires_at > @now
            ORDER BY i.id DESC
            """;
        return db.Connection.Query<AllianceInvitation>(sql, new { allianceId, now }, db.Transaction).AsList();
    }

    /// <summary>Invitations addressed to <paramref name="memberId"/> by name that are waiting for its answer.</summary>
    public IReadOnlyList<AllianceInvitation> PendingInvitationsTo(DbSession db, long memberId, DateTimeOffset now)
    {
        const string sql = $"""
            {InvitationSelect}
            WHERE i.member_id = @memberId AND i.status = 'pending' AND i.expires_at > @now
            ORDER BY i.id DESC
            """;
        return db.Connection.Query<AllianceInvitation>(sql, new { memberId, now }, db.Transaction).AsList();
    }

    public AllianceInvitation? FindPendingInvitation(DbSession db, long invitationId, DateTimeOffset now)
    {
        const string sql = $"""
            {InvitationSelect}
            WHERE i.id = @invitationId AND i.status = 'pending' AND i.expires_at > @now
            """;
        return db.Connection.QuerySingleOrDefault<AllianceInvitation>(sql, new { invitationId, now }, db.Transaction);
    }

    public AllianceInvitation? FindPendingInvitationByCode(DbSession db, string codeSha256, DateTimeOffset now)
    {
        const string sql = $"""
            {InvitationSelect}
            WHERE i.code_sha256 = @codeSha256 AND i.status = 'pending' AND i.expires_at > @now
            """;
        return db.Connection.QuerySingleOrDefault<AllianceInvitation>(sql, new { codeSha256, now }, db.Transaction);
    }

    public DateOnly InvitationJoinedOn(DbSession db, long invitationId) =>
        DapperConfiguration.ParseDate(db.Connection.ExecuteScalar<string>(
            "SELECT joined_on FROM alliance_invitations WHERE id = @invitationId", new { invitationId }, db.Transaction)!);

    /// <summary>Records the answer to a pending invitation; false when it was already answered (a second click, a race).</summary>
    public bool AnswerInvitation(DbSession db, long invitationId, string status, long? memberId, long? membershipId, DateTimeOffset now)
    {
        const string sql = """
            UPDATE alliance_invitations SET status = @status, member_id = coalesce(member_id, @memberId), membership_id = @membershipId,
                responded_at = @now
            WHERE id = @invitationId AND status = 'pending'
            """;
        return db.Connection.Execute(sql, new { invitationId, status, memberId, membershipId, now }, db.Transaction) == 1;
    }
}
