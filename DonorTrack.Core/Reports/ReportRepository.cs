using System.Globalization;
using System.Text.Json;
using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Dues;

namespace DonorTrack.Core.Reports;

/// <summary>Reads the facts of a diversification report, aggregated in SQL. Revenue is the gift's donor only: soft credits are recognition, never revenue.</summary>
public sealed class ReportRepository
{
    // Counted gifts: money the organization kept. Voided, pending, failed and fully refunded gifts drop out here.
    // The same rule maintains report_rollups, report_month_totals and report_donor_years (migration 0007), which answer
    // for whole-month (and, for donors by year, whole calendar-year) periods; any other period reads gifts.
    private const string Counted = "status IN " + GiftRules.CountedStatusList + " AND amount_cents > refunded_cents";

    private readonly bool _rollups;

    public ReportRepository()
        : this(rollups: true)
    {
    }

    private ReportRepository(bool rollups) => _rollups = rollups;

    /// <summary>The same queries over gifts alone, never the rollups: the reference the rollups are checked against.</summary>
    public static ReportRepository GiftsOnly() => new(rollups: false);

    public IReadOnlyList<DonorCategoryCents> DonorCategoryTotals(DbSession db, long organizationId, ReportPeriod period)
    {
        const string sql = $"""
            SELECT donor_id, category, sum(amount_cents - refunded_cents) AS cents, count(*) AS gifts
            FROM gifts
            WHERE organization_id = @organizationId AND received_on >= @from AND received_on <= @to AND {Counted}
            GROUP BY donor_id, category
            """;
        return db.Connection.Query<(long DonorId, string Category, long Cents, long Gifts)>(sql, Args(organizationId, period), db.Transaction)
            .Select(r => new DonorCategoryCents(r.DonorId, r.Category, r.Cents, r.Gifts)).ToList();
    }

    public IReadOnlyList<GiftAmountCount> GiftAmounts(DbSession db, long organizationId, ReportPeriod period)
    {
        if (Months(period) is { } months)
        {
            const string rollup = """
                SELECT net_cents, sum(gift_count) AS gifts
                FROM report_amounts
                WHERE organization_id = @organizationId AND month >= @from AND month <= @to
                GROUP BY net_cents
                """;
            return db.Connection.Query<(long Cents, long Count)>(rollup, MonthArgs(organizationId, months), db.Transaction)
                .Select(r => new GiftAmountCount(r.Cents, r.Count)).ToList();
        }
        const string sql = $"""
            SELECT amount_cents - refunded_cents AS cents, count(*) AS gifts
            FROM gifts
            WHERE organization_id = @organizationId AND received_on >= @from AND received_on <= @to AND {Counted}
            GROUP BY amount_cents - refunded_cents
            """;
        return db.Connection.Query<(long Cents, long Count)>(sql, Args(organizationId, period), db.Transaction)
            .Select(r => new GiftAmountCount(r.Cents, r.Count)).ToList();
    }

    public IReadOnlyList<long> DonorIds(DbSession db, long organizationId, ReportPeriod period)
    {
        if (Months(period) is { } months)
        {
            const string rollup = """
                SELECT DISTINCT donor_id
                FROM report_rollups
                WHERE organization_id = @organizationId AND month >= @from AND month <= @to
                """;
            return db.Connection.Query<long>(rollup, MonthArgs(organizationId, months), db.Transaction).AsList();
        }
        const string sql = $"""
            SELECT DISTINCT donor_id
            FROM gifts
            WHERE organization_id = @organizationId AND received_on >= @from AND received_on <= @to AND {Counted}
            """;
        return db.Connection.Query<long>(sql, Args(organizationId, period), db.Transaction).AsList();
    }

