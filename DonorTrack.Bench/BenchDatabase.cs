using DonorTrack.Core;
using DonorTrack.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DonorTrack.Bench;

/// <summary>A migrated DonorTrack database in the benchmark's data directory, with Core's services over it and a fixed clock.</summary>
internal sealed class BenchDatabase : IDisposable
{
    public const string FileName = "donortrack.db";

    private readonly ServiceProvider _services;

    private BenchDatabase(string databasePath, TimeProvider clock)
    {
        Connections = new SqliteConnectionFactory(databasePath);
        _services = new ServiceCollection()
            .AddSingleton(clock)
            .AddDonorTrackCore(Connections)
            .BuildServiceProvider();
        Connections.EnableWriteAheadLog();
        Get<DatabaseMigrator>().Migrate();
    }

    public SqliteConnectionFactory Connections { get; }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static BenchDatabase Open(string databasePath, TimeProvider clock) => new(databasePath, clock);

    /// <summary>Removes a database file and its WAL companions; only the files this harness creates.</summary>
    public static void DeleteFiles(string databasePath)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(databasePath + suffix);
    }

    /// <summary>Copies the whole database (SQLite's online backup), so a scratch copy starts with identical schema, donors and page layout.</summary>
    public void CopyTo(string destinationPath)
    {
        DeleteFiles(destinationPath);
        using var source = (SqliteConnection)Connections.Open();
        using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destinationPath }.ToString());
        destination.Open();
        source.BackupDatabase(destination);
        using var wal = destination.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode = WAL;";
        wal.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
    }
}

/// <summary>A clock that always says the same instant, so the generated data set is the same on every run.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
