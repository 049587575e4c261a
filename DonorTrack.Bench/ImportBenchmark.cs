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
/// CSV gift imports through <see cref="ImportService.Commit"/> (files of at most 100,000 rows, the import limit;
/// the first creating its donors, the rest matching them by email), against the same rows through one prepared INSERT into a
/// table with no triggers and no secondary indexes, in the same run. Meanwhile another organization records one gift every
/// 50 ms through <see cref="GiftService"/>: its longest wait is how long an import holds the write lock.
/// </summary>
internal static class ImportBenchmark
{
    public const string Name = "import";
    private const int Donors = 30_000;
    private const int MaximumRowsPerFile = 100_000; // ImportPlanner.MaximumRows

    /// <summary>Rows from <c>--gifts N</c> (default 200,000).</summary>
    public static void Run(string[] args)
    {
        var at = Array.IndexOf(args, "--gifts");
        Run(at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 200_000);
    }

    public static void Run(int rows)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "donortrack-bench-import", Guid.NewGuid().ToString("N"));
        var connections = SqliteConnectionFactory.InDirectory(dataDirectory);
        var files = Files(rows);
        Console.WriteLine($"Import benchmark: {rows:N0} gift rows in {files.Count} file(s), {Donors:N0} donors; {Environment.ProcessorCount} cores");
        using (var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddDonorTrackCore(connections).BuildServiceProvider())
        {
            connections.EnableWriteAheadLog();
            services.GetRequiredService<DatabaseMigrator>().Migrate();
            var organizations = services.GetRequiredService<OrganizationService>();
            var actor = Actor.System(organizations.Create(new OrganizationInput { Name = "Bench Tenants Union", Timezone = "America/Chicago" }), "bench");
            var neighbour = Actor.System(organizations.Create(new OrganizationInput { Name = "Neighbouring Union", Timezone = "America/Chicago" }), "api");
            var neighbourDonor = services.GetRequiredService<DonorService>().Create(neighbour, new DonorInput { FirstName = "Pa", LastName = "Yang" });
            var imports = services.GetRequiredService<ImportService>();

            var planning = Stopwatch.StartNew();
            foreach (var file in files)
                imports.Preview(actor, "gifts.csv", file, new ImportOptions());
            planning.Stop();

            using var probe = new WriteProbe(services.GetRequiredService<GiftService>(), neighbour, neighbourDonor);
            var importing = Stopwatch.StartNew();
            var commits = new List<double>();
            foreach (var file in files)
            {
                var one = Stopwatch.StartNew();
                imports.Commit(actor, "gifts.csv", file, new ImportOptions());
                commits.Add(one.Elapsed.TotalSeconds);
            }
            importing.Stop();
            var waits = probe.Stop();

            var plain = PlainInsertRate(dataDirectory, files);
            var importRate = rows / importing.Elapsed.TotalSeconds;
            Console.WriteLine($"  Import (ImportService.Commit, end to end): {importRate:N0} rows/s ({importing.Elapsed.TotalSeconds:0.0} s; per file {string.Join(", ", commits.Select(c => c.ToString("0.0", CultureInfo.InvariantCulture) + " s"))})");
            Console.WriteLine($"  of which reading, checking and matching the rows (Preview of the same files): {planning.Elapsed.TotalSeconds:0.0} s");
            Console.WriteLine($"  Plain prepared INSERT, no triggers, no secondary indexes (baseline): {plain:N0} rows/s");
            Console.WriteLine($"  Import ÷ baseline: {importRate / plain * 100:0.0} %");
            Console.WriteLine($"  Another organization's gift write during the imports: {waits.Count} writes, median {Percentile(waits, 0.5):0} ms, " +
                              $"max {Percentile(waits, 1):0} ms, {probe.Failures} failed (busy timeout); longest time without a successful write {probe.LongestGapMilliseconds / 1000:0.0} s");
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDirectory, recursive: true);
    }

    /// <summary>CSV files of at most the import limit; donor n has email donorN@example.org, gifts spread over five years.</summary>
    private static List<byte[]> Files(int rows)
    {
        var random = new Random(5);
        var files = new List<byte[]>();
        string[] methods = ["check", "card", "cash", "ach"];
        string[] categories = ["individual", "individual", "membership_dues", "events", "foundation"];
        for (var done = 0; done < rows;)
        {
            var text = new StringBuilder("First Name,Last Name,Email,Amount,Date,Method,Category\r\n");
            var count = Math.Min(MaximumRowsPerFile, rows - done);
            for (var i = 0; i < count; i++, done++)
            {
                var donor = done % Donors;
                var on = new DateOnly(2021, 1, 1).AddDays(random.Next(5 * 365));
                text.Append(CultureInfo.InvariantCulture,
                    $"Mai,Number {donor},donor{donor}@example.org,{random.Next(1, 400) * 5}.00,{on:yyyy-MM-dd},{methods[random.Next(methods.Length)]},{categories[random.Next(categories.Length)]}\r\n");
            }
            files.Add(Encoding.UTF8.GetBytes(text.ToString()));
        }
        return files;
    }

    /// <summary>The same gift rows through one prepared INSERT, one transaction per file, into a table with nothing to maintain.</summary>
    private static double PlainInsertRate(string dataDirectory, List<byte[]> files)
    {
        var rows = files.Select(f => CsvReader.Parse(f).Records.Select(r => r.Cells).ToList()).ToList();
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
        var watch = Stopwatch.StartNew();
        var count = 0;
        foreach (var file in rows)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            insert.Prepare();
            foreach (var cells in file)
            {
                donor.Value = long.Parse(cells[2].AsSpan(5, cells[2].IndexOf('@', StringComparison.Ordinal) - 5), CultureInfo.InvariantCulture);
                amount.Value = (long)(decimal.Parse(cells[3], CultureInfo.InvariantCulture) * 100);
                on.Value = cells[4];
                method.Value = cells[5];
                category.Value = cells[6];
                insert.ExecuteNonQuery();
                count++;
            }
            transaction.Commit();
        }
        return count / watch.Elapsed.TotalSeconds;
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    /// <summary>Records a gift for another organization every 50 ms on its own thread, timing each write.</summary>
    private sealed class WriteProbe : IDisposable
    {
        private readonly List<double> _waits = [];
        private readonly Thread _thread;
        private volatile bool _stop;

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
                    Thread.Sleep(50);
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        private int _failures;

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
