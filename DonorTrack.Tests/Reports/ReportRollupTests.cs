using System.Text;
using System.Globalization;
using DonorTrack.Core.Pdf;

namespace DonorTrack.Tests.Reports;

public sealed class ReportRollupTests
{
    private const string Counted = "status IN ('completed', 'partially_refunded') AND amount_cents > refunded_cents";

    private TestDatabase _db = null!;
    private Actor _admin = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase(new DateTimeOffset(2026, 11, 20, 15, 0, 0, TimeSpan.Zero));
        _admin = _db.NewOrganization();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [TestCase(7, 1)]
    [TestCase(2026, 1)]
    [TestCase(11, 7)]
    [TestCase(12, 4)]
    public void AfterRandomInsertsVoidsAndRefunds_RollupsEqualARecomputation_AndTheReportIsUnchanged(int seed, int fiscalYearStart)
    {
        var random = new Random(seed);
        Execute("UPDATE organizations SET fiscal_year_start_month = @fiscalYearStart WHERE id = @id", new { fiscalYearStart, id = _admin.OrganizationId });
        var other = _db.NewOrganization("Other Union");
        var donors = Enumerable.Range(0, 12).Select(i => _db.Seed.Donor(_admin, last: $"Donor {i}")).ToList();
        var otherDonor = _db.Seed.Donor(other, last: "Elsewhere");
        var gifts = new List<long>();
        string[] categories = ["individual", "membership_dues", "foundation", "events", "matching"];
        for (var step = 0; step < 400; step++)
        {
            var roll = random.Next(100);
            if (gifts.Count < 5 || roll < 50)
            {
                var on = new DateOnly(2021, 1, 1).AddDays(random.Next(2145));
                gifts.Add(_db.Seed.Gift(_admin, donors[random.Next(donors.Count)], random.Next(1, 40) * 500, on: on, category: DomainWords.Parse<GiftCategory>(categories[random.Next(categories.Length)]), status: random.Next(10) == 0 ? GiftStatus.Pending : null));
                if (random.Next(10) == 0)
                    _db.Seed.Gift(other, otherDonor, 2500, on: on);
                continue;
            }
            var gift = gifts[random.Next(gifts.Count)];
            var (amount, refunded, status) = State(gift);
            if (status == "voided")
                continue;
            if (roll < 62)
                _db.Get<GiftService>().Void(_admin, gift, new VoidGiftInput("Entered twice"));
            else if (roll < 80 && refunded < amount - 1)
                Execute("UPDATE gifts SET refunded_cents = @cents, status = 'partially_refunded' WHERE id = @gift", new { gift, cents = refunded + random.Next(1, (int)(amount - refunded)) });
            else if (roll < 88)
                Execute("UPDATE gifts SET refunded_cents = amount_cents, status = 'refunded' WHERE id = @gift", new { gift });
            else if (roll < 92)
                Execute("UPDATE gifts SET status = 'completed' WHERE id = @gift AND status = 'pending'", new { gift });
            else if (roll < 95)
                Execute("UPDATE gifts SET category = @category WHERE id = @gift", new { gift, category = categories[random.Next(categories.Length)] });
            else if (roll < 98)
                Execute("UPDATE gifts SET received_on = @on WHERE id = @gift", new { gift, on = new DateOnly(2021, 1, 1).AddDays(random.Next(2145)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
            else
                Execute("UPDATE gifts SET donor_id = @donor WHERE id = @gift", new { gift, donor = donors[random.Next(donors.Count)] });
        }

        AssertRollupsMatchGifts(_db);
        AssertLatestYearCountedInSqlMatches(fiscalYearStart);
        var thisYear = new FiscalCalendar(fiscalYearStart).YearOf(new DateOnly(2026, 6, 15));
        AssertReportsMatch(_db, _admin, new ReportPeriodInput(thisYear.From, thisYear.To));
        AssertReportsMatch(_db, _admin, new ReportPeriodInput(thisYear.From.AddYears(-1), thisYear.To.AddYears(-1)));
        AssertReportsMatch(_db, _admin, new ReportPeriodInput(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)));
        AssertReportsMatch(_db, _admin, new ReportPeriodInput(new DateOnly(2024, 7, 1), new DateOnly(2025, 3, 31)));
        AssertReportsMatch(_db, _admin, new ReportPeriodInput(new DateOnly(2025, 2, 14), new DateOnly(2025, 9, 3)));
        AssertReportsMatch(_db, _admin, new ReportPeriodInput(new DateOnly(2023, 12, 31), new DateOnly(2025, 1, 1)));
        var moved = fiscalYearStart == 7 ? 10 : 7;
        Execute("UPDATE organizations SET fiscal_year_start_month = @moved WHERE id = @id", new { moved, id = _admin.OrganizationId });
        AssertRollupsMatchGifts(_db);
        AssertLatestYearCountedInSqlMatches(moved);
        var movedYear = new FiscalCalendar(moved).YearOf(new DateOnly(2026, 6, 15));
        AssertReportsMatch(_db, _admin, new ReportPeriodInput(movedYear.From, movedYear.To));
        AssertReportsMatch(_db, _admin, new ReportPeriodInput(new DateOnly(2025, 7, 1), new DateOnly(2026, 6, 30)));
    }

    /// <summary>
    /// The bulk path (triggers suspended, one grouped recomputation per batch) interleaved with the per-gift trigger path and
    /// with donor merges: batches of mixed statuses, voids, refunds, corrections and donor moves between them.
    /// </summary>
    [TestCase(3, 1)]
    [TestCase(19, 7)]
    [TestCase(2027, 10)]
    public void AfterRandomBulkBatchesMixedWithVoidsRefundsAndMerges_RollupsEqualARecomputation_AndTheReportIsUnchanged(int seed, int fiscalYearStart)
    {
        var random = new Random(seed);
        Execute("UPDATE organizations SET fiscal_year_start_month = @fiscalYearStart WHERE id = @id", new { fiscalYearStart, id = _admin.OrganizationId });
        var other = _db.NewOrganization("Other Union");
        var donors = Enumerable.Range(0, 16).Select(i => _db.Seed.Donor(_admin, last: $"Donor {i}")).ToList();
        var otherDonor = _db.Seed.Donor(other, last: "Elsewhere");
        var gifts = new List<long>();
        string[] categories = ["individual", "membership_dues", "foundation", "events", "matching"];
        string[] statuses = ["completed", "completed", "completed", "partially_refunded", "pending", "failed"];
        var merges = 0;
        for (var step = 0; step < 90; step++)
        {
            var roll = random.Next(100);
            if (gifts.Count < 5 || roll < 40)
            {
                using var db = _db.Connections.BeginTransaction();
                var rollups = ReportRollupBatch.Suspend(db);
                using (var writer = new GiftBulkWriter(db))
                {
                    for (var n = random.Next(1, 40); n > 0; n--)
                    {
                        var elsewhere = random.Next(8) == 0;
                        var input = new GiftInput
                        {
                            DonorId = elsewhere ? otherDonor : donors[random.Next(donors.Count)], AmountCents = random.Next(1, 40) * 500,
                            ReceivedOn = new DateOnly(2021, 1, 1).AddDays(random.Next(2145)), Method = GiftMethod.Check,
                            Category = DomainWords.Parse<GiftCategory>(categories[random.Next(categories.Length)]), Status = DomainWords.Parse<GiftStatus>(statuses[random.Next(statuses.Length)]),
                        };
                        var id = writer.Insert(elsewhere ? other.OrganizationId : _admin.OrganizationId, input, "USD", "test", _db.Clock.GetUtcNow());
                        if (!elsewhere)
                            gifts.Add(id);
                    }
                }
                rollups.Complete();
                db.Commit();
                continue;
            }
            if (roll < 50 && donors.Count > 4)
            {
                var survivor = donors[random.Next(donors.Count)];
                var duplicate = donors.Where(d => d != survivor).ElementAt(random.Next(donors.Count - 1));
                _db.Get<DonorMergeService>().Merge(_admin, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });
                donors.Remove(duplicate);
                merges++;
                continue;
            }
            var gift = gifts[random.Next(gifts.Count)];
            var (amount, refunded, status) = State(gift);
            if (status == "voided")
                continue;
            if (roll < 62)
                Execute("UPDATE gifts SET status = 'voided', voided_at = '2026-11-20T15:00:00+00:00', void_reason = 'Entered twice' WHERE id = @gift", new { gift });
            else if (roll < 76 && refunded < amount - 1)
                Execute("UPDATE gifts SET refunded_cents = @cents, status = 'partially_refunded' WHERE id = @gift", new { gift, cents = refunded + random.Next(1, (int)(amount - refunded)) });
            else if (roll < 84)
                Execute("UPDATE gifts SET refunded_cents = amount_cents, status = 'refunded' WHERE id = @gift", new { gift });
            else if (roll < 88)
                Execute("UPDATE gifts SET status = 'completed' WHERE id = @gift AND status IN ('pending', 'failed')", new { gift });
            else if (roll < 92)
                Execute("UPDATE gifts SET category = @category WHERE id = @gift", new { gift, category = categories[random.Next(categories.Length)] });
            else if (roll < 96)
                Execute("UPDATE gifts SET received_on = @on WHERE id = @gift", new { gift, on = new DateOnly(2021, 1, 1).AddDays(random.Next(2145)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
            else
                Execute("UPDATE gifts SET donor_id = @donor WHERE id = @gift", new { gift, donor = donors[random.Next(donors.Count)] });
        }

        Assert.That(merges, Is.GreaterThan(0), "the sequence merges donors");
        AssertRollupsMatchGifts(_db);
        var thisYear = new FiscalCalendar(fiscalYearStart).YearOf(new DateOnly(2026, 6, 15));
        AssertReportsMatch(_db, _admin, new ReportPeriodInput(thisYear.From, thisYear.To));
        AssertReportsMatch(_db, _admin, new ReportPeriodInput(thisYear.From.AddYears(-2), thisYear.To.AddYears(-2)));
        AssertReportsMatch(_db, _admin, new ReportPeriodInput(new DateOnly(2024, 7, 1), new DateOnly(2025, 3, 31)));
    }

    /// <summary>
    /// The import's bulk path (a CSV through ImportService.Commit: new donors, gifts to existing ones, rollups added per batch as
    /// deltas) interleaved with per-gift recording, voids, refunds and merges: every rollup equals a recomputation from the gifts.
    /// </summary>
    [TestCase(5, 1)]
    [TestCase(41, 7)]
    [TestCase(2030, 10)]
    public void AfterRandomImportsMixedWithSingleGiftsVoidsRefundsAndMerges_RollupsEqualARecomputation_AndTheReportIsUnchanged(int seed, int fiscalYearStart)
    {
        var random = new Random(seed);
        Execute("UPDATE organizations SET fiscal_year_start_month = @fiscalYearStart WHERE id = @id", new { fiscalYearStart, id = _admin.OrganizationId });
        var donors = Enumerable.Range(0, 6).Select(i => _db.Seed.Donor(_admin, last: $"Donor {i}")).ToList();
        var gifts = new List<long>();
        string[] categories = ["individual", "membership_dues", "foundation", "events", "matching"];
        var imports = 0;
        for (var step = 0; step < 60; step++)
        {
            var roll = random.Next(100);
            if (step < 2 || roll < 35)
            {
                var csv = new StringBuilder("Donor ID,First Name,Last Name,Amount,Date,Method,Category\n");
                for (var n = random.Next(1, 60); n > 0; n--)
                {
                    var existing = random.Next(5) > 0;
                    var on = new DateOnly(2021, 1, 1).AddDays(random.Next(1825)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    csv.Append(CultureInfo.InvariantCulture,
                        $"{(existing ? donors[random.Next(donors.Count)] : "")},{(existing ? "" : "Nu")},{(existing ? "" : $"New {step}-{n}")},{random.Next(1, 40) * 5},{on},check,{categories[random.Next(categories.Length)]}\n");
                }
                var result = _db.Get<ImportService>().Commit(_admin, $"batch-{step}.csv", Encoding.UTF8.GetBytes(csv.ToString()), new ImportOptions());
                gifts.AddRange(result.GiftIds);
                donors.AddRange(result.DonorsCreated);
                imports++;
                continue;
            }
            if (roll < 50)
            {
                var on = new DateOnly(2021, 1, 1).AddDays(random.Next(1825));
                gifts.Add(_db.Seed.Gift(_admin, donors[random.Next(donors.Count)], random.Next(1, 40) * 500, on: on, category: DomainWords.Parse<GiftCategory>(categories[random.Next(categories.Length)])));
                continue;
            }
            if (roll < 60 && donors.Count > 4)
            {
                var survivor = donors[random.Next(donors.Count)];
                var duplicate = donors.Where(d => d != survivor).ElementAt(random.Next(donors.Count - 1));
                _db.Get<DonorMergeService>().Merge(_admin, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });
                donors.Remove(duplicate);
                continue;
            }
            var gift = gifts[random.Next(gifts.Count)];
            var (amount, refunded, status) = State(gift);
            if (status == "voided")
                continue;
            if (roll < 75)
                _db.Get<GiftService>().Void(_admin, gift, new VoidGiftInput("Entered twice"));
            else if (roll < 90 && refunded < amount - 1)
                Execute("UPDATE gifts SET refunded_cents = @cents, status = 'partially_refunded' WHERE id = @gift", new { gift, cents = refunded + random.Next(1, (int)(amount - refunded)) });
            else
                Execute("UPDATE gifts SET refunded_cents = amount_cents, status = 'refunded' WHERE id = @gift", new { gift });
        }

        Assert.That(imports, Is.GreaterThan(5), "the sequence imports files");
        AssertRollupsMatchGifts(_db);
        var thisYear = new FiscalCalendar(fiscalYearStart).YearOf(new DateOnly(2025, 6, 15));
        AssertReportsMatch(_db, _admin, new ReportPeriodInput(thisYear.From, thisYear.To));
        AssertReportsMatch(_db, _admin, new ReportPeriodInput(thisYear.From.AddYears(-2), thisYear.To.AddYears(-2)));
    }

    [Test]
    public void BulkBatch_LargeDonorMovedByOneUpdate_RollupsOfBothDonorsEqualARecomputation()
    {
        var survivor = _db.Seed.Donor(_admin, last: "Survivor");
        var duplicate = _db.Seed.Donor(_admin, last: "Duplicate");
        _db.Seed.Gift(_admin, survivor, 700, on: new DateOnly(2024, 3, 9));
        using (var db = _db.Connections.BeginTransaction())
        {
            var rollups = ReportRollupBatch.Suspend(db);
            using (var writer = new GiftBulkWriter(db))
            {
                for (var n = 0; n < 3000; n++)
                {
                    writer.Insert(_admin.OrganizationId, new GiftInput
                    {
                        DonorId = n % 3 == 0 ? survivor : duplicate, AmountCents = 100 + n, ReceivedOn = new DateOnly(2021, 1, 1).AddDays(n % 2000),
                        Method = GiftMethod.Cash, Category = n % 5 == 0 ? GiftCategory.Events : GiftCategory.Individual,
                    }, "USD", "test", _db.Clock.GetUtcNow());
                }
            }
            rollups.Complete();
            db.Commit();
        }
        AssertRollupsMatchGifts(_db);

        _db.Get<DonorMergeService>().Merge(_admin, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });

        AssertRollupsMatchGifts(_db);
        using var connection = _db.Connections.Open();
        Assert.That(connection.ExecuteScalar<long>("SELECT count(*) FROM report_rollups WHERE donor_id = @duplicate", new { duplicate }), Is.Zero);
        Assert.That(connection.ExecuteScalar<long>("SELECT lifetime_cents FROM report_donors WHERE donor_id = @survivor", new { survivor }),
            Is.EqualTo(700 + Enumerable.Range(0, 3000).Sum(n => 100L + n)));
    }

    [Test]
    public void WhileRollupsAreSuspended_ChangingAGiftsAmountOrStatus_IsRefused()
    {
        var donor = _db.Seed.Donor(_admin, last: "Vang");
        var gift = _db.Seed.Gift(_admin, donor, 10000, on: new DateOnly(2026, 3, 5));
        using var db = _db.Connections.BeginTransaction();
        ReportRollupBatch.Suspend(db);

        var refused = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() =>
            db.Connection.Execute("UPDATE gifts SET refunded_cents = 2500, status = 'partially_refunded' WHERE id = @gift", new { gift }, db.Transaction))!;

        Assert.That(refused.Message, Does.Contain("cannot change while report rollups are suspended"));
    }

    [Test]
    public void CommittingWithRollupsStillSuspended_IsRefused_AndNothingIsWritten()
    {
        var donor = _db.Seed.Donor(_admin, last: "Vang");
        _db.Seed.Gift(_admin, donor, 10000, on: new DateOnly(2026, 3, 5));
        using (var db = _db.Connections.BeginTransaction())
        {
            ReportRollupBatch.Suspend(db);
            using (var writer = new GiftBulkWriter(db))
            {
                writer.Insert(_admin.OrganizationId, new GiftInput
                {
                    DonorId = donor, AmountCents = 500, ReceivedOn = new DateOnly(2026, 4, 1), Method = GiftMethod.Cash, Category = GiftCategory.Individual,
                }, "USD", "test", _db.Clock.GetUtcNow());
            }

            Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(db.Commit, "the deferred foreign key of rollup_control refuses the commit");
        }

        using var connection = _db.Connections.Open();
        Assert.That(connection.ExecuteScalar<long>("SELECT count(*) FROM gifts"), Is.EqualTo(1));
        Assert.That(connection.ExecuteScalar<long?>("SELECT suspended FROM rollup_control"), Is.Null);
        AssertRollupsMatchGifts(_db);
    }

    [Test]
    public void Migration_BackfillsExistingGifts()
    {
        var donor = _db.Seed.Donor(_admin, last: "Vang");
        var kept = _db.Seed.Gift(_admin, donor, 10000, on: new DateOnly(2026, 3, 5));
        _db.Seed.Gift(_admin, donor, 4000, on: new DateOnly(2026, 3, 20));
        Execute("UPDATE gifts SET refunded_cents = 2500, status = 'partially_refunded' WHERE id = @kept", new { kept });
        Execute("DELETE FROM report_rollups", null);
        Execute("DELETE FROM report_month_totals", null);
        Execute("DELETE FROM report_donor_years", null);
        Execute("DELETE FROM report_donor_fiscal_years", null);
        Execute("DELETE FROM report_amounts", null);
        foreach (var name in new[] { "0007_report_rollups", "0008_report_fiscal_years", "0013_report_donors" })
        {
            // 0008's backfill already filled 0013's tables through its triggers: empty them to test 0013's own backfill.
            if (name == "0013_report_donors")
                Execute("DELETE FROM report_donors; DELETE FROM report_fiscal_year_donors", null);
            var migration = typeof(ReportRepository).Assembly.GetManifestResourceStream($"migrations/{name}.sql")!;
            var sql = new StreamReader(migration).ReadToEnd();
            var backfill = string.Join(";", sql.Split(';').Where(s => s.Contains("INSERT INTO report_", StringComparison.Ordinal) && s.Contains("GROUP BY", StringComparison.Ordinal) && !s.Contains("TRIGGER", StringComparison.Ordinal) && !s.Contains("new.", StringComparison.Ordinal) && !s.Contains("old.", StringComparison.Ordinal)));
            Execute(backfill, null);
        }

        AssertRollupsMatchGifts(_db);
        using var connection = _db.Connections.Open();
        var row = connection.QuerySingle<(long Net, long Count, string First, string Last)>("SELECT net_cents, gift_count, first_on, last_on FROM report_rollups");
        Assert.That(row, Is.EqualTo((11500L, 2L, "2026-03-05", "2026-03-20")));
    }

    /// <summary>The latest fiscal year (gifts run to November 2026) takes the path counted in SQL, and it reports what gifts alone report.</summary>
    private void AssertLatestYearCountedInSqlMatches(int fiscalYearStart)
    {
        var latest = new FiscalCalendar(fiscalYearStart).YearOf(new DateOnly(2026, 11, 20));
        using (var session = _db.Connections.Read())
        {
            var counted = _db.Get<DiversificationService>().CountedFacts(session, _admin.OrganizationId, latest, new FiscalCalendar(fiscalYearStart));
            Assert.That(counted?.Counted, Is.Not.Null, $"the fast path answers for {latest}");
            var earlier = new FiscalCalendar(fiscalYearStart).YearOf(latest.From.AddDays(-1));
            Assert.That(_db.Get<DiversificationService>().CountedFacts(session, _admin.OrganizationId, earlier, new FiscalCalendar(fiscalYearStart)),
                Is.Null, "a year with later gifts is not counted from the all-time table");
        }
        AssertReportsMatch(_db, _admin, new ReportPeriodInput(latest.From, latest.To));
    }

    /// <summary>Every rollup table equals a full recomputation from gifts; other test classes call it after their own changes.</summary>
    internal static void AssertRollupsMatchGifts(TestDatabase db)
    {
        const string rollups = "SELECT organization_id, donor_id, month, category, net_cents, gift_count, first_on, last_on FROM report_rollups ORDER BY 1, 2, 3, 4";
        const string fromGifts = $"""
            SELECT organization_id, donor_id, substr(received_on, 1, 7), category, sum(amount_cents - refunded_cents), count(*), min(received_on), max(received_on)
            FROM gifts WHERE {Counted} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            """;
        const string totals = "SELECT organization_id, month, category, net_cents, gift_count FROM report_month_totals ORDER BY 1, 2, 3";
        const string totalsFromGifts = $"""
            SELECT organization_id, substr(received_on, 1, 7), category, sum(amount_cents - refunded_cents), count(*)
            FROM gifts WHERE {Counted} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """;
        const string years = "SELECT organization_id, donor_id, year, net_cents, gift_count, first_on, last_on FROM report_donor_years ORDER BY 1, 2, 3";
        const string yearsFromGifts = $"""
            SELECT organization_id, donor_id, substr(received_on, 1, 4), sum(amount_cents - refunded_cents), count(*), min(received_on), max(received_on)
            FROM gifts WHERE {Counted} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """;
        const string fiscalYears = "SELECT organization_id, donor_id, fiscal_year, net_cents, gift_count, first_on, last_on FROM report_donor_fiscal_years ORDER BY 1, 2, 3";
        const string fiscalYearsFromGifts = $"""
            SELECT g.organization_id, g.donor_id,
                   CAST(strftime('%Y', g.received_on, '-' || (o.fiscal_year_start_month - 1) || ' months') AS INTEGER),
                   sum(g.amount_cents - g.refunded_cents), count(*), min(g.received_on), max(g.received_on)
            FROM gifts g JOIN organizations o ON o.id = g.organization_id
            WHERE g.status IN ('completed', 'partially_refunded') AND g.amount_cents > g.refunded_cents
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """;
        const string amounts = "SELECT organization_id, month, net_cents, gift_count FROM report_amounts ORDER BY 1, 2, 3";
        const string amountsFromGifts = $"""
            SELECT organization_id, substr(received_on, 1, 7), amount_cents - refunded_cents, count(*)
            FROM gifts WHERE {Counted} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """;
        const string donors = "SELECT organization_id, donor_id, first_on, first_fiscal_year, last_on, last_fiscal_year, lifetime_cents FROM report_donors ORDER BY 1, 2";
        const string donorsFromGifts = """
            SELECT g.organization_id, g.donor_id, min(g.received_on),
                   CAST(strftime('%Y', min(g.received_on), '-' || (o.fiscal_year_start_month - 1) || ' months') AS INTEGER),
                   max(g.received_on),
                   CAST(strftime('%Y', max(g.received_on), '-' || (o.fiscal_year_start_month - 1) || ' months') AS INTEGER),
                   sum(g.amount_cents - g.refunded_cents)
            FROM gifts g JOIN organizations o ON o.id = g.organization_id
            WHERE g.status IN ('completed', 'partially_refunded') AND g.amount_cents > g.refunded_cents
            GROUP BY 1, 2 ORDER BY 1, 2
            """;
        const string yearDonors = "SELECT organization_id, fiscal_year, donors, retained FROM report_fiscal_year_donors ORDER BY 1, 2";
        const string yearDonorsFromGifts = """
            WITH dy AS (
                SELECT DISTINCT g.organization_id AS o, g.donor_id AS d,
                       CAST(strftime('%Y', g.received_on, '-' || (org.fiscal_year_start_month - 1) || ' months') AS INTEGER) AS y
                FROM gifts g JOIN organizations org ON org.id = g.organization_id
                WHERE g.status IN ('completed', 'partially_refunded') AND g.amount_cents > g.refunded_cents)
            SELECT a.o, a.y, count(*), count(b.d)
            FROM dy a LEFT JOIN dy b ON b.o = a.o AND b.d = a.d AND b.y = a.y - 1
            GROUP BY 1, 2 ORDER BY 1, 2
            """;
        using var connection = db.Connections.Open();
        var expectedDonors = connection.Query<(long, long, string, long, string, long, long)>(donorsFromGifts).ToList();
        Assert.That(expectedDonors, Is.Not.Empty);
        Assert.That(connection.Query<(long, long, string, long, string, long, long)>(donors).ToList(), Is.EqualTo(expectedDonors));
        Assert.That(connection.Query<(long, long, long, long)>(yearDonors).ToList(),
            Is.EqualTo(connection.Query<(long, long, long, long)>(yearDonorsFromGifts).ToList()));
        var expectedFiscalYears = connection.Query<(long, long, long, long, long, string, string)>(fiscalYearsFromGifts).ToList();
        Assert.That(expectedFiscalYears, Is.Not.Empty);
        Assert.That(connection.Query<(long, long, long, long, long, string, string)>(fiscalYears).ToList(), Is.EqualTo(expectedFiscalYears));
        Assert.That(connection.Query<(long, string, long, long)>(amounts).ToList(),
            Is.EqualTo(connection.Query<(long, string, long, long)>(amountsFromGifts).ToList()));
        Assert.That(connection.Query<(long, long, string, long, long, string, string)>(years).ToList(),
            Is.EqualTo(connection.Query<(long, long, string, long, long, string, string)>(yearsFromGifts).ToList()));
        var expected = connection.Query<(long, long, string, string, long, long, string, string)>(fromGifts).ToList();
        Assert.That(expected, Is.Not.Empty);
        Assert.That(connection.Query<(long, long, string, string, long, long, string, string)>(rollups).ToList(), Is.EqualTo(expected));
        Assert.That(connection.Query<(long, string, string, long, long)>(totals).ToList(),
            Is.EqualTo(connection.Query<(long, string, string, long, long)>(totalsFromGifts).ToList()));
    }

    /// <summary>The report read through the rollups equals the one read from gifts alone.</summary>
    internal static void AssertReportsMatch(TestDatabase db, Actor actor, ReportPeriodInput input)
    {
        var fromRollups = db.Get<DiversificationService>();
        var fromGifts = new DiversificationService(
            db.Connections, ReportRepository.GiftsOnly(), db.Get<OrganizationRepository>(), db.Get<ReportSettings>(), db.Get<IPdfRenderer>(), db.Clock,
            db.Get<DuesAndCampaignsReader>(), db.Get<DonorTrack.Core.Email.AcknowledgmentRepository>(), db.Get<DonorTrack.Core.Grants.ReceivablesService>());

        var organization = db.Get<OrganizationRepository>();
        {
            using var session = db.Connections.Read();
            var calendar = new FiscalCalendar((int)organization.Find(session, actor.OrganizationId)!.FiscalYearStartMonth);
            var period = new ReportPeriod(input.From!.Value, input.To!.Value);
            var a = fromRollups.ReadFacts(session, actor.OrganizationId, period, calendar);
            var b = fromGifts.ReadFacts(session, actor.OrganizationId, period, calendar);
            Assert.That(Sorted(a), Is.EqualTo(Sorted(b)), $"facts for {period}");
        }
        var expected = JsonSerializer.Serialize(fromGifts.Report(actor, input));
        Assert.That(JsonSerializer.Serialize(fromRollups.Report(actor, input)), Is.EqualTo(expected));
        Assert.That(expected, Does.Contain("\"TotalCents\""));
    }

    private static string Sorted(ReportFacts facts) => JsonSerializer.Serialize(new
    {
        Current = facts.Current.Donors.OrderBy(d => d.DonorId).ToList(),
        CurrentCategories = facts.Current.Categories.OrderBy(c => c.Category, StringComparer.Ordinal).ToList(),
        CurrentAmounts = facts.Current.Amounts.OrderBy(a => a.Cents).ToList(),
        Prior = facts.Prior.Donors.OrderBy(d => d.DonorId).ToList(),
        PriorCategories = facts.Prior.Categories.OrderBy(c => c.Category, StringComparer.Ordinal).ToList(),
        PriorAmounts = facts.Prior.Amounts.OrderBy(a => a.Cents).ToList(),
        Before = facts.DonorsBeforePrior.Order().ToList(),
        History = facts.History.OrderBy(h => h.DonorId).ToList(),
        Trend = facts.Trend.OrderBy(t => t.YearStart).ThenBy(t => t.Category, StringComparer.Ordinal).ToList(),
        Years = facts.RetentionByYear.OrderBy(d => d.YearStart).ToList(),
    });

    private (long Amount, long Refunded, string Status) State(long gift)
    {
        using var connection = _db.Connections.Open();
        return connection.QuerySingle<(long, long, string)>("SELECT amount_cents, refunded_cents, status FROM gifts WHERE id = @gift", new { gift });
    }

    private void Execute(string sql, object? args)
    {
        using var connection = _db.Connections.Open();
        connection.Execute(sql, args);
    }
}
