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
    /// Against an existing data directory (the organization with the most gifts, its latest full fiscal year), or,
    /// when <paramref name="dataDirectory"/> is null, a generated one: one organization, <paramref name="gifts"/> gifts over six years.
    /// </summary>
    public static void Run(string? dataDirectory = null, int gifts = 1_000_000, int runs = 5)
    {
        var generated = dataDirectory is null;
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

        Measure("JSON report, one organization, one year", runs, () => JsonSerializer.Serialize(reports.Report(actor, input)).Length);
        Measure("5-year trend (category shares and retention by year)", runs, () =>
        {
            using var db = connections.Read();
            var trendYears = new ReportPeriod(year.From.AddYears(-4), year.To);
            return repository.YearCategoryTotals(db, organizationId, trendYears, calendar).Count
                + repository.DonorYears(db, organizationId, trendYears with { From = trendYears.From.AddYears(-1) }, calendar).Count;
        });
        Measure("Board PDF", runs, () => reports.Pdf(actor, input).Length);
        if (generated)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static void Measure(string name, int runs, Func<long> work)
    {
        work(); // warm-up: JIT, page cache, fonts
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            work();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"  {name}: median {times[times.Count / 2]:0} ms, best {times[0]:0} ms ({runs} runs)");
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
