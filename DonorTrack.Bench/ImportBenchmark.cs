using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using DonorTrack.Core;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Imports;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DonorTrack.Bench;

/// <summary>
/// CSV imports through the real import code, each file streamed from disk (<see cref="ImportService"/>'s Stream overloads):
/// a dry run (Preview) of a 100,000-donor file, the same file committed, then a 1,000,000-gift file keyed on the previous system's
/// donor ids committed in one transaction. Beside it, in the same run, the same gift rows through one prepared INSERT into a table
/// with no triggers and no secondary indexes (the rows parsed beforehand, chunk by chunk, so only inserting is timed). Meanwhile
/// another organization records one gift every 50 ms through <see cref="GiftService"/>: its longest wait is how long an import
/// holds the write lock. Wall and processor time are both printed: the machine is shared.
/// </summary>
internal static class ImportBenchmark
{
    public const string Name = "import";

    /// <summary><c>--donors N</c> (default 100,000) and <c>--gifts N</c> (default 1,000,000).</summary>
    public static void Run(string[] args) => Run(Option(args, "--donors", 100_000), Option(args, "--gifts", 1_000_000));

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public static void Run(int donors, int gifts)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "donortrack-bench-import", Guid.NewGuid().ToString("N"));
        var connections = SqliteConnectionFactory.InDirectory(dataDirectory);
        var donorFile = Path.Combine(dataDirectory, "donors.csv");
        var giftFile = Path.Combine(dataDirectory, "gifts.csv");
        WriteDonorFile(donorFile, donors);
        WriteGiftFile(giftFile, donors, gifts);
        Console.WriteLine($"Import benchmark: {donors:N0} donors, {gifts:N0} gifts ({new FileInfo(giftFile).Length / 1024 / 1024:N0} MB); " +
                          $"{Environment.ProcessorCount} cores, load average {LoadAverage()}");
        using (var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddDonorTrackCore(connections).BuildServiceProvider())
        {
            connections.EnableWriteAheadLog();
            services.GetRequiredService<DatabaseMigrator>().Migrate();
            var organizations = services.GetRequiredService<OrganizationService>();
            var actor = Actor.System(organizations.Create(new OrganizationInput { Name = "Bench Tenants Union", Timezone = "America/Chicago" }), "bench");
            var neighbour = Actor.System(organizations.Create(new OrganizationInput { Name = "Neighbouring Union", Timezone = "America/Chicago" }), "api");
            var neighbourDonor = services.GetRequiredService<DonorService>().Create(neighbour, new DonorInput { FirstName = "Pa", LastName = "Yang" });
            var imports = services.GetRequiredService<ImportService>();

            var dryRun = Measured.Of(() =>
            {
                using var file = File.OpenRead(donorFile);
                var preview = imports.Preview(actor, "donors.csv", file, new ImportOptions());
                if (!preview.IsValid || preview.DonorsToCreate != donors)
                    throw new InvalidOperationException($"The donor file did not plan cleanly: {string.Join("; ", preview.Errors.Take(3))}");
            });
            Console.WriteLine($"  Donor import dry run (Preview, {donors:N0} rows): {dryRun}");

            var donorImport = Measured.Of(() =>
            {
                using var file = File.OpenRead(donorFile);
                imports.Commit(actor, "donors.csv", file, new ImportOptions());
            });
            Console.WriteLine($"  Donor import (Commit, end to end): {donors / donorImport.WallSeconds:N0} rows/s; {donorImport}");

            using var probe = new WriteProbe(services.GetRequiredService<GiftService>(), neighbour, neighbourDonor);
            var giftImport = Measured.Of(() =>
            {
                using var file = File.OpenRead(giftFile);
                var result = imports.Commit(actor, "gifts.csv", file, new ImportOptions());
                if (result.GiftIds.Count != gifts)
                    throw new InvalidOperationException($"{result.GiftIds.Count:N0} gifts imported, {gifts:N0} expected.");
            });
            var waits = probe.Stop();
            using (var process = Process.GetCurrentProcess())
            {
                process.Refresh();
                Console.WriteLine($"  Gift import (Commit, end to end): {gifts / giftImport.WallSeconds:N0} rows/s; {giftImport}; " +
                                  $"peak working set so far {process.PeakWorkingSet64 / 1024 / 1024:N0} MB");
            }

            var plain = PlainInsert(dataDirectory, giftFile);
            var importRate = gifts / giftImport.WallSeconds;
            var plainRate = gifts / plain.WallSeconds;
            Console.WriteLine($"  Plain prepared INSERT, no triggers, no secondary indexes (baseline, inserting only): {plainRate:N0} rows/s; {plain}");
            Console.WriteLine($"  Gift import ÷ baseline: {importRate / plainRate:0.00} (wall), {plain.CpuSeconds / giftImport.CpuSeconds:0.00} (processor time)");
            Console.WriteLine($"  Another organization's gift write during the gift import: {waits.Count} writes, median {Percentile(waits, 0.5):0} ms, " +
                              $"max {Percentile(waits, 1):0} ms, {probe.Failures} failed (busy timeout); longest time without a successful write {probe.LongestGapMilliseconds / 1000:0.0} s");
            Console.WriteLine($"  Load average after: {LoadAverage()}");
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDirectory, recursive: true);
    }

    /// <summary>Donor n: previous-system id P-n, a name, email donorN@example.org, a city and postal code.</summary>
    private static void WriteDonorFile(string path, int donors)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write("Constituent ID,First Name,Last Name,Email,City,Postal Code\r\n");
        string[] first = ["Mai", "Lars", "Fatima", "Hùng", "Ana", "Kwame", "Olga", "José"];
        for (var n = 0; n < donors; n++)
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"P-{n},{first[n % first.Length]},Number {n},donor{n}@example.org,Saint Paul,{55100 + n % 100}\r\n"));
    }

    /// <summary>Gifts spread over the donors and over five years in random order, keyed on the previous system's donor id.</summary>
    private static void WriteGiftFile(string path, int donors, int gifts)
    {
        var random = new Random(5);
        string[] methods = ["check", "card", "cash", "ach"];
        string[] categories = ["individual", "individual", "membership_dues", "events", "foundation"];
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write("Constituent ID,Amount,Date,Method,Category\r\n");
        for (var i = 0; i < gifts; i++)
        {
            var on = new DateOnly(2021, 1, 1).AddDays(random.Next(5 * 365));
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"P-{random.Next(donors)},{random.Next(1, 400) * 5}.00,{on:yyyy-MM-dd},{methods[random.Next(methods.Length)]},{categories[random.Next(categories.Length)]}\r\n"));
        }
    }

    /// <summary>
    /// The gift rows through one prepared INSERT in one transaction into a table with nothing to maintain. The file is parsed a chunk
    /// at a time before that chunk's inserts, and only the inserts are timed.
    /// </summary>
    private static Measured PlainInsert(string dataDirectory, string giftFile)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "plain.db")};Pooling=False");
        connection.Open();
        connection.Execute("""
            PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
            CREATE TABLE plain_gifts (
                id INTEGER PRIMARY KEY, organization_id INTEGER NOT NULL, donor_id INTEGER NOT NULL, amount_cents INTEGER NOT NULL,
                currency TEXT NOT NULL, received_on TEXT NOT NULL, method TEXT NOT NULL, category TEXT NOT NULL, status TEXT NOT NULL,
                created_at TEXT NOT NULL, created_by TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT;
            """);
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO plain_gifts (organization_id, donor_id, amount_cents, currency, received_on, method, category, status, created_at, created_by, updated_at)
            VALUES (1, $donor, $amount, 'USD', $on, $method, $category, 'completed', $now, 'bench', $now)
            """;
        var donor = insert.Parameters.Add("$donor", SqliteType.Integer);
        var amount = insert.Parameters.Add("$amount", SqliteType.Integer);
        var on = insert.Parameters.Add("$on", SqliteType.Text);
        var method = insert.Parameters.Add("$method", SqliteType.Text);
        var category = insert.Parameters.Add("$category", SqliteType.Text);
        var now = insert.Parameters.Add("$now", SqliteType.Text);
        now.Value = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

        var wall = TimeSpan.Zero;
        var cpu = TimeSpan.Zero;
        using var process = Process.GetCurrentProcess();
        using var transaction = connection.BeginTransaction();
        insert.Transaction = transaction;
        insert.Prepare();
        using var stream = File.OpenRead(giftFile);
        var reader = CsvRecordReader.FromUtf8(stream);
        var chunk = new List<(long Donor, long Amount, string On, string Method, string Category)>(100_000);
        while (true)
        {
            chunk.Clear();
            while (chunk.Count < 100_000 && reader.Read() is { } record)
            {
                var c = record.Cells;
                chunk.Add((long.Parse(c[0].AsSpan(2), CultureInfo.InvariantCulture), (long)(decimal.Parse(c[1], CultureInfo.InvariantCulture) * 100), c[2], c[3], c[4]));
            }
            if (chunk.Count == 0)
                break;
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            foreach (var row in chunk)
            {
                donor.Value = row.Donor;
                amount.Value = row.Amount;
                on.Value = row.On;
                method.Value = row.Method;
                category.Value = row.Category;
                insert.ExecuteNonQuery();
            }
            wall += watch.Elapsed;
            process.Refresh();
            cpu += process.TotalProcessorTime - cpuBefore;
        }
        var commit = Stopwatch.StartNew();
        transaction.Commit();
        wall += commit.Elapsed;
        return new Measured(wall.TotalSeconds, cpu.TotalSeconds);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    /// <summary>Wall time and this process's processor time (all threads) of one piece of work.</summary>
    private sealed record Measured(double WallSeconds, double CpuSeconds)
    {
        public static Measured Of(Action work)
        {
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            work();
            var wall = watch.Elapsed.TotalSeconds;
            process.Refresh();
            return new Measured(wall, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
        }

        public override string ToString() => $"{WallSeconds:0.00} s wall, {CpuSeconds:0.00} s processor";
    }

    /// <summary>Records a gift for another organization every 50 ms on its own thread, timing each write.</summary>
    private sealed class WriteProbe : IDisposable
    {
        private readonly List<double> _waits = [];
        private readonly Thread _thread;
        private volatile bool _stop;
        private int _failures;

        public WriteProbe(GiftService gifts, Actor actor, long donorId)
        {
            _thread = new Thread(() =>
            {
                var lastWrite = Stopwatch.StartNew();
                while (!_stop)
                {
                    var watch = Stopwatch.StartNew();
                    try
                    {
                        gifts.Record(actor, new GiftInput { DonorId = donorId, AmountCents = 500, ReceivedOn = new DateOnly(2026, 1, 2), Method = GiftMethod.Cash, Category = GiftCategory.Individual });
                        lock (_waits)
                        {
                            _waits.Add(watch.Elapsed.TotalMilliseconds);
                            LongestGapMilliseconds = Math.Max(LongestGapMilliseconds, lastWrite.Elapsed.TotalMilliseconds);
                        }
                        lastWrite.Restart();
                    }
                    catch (SqliteException)
                    {
                        Interlocked.Increment(ref _failures);
                    }
                    catch (DatabaseBusyException)
                    {
                        Interlocked.Increment(ref _failures);
                    }
                    Thread.Sleep(50);
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        /// <summary>The longest time between two successful writes (a write every 50 ms otherwise): the longest write-lock hold, failed attempts included.</summary>
        public double LongestGapMilliseconds { get; private set; }

        public int Failures => _failures;

        public List<double> Stop()
        {
            _stop = true;
            _thread.Join();
            lock (_waits)
            {
                _waits.Sort();
                return [.. _waits];
            }
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }
}
