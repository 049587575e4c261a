using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;

namespace DonorTrack.Core.Households;

/// <summary>Household rows, their members and the members' counted giving. Every statement is scoped by organization.</summary>
public sealed class HouseholdRepository
{
    private const string Columns = """
        id, organization_id, name, formal_addressee, informal_salutation, address_line1, address_line2, city, region, postal_code, country,
        external_id, notes, created_at, updated_at
        """;

    public Household? Find(DbSession db, long organizationId, long householdId)
    {
        const string sql = $"SELECT {Columns} FROM households WHERE organization_id = @organizationId AND id = @householdId";
        return db.Connection.QuerySingleOrDefault<Household>(sql, new { organizationId, householdId }, db.Transaction);
    }

    public Household? FindByExternalId(DbSession db, long organizationId, string externalId)
    {
        const string sql = $"SELECT {Columns} FROM households WHERE organization_id = @organizationId AND external_id = @externalId";
        return db.Connection.QuerySingleOrDefault<Household>(sql, new { organizationId, externalId }, db.Transaction);
    }

    /// <summary>The oldest household of the organization with this name, ignoring case.</summary>
    public Household? FindByName(DbSession db, long organizationId, string name)
    {
        const string sql = $"SELECT {Columns} FROM households WHERE organization_id = @organizationId AND name = @name COLLATE NOCASE ORDER BY id LIMIT 1";
        return db.Connection.QuerySingleOrDefault<Household>(sql, new { organizationId, name }, db.Transaction);
    }

    /// <summary>The members, primary contact first, then in the order they joined.</summary>
    public IReadOnlyList<HouseholdMember> Members(DbSession db, long organizationId, long householdId)
    {
        const string sql = """
            SELECT m.donor_id, d.first_name, d.last_name, m.primary_contact, m.joined_at
            FROM household_members m
            JOIN donors d ON d.organization_id = m.organization_id AND d.id = m.donor_id
            WHERE m.organization_id = @organizationId AND m.household_id = @householdId
            ORDER BY m.primary_contact DESC, m.joined_at, m.donor_id
            """;
        return db.Connection.Query<HouseholdMember>(sql, new { organizationId, householdId }, db.Transaction).AsList();
    }

    public long Insert(DbSession db, long organizationId, HouseholdInput input, string name, string? externalId, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO households (organization_id, name, formal_addressee, informal_salutation, address_line1, address_line2, city, region,
                postal_code, country, external_id, notes, created_at, updated_at)
            VALUES (@organizationId, @name, @FormalAddressee, @InformalSalutation, @AddressLine1, @AddressLine2, @City, @Region,
                @PostalCode, @Country, @externalId, @Notes, @now, @now)
            RETURNING id
            """;
        var args = new DynamicParameters(input);
        args.AddDynamicParams(new { organizationId, name, externalId, now });
        return db.Connection.ExecuteScalar<long>(sql, args, db.Transaction);
    }

    public void Update(DbSession db, long organizationId, long householdId, HouseholdInput input, DateTimeOffset now)
    {
        const string sql = """
            UPDATE households SET name = @Name, formal_addressee = @FormalAddressee, informal_salutation = @InformalSalutation,
                address_line1 = @AddressLine1, address_line2 = @AddressLine2, city = @City, region = @Region, postal_code = @PostalCode,
                country = @Country, notes = @Notes, updated_at = @now
            WHERE organization_id = @organizationId AND id = @householdId
            """;
        var args = new DynamicParameters(input);
        args.AddDynamicParams(new { organizationId, householdId, now });
        db.Connection.Execute(sql, args, db.Transaction);
    }

    public void AddMember(DbSession db, long organizationId, long householdId, long donorId, bool primaryContact, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO household_members (organization_id, household_id, donor_id, primary_contact, joined_at)
            VALUES (@organizationId, @householdId, @donorId, @primaryContact, @now)
            """;
        db.Connection.Execute(sql, new { organizationId, householdId, donorId, primaryContact, now }, db.Transaction);
    }

