using System.Diagnostics;
using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Reports;

namespace DonorTrack.Bench;

/// <summary>
/// Loads the data set's gifts through <see cref="GiftRepository.Insert"/> and, batch by batch in the same run,
/// the same rows into copies of the database through <see cref="GiftBulkWriter"/>, a raw prepared statement
/// (the ceiling) and a raw statement re-prepared per row (what preparation alone costs).
/// </summary>
/// <remarks>
/// Batches rotate between the paths so that whatever else the shared machine is doing slows them all alike.
/// </remarks>
internal sealed class GiftInsertBenchmark(BenchDatabase database, DataSetGenerator generator, BenchOptions options, DateTimeOffset now)
{
    public const string Name = "gift-insert";
    private const string Currency = "USD";
    private const string CreatedBy = "bench";

    private sealed record LoadPath(string Label, SqliteConnectionFactory Connections, Action<IReadOnlyList<BenchGift>> InsertBatch)
    {
        public Stopwatch Time { get; } = new();

        public double Rate(long rows) => rows / Time.Elapsed.TotalSeconds;
    }

    public IReadOnlyList<BenchResult> Run(BenchDataSet dataSet)
    {
        var copies = new[] { "bulk-writer.db", "raw-prepared.db", "raw-per-row.db" }.Select(name => Path.Combine(options.DataDirectory, name)).ToArray();
        foreach (var copy in copies)
            database.CopyTo(copy);
        var bulkConnections = new SqliteConnectionFactory(copies[0]);
        using var rawPrepared = new RawGiftInserter(new SqliteConnectionFactory(copies[1]), prepareOnce: true);
        using var rawPerRow = new RawGiftInserter(new SqliteConnectionFactory(copies[2]), prepareOnce: false);
        var repository = database.Get<GiftRepository>();

        var paths = new[]
        {
            new LoadPath("GiftRepository.Insert (Dapper, one command per row)", database.Connections, batch =>
            {
                using var db = database.Connections.BeginTransaction();
                foreach (var (organizationId, input) in batch)
                    repository.Insert(db, organizationId, input, Currency, CreatedBy, now);
                db.Commit();
            }),
            new LoadPath("GiftBulkWriter + ReportRollupBatch (Core, prepared once, rollups per batch)", bulkConnections, batch =>
            {
                using var db = bulkConnections.BeginTransaction();
                var rollups = ReportRollupBatch.Suspend(db);
                using (var writer = new GiftBulkWriter(db))
                {
                    foreach (var (organizationId, input) in batch)
                        writer.Insert(organizationId, input, Currency, CreatedBy, now);
                }
                rollups.Complete();
                db.Commit();
            }),
            new LoadPath("Raw SqliteCommand prepared once (ceiling)", new SqliteConnectionFactory(copies[1]), batch => rawPrepared.InsertBatch(batch, Currency, CreatedBy, now)),
            new LoadPath("Raw SqliteCommand, new command per row", new SqliteConnectionFactory(copies[2]), batch => rawPerRow.InsertBatch(batch, Currency, CreatedBy, now)),
        };

        var rows = 0L;
        var round = 0;
        foreach (var batch in generator.GiftBatches(dataSet))
        {
            // Start each round with a different path, so no path always follows the same neighbour.
            for (var i = 0; i < paths.Length; i++)
            {
                var path = paths[(round + i) % paths.Length];
                path.Time.Start();
                path.InsertBatch(batch);
                path.Time.Stop();
            }
            round++;
            rows += batch.Count;
            if (rows % (options.BatchSize * 20L) == 0)
                Console.Error.WriteLine($"  {rows:N0} gifts loaded four ways");
        }

        var fingerprint = Fingerprint(database.Connections);
        var identical = paths.All(p => Fingerprint(p.Connections) == fingerprint);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var copy in copies)
            BenchDatabase.DeleteFiles(copy);

        var ceiling = paths[2].Rate(rows);
        var results = paths.Select(p => new BenchResult(Name, $"{p.Label}, {options.BatchSize:N0} rows per transaction", BenchResult.Count(p.Rate(rows)) + " rows/s")).ToList();
        var repositoryRatio = paths[0].Rate(rows) / ceiling;
        var bulkRatio = paths[1].Rate(rows) / ceiling;
        // The target is for bulk loads, which go through GiftBulkWriter (imports); the one-gift path is shown for comparison.
        results.Add(new(Name, "GiftRepository.Insert (one gift per use case) ÷ raw prepared", BenchResult.Percent(repositoryRatio)));
        results.Add(new(Name, "GiftBulkWriter ÷ raw prepared", BenchResult.Percent(bulkRatio), "≥ 50 %", bulkRatio >= 0.5));
        results.Add(new(Name, "All four databases hold identical gift rows", identical ? "yes" : "NO", "yes", identical));
        return results;
    }

    private static (long Count, long Sum, long DonorSum, string? Last) Fingerprint(IDbConnectionFactory connections)
    {
        using var db = connections.Read();
        const string sql = "SELECT count(*), sum(amount_cents), sum(donor_id), max(received_on || coalesce(external_id, '')) FROM gifts";
        return db.Connection.QuerySingle<(long, long, long, string?)>(sql);
    }
}
