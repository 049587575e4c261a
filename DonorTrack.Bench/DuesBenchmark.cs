using System.Diagnostics;
using Dapper;
using DonorTrack.Core;
using DonorTrack.Core.Data;
using DonorTrack.Core.Dues;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using Microsoft.Extensions.DependencyInjection;

namespace DonorTrack.Bench;

/// <summary>
/// Issue 3's benchmark: 20,000 memberships with their dues payments in a temporary SQLite database; times deriving every
/// status and the arrears total from the stored standing (target ≤ 200 ms), and replaying every membership from its gifts.
/// </summary>
public static class DuesBenchmark
{
    public static void Run(int memberships = 20_000)
    {
        var directory = Path.Combine(Path.GetTempPath(), "donortrack-bench", Guid.NewGuid().ToString("N"));
        var connections = SqliteConnectionFactory.InDirectory(directory);
        using var services = new ServiceCollection().AddDonorTrackCore(connections).BuildServiceProvider();
        try
        {
            connections.EnableWriteAheadLog();
            services.GetRequiredService<DatabaseMigrator>().Migrate();
            var organizationId = services.GetRequiredService<OrganizationService>().Create(new OrganizationInput { Name = "Bench Alliance" });
            var actor = Actor.System(organizationId, "bench");
            var membershipService = services.GetRequiredService<MembershipService>();

            var seed = Stopwatch.StartNew();
            var ids = Seed(connections, membershipService, actor, memberships);
            Console.WriteLine($"seeded {ids.Count:N0} memberships with their dues gifts in {seed.Elapsed.TotalMilliseconds:F0} ms");

            var ledger = services.GetRequiredService<DuesLedgerUpdater>();
            var replay = Stopwatch.StartNew();
            using (var db = connections.BeginTransaction())
            {
                foreach (var id in ids)
                    ledger.RecomputeMembership(db, actor, id);
                db.Commit();
            }
            Console.WriteLine($"replayed {ids.Count:N0} memberships from their gifts and stored the standing in {replay.Elapsed.TotalMilliseconds:F0} ms");

            // Ten rounds each; the fastest and the median are reported, since other work on a shared machine only ever adds time.
            var repository = services.GetRequiredService<MembershipRepository>();
            var recompute = new List<double>();
            var overviews = new List<double>();
            for (var round = 1; round <= 10; round++)
            {
                var read = Stopwatch.StartNew();
                IReadOnlyList<MembershipListRow> rows;
                using (var db = connections.Read())
                    rows = repository.ListRows(db, organizationId);
                var readMs = read.Elapsed.TotalMilliseconds;
                var derive = Stopwatch.StartNew();
                var owed = rows.Select(r => MembershipSummary.From(r, new DateOnly(2026, 6, 15))).Sum(m => m.Arrears.OwedCents);
                var deriveMs = derive.Elapsed.TotalMilliseconds;
                recompute.Add(readMs + deriveMs);
                Console.WriteLine($"round {round}: read {rows.Count:N0} rows in {readMs:F1} ms; derived status and arrears ({owed / 100:N0} USD) in {deriveMs:F1} ms");

                var clock = Stopwatch.StartNew();
                var overview = membershipService.Overview(actor, 0);
                clock.Stop();
                overviews.Add(clock.Elapsed.TotalMilliseconds);
                Console.WriteLine(
                    $"round {round}: whole overview (statuses arrears, due-soon) of {ids.Count:N0} memberships in {clock.Elapsed.TotalMilliseconds:F1} ms " +
                    $"(arrears {overview.ArrearsTotalCents / 100:N0} USD over {overview.MembershipsInArrears:N0} memberships; " +
                    $"{overview.DueSoon.Count:N0} due soon, {overview.InGrace.Count:N0} in grace, {overview.RecentlyLapsed.Count:N0} lapsed lately)");
            }
            Console.WriteLine($"recompute statuses and arrears of {ids.Count:N0} memberships (read + derive): fastest {recompute.Min():F1} ms, median {Median(recompute):F1} ms (target ≤ 200 ms)");
            Console.WriteLine($"whole dues overview: fastest {overviews.Min():F1} ms, median {Median(overviews):F1} ms");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // The OS cleans the temp folder eventually.
            }
        }
    }

    private static List<long> Seed(IDbConnectionFactory connections, MembershipService service, Actor actor, int count)
    {
        var plans = new[] { (DuesInterval.Month, 1500L), (DuesInterval.Quarter, 4000L), (DuesInterval.Year, 12000L) }
            .Select(p => service.CreatePlan(actor, new MembershipPlanInput
            {
                Name = $"Bench {p.Item1}", Interval = p.Item1, AmountCents = p.Item2, GraceDays = 30,
            }))
            .ToArray();
        var prices = new[] { 1500L, 4000L, 12000L };
        var random = new Random(20_000);
        var today = new DateOnly(2026, 6, 15);
        var ids = new List<long>(count);
        using var db = connections.BeginTransaction();
        const string donor = """
            INSERT INTO donors (organization_id, kind, first_name, last_name, sort_name, created_at, updated_at)
            VALUES (@organizationId, 'individual', @first, @last, @sort, @now, @now) RETURNING id
            """;
        const string membership = """
            INSERT INTO memberships (organization_id, donor_id, plan_id, starts_on, period_cents, paid_through, created_at, updated_at)
            VALUES (@organizationId, @donorId, @planId, @startsOn, @periodCents, @startsOn, @now, @now) RETURNING id
            """;
        const string gift = """
            INSERT INTO gifts (organization_id, donor_id, amount_cents, currency, received_on, method, category, membership_id, created_at, created_by, updated_at)
            VALUES (@organizationId, @donorId, @amount, 'USD', @receivedOn, 'card', 'membership_dues', @membershipId, @now, 'bench', @now)
            """;
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var plan = random.Next(3);
            var startsOn = new DateOnly(2021, 1, 1).AddDays(random.Next(1_900));
            var donorId = db.Connection.ExecuteScalar<long>(donor, new { organizationId = actor.OrganizationId, first = $"Member{i}", last = "Bench", sort = $"Bench Member{i}", now }, db.Transaction);
            var id = db.Connection.ExecuteScalar<long>(membership, new { organizationId = actor.OrganizationId, donorId, planId = plans[plan], startsOn, periodCents = prices[plan], now }, db.Transaction);
            ids.Add(id);
            var payments = random.Next(0, 8);
            for (var p = 0; p < payments; p++)
            {
                var receivedOn = startsOn.AddDays(p * 60 + random.Next(30));
                if (receivedOn > today)
                    break;
                var amount = prices[plan] * random.Next(1, 4) / 2;
                db.Connection.Execute(gift, new { organizationId = actor.OrganizationId, donorId, amount, receivedOn, membershipId = id, now }, db.Transaction);
            }
        }
        db.Commit();
        return ids;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
