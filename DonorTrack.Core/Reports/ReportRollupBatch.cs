using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Reports;

/// <summary>
/// A bulk write's report rollups, paid once per batch: <see cref="Suspend"/> turns the rollup triggers off inside the caller's
/// transaction, the caller inserts gifts (and may move gifts between donors, naming both with <see cref="TouchDonor"/>), and
/// <see cref="Complete"/> brings every rollup table up to date with a few set-based statements and turns the triggers back on.
/// The database refuses to commit while the triggers are off (migration 0018).
/// </summary>
/// <remarks>
/// Inserted gifts only add to their buckets, so they are grouped once (per donor, month and category, from the gifts inserted
/// since <see cref="Suspend"/>: gift ids only grow) and that grouping is added to every rollup: sums add, first and last dates take
/// the min and max, exactly as the per-gift insert triggers do, without re-summing anything already there. A donor named with
/// <see cref="TouchDonor"/> lost or gained existing gifts, which can move its first and last dates, so all of its buckets are
/// recomputed from its gifts (through <c>ix_gifts_donor</c>) and its years from those buckets; the month totals move by the
/// difference between its old and new buckets. report_donors and report_fiscal_year_donors, which migration 0013's triggers keep
/// while the rollups run (suspended with them, migration 0024), are brought up to date here for the touched donors: each donor
/// re-summed from its fiscal years, each fiscal year's donor and retained counts moved by the difference between the touched
/// donors' years before and after the batch.
/// </remarks>
public sealed class ReportRollupBatch
{
    private readonly DbSession _db;
    private readonly long _lastGiftIdBefore;
    private readonly HashSet<(long OrganizationId, long DonorId)> _movedDonors = [];
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

    /// <summary>A donor whose existing gifts the batch moved (to it or away from it): all of its buckets are recomputed.</summary>
    public void TouchDonor(long organizationId, long donorId) => _movedDonors.Add((organizationId, donorId));

