using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Reports;

/// <summary>
/// A bulk write's report rollups, paid once per batch: <see cref="Suspend"/> turns the per-gift rollup triggers off inside the
/// caller's transaction, the caller inserts gifts (and may move gifts between donors, naming both with <see cref="TouchDonor"/>),
/// and <see cref="Complete"/> recomputes every rollup for the donor-months the batch touched, one grouped statement per table,
/// and turns the triggers back on. The database refuses to commit while the triggers are off (migration 0018).
/// </summary>
/// <remarks>
/// Touched keys are the (organization, donor, month) of the counted gifts inserted since <see cref="Suspend"/> (gift ids only
/// grow), plus every month a named donor has in <c>report_rollups</c> (its state before the batch) or in its counted gifts (after).
/// Donor-month buckets are recomputed from gifts through <c>ix_gifts_donor</c>; the per-donor year tables from those buckets;
/// the month totals move by the difference between the old and the new buckets, and the amount buckets by the inserted gifts
/// (a donor move changes neither), so no statement reads more than the touched donors' gifts. report_donors and
/// report_fiscal_year_donors follow report_donor_fiscal_years through their own triggers (migration 0013), one row per changed
/// donor and fiscal year.
/// </remarks>
public sealed class ReportRollupBatch
{
    private readonly DbSession _db;
    private readonly long _lastGiftIdBefore;
    private readonly HashSet<(long OrganizationId, long DonorId)> _donors = [];
    private bool _completed;

    private ReportRollupBatch(DbSession db, long lastGiftIdBefore)
    {
        _db = db;
        _lastGiftIdBefore = lastGiftIdBefore;
    }

    /// <summary>Turns the rollup triggers off for the rest of <paramref name="db"/>'s transaction, until <see cref="Complete"/>.</summary>
    public static ReportRollupBatch Suspend(DbSession db)
    {
        if (db.Transaction is null)
            throw new InvalidOperationException("A rollup batch needs a write transaction.");
        const string suspend = "UPDATE rollup_control SET suspended = 1 WHERE id = 1 AND suspended IS NULL";
        if (db.Connection.Execute(suspend, transaction: db.Transaction) != 1)
            throw new InvalidOperationException("Report rollups are already suspended in this transaction.");
        const string lastGift = "SELECT coalesce(max(id), 0) FROM gifts";
        return new ReportRollupBatch(db, db.Connection.ExecuteScalar<long>(lastGift, transaction: db.Transaction));
    }

    /// <summary>A donor whose existing gifts the batch moved (to it or away from it): all of its months are recomputed.</summary>
    public void TouchDonor(long organizationId, long donorId) => _donors.Add((organizationId, donorId));