    /// <summary>Each donor's first and last counted gift, last fiscal year's and lifetime net, up to the end of this fiscal year.</summary>
    public IReadOnlyList<DonorHistory> History(DbSession db, long organizationId, ReportPeriod thisYear, ReportPeriod lastYear)
    {
        if (Years(thisYear) is { } years && Years(lastYear) is { } lastYears)
        {
            const string byYear = """
                SELECT donor_id, min(first_on) AS first_gift_on, max(last_on) AS last_gift_on,
                       sum(CASE WHEN year >= @lastFrom AND year <= @lastTo THEN net_cents ELSE 0 END) AS last_year_cents,
                       sum(net_cents) AS lifetime_cents
                FROM report_donor_years
                WHERE organization_id = @organizationId AND year <= @until
                GROUP BY donor_id
                """;
            var yearArgs = new { organizationId, until = years.To, lastFrom = lastYears.From, lastTo = lastYears.To };
            return db.Connection.Query<(long DonorId, string First, string Last, long LastYear, long Lifetime)>(byYear, yearArgs, db.Transaction)
                .Select(r => new DonorHistory(r.DonorId, Date(r.First), Date(r.Last), r.LastYear, r.Lifetime)).ToList();
        }
        if (Months(thisYear) is { } months && Months(lastYear) is { } last)
        {
            // Primary-key order is donor first, so this groups as it scans, with no sort.
            const string rollup = """
                SELECT donor_id, min(first_on) AS first_gift_on, max(last_on) AS last_gift_on,
                       sum(CASE WHEN month >= @lastFrom AND month <= @lastTo THEN net_cents ELSE 0 END) AS last_year_cents,
                       sum(net_cents) AS lifetime_cents
                FROM report_rollups
                WHERE organization_id = @organizationId AND month <= @until
                GROUP BY donor_id
                """;
            var monthArgs = new { organizationId, until = months.To, lastFrom = last.From, lastTo = last.To };
            return db.Connection.Query<(long DonorId, string First, string Last, long LastYear, long Lifetime)>(rollup, monthArgs, db.Transaction)
                .Select(r => new DonorHistory(r.DonorId, Date(r.First), Date(r.Last), r.LastYear, r.Lifetime)).ToList();
        }
        const string sql = $"""
            SELECT donor_id, min(received_on) AS first_gift_on, max(received_on) AS last_gift_on,
                   sum(CASE WHEN received_on >= @lastFrom AND received_on <= @lastTo THEN amount_cents - refunded_cents ELSE 0 END) AS last_year_cents,
                   sum(amount_cents - refunded_cents) AS lifetime_cents
            FROM gifts
            WHERE organization_id = @organizationId AND received_on <= @until AND {Counted}
            GROUP BY donor_id
            """;
        var args = new { organizationId, until = thisYear.To, lastFrom = lastYear.From, lastTo = lastYear.To };
        return db.Connection.Query<(long DonorId, string First, string Last, long LastYear, long Lifetime)>(sql, args, db.Transaction)
            .Select(r => new DonorHistory(r.DonorId, Date(r.First), Date(r.Last), r.LastYear, r.Lifetime)).ToList();
    }

    /// <summary>Net revenue per fiscal year and category between two dates (whole fiscal years).</summary>
    public IReadOnlyList<YearCategoryCents> YearCategoryTotals(DbSession db, long organizationId, ReportPeriod years, FiscalCalendar calendar)
    {
        if (Months(years) is { } months)
        {
            const string rollup = """
                SELECT month, category, net_cents
                FROM report_month_totals
                WHERE organization_id = @organizationId AND month >= @from AND month <= @to
                """;
            return db.Connection.Query<(string Month, string Category, long Cents)>(rollup, MonthArgs(organizationId, months), db.Transaction)
                .GroupBy(r => (Year: calendar.YearStart(Month(r.Month)), r.Category))
                .Select(g => new YearCategoryCents(g.Key.Year, g.Key.Category, g.Sum(r => r.Cents))).ToList();
        }
        // Shifting a date back by (start month − 1) months lands it in the calendar year its fiscal year starts in.
        const string sql = $"""
            SELECT strftime('%Y', received_on, @shift) AS year, category, sum(amount_cents - refunded_cents) AS cents
            FROM gifts
            WHERE organization_id = @organizationId AND received_on >= @from AND received_on <= @to AND {Counted}
            GROUP BY 1, category
            """;
        return db.Connection.Query<(string Year, string Category, long Cents)>(sql, YearArgs(organizationId, years, calendar), db.Transaction)
            .Select(r => new YearCategoryCents(YearStart(r.Year, calendar), r.Category, r.Cents)).ToList();
    }