    public bool RemoveMember(DbSession db, long organizationId, long householdId, long donorId)
    {
        const string sql = "DELETE FROM household_members WHERE organization_id = @organizationId AND household_id = @householdId AND donor_id = @donorId";
        return db.Connection.Execute(sql, new { organizationId, householdId, donorId }, db.Transaction) == 1;
    }

    /// <summary>Makes one member the primary contact and every other member not.</summary>
    public void SetPrimaryContact(DbSession db, long organizationId, long householdId, long donorId)
    {
        // Cleared first: the partial unique index allows one primary contact per household at every moment, also mid-update.
        ClearPrimaryContact(db, organizationId, householdId);
        const string set = "UPDATE household_members SET primary_contact = 1 WHERE organization_id = @organizationId AND household_id = @householdId AND donor_id = @donorId";
        db.Connection.Execute(set, new { organizationId, householdId, donorId }, db.Transaction);
    }

    public void ClearPrimaryContact(DbSession db, long organizationId, long householdId)
    {
        const string sql = "UPDATE household_members SET primary_contact = 0 WHERE organization_id = @organizationId AND household_id = @householdId AND primary_contact = 1";
        db.Connection.Execute(sql, new { organizationId, householdId }, db.Transaction);
    }

    /// <summary>A merge hands the duplicate's place in a household to the survivor.</summary>
    public void MoveMember(DbSession db, long organizationId, long fromDonorId, long toDonorId)
    {
        const string sql = "UPDATE household_members SET donor_id = @toDonorId WHERE organization_id = @organizationId AND donor_id = @fromDonorId";
        db.Connection.Execute(sql, new { organizationId, fromDonorId, toDonorId }, db.Transaction);
    }

    public DonorHousehold? HouseholdOf(DbSession db, long organizationId, long donorId)
    {
        const string sql = """
            SELECT h.id AS household_id, h.name, m.primary_contact
            FROM household_members m JOIN households h ON h.organization_id = m.organization_id AND h.id = m.household_id
            WHERE m.organization_id = @organizationId AND m.donor_id = @donorId
            """;
        return db.Connection.QuerySingleOrDefault<DonorHousehold>(sql, new { organizationId, donorId }, db.Transaction);
    }

    /// <summary>Each listed donor's household id, for donors that have one.</summary>
    public IReadOnlyDictionary<long, long> HouseholdIdsOf(DbSession db, long organizationId, IReadOnlyCollection<long> donorIds)
    {
        const string sql = "SELECT donor_id, household_id FROM household_members WHERE organization_id = @organizationId AND donor_id IN @donorIds";
        var result = new Dictionary<long, long>();
        foreach (var chunk in donorIds.Chunk(500))
        {
            foreach (var (donorId, householdId) in db.Connection.Query<(long, long)>(sql, new { organizationId, donorIds = chunk }, db.Transaction))
                result[donorId] = householdId;
        }
        return result;
    }

