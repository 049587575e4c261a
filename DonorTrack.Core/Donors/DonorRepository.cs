using System.Text;
using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Donors;

/// <summary>Donor rows, their tags, the full-text search and the giving summary. Every statement is scoped by organization.</summary>
public sealed class DonorRepository
{
    private const string Columns = """
        d.id, d.organization_id, d.kind, d.first_name, d.last_name, d.organization_name, d.sort_name, d.email, d.phone,
        d.address_line1, d.address_line2, d.city, d.region, d.postal_code, d.country, d.default_category,
        d.do_not_contact, d.deceased, d.anonymous, d.notes, d.merged_into_id, d.created_at, d.updated_at
        """;

    public Donor? Find(DbSession db, long organizationId, long donorId)
    {
        const string sql = $"SELECT {Columns} FROM donors d WHERE d.organization_id = @organizationId AND d.id = @donorId";
        var donor = db.Connection.QuerySingleOrDefault<Donor>(sql, new { organizationId, donorId }, db.Transaction);
        return donor is null ? null : donor with { Tags = TagsOf(db, organizationId, donorId) };
    }

    public bool Exists(DbSession db, long organizationId, long donorId) =>
        db.Connection.ExecuteScalar<long>(
            "SELECT count(*) FROM donors WHERE organization_id = @organizationId AND id = @donorId",
            new { organizationId, donorId }, db.Transaction) == 1;