    /// <summary>Which donors gave in which fiscal year between two dates.</summary>
    public IReadOnlyList<DonorYear> DonorYears(DbSession db, long organizationId, ReportPeriod years, FiscalCalendar calendar)
    {
        if (calendar.StartMonth == 1 && Years(years) is { } calendarYears)
        {
            const string byYear = """
                SELECT donor_id, year
                FROM report_donor_years
                WHERE organization_id = @organizationId AND year >= @from AND year <= @to
                """;
            return db.Connection.Query<(long DonorId, string Year)>(byYear, MonthArgs(organizationId, calendarYears), db.Transaction)
                .Select(r => new DonorYear(r.DonorId, new DateOnly(int.Parse(r.Year, CultureInfo.InvariantCulture), 1, 1))).ToList();
        }
        if (Months(years) is { } months)
        {
            // The fiscal year of a month, as the calendar year it starts in; integer arithmetic rather than date functions per row.
            const string rollup = """
                SELECT DISTINCT donor_id, CAST(substr(month, 1, 4) AS INTEGER) - (CAST(substr(month, 6, 2) AS INTEGER) < @startMonth) AS year
                FROM report_rollups
                WHERE organization_id = @organizationId AND month >= @from AND month <= @to
                """;
            var monthArgs = new { organizationId, from = months.From, to = months.To, startMonth = (long)calendar.StartMonth };
            return db.Connection.Query<(long DonorId, long Year)>(rollup, monthArgs, db.Transaction)
                .Select(r => new DonorYear(r.DonorId, new DateOnly((int)r.Year, calendar.StartMonth, 1))).ToList();
        }
        const string sql = $"""
            SELECT DISTINCT donor_id, strftime('%Y', received_on, @shift) AS year
            FROM gifts
            WHERE organization_id = @organizationId AND received_on >= @from AND received_on <= @to AND {Counted}
            """;
        return db.Connection.Query<(long DonorId, string Year)>(sql, YearArgs(organizationId, years, calendar), db.Transaction)
            .Select(r => new DonorYear(r.DonorId, YearStart(r.Year, calendar))).ToList();
    }

    /// <summary>
    /// Each donor's giving up to the end of one fiscal year of the organization's own calendar, from report_donor_fiscal_years:
    /// one row per donor, read in key order; null when this repository reads gifts only.
    /// </summary>
    public IReadOnlyList<DonorGiving>? DonorFiscalYears(DbSession db, long organizationId, int fiscalYear)
    {
        if (!_rollups)
            return null;
        // Bit k of recent_years: the donor gave in fiscal year (fiscalYear - k), for the six years retention looks at.
        const string sql = """
            SELECT donor_id, min(first_on) AS first_gift_on, max(last_on) AS last_gift_on,
                   sum(CASE WHEN fiscal_year = @fiscalYear THEN net_cents ELSE 0 END) AS this_year_cents,
                   sum(CASE WHEN fiscal_year = @fiscalYear - 1 THEN net_cents ELSE 0 END) AS last_year_cents,
                   sum(net_cents) AS lifetime_cents,
                   sum(CASE WHEN fiscal_year > @fiscalYear - 6 THEN 1 << (@fiscalYear - fiscal_year) ELSE 0 END) AS recent_years
            FROM report_donor_fiscal_years
            WHERE organization_id = @organizationId AND fiscal_year <= @fiscalYear
            GROUP BY donor_id
            """;
        return db.Connection.Query<(long DonorId, string First, string Last, long ThisYear, long LastYear, long Lifetime, long Recent)>(
                sql, new { organizationId, fiscalYear = (long)fiscalYear }, db.Transaction)
            .Select(r => new DonorGiving(r.DonorId, Date(r.First), Date(r.Last), r.ThisYear, r.LastYear, r.Lifetime, (int)r.Recent))
            .ToList();
    }

