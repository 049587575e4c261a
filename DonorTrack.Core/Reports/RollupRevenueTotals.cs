using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Grants;

namespace DonorTrack.Core.Reports;

/// <summary>
/// Counted revenue over a span from the monthly rollups (report_month_totals) for the whole months inside it, and from the
/// gifts only for the partial months at its ends: the last 12 months of a million gifts read a dozen rollup rows.
/// </summary>
public sealed class RollupRevenueTotals : IRevenueTotals
{
    private readonly GiftRevenueTotals _gifts = new();

    public long CountedCents(DbSession db, long organizationId, DateOnly from, DateOnly through)
    {
        if (through < from)
            return 0;
        var firstWholeMonth = from.Day == 1 ? from : new DateOnly(from.Year, from.Month, 1).AddMonths(1);
        var throughMonth = new DateOnly(through.Year, through.Month, 1);
        // The month of the last day counts whole only when that day ends it.
        var afterWholeMonths = through == throughMonth.AddMonths(1).AddDays(-1) ? throughMonth.AddMonths(1) : throughMonth;
        if (firstWholeMonth >= afterWholeMonths)
            return _gifts.CountedCents(db, organizationId, from, through);
        const string months = """
            SELECT coalesce(sum(net_cents), 0) FROM report_month_totals
            WHERE organization_id = @organizationId AND month >= @first AND month < @after
            """;
        var total = db.Connection.ExecuteScalar<long>(months,
            new { organizationId, first = firstWholeMonth.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
                  after = afterWholeMonths.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) }, db.Transaction);
        if (from < firstWholeMonth)
            total += _gifts.CountedCents(db, organizationId, from, firstWholeMonth.AddDays(-1));
        if (afterWholeMonths <= through)
            total += _gifts.CountedCents(db, organizationId, afterWholeMonths, through);
        return total;
    }
}
