using System.Diagnostics;
using System.Globalization;
using DonorTrack.Core;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Receipts;
using DonorTrack.Core.Security;
using Microsoft.Extensions.DependencyInjection;

namespace DonorTrack.Bench;

/// <summary>
/// Year-end statements for many donors streamed into a ZIP: statements per second, peak memory, and the size of one
/// single-gift receipt. Targets (issue 6): ≥ 150 statements/s, ≤ 400 MB peak, ≤ 100 KB per receipt.
/// </summary>
public static class ReceiptsBenchmark
{
    public static void Run(int donorCount = 10_000, TextWriter? output = null)
    {
        output ??= Console.Out;
        var folder = Path.Combine(Path.GetTempPath(), "donortrack-bench-receipts", Guid.NewGuid().ToString("N"));
        var connections = SqliteConnectionFactory.InDirectory(folder);
        using var services = new ServiceCollection().AddDonorTrackCore(connections).BuildServiceProvider();
        connections.EnableWriteAheadLog();
        services.GetRequiredService<DatabaseMigrator>().Migrate();
        try
        {
            var actor = Seed(services, connections, donorCount);
            var receipts = services.GetRequiredService<GiftReceiptService>();
            var statements = services.GetRequiredService<YearEndStatementService>();

            // Warm up fonts, shaping caches and JIT on one single-gift receipt, which is also the size sample.
            var firstGift = services.GetRequiredService<GiftService>().List(actor, new GiftQuery { Page = new PageRequest(1, 1) }).Gifts.Items[0].Id;
            var single = receipts.ForGift(actor, firstGift)!;

            var zipPath = Path.Combine(folder, "statements-2025.zip");
            // Processor time as well as wall time: on a shared machine the wall rate swings with the other load, the CPU cost far less.
            var processorBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            IReadOnlyList<ReceiptBatchEntry> entries;
            using (var zip = File.Create(zipPath))
                entries = statements.WriteAnnualBatchAsync(actor, new AnnualBatchInput(2025), zip).GetAwaiter().GetResult();
            stopwatch.Stop();

            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var rate = entries.Count / stopwatch.Elapsed.TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Receipts: {entries.Count} year-end statements in {stopwatch.Elapsed.TotalSeconds:0.0} s = {rate:0} statements/s (target >= 150)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Receipts: {(process.TotalProcessorTime - processorBefore).TotalMilliseconds / entries.Count:0.00} ms of processor time per statement (all threads)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Receipts: peak working set {process.PeakWorkingSet64 / 1024 / 1024} MB (target <= 400), ZIP {new FileInfo(zipPath).Length / 1024 / 1024} MB"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Receipts: single-gift receipt {single.Pdf.Length / 1024.0:0.0} KB (target <= 100)"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>One 501(c)(3) organization and donors with three to five 2025 gifts each, one in a few with a benefit or in kind.</summary>
    private static Actor Seed(ServiceProvider services, IDbConnectionFactory connections, int donorCount)
    {
        var organizationId = services.GetRequiredService<OrganizationService>().Create(new OrganizationInput
        {
            Name = "Eastside Tenants Alliance", LegalStatus = "501c3", Ein = "93-1234567", AddressLine1 = "1200 Alder Street",
            City = "Portland", Region = "OR", PostalCode = "97214", ReceiptSignatory = "Dana Whitfield",
        });
        var actor = Actor.System(organizationId, "bench");
        var donors = services.GetRequiredService<DonorRepository>();
        var gifts = services.GetRequiredService<GiftRepository>();
        var names = new[] { ("Nguyễn Thị", "Minh Khai"), ("محمد", "الأحمد"), ("小明", "王"), ("Xee", "Yang"), ("Zoë", "Ångström") };
        var now = DateTimeOffset.UtcNow;
        using var db = connections.BeginTransaction();
        for (var i = 0; i < donorCount; i++)
        {
            var (first, last) = names[i % names.Length];
            var donorId = donors.Insert(db, organizationId, new DonorInput
            {
                FirstName = first, LastName = $"{last} {i}", AddressLine1 = $"{i} Rose Lane", City = "Portland", Region = "OR", PostalCode = "97202",
            }.Normalized(), now);
            for (var g = 0; g < 3 + (i % 3); g++)
            {
                var benefit = g == 0 && i % 7 == 0;
                var inKind = g == 1 && i % 11 == 0;
                gifts.Insert(db, organizationId, new GiftInput
                {
                    DonorId = donorId, AmountCents = 2500 + (i % 40 * 500) + (g * 1000), ReceivedOn = new DateOnly(2025, 1 + (g * 3 % 12), 1 + (i % 28)),
                    Method = inKind ? GiftMethod.InKind : GiftMethod.Card, Category = benefit ? GiftCategory.Events : GiftCategory.Individual,
                    BenefitValueCents = benefit ? 1500 : 0, BenefitDescription = benefit ? "gala dinner" : null,
                    InKindDescription = inKind ? "Folding tables" : null,
                }, "USD", "bench", now);
            }
        }

        db.Commit();
        return actor;
    }
}