    /// <summary>
    /// One fiscal year's donor flows and lapsed lists counted in SQL from this year's and last year's rows of report_donor_fiscal_years
    /// and report_donors (migration 0013); null when this repository reads gifts only, or when a donor gave after that year
    /// (report_donors is all time, so it answers only for the latest fiscal year).
    /// </summary>
    public FiscalYearDonors? CountedFiscalYear(DbSession db, long organizationId, int fiscalYear)
    {
        if (!_rollups)
            return null;
        const string latest = "SELECT max(last_fiscal_year) FROM report_donors WHERE organization_id = @organizationId";
        if (db.Connection.ExecuteScalar<long?>(latest, new { organizationId }, db.Transaction) > fiscalYear)
            return null;
        // One pass over this year's donors in donor order, each matched with last year's row in the same index: INDEXED BY, because
        // the planner would probe the primary key, which holds every year of every donor (a page read per donor instead of two short ranges).
        const string current = """
            SELECT count(*) AS Donors, count(l.donor_id) AS Retained,
                   coalesce(sum(l.donor_id IS NULL), 0) AS NotLastYear,
                   coalesce(sum(CASE WHEN l.donor_id IS NULL THEN t.net_cents ELSE 0 END), 0) AS NotLastYearCents,
                   coalesce(sum(t.net_cents > l.net_cents), 0) AS Upgraded,
                   coalesce(sum(CASE WHEN t.net_cents > l.net_cents THEN t.net_cents - l.net_cents ELSE 0 END), 0) AS UpgradedCents,
                   coalesce(sum(t.net_cents = l.net_cents), 0) AS Same,
                   coalesce(sum(t.net_cents < l.net_cents), 0) AS Downgraded,
                   coalesce(sum(CASE WHEN t.net_cents < l.net_cents THEN t.net_cents - l.net_cents ELSE 0 END), 0) AS DowngradedCents
            FROM report_donor_fiscal_years t INDEXED BY ix_report_donor_fiscal_years_year
            LEFT JOIN report_donor_fiscal_years l INDEXED BY ix_report_donor_fiscal_years_year
                ON l.organization_id = t.organization_id AND l.fiscal_year = @fiscalYear - 1 AND l.donor_id = t.donor_id
            WHERE t.organization_id = @organizationId AND t.fiscal_year = @fiscalYear
            """;
        // New donors are those whose first fiscal year this is (nobody gave after it); of last year's new donors, who gave again.
        const string firstYears = """
            SELECT (SELECT count(*) FROM report_donors WHERE organization_id = @organizationId AND first_fiscal_year = @fiscalYear),
                   (SELECT coalesce(sum(t.net_cents), 0)
                    FROM report_donors d
                    JOIN report_donor_fiscal_years t ON t.organization_id = d.organization_id AND t.donor_id = d.donor_id AND t.fiscal_year = @fiscalYear
                    WHERE d.organization_id = @organizationId AND d.first_fiscal_year = @fiscalYear),
                   (SELECT coalesce(sum(donors), 0) FROM report_fiscal_year_donors WHERE organization_id = @organizationId AND fiscal_year = @fiscalYear - 1),
                   (SELECT count(*) FROM report_donors WHERE organization_id = @organizationId AND first_fiscal_year = @fiscalYear - 1),
                   (SELECT count(*)
                    FROM report_donors d
                    JOIN report_donor_fiscal_years t ON t.organization_id = d.organization_id AND t.donor_id = d.donor_id AND t.fiscal_year = @fiscalYear
                    WHERE d.organization_id = @organizationId AND d.first_fiscal_year = @fiscalYear - 1)
            """;
        // LYBUNT: whose last gift fell in last year; SYBUNT: before it. Sorted as the calculator sorts what it derives from every donor's history.
        const string lybunt = """
            SELECT d.donor_id, d.last_on, l.net_cents, d.lifetime_cents
            FROM report_donors d
            JOIN report_donor_fiscal_years l INDEXED BY ix_report_donor_fiscal_years_year
                ON l.organization_id = d.organization_id AND l.fiscal_year = @fiscalYear - 1 AND l.donor_id = d.donor_id
            WHERE d.organization_id = @organizationId AND d.last_fiscal_year = @fiscalYear - 1
            ORDER BY l.net_cents DESC, d.donor_id
            """;
        const string sybunt = """
            SELECT donor_id, last_on, lifetime_cents
            FROM report_donors
            WHERE organization_id = @organizationId AND last_fiscal_year < @fiscalYear - 1
            ORDER BY lifetime_cents DESC, donor_id
            """;
        var args = new { organizationId, fiscalYear = (long)fiscalYear };
        var c = db.Connection.QuerySingle<CurrentFlows>(current, args, db.Transaction);
        var f = db.Connection.QuerySingle<(long New, long NewCents, long PriorDonors, long PriorNew, long RetainedNew)>(firstYears, args, db.Transaction);
        var lybuntRows = db.Connection.Query<(long DonorId, string Last, long LastYear, long Lifetime)>(lybunt, args, db.Transaction)
            .Select(r => new LapsedDonor(r.DonorId, Date(r.Last), r.LastYear, r.Lifetime)).ToList();
        var sybuntRows = db.Connection.Query<(long DonorId, string Last, long Lifetime)>(sybunt, args, db.Transaction)
            .Select(r => new LapsedDonor(r.DonorId, Date(r.Last), 0, r.Lifetime)).ToList();
        var flows = new DonorFlowCounts(
            c.Donors, f.PriorDonors, c.Retained, f.PriorNew, f.RetainedNew, f.New, f.NewCents, c.NotLastYear - f.New, c.NotLastYearCents - f.NewCents,
            c.Upgraded, c.UpgradedCents, c.Same, c.Downgraded, c.DowngradedCents, lybuntRows.Count, lybuntRows.Sum(d => d.LastFiscalYearCents));
        return new FiscalYearDonors(flows, lybuntRows, sybuntRows);
    }

