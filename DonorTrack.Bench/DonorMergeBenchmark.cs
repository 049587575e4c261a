using System.Diagnostics;
using Dapper;
using DonorTrack.Core;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Matching;
using DonorTrack.Core.Merging;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Reports;
using DonorTrack.Core.Security;
using Microsoft.Extensions.DependencyInjection;

namespace DonorTrack.Bench;

/// <summary>
/// Times donor de-duplication on one organization of <c>donors</c> donors (3% of them planted duplicates by email or by
/// name and postal code) and <c>gifts</c> gifts, with a matching campaign over the last month: the likely-duplicates list,
/// a preview, and merges of ordinary pairs and of the donor with the most gifts.
/// </summary>
public static class DonorMergeBenchmark
{
    public static void Run(int donors = 60_000, int gifts = 600_000, int runs = 5)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "donortrack-bench-merge", Guid.NewGuid().ToString("N"));
        var connections = SqliteConnectionFactory.InDirectory(dataDirectory);
        using (var services = new ServiceCollection().AddDonorTrackCore(connections).BuildServiceProvider())
        {
            connections.EnableWriteAheadLog();
            services.GetRequiredService<DatabaseMigrator>().Migrate();
            var actor = Generate(services, connections, donors, gifts);
            var merges = services.GetRequiredService<DonorMergeService>();

            var pairs = Measure("Likely duplicates, first page of 50", runs, () => merges.FindLikelyDuplicates(actor, new PageRequest()).Total);
            Console.WriteLine($"  ({pairs:N0} likely pairs)");
            var (heavy, heavyGifts) = Heaviest(connections, actor.OrganizationId);
            var partner = heavy + 1;
            Measure($"Preview of the donor with the most gifts ({heavyGifts:N0})", runs, () => merges.Preview(actor, partner, heavy)!.Moves.GiftCount);

            var listed = merges.FindLikelyDuplicates(actor, new PageRequest(1, 20)).Items;
            var times = new List<double>();
            foreach (var pair in listed)
            {
                var watch = Stopwatch.StartNew();
                merges.Merge(actor, new DonorMergeInput { SurvivorId = pair.Survivor.Id, DuplicateId = pair.Duplicate.Id });
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"  Merge of a listed pair: median {times[times.Count / 2]:0} ms, max {times[^1]:0} ms ({times.Count} merges)");
            var heavyWatch = Stopwatch.StartNew();
            var result = merges.Merge(actor, new DonorMergeInput { SurvivorId = partner, DuplicateId = heavy });
            Console.WriteLine($"  Merge of the donor with the most gifts: {heavyWatch.Elapsed.TotalMilliseconds:0} ms ({result.Moved.GiftCount:N0} gifts, {result.CampaignsReallocated.Count} campaign re-run)");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataDirectory, recursive: true);
    }

    private static long Measure(string name, int runs, Func<long> work)
    {
        var answer = work(); // warm-up: JIT and page cache
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            work();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"  {name}: median {times[times.Count / 2]:0} ms, best {times[0]:0} ms ({runs} runs)");
        return answer;
    }

    private static (long DonorId, long Gifts) Heaviest(IDbConnectionFactory connections, long organizationId)
    {
        using var db = connections.Read();
        return db.Connection.QuerySingle<(long, long)>(
            "SELECT donor_id, count(*) FROM gifts WHERE organization_id = @organizationId GROUP BY donor_id ORDER BY count(*) DESC, donor_id LIMIT 1",
            new { organizationId });
    }

    private static Actor Generate(ServiceProvider services, IDbConnectionFactory connections, int donors, int gifts)
    {
        var watch = Stopwatch.StartNew();
        var organizationId = services.GetRequiredService<OrganizationService>().Create(new OrganizationInput { Name = "Bench Tenants Union", Timezone = "America/Chicago" });
        var actor = Actor.System(organizationId, "bench");
        var random = new Random(11);
        string[] first = ["Xee", "Amina", "Lupe", "Mai", "Hodan", "Ana", "Nguyễn Văn", "José", "Fatima", "Pa", "Bo", "Layla"];
        long firstDonor;
        using (var db = connections.BeginTransaction())
        {
            const string donor = """
                INSERT INTO donors (organization_id, kind, first_name, last_name, sort_name, email, postal_code, created_at, updated_at)
                VALUES (@organizationId, 'individual', @first, @last, @last, @email, @postal, '2020-01-01T00:00:00+00:00', '2020-01-01T00:00:00+00:00')
                RETURNING id
                """;
            firstDonor = 0;
            for (var i = 0; i < donors; i++)
            {
                // Every 33rd donor repeats an earlier one: half by email (another case), half by name with the ZIP+4 form of its postal code.
                var source = i > 100 && i % 33 == 0 ? random.Next(i) : i;
                var sameEmail = source != i && i % 2 == 0;
                var id = db.Connection.ExecuteScalar<long>(donor, new
                {
                    organizationId,
                    first = first[source % first.Length],
                    last = source == i || sameEmail ? $"Number {i}" : $"Number {source}",
                    email = sameEmail ? $"DONOR{source}@EXAMPLE.ORG" : $"donor{i}@example.org",
                    postal = source == i || sameEmail ? $"{55000 + i % 900}" : $"{55000 + source % 900}-0001",
                }, db.Transaction);
                if (i == 0)
                    firstDonor = id;
            }
            const string gift = """
                INSERT INTO gifts (organization_id, donor_id, amount_cents, currency, received_on, method, category, status, created_at, created_by, updated_at)
                VALUES (@organizationId, @donorId, @amount, 'USD', @on, 'check', 'individual', 'completed', '2020-01-01T00:00:00+00:00', 'bench', '2020-01-01T00:00:00+00:00')
                """;
            var start = new DateOnly(2021, 1, 1);
            var rollups = ReportRollupBatch.Suspend(db);
            for (var i = 0; i < gifts; i++)
            {
                db.Connection.Execute(gift, new
                {
                    organizationId,
                    donorId = firstDonor + (long)(Math.Pow(random.NextDouble(), 3) * donors),
                    amount = random.Next(1, 200) * 500L,
                    on = start.AddDays(random.Next(5 * 365)),
                }, db.Transaction);
            }
            rollups.Complete();
            db.Commit();
        }
        var funder = services.GetRequiredService<DonorService>().Create(actor, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Headwaters Foundation" });
        services.GetRequiredService<MatchingCampaignService>().Create(actor, new MatchingCampaignInput
        {
            Name = "Year-end drive", FunderDonorId = funder, PoolCents = 5_000_000, Ratio = "1:1", PerDonorCapCents = 50_000,
            StartsOn = new DateOnly(2025, 12, 1), EndsOn = new DateOnly(2025, 12, 31), Eligibility = "new_donors",
            Participants = [new MatchingParticipantInput { OrganizationId = organizationId }],
        });
        Console.WriteLine($"Donor merge benchmark: generated {donors:N0} donors and {gifts:N0} gifts in {watch.Elapsed.TotalSeconds:0} s");
        return actor;
    }
}