    public long Insert(DbSession db, long organizationId, DonorInput input, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO donors (organization_id, kind, first_name, last_name, organization_name, sort_name, email, phone,
                address_line1, address_line2, city, region, postal_code, country, default_category,
                do_not_contact, deceased, anonymous, notes, created_at, updated_at)
            VALUES (@organizationId, @Kind, @FirstName, @LastName, @OrganizationName, @sortName, @Email, @Phone,
                @AddressLine1, @AddressLine2, @City, @Region, @PostalCode, @Country, @DefaultCategory,
                @DoNotContact, @Deceased, @Anonymous, @Notes, @now, @now)
            RETURNING id
            """;
        var id = db.Connection.ExecuteScalar<long>(sql, Parameters(organizationId, input, now), db.Transaction);
        ReplaceTags(db, organizationId, id, input.Tags ?? []);
        return id;
    }

    public void Update(DbSession db, long organizationId, long donorId, DonorInput input, DateTimeOffset now)
    {
        const string sql = """
            UPDATE donors SET kind = @Kind, first_name = @FirstName, last_name = @LastName, organization_name = @OrganizationName,
                sort_name = @sortName, email = @Email, phone = @Phone, address_line1 = @AddressLine1, address_line2 = @AddressLine2,
                city = @City, region = @Region, postal_code = @PostalCode, country = @Country, default_category = @DefaultCategory,
                do_not_contact = @DoNotContact, deceased = @Deceased, anonymous = @Anonymous, notes = @Notes, updated_at = @now
            WHERE organization_id = @organizationId AND id = @donorId
            """;
        var args = Parameters(organizationId, input, now);
        args.Add("donorId", donorId);
        db.Connection.Execute(sql, args, db.Transaction);
        ReplaceTags(db, organizationId, donorId, input.Tags ?? []);
    }

    public Paged<DonorListItem> Search(DbSession db, long organizationId, DonorQuery query)
    {
        var match = DonorSearchText.ToMatchExpression(query.Text);
        var orderBy = query.Sort switch
        {
            "name_desc" => "d.sort_name COLLATE NOCASE DESC, d.id DESC",
            "newest" => "d.created_at DESC, d.id DESC",
            "oldest" => "d.created_at, d.id",
            "postal_code" => "d.postal_code, d.sort_name COLLATE NOCASE, d.id",
            _ => "d.sort_name COLLATE NOCASE, d.id",
        };
        // With search text the full-text index drives the query; only filters in use are added. Every fragment is
        // fixed text and every value a parameter; the ORDER BY comes from the fixed list above.
        var from = match is null ? "donors d" : "donor_search s JOIN donors d ON d.id = s.rowid";
        var conditions = new List<string> { "d.organization_id = @organizationId", "d.merged_into_id IS NULL" };
        if (match is not null)
            conditions.Add("donor_search MATCH @match");
        if (!string.IsNullOrWhiteSpace(query.Tag))
            conditions.Add("EXISTS (SELECT 1 FROM donor_tags t WHERE t.donor_id = d.id AND t.organization_id = @organizationId AND t.tag = @tag)");
        var where = string.Join(" AND ", conditions);
        var sql = $"""
            SELECT d.id, d.kind, d.first_name, d.last_name, d.organization_name, d.email, d.city, d.postal_code, d.do_not_contact
            FROM {from}
            WHERE {where}
            ORDER BY {orderBy}
            LIMIT @limit OFFSET @offset
            """;
        var count = $"SELECT count(*) FROM {from} WHERE {where}";
        var args = new { organizationId, match, tag = query.Tag, limit = query.Page.PageSize, offset = query.Page.Offset };
        var items = db.Connection.Query<DonorListItem>(sql, args, db.Transaction).AsList();
        var total = db.Connection.ExecuteScalar<long>(count, args, db.Transaction);
        return new Paged<DonorListItem>(items, query.Page.Page, query.Page.PageSize, total);
    }

    public DonorGivingSummary GivingSummary(DbSession db, long organizationId, long donorId)
    {
        const string sql = """
            SELECT count(*) AS gift_count,
                   coalesce(sum(amount_cents - refunded_cents), 0) AS lifetime_cents,
                   min(received_on) AS first_gift_on,
                   max(received_on) AS last_gift_on,
                   coalesce(max(amount_cents - refunded_cents), 0) AS largest_gift_cents
            FROM gifts
            WHERE organization_id = @organizationId AND donor_id = @donorId AND status IN ('completed', 'partially_refunded')
            """;
        var row = db.Connection.QuerySingle<(long GiftCount, long LifetimeCents, string? FirstGiftOn, string? LastGiftOn, long LargestGiftCents)>(
            sql, new { organizationId, donorId }, db.Transaction);
        return new DonorGivingSummary(row.GiftCount, row.LifetimeCents, ParseDate(row.FirstGiftOn), ParseDate(row.LastGiftOn), row.LargestGiftCents);
    }

    public IReadOnlyList<string> TagsOf(DbSession db, long organizationId, long donorId)
    {
        const string sql = "SELECT tag FROM donor_tags WHERE organization_id = @organizationId AND donor_id = @donorId ORDER BY tag";
        return db.Connection.Query<string>(sql, new { organizationId, donorId }, db.Transaction).AsList();
    }

    public IReadOnlyList<string> AllTags(DbSession db, long organizationId)
    {
        const string sql = "SELECT DISTINCT tag FROM donor_tags WHERE organization_id = @organizationId ORDER BY tag";
        return db.Connection.Query<string>(sql, new { organizationId }, db.Transaction).AsList();
    }

    public IReadOnlyList<DonorListItem> WithEmail(DbSession db, long organizationId, string email, long? exceptDonorId)
    {
        const string sql = """
            SELECT id, kind, first_name, last_name, organization_name, email, city, postal_code, do_not_contact
            FROM donors
            WHERE organization_id = @organizationId AND email = @email COLLATE NOCASE AND merged_into_id IS NULL
              AND (@exceptDonorId IS NULL OR id <> @exceptDonorId)
            """;
        return db.Connection.Query<DonorListItem>(sql, new { organizationId, email, exceptDonorId }, db.Transaction).AsList();
    }

    private void ReplaceTags(DbSession db, long organizationId, long donorId, IReadOnlyList<string> tags)
    {
        const string clear = "DELETE FROM donor_tags WHERE organization_id = @organizationId AND donor_id = @donorId";
        const string add = "INSERT INTO donor_tags (organization_id, donor_id, tag) VALUES (@organizationId, @donorId, @tag)";
        db.Connection.Execute(clear, new { organizationId, donorId }, db.Transaction);
        foreach (var tag in tags)
            db.Connection.Execute(add, new { organizationId, donorId, tag }, db.Transaction);
    }

    private static DynamicParameters Parameters(long organizationId, DonorInput input, DateTimeOffset now)
    {
        var args = new DynamicParameters(input);
        args.Add("organizationId", organizationId);
        args.Add("sortName", SortNameOf(input));
        args.Add("now", now);
        return args;
    }

    private static string SortNameOf(DonorInput input) => input.Kind == DonorKinds.Organization
        ? input.OrganizationName ?? ""
        : input.LastName is null ? input.FirstName ?? "" : input.FirstName is null ? input.LastName : $"{input.LastName}, {input.FirstName}";

    private static DateOnly? ParseDate(string? text) =>
        text is null ? null : DapperConfiguration.ParseDate(text);
}

/// <summary>Turns what someone types in the search box into a safe FTS5 prefix query.</summary>
public static class DonorSearchText
{
    /// <summary>"maria@ex 554" → <c>"maria"* "ex"* "554"*</c>: every word must match the start of a token; null when there is nothing to search.</summary>
    public static string? ToMatchExpression(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark)
            {
                current.Append(c);
                continue;
            }
            if (current.Length > 0)
                words.Add(current.ToString());
            current.Clear();
        }
        if (current.Length > 0)
            words.Add(current.ToString());
        // Quoting each word keeps FTS5 syntax characters (AND, NEAR, ^, :) as plain text.
        return words.Count == 0 ? null : string.Join(" ", words.Take(8).Select(w => $"\"{w}\"*"));
    }
}
