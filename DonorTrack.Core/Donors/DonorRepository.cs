using System.Text;
using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Donors;

/// <summary>Donor rows, their tags, the full-text search and the giving summary. Every statement is scoped by organization.</summary>
public sealed class DonorRepository
{
    internal const string Columns = """
        d.id, d.organization_id, d.kind, d.first_name, d.last_name, d.organization_name, d.sort_name, d.email, d.phone,
        d.address_line1, d.address_line2, d.city, d.region, d.postal_code, d.country, d.default_category,
        d.do_not_contact, d.deceased, d.anonymous, d.notes, d.merged_into_id, d.created_at, d.updated_at, d.erased_at
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

    /// <summary>Whether the donor is in the organization, and the donor it was merged into (its gifts and credits belong there now).</summary>
    public (bool Exists, long? MergedIntoId) Standing(DbSession db, long organizationId, long donorId)
    {
        const string sql = "SELECT id, merged_into_id FROM donors WHERE organization_id = @organizationId AND id = @donorId";
        var row = db.Connection.QuerySingleOrDefault<(long Id, long? MergedIntoId)>(sql, new { organizationId, donorId }, db.Transaction);
        return (row.Id != 0, row.MergedIntoId);
    }

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

    /// <summary>Broad searches count matches only up to this many; the page says "more than 1,000" (see <see cref="DonorQuery.ExactTotal"/>).</summary>
    public const int SearchCountLimit = 1000;

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
        // Only filters in use are added. Every fragment is fixed text and every value a parameter; the ORDER BY comes
        // from the fixed list above.
        var conditions = new List<string> { "d.organization_id = @organizationId", "d.merged_into_id IS NULL" };
        if (!string.IsNullOrWhiteSpace(query.Tag))
            conditions.Add("EXISTS (SELECT 1 FROM donor_tags t WHERE t.donor_id = d.id AND t.organization_id = @organizationId AND t.tag = @tag)");
        var filters = string.Join(" AND ", conditions);
        var page = query.Page;
        var postalCode = DonorSearchText.ToPostalCodePrefix(query.Text);
        var args = new
        {
            organizationId, match, tag = query.Tag, limit = page.PageSize + 1, offset = page.Offset, countLimit = SearchCountLimit + 1,
            from = postalCode, to = postalCode is null ? null : DonorSearchText.NextPrefix(postalCode),
        };

        if (postalCode is not null)
        {
            // Digits alone ("554", "55407-12") are a postal-code prefix, answered from the postal-code index instead of the
            // full-text one: a city's prefix matches most donors, and the index both counts them and tells a narrow prefix
            // from a broad one cheaply. The unary + keeps the broad walk off the postal-code index, so the index of the
            // requested order drives it.
            var inRange = $"donors d INDEXED BY ix_donors_postal_code WHERE {filters} AND d.postal_code >= @from AND d.postal_code < @to";
            return Answer(
                counted: db.Connection.ExecuteScalar<long>($"SELECT count(*) FROM (SELECT 1 FROM {inRange} LIMIT @countLimit)", args, db.Transaction),
                narrowPage: $"SELECT {ListColumns} FROM {inRange} ORDER BY {orderBy} LIMIT @limit OFFSET @offset",
                broadPage: $"SELECT {ListColumns} FROM donors d WHERE {filters} AND +d.postal_code >= @from AND +d.postal_code < @to ORDER BY {orderBy} LIMIT @limit OFFSET @offset",
                exactCount: $"SELECT count(*) FROM {inRange}");
        }

        if (match is null)
        {
            var all = $"SELECT {ListColumns} FROM donors d WHERE {filters} ORDER BY {orderBy} LIMIT @limit OFFSET @offset";
            var everyone = db.Connection.ExecuteScalar<long>($"SELECT count(*) FROM donors d WHERE {filters}", args, db.Transaction);
            return ToPage(db.Connection.Query<DonorListItem>(all, args, db.Transaction).AsList(), page, everyone, totalIsLowerBound: false);
        }

        // CROSS JOIN fixes SQLite's join order. Narrow searches start from the full-text matches and sort them: at most a
        // thousand rows. A broad one collects the matching ids once and walks the organization's donors in the requested order
        // (the unary + keeps SQLite from looking the ids up one by one). Counting matches in the whole index is nearly free (no
        // donor rows read) and tells the two apart; the organization's own matches are then counted up to the limit.
        var fromMatches = $"donor_search s CROSS JOIN donors d ON d.id = s.rowid WHERE donor_search MATCH @match AND {filters}";
        var everywhere = db.Connection.ExecuteScalar<long>("SELECT count(*) FROM donor_search WHERE donor_search MATCH @match", args, db.Transaction);
        return Answer(
            counted: everywhere <= SearchCountLimit
                ? db.Connection.ExecuteScalar<long>($"SELECT count(*) FROM {fromMatches}", args, db.Transaction)
                : db.Connection.ExecuteScalar<long>($"SELECT count(*) FROM (SELECT 1 FROM {fromMatches} LIMIT @countLimit)", args, db.Transaction),
            narrowPage: $"SELECT {ListColumns} FROM {fromMatches} ORDER BY {orderBy} LIMIT @limit OFFSET @offset",
            broadPage: $"""
                SELECT {ListColumns} FROM donors d
                WHERE {filters} AND +d.id IN (SELECT rowid FROM donor_search WHERE donor_search MATCH @match)
                ORDER BY {orderBy} LIMIT @limit OFFSET @offset
                """,
            exactCount: $"SELECT count(*) FROM {fromMatches}");

        // Up to the limit the count is exact and the matches are few enough to sort; past it the page walks the donors in
        // order, and the total is "more than 1,000" unless the caller asked for every match to be counted.
        Paged<DonorListItem> Answer(long counted, string narrowPage, string broadPage, string exactCount)
        {
            var broad = counted > SearchCountLimit;
            var rows = db.Connection.Query<DonorListItem>(broad ? broadPage : narrowPage, args, db.Transaction).AsList();
            if (!broad)
                return ToPage(rows, page, counted, totalIsLowerBound: false);
            if (!query.ExactTotal)
                return ToPage(rows, page, SearchCountLimit, totalIsLowerBound: true);
            return ToPage(rows, page, db.Connection.ExecuteScalar<long>(exactCount, args, db.Transaction), totalIsLowerBound: false);
        }
    }

    private const string ListColumns = "d.id, d.kind, d.first_name, d.last_name, d.organization_name, d.email, d.city, d.postal_code, d.do_not_contact";

    // The page query reads one row past the page, so a list whose total is only a lower bound still knows whether a next page exists.
    private static Paged<DonorListItem> ToPage(List<DonorListItem> rows, PageRequest page, long total, bool totalIsLowerBound)
    {
        var hasNextPage = rows.Count > page.PageSize;
        if (hasNextPage)
            rows.RemoveAt(rows.Count - 1);
        return new Paged<DonorListItem>(rows, page.Page, page.PageSize, total) { TotalIsLowerBound = totalIsLowerBound, HasNextPage = hasNextPage };
    }

    public DonorGivingSummary GivingSummary(DbSession db, long organizationId, long donorId)
    {
        // The view applies the gifts' "counts" rule (GiftRules.CountedStatuses), which Donors, sitting below Gifts, cannot name.
        const string sql = """
            SELECT count(*) AS gift_count,
                   coalesce(sum(net_cents), 0) AS lifetime_cents,
                   min(received_on) AS first_gift_on,
                   max(received_on) AS last_gift_on,
                   coalesce(max(net_cents), 0) AS largest_gift_cents
            FROM report_counted_gifts
            WHERE organization_id = @organizationId AND donor_id = @donorId
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

    internal static string SortNameOf(DonorInput input) => input.Kind == DonorKind.Organization
        ? input.OrganizationName ?? ""
        : input.LastName is null ? input.FirstName ?? "" : input.FirstName is null ? input.LastName : $"{input.LastName}, {input.FirstName}";

    private static DateOnly? ParseDate(string? text) =>
        text is null ? null : DapperConfiguration.ParseDate(text);
}

/// <summary>Turns what someone types in the search box into a safe FTS5 prefix query, or a postal-code prefix.</summary>
public static class DonorSearchText
{
    /// <summary>"55407" or "55407-12" (digits, optionally one hyphen, nothing else) → that postal-code prefix; otherwise null.</summary>
    public static string? ToPostalCodePrefix(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || !char.IsAsciiDigit(trimmed[0]))
            return null;
        var hyphens = 0;
        foreach (var c in trimmed)
        {
            if (c == '-')
                hyphens++;
            else if (!char.IsAsciiDigit(c))
                return null;
        }
        return hyphens <= 1 ? trimmed : null;
    }

    /// <summary>The smallest text after every text starting with <paramref name="prefix"/> (ASCII digits and hyphen: the last character plus one).</summary>
    public static string NextPrefix(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

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