    private sealed record CurrentFlows(
        long Donors, long Retained, long NotLastYear, long NotLastYearCents,
        long Upgraded, long UpgradedCents, long Same, long Downgraded, long DowngradedCents);

    /// <summary>The ten largest donors of one fiscal year of the organization's own calendar: a top-ten sort over that year's range of ix_report_donor_fiscal_years_year.</summary>
    public IReadOnlyList<DonorCents> TopDonors(DbSession db, long organizationId, int fiscalYear)
    {
        const string sql = """
            SELECT donor_id, net_cents
            FROM report_donor_fiscal_years
            WHERE organization_id = @organizationId AND fiscal_year = @fiscalYear
            ORDER BY net_cents DESC
            LIMIT 10
            """;
        return db.Connection.Query<(long DonorId, long Cents)>(sql, new { organizationId, fiscalYear = (long)fiscalYear }, db.Transaction)
            .Select(r => new DonorCents(r.DonorId, r.Cents)).ToList();
    }

    /// <summary>Retention into each of the five fiscal years ending with <paramref name="fiscalYear"/>, from report_fiscal_year_donors.</summary>
    public IReadOnlyList<YearRetention> FiscalYearRetention(DbSession db, long organizationId, FiscalCalendar calendar, int fiscalYear)
    {
        const string sql = """
            SELECT fiscal_year, donors, retained
            FROM report_fiscal_year_donors
            WHERE organization_id = @organizationId AND fiscal_year >= @fiscalYear - 5 AND fiscal_year <= @fiscalYear
            """;
        var years = db.Connection.Query<(long Year, long Donors, long Retained)>(sql, new { organizationId, fiscalYear = (long)fiscalYear }, db.Transaction)
            .ToDictionary(r => r.Year);
        return [.. Enumerable.Range(fiscalYear - 4, 5).Select(y => new YearRetention(
            new DateOnly(y, calendar.StartMonth, 1), years.GetValueOrDefault(y - 1).Donors, years.GetValueOrDefault(y).Retained))];
    }

