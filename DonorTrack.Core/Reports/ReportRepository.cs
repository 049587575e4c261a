using System.Globalization;
using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;

namespace DonorTrack.Core.Reports;

/// <summary>Reads the facts of a diversification report, aggregated in SQL. Revenue is the gift's donor only: soft credits are recognition, never revenue.</summary>
public sealed class ReportRepository
{
    // Counted gifts: money the organization kept. Voided, pending, failed and fully refunded gifts drop out here.
    private const string Counted = "status IN ('completed', 'partially_refunded') AND amount_cents > refunded_cents";

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
        const string sql = $"""
            SELECT DISTINCT donor_id, strftime('%Y', received_on, @shift) AS year
            FROM gifts
            WHERE organization_id = @organizationId AND received_on >= @from AND received_on <= @to AND {Counted}
            """;
        return db.Connection.Query<(long DonorId, string Year)>(sql, YearArgs(organizationId, years, calendar), db.Transaction)
            .Select(r => new DonorYear(r.DonorId, YearStart(r.Year, calendar))).ToList();
    }

    /// <summary>Display names of the given donors of one organization.</summary>
    public IReadOnlyDictionary<long, string> DonorNames(DbSession db, long organizationId, IReadOnlyCollection<long> donorIds)
    {
        const string sql = """
            SELECT id, kind, first_name, last_name, organization_name
            FROM donors
            WHERE organization_id = @organizationId AND id IN @ids
            """;
        var names = new Dictionary<long, string>();
        foreach (var chunk in donorIds.Chunk(500))
        {
            var rows = db.Connection.Query<(long Id, string Kind, string? First, string? Last, string? Organization)>(
                sql, new { organizationId, ids = chunk }, db.Transaction);
            foreach (var r in rows)
                names[r.Id] = DonorKinds.DisplayName(r.Kind, r.First, r.Last, r.Organization);
        }
        return names;
    }

    private static object Args(long organizationId, ReportPeriod period) => new { organizationId, from = period.From, to = period.To };

    private static object YearArgs(long organizationId, ReportPeriod years, FiscalCalendar calendar) =>
        new { organizationId, from = years.From, to = years.To, shift = $"-{calendar.StartMonth - 1} months" };

    private static DateOnly YearStart(string year, FiscalCalendar calendar) =>
        new(int.Parse(year, CultureInfo.InvariantCulture), calendar.StartMonth, 1);

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