    public Paged<HouseholdListItem> List(DbSession db, long organizationId, HouseholdQuery query)
    {
        // The text filter is fixed SQL with a parameter; without text the condition is left out so the name index orders the page.
        var filter = string.IsNullOrWhiteSpace(query.Text)
            ? ""
            : "AND (h.name LIKE @pattern ESCAPE '\\' OR h.formal_addressee LIKE @pattern ESCAPE '\\' OR h.postal_code LIKE @pattern ESCAPE '\\')";
        var sql = $"""
            SELECT h.id, h.name, h.formal_addressee, h.city,
                   (SELECT count(*) FROM household_members m WHERE m.organization_id = h.organization_id AND m.household_id = h.id) AS member_count,
                   (SELECT trim(coalesce(d.first_name, '') || ' ' || coalesce(d.last_name, ''))
                    FROM household_members p JOIN donors d ON d.organization_id = p.organization_id AND d.id = p.donor_id
                    WHERE p.organization_id = h.organization_id AND p.household_id = h.id AND p.primary_contact = 1) AS primary_contact_name
            FROM households h
            WHERE h.organization_id = @organizationId {filter}
            ORDER BY h.name COLLATE NOCASE, h.id
            LIMIT @limit OFFSET @offset
            """;
        var count = $"SELECT count(*) FROM households h WHERE h.organization_id = @organizationId {filter}";
        var pattern = query.Text is null ? null : "%" + query.Text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        var args = new { organizationId, pattern, limit = query.Page.PageSize, offset = query.Page.Offset };
        // Read by position: the subqueries' columns have no declared type, which Dapper's constructor matching needs.
        var items = db.Connection.Query<(long Id, string Name, string? FormalAddressee, string? City, long MemberCount, string? PrimaryContactName)>(sql, args, db.Transaction)
            .Select(r => new HouseholdListItem(r.Id, r.Name, r.FormalAddressee, r.City, r.MemberCount, r.PrimaryContactName))
            .ToList();
        return new Paged<HouseholdListItem>(items, query.Page.Page, query.Page.PageSize, db.Connection.ExecuteScalar<long>(count, args, db.Transaction));
    }

    /// <summary>Each member's counted gifts (the report rule of the report_counted_gifts view), members without gifts included.</summary>
    public IReadOnlyList<MemberGivingRow> MemberGiving(DbSession db, long organizationId, long householdId)
    {
        const string sql = """
            SELECT m.donor_id, count(g.id) AS gift_count, coalesce(sum(g.net_cents), 0) AS total_cents,
                   min(g.received_on) AS first_gift_on, max(g.received_on) AS last_gift_on
            FROM household_members m
            LEFT JOIN report_counted_gifts g ON g.organization_id = m.organization_id AND g.donor_id = m.donor_id
            WHERE m.organization_id = @organizationId AND m.household_id = @householdId
            GROUP BY m.donor_id
            """;
        // Read by position: a member without gifts has NULL dates, whose column type Dapper's constructor matching cannot see.
        return db.Connection.Query<(long DonorId, long GiftCount, long TotalCents, string? FirstGiftOn, string? LastGiftOn)>(sql, new { organizationId, householdId }, db.Transaction)
            .Select(r => new MemberGivingRow(r.DonorId, r.GiftCount, r.TotalCents, r.FirstGiftOn, r.LastGiftOn))
            .ToList();
    }

    /// <summary>The members' most recent counted gifts, newest first.</summary>
    public IReadOnlyList<HouseholdGiftRow> RecentGifts(DbSession db, long organizationId, long householdId, int limit)
    {
        const string sql = """
            SELECT g.id, g.donor_id, g.received_on, g.category, g.net_cents
            FROM household_members m
            JOIN report_counted_gifts g ON g.organization_id = m.organization_id AND g.donor_id = m.donor_id
            WHERE m.organization_id = @organizationId AND m.household_id = @householdId
            ORDER BY g.received_on DESC, g.id DESC
            LIMIT @limit
            """;
        // Read by position: the view's computed amount has no declared column type, which Dapper's constructor matching needs.
        return db.Connection.Query<(long Id, long DonorId, DateOnly ReceivedOn, GiftCategory Category, long NetCents)>(sql, new { organizationId, householdId, limit }, db.Transaction)
            .Select(r => new HouseholdGiftRow(r.Id, r.DonorId, r.ReceivedOn, r.Category, r.NetCents))
            .ToList();
    }
}

/// <summary>One member's counted giving as the database sums it.</summary>
public sealed record MemberGivingRow(long DonorId, long GiftCount, long TotalCents, string? FirstGiftOn, string? LastGiftOn);

/// <summary>One counted gift of a member as read.</summary>
public sealed record HouseholdGiftRow(long Id, long DonorId, DateOnly ReceivedOn, GiftCategory Category, long NetCents);