    /// <summary>Net revenue to date of each campaign that has counted gifts.</summary>
    public IReadOnlyDictionary<long, long> CampaignRaised(DbSession db, long organizationId)
    {
        const string sql = $"""
            SELECT campaign_id, sum(amount_cents - refunded_cents) AS cents
            FROM gifts
            WHERE organization_id = @organizationId AND campaign_id IS NOT NULL AND {Counted}
            GROUP BY campaign_id
            """;
        return db.Connection.Query<(long CampaignId, long Cents)>(sql, new { organizationId }, db.Transaction)
            .ToDictionary(r => r.CampaignId, r => r.Cents);
    }

    /// <summary>Every membership term of the organization as stored, by id: one statement instead of one per term.</summary>
    public IReadOnlyDictionary<long, MembershipRow> MembershipTerms(DbSession db, long organizationId)
    {
        const string sql = """
            SELECT id, donor_id, plan_id, starts_on, tier_name, period_cents, auto_renew, stripe_subscription_id, opening_credit_cents,
                   previous_membership_id, term_reason, arrears_waived, cancelled_on, cancel_reason, paid_through, paid_periods, credit_cents, created_at
            FROM memberships
            WHERE organization_id = @organizationId
            """;
        return db.Connection.Query<MembershipRow>(sql, new { organizationId }, db.Transaction).ToDictionary(m => m.Id);
    }

    /// <summary>Every dues gift of the organization by membership term, oldest first, whatever its status (as MembershipRepository.PaymentsOf reads one term's).</summary>
    public ILookup<long, LinkedGiftRow> DuesPayments(DbSession db, long organizationId)
    {
        const string sql = """
            SELECT membership_id, id, received_on, amount_cents, refunded_cents, status, method
            FROM gifts
            WHERE organization_id = @organizationId AND membership_id IS NOT NULL
            ORDER BY received_on, id
            """;
        return db.Connection.Query<(long MembershipId, long Id, string ReceivedOn, long Amount, long Refunded, string Status, string Method)>(
                sql, new { organizationId }, db.Transaction)
            .ToLookup(r => r.MembershipId, r => new LinkedGiftRow(r.Id, Date(r.ReceivedOn), r.Amount, r.Refunded, DomainWords.Parse<GiftStatus>(r.Status), DomainWords.Parse<GiftMethod>(r.Method)));
    }

    /// <summary>Display names of the given donors of one organization.</summary>
    public IReadOnlyDictionary<long, FollowUpContact> FollowUpContacts(DbSession db, long organizationId, IReadOnlyCollection<long> donorIds)
    {
        // One JSON array parameter instead of IN lists: thousands of lapsed donors in one statement, not one per 500.
        const string sql = """
            SELECT id, kind, first_name, last_name, organization_name, do_not_contact, deceased
            FROM donors
            WHERE organization_id = @organizationId AND id IN (SELECT value FROM json_each(@ids))
            """;
        var contacts = new Dictionary<long, FollowUpContact>(donorIds.Count);
        if (donorIds.Count == 0)
            return contacts;
        var rows = db.Connection.Query<(long Id, string Kind, string? First, string? Last, string? Organization, bool DoNotContact, bool Deceased)>(
            sql, new { organizationId, ids = JsonSerializer.Serialize(donorIds) }, db.Transaction);
        foreach (var r in rows)
            contacts[r.Id] = new FollowUpContact(DonorNames.Display(DomainWords.Parse<DonorKind>(r.Kind), r.First, r.Last, r.Organization), r.DoNotContact || r.Deceased);
        return contacts;
    }

