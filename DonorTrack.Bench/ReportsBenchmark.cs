using System.Diagnostics;
using System.Text.Json;
using Dapper;
using DonorTrack.Core;
using DonorTrack.Core.Data;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Reports;
using DonorTrack.Core.Security;
using Microsoft.Extensions.DependencyInjection;

namespace DonorTrack.Bench;

/// <summary>Times the diversification report: JSON for one organization and one fiscal year, the 5-year trend, and the board PDF.</summary>
public static class ReportsBenchmark
{
    /// <summary>
    /// From the command line: with <c>--data DIR</c>, reuses the database in DIR, or generates one there and keeps it
    /// (generation takes minutes); without it, generates a throw-away data set.
    /// </summary>
    public static void Run(string[] args)
    {
        var at = Array.IndexOf(args, "--data");
        if (at < 0 || at + 1 >= args.Length)
        {
            Run();
            return;
        }
        var directory = Path.GetFullPath(args[at + 1]);
        Run(directory, keep: !File.Exists(Path.Combine(directory, "donortrack.db")));
    }

    /// <summary>
    /// Against an existing data directory (the organization with the most gifts, its latest full fiscal year), or,
    /// when <paramref name="dataDirectory"/> is null (or <paramref name="keep"/> asks to create and keep it there), a generated one: one organization, <paramref name="gifts"/> gifts over six years.
    /// </summary>
    public static void Run(string? dataDirectory = null, bool keep = false, int gifts = 1_000_000, int runs = 5)
    {
        var generated = dataDirectory is null || keep;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "donortrack-bench-reports", Guid.NewGuid().ToString("N"));
        var connections = SqliteConnectionFactory.InDirectory(dataDirectory);
        using var services = new ServiceCollection().AddDonorTrackCore(connections).BuildServiceProvider();
        connections.EnableWriteAheadLog();
        services.GetRequiredService<DatabaseMigrator>().Migrate();
        var organizationId = generated ? Generate(services, connections, gifts) : Busiest(connections);
        var actor = Actor.System(organizationId, "bench");
        var reports = services.GetRequiredService<DiversificationService>();
        var repository = services.GetRequiredService<ReportRepository>();
        DateOnly lastGift;
        long count;
        using (var db = connections.Read())
        {
            lastGift = DateOnly.Parse(db.Connection.ExecuteScalar<string>("SELECT max(received_on) FROM gifts WHERE organization_id = @organizationId", new { organizationId })!, System.Globalization.CultureInfo.InvariantCulture);
            count = db.Connection.ExecuteScalar<long>("SELECT count(*) FROM gifts WHERE organization_id = @organizationId", new { organizationId });
        }
        var organization = services.GetRequiredService<OrganizationService>().Find(organizationId)!;
        var calendar = new FiscalCalendar((int)organization.FiscalYearStartMonth);
        var year = calendar.YearOf(lastGift);
        var input = new ReportPeriodInput(year.From, year.To);
        Console.WriteLine($"Reports benchmark: organization {organizationId}, {count:N0} gifts, fiscal year {year}");

