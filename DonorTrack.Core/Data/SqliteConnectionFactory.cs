using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace DonorTrack.Core.Data;

/// <summary>Connections to one SQLite file with foreign keys on, a busy timeout, and WAL journaling.</summary>
public sealed class SqliteConnectionFactory : IDbConnectionFactory
{
    /// <summary>How long a change waits for another writer (a long import, say) before it is answered "busy, try again".</summary>
    public static readonly TimeSpan DefaultWriteWait = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;
    private readonly long _busyTimeoutMilliseconds;

    public SqliteConnectionFactory(string databasePath, TimeSpan? writeWait = null)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        WriteWait = writeWait ?? DefaultWriteWait;
        Writers = new WriterQueue(WriteWait);
        _busyTimeoutMilliseconds = (long)WriteWait.TotalMilliseconds;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            ForeignKeys = true,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy statement until the command timeout; together with busy_timeout this bounds the wait.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(WriteWait.TotalSeconds)),
            Mode = SqliteOpenMode.ReadWriteCreate,
        }.ToString();
        DapperConfiguration.Register();
    }

    public string DatabasePath { get; }

    public TimeSpan WriteWait { get; }

    public WriterQueue Writers { get; }

    /// <summary>
    /// Prepares the data directory (created when needed, proven writable, private to this account) and returns a factory for
    /// <c>donortrack.db</c> inside it; throws <see cref="DataDirectoryUnusableException"/> when the directory cannot be used.
    /// </summary>
    public static SqliteConnectionFactory InDirectory(string dataDirectory, TimeSpan? writeWait = null)
    {
        PrivateDataDirectory.Prepare(dataDirectory);
        return new SqliteConnectionFactory(Path.Combine(dataDirectory, "donortrack.db"), writeWait);
    }

    public DbConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // A pooled connection keeps its SQLite handle, and the handle keeps its settings: configure each handle once
        // rather than parsing and running the pragmas again on every use (a noticeable share of a short request).
        if (!_configuredHandles.TryGetValue(connection.Handle!, out _))
        {
            Configure(connection);
            _configuredHandles.AddOrUpdate(connection.Handle!, Configured);
        }
        return connection;
    }

    private static readonly object Configured = new();
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configuredHandles = new();

    private void Configure(SqliteConnection connection)
    {
        using var pragma = connection.CreateCommand();
        // busy_timeout makes a writer wait for another writer's lock instead of failing at once;
        // synchronous=NORMAL is the documented safe pairing with WAL. SQLite's default page cache is 2 MB, smaller than
        // the donors table and its search index of a mid-sized organization, so every query re-read its pages from the
        // file (a postal-code search took 15 ms instead of 0.5): 16 MB per pooled connection, filled only as it is used
        // (32 MB took the benchmark, four databases loading at once, past its 300 MB memory target).
        // A connection's page cache is emptied whenever another connection has written since its last read, which under
        // steady writes is nearly every request; memory-mapped reads then take the pages from the operating system's
        // cache without copying them into the connection's own (the mapping is shared, so it costs no memory per connection).
        pragma.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16384; PRAGMA mmap_size = {MemoryMapBytes};";
        pragma.ExecuteNonQuery();
    }

    private const long MemoryMapBytes = 1L << 30;

    /// <summary>Switches the file to write-ahead logging; persistent, so once per start-up is enough.</summary>
    public void EnableWriteAheadLog()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
    }
}