    /// <summary>Recomputes the touched keys of every rollup table and turns the triggers back on.</summary>
    public void Complete()
    {
        if (_completed)
            throw new InvalidOperationException("This rollup batch is already complete.");
        var connection = _db.Connection;
        var transaction = _db.Transaction;
        void Run(string sql, object? args = null) => connection.Execute(sql, args, transaction);

        const string keys = """
            CREATE TEMP TABLE IF NOT EXISTS rollup_batch_keys (
                organization_id INTEGER NOT NULL,
                donor_id        INTEGER NOT NULL,
                month           TEXT NOT NULL,
                PRIMARY KEY (organization_id, donor_id, month)
            ) WITHOUT ROWID;
            CREATE TEMP TABLE IF NOT EXISTS rollup_batch_fiscal_years (
                organization_id INTEGER NOT NULL,
                donor_id        INTEGER NOT NULL,
                fiscal_year     INTEGER NOT NULL,
                net_cents       INTEGER,
                gift_count      INTEGER,
                first_on        TEXT,
                last_on         TEXT,
                PRIMARY KEY (organization_id, donor_id, fiscal_year)
            ) WITHOUT ROWID;
            DELETE FROM rollup_batch_keys;
            DELETE FROM rollup_batch_fiscal_years;
            """;
        Run(keys);

        const string insertedKeys = """
            INSERT OR IGNORE INTO rollup_batch_keys (organization_id, donor_id, month)
            SELECT organization_id, donor_id, month FROM report_counted_gifts WHERE id > @lastGiftIdBefore
            """;
        Run(insertedKeys, new { lastGiftIdBefore = _lastGiftIdBefore });
        const string donorKeys = """
            INSERT OR IGNORE INTO rollup_batch_keys (organization_id, donor_id, month)
            SELECT organization_id, donor_id, month FROM report_rollups WHERE organization_id = @organizationId AND donor_id = @donorId
            UNION
            SELECT organization_id, donor_id, month FROM report_counted_gifts WHERE organization_id = @organizationId AND donor_id = @donorId
            """;
        foreach (var (organizationId, donorId) in _donors)
            Run(donorKeys, new { organizationId, donorId });

        // Amount buckets: a donor move keeps every gift's organization, month and net, so only inserted gifts add to them.
        const string amounts = """
            INSERT INTO report_amounts (organization_id, month, net_cents, gift_count)
            SELECT organization_id, month, net_cents, count(*) FROM report_counted_gifts WHERE id > @lastGiftIdBefore
            GROUP BY organization_id, month, net_cents
            ON CONFLICT (organization_id, month, net_cents) DO UPDATE SET gift_count = gift_count + excluded.gift_count
            """;
        Run(amounts, new { lastGiftIdBefore = _lastGiftIdBefore });

        // Donor-month buckets: take the old ones out of the month totals, recompute them from gifts, add the new ones back.
        const string monthTotalsMove = """
            INSERT INTO report_month_totals (organization_id, month, category, net_cents, gift_count)
            SELECT r.organization_id, r.month, r.category, @sign * sum(r.net_cents), @sign * sum(r.gift_count)
            FROM rollup_batch_keys k
            JOIN report_rollups r ON r.organization_id = k.organization_id AND r.donor_id = k.donor_id AND r.month = k.month
            GROUP BY r.organization_id, r.month, r.category
            ON CONFLICT (organization_id, month, category) DO UPDATE SET
                net_cents = net_cents + excluded.net_cents,
                gift_count = gift_count + excluded.gift_count
            """;
        Run(monthTotalsMove, new { sign = -1 });
        const string donorMonths = """
            DELETE FROM report_rollups
            WHERE (organization_id, donor_id, month) IN (SELECT organization_id, donor_id, month FROM rollup_batch_keys);
            INSERT INTO report_rollups (organization_id, donor_id, month, category, net_cents, gift_count, first_on, last_on)
            SELECT g.organization_id, g.donor_id, g.month, g.category, sum(g.net_cents), count(*), min(g.received_on), max(g.received_on)
            FROM rollup_batch_keys k
            JOIN report_counted_gifts g ON g.organization_id = k.organization_id AND g.donor_id = k.donor_id
                AND g.received_on >= k.month || '-01' AND g.received_on <= k.month || '-31'
            GROUP BY g.organization_id, g.donor_id, g.month, g.category;
            """;
        Run(donorMonths);
        Run(monthTotalsMove, new { sign = 1 });
        const string emptyMonthTotals = """
            DELETE FROM report_month_totals
            WHERE gift_count = 0 AND (organization_id, month) IN (SELECT DISTINCT organization_id, month FROM rollup_batch_keys)
            """;
        Run(emptyMonthTotals);

        // Calendar years of the touched donors, re-summed from their (already recomputed) month buckets.
        const string donorYears = """
            DELETE FROM report_donor_years
            WHERE (organization_id, donor_id, year) IN (SELECT DISTINCT organization_id, donor_id, substr(month, 1, 4) FROM rollup_batch_keys);
            INSERT INTO report_donor_years (organization_id, donor_id, year, net_cents, gift_count, first_on, last_on)
            SELECT r.organization_id, r.donor_id, substr(r.month, 1, 4), sum(r.net_cents), sum(r.gift_count), min(r.first_on), max(r.last_on)
            FROM (SELECT DISTINCT organization_id, donor_id, substr(month, 1, 4) AS year FROM rollup_batch_keys) k
            JOIN report_rollups r ON r.organization_id = k.organization_id AND r.donor_id = k.donor_id
                AND r.month >= k.year || '-01' AND r.month <= k.year || '-12'
            GROUP BY r.organization_id, r.donor_id, substr(r.month, 1, 4);
            """;
        Run(donorYears);

        // Fiscal years: computed aside first, so that only rows that really change are written and fire migration 0013's
        // triggers (report_donors, report_fiscal_year_donors) once each.
        const string fiscalYears = """
            INSERT INTO rollup_batch_fiscal_years (organization_id, donor_id, fiscal_year)
            SELECT DISTINCT k.organization_id, k.donor_id,
                   CAST(substr(k.month, 1, 4) AS INTEGER) - (CAST(substr(k.month, 6, 2) AS INTEGER) < o.fiscal_year_start_month)
            FROM rollup_batch_keys k JOIN organizations o ON o.id = k.organization_id;
            UPDATE rollup_batch_fiscal_years AS f SET net_cents = s.net_cents, gift_count = s.gift_count, first_on = s.first_on, last_on = s.last_on
            FROM (
                SELECT t.organization_id, t.donor_id, t.fiscal_year,
                       sum(r.net_cents) AS net_cents, sum(r.gift_count) AS gift_count, min(r.first_on) AS first_on, max(r.last_on) AS last_on
                FROM rollup_batch_fiscal_years t
                JOIN organizations o ON o.id = t.organization_id
                JOIN report_rollups r ON r.organization_id = t.organization_id AND r.donor_id = t.donor_id
                    AND r.month >= printf('%04d-%02d', t.fiscal_year, o.fiscal_year_start_month)
                    AND r.month < printf('%04d-%02d', t.fiscal_year + 1, o.fiscal_year_start_month)
                GROUP BY t.organization_id, t.donor_id, t.fiscal_year
            ) AS s
            WHERE f.organization_id = s.organization_id AND f.donor_id = s.donor_id AND f.fiscal_year = s.fiscal_year;
            DELETE FROM report_donor_fiscal_years
            WHERE (organization_id, donor_id, fiscal_year) IN
                  (SELECT organization_id, donor_id, fiscal_year FROM rollup_batch_fiscal_years WHERE gift_count IS NULL);
            INSERT INTO report_donor_fiscal_years (organization_id, donor_id, fiscal_year, net_cents, gift_count, first_on, last_on)
            SELECT organization_id, donor_id, fiscal_year, net_cents, gift_count, first_on, last_on
            FROM rollup_batch_fiscal_years WHERE gift_count IS NOT NULL
            ON CONFLICT (organization_id, donor_id, fiscal_year) DO UPDATE SET
                net_cents = excluded.net_cents, gift_count = excluded.gift_count, first_on = excluded.first_on, last_on = excluded.last_on
            WHERE net_cents IS NOT excluded.net_cents OR gift_count IS NOT excluded.gift_count
               OR first_on IS NOT excluded.first_on OR last_on IS NOT excluded.last_on;
            """;
        Run(fiscalYears);

        const string resume = """
            DELETE FROM rollup_batch_keys;
            DELETE FROM rollup_batch_fiscal_years;
            UPDATE rollup_control SET suspended = NULL WHERE id = 1;
            """;
        Run(resume);
        _completed = true;
    }
}