        Breakdown(connections, reports, repository, services.GetRequiredService<ReportSettings>(), organizationId, year, calendar, runs);
        var duesAndCampaigns = services.GetRequiredService<DuesAndCampaignsReader>();
        Measure("  DuesAndCampaignsReader.Read (part of the JSON report)", runs, () =>
        {
            using var db = connections.Read();
            return duesAndCampaigns.Read(db, organizationId, year, year).Campaigns.Count;
        });
        Measure("JSON report, one organization, one year", runs, () => JsonSerializer.Serialize(reports.Report(actor, input)).Length);
        // Five runs leave the report's code at tier 0 and the process clock counts the JIT threads; twenty-five show the steady state.
        Measure("JSON report, one organization, one year (steady state)", 25, () => JsonSerializer.Serialize(reports.Report(actor, input)).Length);
        // What the report reads for the trend: category totals by year, and retention by year (counted per year since 0013).
        Measure("5-year trend (category shares and retention by year)", runs, () =>
        {
            using var db = connections.Read();
            var trendYears = new ReportPeriod(year.From.AddYears(-4), year.To);
            return repository.YearCategoryTotals(db, organizationId, trendYears, calendar).Count
                + repository.FiscalYearRetention(db, organizationId, calendar, year.From.Year).Count;
        });
        Measure("Board PDF", runs, () => reports.Pdf(actor, input).Length);
        if (generated && !keep)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>Where the JSON report's time goes: each query the report runs, then the arithmetic.</summary>
    private static void Breakdown(
        IDbConnectionFactory connections, DiversificationService reports, ReportRepository repository, ReportSettings settings,
        long organizationId, ReportPeriod period, FiscalCalendar calendar, int runs)
    {
        var prior = period.Prior();
        var thisYear = calendar.YearOf(period.To);
        var lastYear = calendar.YearOf(thisYear.From.AddDays(-1));
        var trendYears = new ReportPeriod(thisYear.From.AddYears(-4), thisYear.To);
        var retentionYears = trendYears with { From = trendYears.From.AddYears(-1) };
        Console.WriteLine("  Query by query:");
        long Timed(Func<DbSession, long> query)
        {
            using var db = connections.Read();
            return query(db);
        }
        var gifts = ReportRepository.GiftsOnly();
        Measure("  GiftAmounts over gifts (this period, before 0008)", runs, () => Timed(db => gifts.GiftAmounts(db, organizationId, period).Count));
        Measure("  GiftAmounts over gifts (prior period, before 0008)", runs, () => Timed(db => gifts.GiftAmounts(db, organizationId, prior).Count));
        Measure("  DonorCategoryTotals (this period)", runs, () => Timed(db => repository.DonorCategoryTotals(db, organizationId, period).Count));
        Measure("  DonorCategoryTotals (prior period)", runs, () => Timed(db => repository.DonorCategoryTotals(db, organizationId, prior).Count));
        Measure("  GiftAmounts (this period, report_amounts)", runs, () => Timed(db => repository.GiftAmounts(db, organizationId, period).Count));
        Measure("  GiftAmounts (prior period, report_amounts)", runs, () => Timed(db => repository.GiftAmounts(db, organizationId, prior).Count));
        Measure("  DonorIds (period before prior)", runs, () => Timed(db => repository.DonorIds(db, organizationId, prior.Prior()).Count));
        Measure("  History", runs, () => Timed(db => repository.History(db, organizationId, thisYear, lastYear).Count));
        Measure("  YearCategoryTotals", runs, () => Timed(db => repository.YearCategoryTotals(db, organizationId, trendYears, calendar).Count));
        Measure("  DonorYears", runs, () => Timed(db => repository.DonorYears(db, organizationId, retentionYears, calendar).Count));
        Measure("  DonorFiscalYears (0008 rollup)", runs, () => Timed(db => repository.DonorFiscalYears(db, organizationId, period.From.Year)?.Count ?? -1));
        Measure("  ReadFacts (all of the above, the 0008 path)", runs, () => Timed(db => reports.ReadFacts(db, organizationId, period, calendar).History.Count));
        Measure("  CountedFiscalYear (0013: flows, LYBUNT, SYBUNT)", runs, () => Timed(db => repository.CountedFiscalYear(db, organizationId, period.From.Year)?.Lybunt.Count ?? -1));
        Measure("  TopDonors (this year, 0013 index)", runs, () => Timed(db => repository.TopDonors(db, organizationId, period.From.Year).Count));
        Measure("  FiscalYearRetention (0013)", runs, () => Timed(db => repository.FiscalYearRetention(db, organizationId, calendar, period.From.Year).Count));
        Measure("  CountedFacts (what the report reads since 0013)", runs, () => Timed(db => reports.CountedFacts(db, organizationId, period, calendar)?.Trend.Count ?? -1));
        ReportFacts facts;
        using (var db = connections.Read())
            facts = reports.CountedFacts(db, organizationId, period, calendar) ?? reports.ReadFacts(db, organizationId, period, calendar);
        Measure("  DiversificationCalculator.Calculate", runs, () => DiversificationCalculator.Calculate(facts, settings).Trend.Count);
        var report = DiversificationCalculator.Calculate(facts, settings);
        var lapsed = report.FollowUp.Lybunt.Concat(report.FollowUp.Sybunt).Select(d => d.DonorId).ToList();
        Measure($"  FollowUpContacts ({lapsed.Count:N0} lapsed donors)", runs, () => Timed(db => repository.FollowUpContacts(db, organizationId, lapsed).Count));
        Measure("  JSON serialization", runs, () => JsonSerializer.Serialize(report).Length);
    }

