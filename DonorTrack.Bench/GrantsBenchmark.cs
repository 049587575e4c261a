using System.Diagnostics;
using DonorTrack.Core;
using DonorTrack.Core.Data;
using DonorTrack.Core.Grants;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Reports;
using DonorTrack.Core.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DonorTrack.Bench;

/// <summary>
/// Issue 11's benchmark: one organization with 500 grants, 5,000 pledges and 1,000,000 gifts (three years ending today, some
/// paying the grants and pledges) in a temporary SQLite database; times the receivables (open installments and 12 months of
/// expected revenue) and the funding cliff, each with a target of ≤ 100 ms.
/// </summary>
public static class GrantsBenchmark
{
    public const string Name = "grants";

    /// <summary>
    /// From the command line: with <c>--data DIR</c>, reuses the data set in DIR, or generates one there and keeps it (generation
    /// takes minutes); without it, generates a throw-away data set.
    /// </summary>
    public static void Run(string[] args)
    {
        var at = Array.IndexOf(args, "--data");
        Run(at >= 0 && at + 1 < args.Length ? Path.GetFullPath(args[at + 1]) : null);
    }

    public static void Run(string? dataDirectory, int grants = 500, int pledges = 5_000, int gifts = 1_000_000, int runs = 15)
    {
        var keep = dataDirectory is not null;
        var directory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "donortrack-bench-grants", Guid.NewGuid().ToString("N"));
        var reuse = File.Exists(Path.Combine(directory, "donortrack.db"));
        var connections = SqliteConnectionFactory.InDirectory(directory);
        var now = new DateTimeOffset(2026, 6, 30, 18, 0, 0, TimeSpan.Zero);
        using var services = new ServiceCollection().AddSingleton<TimeProvider>(new FixedClock(now)).AddDonorTrackCore(connections).BuildServiceProvider();
        try
        {
            connections.EnableWriteAheadLog();
            services.GetRequiredService<DatabaseMigrator>().Migrate();
            var organizations = services.GetRequiredService<OrganizationService>();
            var today = new DateOnly(2026, 6, 30);
            long organizationId;
            if (reuse)
            {
                using var db = connections.Read();
                organizationId = Dapper.SqlMapper.ExecuteScalar<long>(db.Connection, "SELECT id FROM organizations WHERE name = 'Bench Grants Org'");
                Console.WriteLine($"reusing the data set in {directory}");
            }
            else
            {
                organizationId = organizations.Create(new OrganizationInput { Name = "Bench Grants Org", Timezone = "America/Chicago" });
                var seed = Stopwatch.StartNew();
                Seed(connections, organizationId, today, grants, pledges, gifts);
                Console.WriteLine($"seeded {grants:N0} grants, {pledges:N0} pledges and {gifts:N0} gifts in {seed.Elapsed.TotalSeconds:F0} s");
            }
            var actor = Actor.System(organizationId, "bench");

            var service = services.GetRequiredService<ReceivablesService>();
            var receivables = RepeatedTiming.Of(runs, () => service.Receivables(actor));
            var report = service.Receivables(actor);
            Console.WriteLine($"receivables: {report.Overdue.Count:N0} overdue and {report.DueSoon.Count:N0} due-soon installments, {report.ExpectedCents / 100:N0} USD expected over 12 months");
            Console.WriteLine($"receivables and expected revenue: median {receivables.MedianMs:F1} ms, best {receivables.BestMs:F1} ms, median CPU {receivables.MedianCpuMs:F0} ms ({runs} runs; target ≤ 100 ms)");
            var cliffTimes = RepeatedTiming.Of(runs, () => service.Cliff(actor));
            var cliff = service.Cliff(actor);
            Console.WriteLine($"funding cliff: {cliff.ShareAtRisk:P1} of {cliff.Last12MonthsCents / 100:N0} USD from {cliff.Grants.Count:N0} grants ending within 12 months, {cliff.ReportsDue.Count:N0} reports due");
            Console.WriteLine($"funding cliff: median {cliffTimes.MedianMs:F1} ms, best {cliffTimes.BestMs:F1} ms, median CPU {cliffTimes.MedianCpuMs:F0} ms ({runs} runs; target ≤ 100 ms)");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (keep)
                Console.WriteLine($"kept the data set in {directory}");
            else
                Delete(directory);
        }
    }

    private static void Delete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder eventually.
        }
    }

    /// <summary>Raw inserts, each table through one prepared statement, in one transaction with the report rollups paid once for the batch.</summary>
    private static void Seed(IDbConnectionFactory connections, long organizationId, DateOnly today, int grantCount, int pledgeCount, int giftCount)
    {
        var random = new Random(11);
        using var db = connections.BeginTransaction();
        var connection = (SqliteConnection)db.Connection;
        var transaction = (SqliteTransaction)db.Transaction!;
        var rollups = ReportRollupBatch.Suspend(db);
        const string createdAt = "2026-01-01T00:00:00+00:00";

        SqliteCommand Prepared(string sql, params string[] names)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            foreach (var name in names)
                command.Parameters.Add(new SqliteParameter(name, null));
            command.Prepare();
            return command;
        }
        long Insert(SqliteCommand command, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            return (long)command.ExecuteScalar()!;
        }
        static string D(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var donor = Prepared($"""
            INSERT INTO donors (organization_id, kind, first_name, last_name, organization_name, sort_name, created_at, updated_at)
            VALUES ({organizationId}, $kind, $first, $last, $org, $sort, '{createdAt}', '{createdAt}') RETURNING id
            """, "$kind", "$first", "$last", "$org", "$sort");
        var funders = Enumerable.Range(0, 300).Select(i => Insert(donor, "organization", null, null, $"Foundation {i}", $"Foundation {i}")).ToList();
        var individuals = Enumerable.Range(0, 50_000).Select(i => Insert(donor, "individual", "Donor", $"Number {i}", null, $"Number {i}")).ToList();

        using var gift = Prepared($"""
            INSERT INTO gifts (organization_id, donor_id, amount_cents, currency, received_on, method, category, status, refunded_cents, grant_id, pledge_id,
                voided_at, void_reason, created_at, created_by, updated_at)
            VALUES ({organizationId}, $donor, $amount, 'USD', $on, 'check', $category, $status, $refunded, $grant, $pledge,
                CASE WHEN $status = 'voided' THEN '{createdAt}' END, CASE WHEN $status = 'voided' THEN 'bench' END, '{createdAt}', 'bench', '{createdAt}')
            RETURNING id
            """, "$donor", "$amount", "$on", "$category", "$status", "$refunded", "$grant", "$pledge");
        var linkedGifts = 0;

        using var grant = Prepared($"""
            INSERT INTO grants (organization_id, funder_donor_id, name, amount_cents, awarded_on, starts_on, ends_on, restriction, status,
                created_at, created_by, updated_at)
            VALUES ({organizationId}, $funder, $name, $amount, $starts, $starts, $ends, 'general_operating', $status, '{createdAt}', 'bench', '{createdAt}')
            RETURNING id
            """, "$funder", "$name", "$amount", "$starts", "$ends", "$status");
        using var grantInstallment = Prepared($"""
            INSERT INTO grant_installments (organization_id, grant_id, position, due_on, amount_cents)
            VALUES ({organizationId}, $grant, $position, $due, $amount) RETURNING id
            """, "$grant", "$position", "$due", "$amount");
        using var deadline = Prepared($"""
            INSERT INTO grant_report_deadlines (organization_id, grant_id, due_on, description, done)
            VALUES ({organizationId}, $grant, $due, $description, $done) RETURNING id
            """, "$grant", "$due", "$description", "$done");
        for (var i = 0; i < grantCount; i++)
        {
            var funder = funders[random.Next(funders.Count)];
            var starts = today.AddDays(-random.Next(0, 3 * 365));
            var years = random.Next(1, 4);
            var ends = starts.AddYears(years).AddDays(-1);
            var status = random.Next(100) switch { < 80 => "awarded", < 88 => "pending", < 94 => "declined", _ => "closed" };
            var amount = random.Next(10, 200) * 1_000_00L;
            var count = random.Next(1, 5);
            var id = Insert(grant, funder, $"Grant {i}", amount, D(starts), D(ends), status);
            foreach (var (installment, position) in InstallmentSchedule.WithinTerm(amount, count, starts, ends).Select((x, p) => (x, p)))
            {
                Insert(grantInstallment, id, position, D(installment.DueOn!.Value), installment.AmountCents);
                if (status == "awarded" && installment.DueOn < today.AddDays(-random.Next(0, 60)))
                {
                    var paidOn = installment.DueOn.Value.AddDays(random.Next(0, 10));
                    Insert(gift, funder, installment.AmountCents, D(paidOn > today ? today : paidOn), "foundation", "completed", 0, id, null);
                    linkedGifts++;
                }
            }
            Insert(deadline, id, D(starts.AddYears(1)), "Annual report", random.Next(2));
            Insert(deadline, id, D(ends.AddDays(60)), "Final report", 0);
        }

        using var pledge = Prepared($"""
            INSERT INTO pledges (organization_id, donor_id, amount_cents, pledged_on, category, created_at, created_by, updated_at)
            VALUES ({organizationId}, $donor, $amount, $on, 'individual', '{createdAt}', 'bench', '{createdAt}') RETURNING id
            """, "$donor", "$amount", "$on");
        using var pledgeInstallment = Prepared($"""
            INSERT INTO pledge_installments (organization_id, pledge_id, position, due_on, amount_cents)
            VALUES ({organizationId}, $pledge, $position, $due, $amount) RETURNING id
            """, "$pledge", "$position", "$due", "$amount");
        using var writeOff = Prepared($"""
            INSERT INTO pledge_write_offs (organization_id, pledge_id, amount_cents, written_off_on, reason, created_at, created_by)
            VALUES ({organizationId}, $pledge, $amount, $on, 'bench', '{createdAt}', 'bench') RETURNING id
            """, "$pledge", "$amount", "$on");
        for (var i = 0; i < pledgeCount; i++)
        {
            var pledger = individuals[random.Next(individuals.Count)];
            var pledgedOn = today.AddDays(-random.Next(0, 2 * 365));
            var amount = random.Next(1, 100) * 100_00L;
            var count = random.Next(1, 13);
            var id = Insert(pledge, pledger, amount, D(pledgedOn));
            var paid = 0L;
            foreach (var (installment, position) in InstallmentSchedule.Equal(amount, count, pledgedOn, 1).Select((x, p) => (x, p)))
            {
                Insert(pledgeInstallment, id, position, D(installment.DueOn!.Value), installment.AmountCents);
                if (installment.DueOn < today && random.Next(100) < 70)
                {
                    Insert(gift, pledger, installment.AmountCents, D(installment.DueOn.Value), "individual", "completed", 0, null, id);
                    paid += installment.AmountCents!.Value;
                    linkedGifts++;
                }
            }
            if (random.Next(100) < 10 && amount > paid)
                Insert(writeOff, id, amount - paid, D(today.AddDays(-random.Next(0, 30))));
        }

        string[] categories = ["individual", "individual", "individual", "membership_dues", "foundation", "government", "corporate", "events", "earned", "other"];
        for (var i = linkedGifts; i < giftCount; i++)
        {
            var amount = random.Next(1, 200) * 500L;
            var status = random.Next(100) switch { 0 => "voided", 1 => "partially_refunded", 2 => "refunded", _ => "completed" };
            var refunded = status switch { "partially_refunded" => amount / 2, "refunded" => amount, _ => 0 };
            Insert(gift, individuals[random.Next(individuals.Count)], amount, D(today.AddDays(-random.Next(0, 3 * 365))), categories[random.Next(categories.Length)],
                status, refunded, null, null);
        }
        rollups.Complete();
        db.Commit();
    }
}