    /// <summary>The first and last 'yyyy-MM' of a period made of whole months, when the rollups may answer for it.</summary>
    private (string From, string To)? Months(ReportPeriod period) =>
        _rollups && period.From.Day == 1 && period.To.AddDays(1).Day == 1 && period.From <= period.To
            ? (period.From.ToString("yyyy-MM", CultureInfo.InvariantCulture), period.To.ToString("yyyy-MM", CultureInfo.InvariantCulture))
            : null;

    /// <summary>The first and last 'yyyy' of a period made of whole calendar years, when report_donor_years may answer for it.</summary>
    private (string From, string To)? Years(ReportPeriod period) =>
        _rollups && period.From.Month == 1 && period.From.Day == 1 && period.To.Month == 12 && period.To.Day == 31 && period.From <= period.To
            ? (period.From.Year.ToString("D4", CultureInfo.InvariantCulture), period.To.Year.ToString("D4", CultureInfo.InvariantCulture))
            : null;

    private static object MonthArgs(long organizationId, (string From, string To) months) => new { organizationId, from = months.From, to = months.To };

    private static DateOnly Month(string month) => DapperConfiguration.ParseDate(month + "-01");

    private static object Args(long organizationId, ReportPeriod period) => new { organizationId, from = period.From, to = period.To };

    private static object YearArgs(long organizationId, ReportPeriod years, FiscalCalendar calendar) =>
        new { organizationId, from = years.From, to = years.To, shift = $"-{calendar.StartMonth - 1} months" };

    private static DateOnly YearStart(string year, FiscalCalendar calendar) =>
        new(int.Parse(year, CultureInfo.InvariantCulture), calendar.StartMonth, 1);

    private static DateOnly Date(string text) => DapperConfiguration.ParseDate(text);

    /// <summary>Net revenue per calendar month and category from the monthly rollups, for whole months from <paramref name="firstMonth"/> through <paramref name="lastMonth"/>.</summary>
    public IReadOnlyList<MonthCategoryCents> MonthCategoryTotals(DbSession db, long organizationId, DateOnly firstMonth, DateOnly lastMonth)
    {
        const string sql = """
            SELECT month, category, net_cents
            FROM report_month_totals
            WHERE organization_id = @organizationId AND month >= @from AND month <= @to
            ORDER BY month, category
            """;
        var args = new
        {
            organizationId,
            from = firstMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            to = lastMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        };
        return db.Connection.Query<(string Month, string Category, long Cents)>(sql, args, db.Transaction)
            .Select(r => new MonthCategoryCents(Month(r.Month), r.Category, r.Cents)).ToList();
    }

    /// <summary>
    /// How many donors gave in the fiscal year before <paramref name="fiscalYear"/> and not since (LYBUNT), leaving out the
    /// deceased and those who asked not to be contacted, as the report's list does.
    /// </summary>
    public long LybuntCount(DbSession db, long organizationId, int fiscalYear)
    {
        const string sql = """
            SELECT count(*)
            FROM report_donors r
            JOIN donors d ON d.organization_id = r.organization_id AND d.id = r.donor_id
            WHERE r.organization_id = @organizationId AND r.last_fiscal_year = @lastYear AND d.do_not_contact = 0 AND d.deceased = 0
            """;
        return db.Connection.ExecuteScalar<long>(sql, new { organizationId, lastYear = fiscalYear - 1 }, db.Transaction);
    }
}