    private static void Measure(string name, int runs, Func<long> work)
    {
        var timing = RepeatedTiming.Of(runs, () => work());
        Console.WriteLine($"  {name}: median {timing.MedianMs:0} ms, best {timing.BestMs:0} ms, median CPU {timing.MedianCpuMs:0} ms ({runs} runs)");
    }

    private static long Busiest(IDbConnectionFactory connections)
    {
        using var db = connections.Read();
        return db.Connection.ExecuteScalar<long>("SELECT organization_id FROM gifts GROUP BY organization_id ORDER BY count(*) DESC LIMIT 1");
    }

    private static long Generate(ServiceProvider services, IDbConnectionFactory connections, int gifts)
    {
        var watch = Stopwatch.StartNew();
        var organizationId = services.GetRequiredService<OrganizationService>().Create(new OrganizationInput { Name = "Bench Alliance Member", Timezone = "America/Chicago" });
        var random = new Random(7);
        var donors = Math.Max(10, gifts / 20);
        string[] categories = ["individual", "individual", "individual", "membership_dues", "foundation", "government", "corporate", "events", "earned", "matching", "other"];
        using var db = connections.BeginTransaction();
        const string donor = """
            INSERT INTO donors (organization_id, kind, first_name, last_name, sort_name, created_at, updated_at)
            VALUES (@organizationId, 'individual', 'Donor', @last, @last, '2020-01-01T00:00:00+00:00', '2020-01-01T00:00:00+00:00')
            """;
        var firstDonor = 0L;
        for (var i = 0; i < donors; i++)
        {
            db.Connection.Execute(donor, new { organizationId, last = $"Number {i}" }, db.Transaction);
            if (i == 0)
                firstDonor = db.Connection.ExecuteScalar<long>("SELECT last_insert_rowid()", transaction: db.Transaction);
        }
        const string gift = """
            INSERT INTO gifts (organization_id, donor_id, amount_cents, currency, received_on, method, category, status, refunded_cents, created_at, created_by, updated_at, void_reason, voided_at)
            VALUES (@organizationId, @donorId, @amount, 'USD', @on, 'check', @category, @status, @refunded, '2020-01-01T00:00:00+00:00', 'bench', '2020-01-01T00:00:00+00:00', @reason, @voidedAt)
            """;
        var start = new DateOnly(2020, 1, 1);
        for (var i = 0; i < gifts; i++)
        {
            var amount = (long)(random.Next(1, 200) * 500);
            var status = random.Next(100) switch { 0 => "voided", 1 => "partially_refunded", 2 => "refunded", _ => "completed" };
            db.Connection.Execute(gift, new
            {
                organizationId,
                donorId = firstDonor + (long)(Math.Pow(random.NextDouble(), 2) * donors),
                amount,
                on = start.AddDays(random.Next(6 * 365)),
                category = categories[random.Next(categories.Length)],
                status,
                refunded = status switch { "partially_refunded" => amount / 2, "refunded" => amount, _ => 0 },
                reason = status == "voided" ? "bench" : null,
                voidedAt = status == "voided" ? "2020-01-01T00:00:00+00:00" : null,
            }, db.Transaction);
        }
        db.Commit();
        Console.WriteLine($"Generated {gifts:N0} gifts for {donors:N0} donors in {watch.Elapsed.TotalSeconds:0} s");
        return organizationId;
    }
}