    /// <summary>Brings every rollup table up to date for the batch and turns the triggers back on.</summary>
    public void Complete()
    {
        if (_completed)
            throw new InvalidOperationException("This rollup batch is already complete.");
        var connection = _db.Connection;
        var transaction = _db.Transaction;
        void Run(string sql, object? args = null) => connection.Execute(sql, args, transaction);
        var inserted = new { lastGiftIdBefore = _lastGiftIdBefore };

        const string scratch = """
            CREATE TEMP TABLE IF NOT EXISTS rollup_batch_moved (
                organization_id INTEGER NOT NULL, donor_id INTEGER NOT NULL, PRIMARY KEY (organization_id, donor_id)
            ) WITHOUT ROWID;
            CREATE TEMP TABLE IF NOT EXISTS rollup_batch_donors (
                organization_id INTEGER NOT NULL, donor_id INTEGER NOT NULL, PRIMARY KEY (organization_id, donor_id)
            ) WITHOUT ROWID;
            CREATE TEMP TABLE IF NOT EXISTS rollup_batch_added (
                organization_id INTEGER NOT NULL,
                donor_id        INTEGER NOT NULL,
                month           TEXT NOT NULL,
                category        TEXT NOT NULL,
                net_cents       INTEGER NOT NULL,
                gift_count      INTEGER NOT NULL,
                first_on        TEXT NOT NULL,
                last_on         TEXT NOT NULL,
                PRIMARY KEY (organization_id, donor_id, month, category)
            ) WITHOUT ROWID;
            CREATE TEMP TABLE IF NOT EXISTS rollup_batch_years_before (
                organization_id INTEGER NOT NULL, donor_id INTEGER NOT NULL, fiscal_year INTEGER NOT NULL,
                PRIMARY KEY (organization_id, donor_id, fiscal_year)
            ) WITHOUT ROWID;
            CREATE TEMP TABLE IF NOT EXISTS rollup_batch_years_after (
                organization_id INTEGER NOT NULL, donor_id INTEGER NOT NULL, fiscal_year INTEGER NOT NULL,
                PRIMARY KEY (organization_id, donor_id, fiscal_year)
            ) WITHOUT ROWID;
            """;
        Run(scratch);
        ClearScratch(Run);

        const string moved = "INSERT OR IGNORE INTO rollup_batch_moved (organization_id, donor_id) VALUES (@organizationId, @donorId)";
        foreach (var (organizationId, donorId) in _movedDonors)
            Run(moved, new { organizationId, donorId });

        // The inserted gifts grouped once; a moved donor's are left to its recomputation, which reads all of its gifts.
        const string added = """
            INSERT INTO rollup_batch_added (organization_id, donor_id, month, category, net_cents, gift_count, first_on, last_on)
            SELECT organization_id, donor_id, month, category, sum(net_cents), count(*), min(received_on), max(received_on)
            FROM report_counted_gifts WHERE id > @lastGiftIdBefore
            GROUP BY organization_id, donor_id, month, category;
            DELETE FROM rollup_batch_added WHERE (organization_id, donor_id) IN (SELECT organization_id, donor_id FROM rollup_batch_moved);
            INSERT INTO rollup_batch_donors (organization_id, donor_id) SELECT DISTINCT organization_id, donor_id FROM rollup_batch_added;
            INSERT OR IGNORE INTO rollup_batch_donors (organization_id, donor_id) SELECT organization_id, donor_id FROM rollup_batch_moved;
            INSERT INTO rollup_batch_years_before (organization_id, donor_id, fiscal_year)
            SELECT y.organization_id, y.donor_id, y.fiscal_year
            FROM rollup_batch_donors d
            JOIN report_donor_fiscal_years y ON y.organization_id = d.organization_id AND y.donor_id = d.donor_id;
            """;
        Run(added, inserted);

        // Amount buckets: a donor move keeps every gift's organization, month and net, so only inserted gifts add to them.
        const string amounts = """
            INSERT INTO report_amounts (organization_id, month, net_cents, gift_count)
            SELECT organization_id, month, net_cents, count(*) FROM report_counted_gifts WHERE id > @lastGiftIdBefore
            GROUP BY organization_id, month, net_cents
            ON CONFLICT (organization_id, month, net_cents) DO UPDATE SET gift_count = gift_count + excluded.gift_count
            """;
        Run(amounts, inserted);

        const string addToRollups = """
            INSERT INTO report_rollups (organization_id, donor_id, month, category, net_cents, gift_count, first_on, last_on)
            SELECT organization_id, donor_id, month, category, net_cents, gift_count, first_on, last_on FROM rollup_batch_added WHERE true
            ON CONFLICT (organization_id, donor_id, month, category) DO UPDATE SET
                net_cents = net_cents + excluded.net_cents,
                gift_count = gift_count + excluded.gift_count,
                first_on = min(first_on, excluded.first_on),
                last_on = max(last_on, excluded.last_on);
            INSERT INTO report_month_totals (organization_id, month, category, net_cents, gift_count)
            SELECT organization_id, month, category, sum(net_cents), sum(gift_count) FROM rollup_batch_added WHERE true
            GROUP BY organization_id, month, category
            ON CONFLICT (organization_id, month, category) DO UPDATE SET
                net_cents = net_cents + excluded.net_cents,
                gift_count = gift_count + excluded.gift_count;
            INSERT INTO report_donor_years (organization_id, donor_id, year, net_cents, gift_count, first_on, last_on)
            SELECT organization_id, donor_id, substr(month, 1, 4), sum(net_cents), sum(gift_count), min(first_on), max(last_on)
            FROM rollup_batch_added WHERE true
            GROUP BY organization_id, donor_id, substr(month, 1, 4)
            ON CONFLICT (organization_id, donor_id, year) DO UPDATE SET
                net_cents = net_cents + excluded.net_cents,
                gift_count = gift_count + excluded.gift_count,
                first_on = min(first_on, excluded.first_on),
                last_on = max(last_on, excluded.last_on);
            INSERT INTO report_donor_fiscal_years (organization_id, donor_id, fiscal_year, net_cents, gift_count, first_on, last_on)
            SELECT a.organization_id, a.donor_id,
                   CAST(substr(a.month, 1, 4) AS INTEGER) - (CAST(substr(a.month, 6, 2) AS INTEGER) < o.fiscal_year_start_month),
                   sum(a.net_cents), sum(a.gift_count), min(a.first_on), max(a.last_on)
            FROM rollup_batch_added a JOIN organizations o ON o.id = a.organization_id
            WHERE true
            GROUP BY 1, 2, 3
            ON CONFLICT (organization_id, donor_id, fiscal_year) DO UPDATE SET
                net_cents = net_cents + excluded.net_cents,
                gift_count = gift_count + excluded.gift_count,
                first_on = min(first_on, excluded.first_on),
                last_on = max(last_on, excluded.last_on);
            """;
        Run(addToRollups);

        if (_movedDonors.Count > 0)
        {
            // A moved donor's buckets: taken out of the month totals, recomputed from its gifts, added back; its years re-summed.
            const string monthTotalsMove = """
                INSERT INTO report_month_totals (organization_id, month, category, net_cents, gift_count)
                SELECT r.organization_id, r.month, r.category, @sign * sum(r.net_cents), @sign * sum(r.gift_count)
                FROM rollup_batch_moved m
                JOIN report_rollups r ON r.organization_id = m.organization_id AND r.donor_id = m.donor_id
                WHERE true
                GROUP BY r.organization_id, r.month, r.category
                ON CONFLICT (organization_id, month, category) DO UPDATE SET
                    net_cents = net_cents + excluded.net_cents,
                    gift_count = gift_count + excluded.gift_count
                """;
            Run(monthTotalsMove, new { sign = -1 });
            const string recompute = """
                DELETE FROM report_rollups WHERE (organization_id, donor_id) IN (SELECT organization_id, donor_id FROM rollup_batch_moved);
                INSERT INTO report_rollups (organization_id, donor_id, month, category, net_cents, gift_count, first_on, last_on)
                SELECT g.organization_id, g.donor_id, g.month, g.category, sum(g.net_cents), count(*), min(g.received_on), max(g.received_on)
                FROM rollup_batch_moved m
                JOIN report_counted_gifts g ON g.organization_id = m.organization_id AND g.donor_id = m.donor_id
                GROUP BY g.organization_id, g.donor_id, g.month, g.category;
                """;
            Run(recompute);
            Run(monthTotalsMove, new { sign = 1 });
            const string years = """
                DELETE FROM report_month_totals
                WHERE gift_count = 0 AND organization_id IN (SELECT DISTINCT organization_id FROM rollup_batch_moved);
                DELETE FROM report_donor_years WHERE (organization_id, donor_id) IN (SELECT organization_id, donor_id FROM rollup_batch_moved);
                INSERT INTO report_donor_years (organization_id, donor_id, year, net_cents, gift_count, first_on, last_on)
                SELECT r.organization_id, r.donor_id, substr(r.month, 1, 4), sum(r.net_cents), sum(r.gift_count), min(r.first_on), max(r.last_on)
                FROM rollup_batch_moved m
                JOIN report_rollups r ON r.organization_id = m.organization_id AND r.donor_id = m.donor_id
                GROUP BY r.organization_id, r.donor_id, substr(r.month, 1, 4);
                DELETE FROM report_donor_fiscal_years WHERE (organization_id, donor_id) IN (SELECT organization_id, donor_id FROM rollup_batch_moved);
                INSERT INTO report_donor_fiscal_years (organization_id, donor_id, fiscal_year, net_cents, gift_count, first_on, last_on)
                SELECT r.organization_id, r.donor_id,
                       CAST(substr(r.month, 1, 4) AS INTEGER) - (CAST(substr(r.month, 6, 2) AS INTEGER) < o.fiscal_year_start_month),
                       sum(r.net_cents), sum(r.gift_count), min(r.first_on), max(r.last_on)
                FROM rollup_batch_moved m
                JOIN organizations o ON o.id = m.organization_id
                JOIN report_rollups r ON r.organization_id = m.organization_id AND r.donor_id = m.donor_id
                GROUP BY 1, 2, 3;
                """;
            Run(years);
        }

        // What migration 0013's triggers would have done, once per touched donor and once per fiscal year.
        const string donorsAndYears = """
            INSERT INTO rollup_batch_years_after (organization_id, donor_id, fiscal_year)
            SELECT y.organization_id, y.donor_id, y.fiscal_year
            FROM rollup_batch_donors d
            JOIN report_donor_fiscal_years y ON y.organization_id = d.organization_id AND y.donor_id = d.donor_id;
            DELETE FROM report_donors WHERE (organization_id, donor_id) IN (SELECT organization_id, donor_id FROM rollup_batch_donors);
            INSERT INTO report_donors (organization_id, donor_id, first_on, first_fiscal_year, last_on, last_fiscal_year, lifetime_cents)
            SELECT y.organization_id, y.donor_id, min(y.first_on), min(y.fiscal_year), max(y.last_on), max(y.fiscal_year), sum(y.net_cents)
            FROM rollup_batch_donors d
            JOIN report_donor_fiscal_years y ON y.organization_id = d.organization_id AND y.donor_id = d.donor_id
            GROUP BY y.organization_id, y.donor_id;
            INSERT INTO report_fiscal_year_donors (organization_id, fiscal_year, donors, retained)
            SELECT organization_id, fiscal_year, sum(donors), sum(retained)
            FROM (
                SELECT a.organization_id, a.fiscal_year, 1 AS donors,
                       EXISTS (SELECT 1 FROM rollup_batch_years_after p
                               WHERE p.organization_id = a.organization_id AND p.donor_id = a.donor_id AND p.fiscal_year = a.fiscal_year - 1) AS retained
                FROM rollup_batch_years_after a
                UNION ALL
                SELECT b.organization_id, b.fiscal_year, -1,
                       -EXISTS (SELECT 1 FROM rollup_batch_years_before p
                                WHERE p.organization_id = b.organization_id AND p.donor_id = b.donor_id AND p.fiscal_year = b.fiscal_year - 1)
                FROM rollup_batch_years_before b
            )
            WHERE true
            GROUP BY organization_id, fiscal_year
            HAVING sum(donors) <> 0 OR sum(retained) <> 0
            ON CONFLICT (organization_id, fiscal_year) DO UPDATE SET
                donors = donors + excluded.donors,
                retained = retained + excluded.retained;
            DELETE FROM report_fiscal_year_donors
            WHERE donors = 0 AND organization_id IN (SELECT DISTINCT organization_id FROM rollup_batch_donors);
            """;
        Run(donorsAndYears);

        ClearScratch(Run);
        Run("UPDATE rollup_control SET suspended = NULL WHERE id = 1");
        _completed = true;
    }

    private static void ClearScratch(Action<string, object?> run) => run("""
        DELETE FROM rollup_batch_moved;
        DELETE FROM rollup_batch_donors;
        DELETE FROM rollup_batch_added;
        DELETE FROM rollup_batch_years_before;
        DELETE FROM rollup_batch_years_after;
        """, null);
}
