using Microsoft.Data.Sqlite;

namespace DonorTrack.Core.Data;

/// <summary>Another writer held the database for longer than a change is allowed to wait; trying again shortly will work.</summary>
public sealed class DatabaseBusyException(TimeSpan waited, Exception inner)
    : Exception($"The database was busy with another change for {waited.TotalSeconds:0.#} s.", inner)
{
    public TimeSpan Waited { get; } = waited;

    /// <summary>Whether an exception means "another writer holds the lock" (SQLITE_BUSY or SQLITE_LOCKED), not a real failure.</summary>
    public static bool IsBusy(Exception? error) => error switch
    {
        null => false,
        DatabaseBusyException => true,
        SqliteException sqlite => sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked,
        _ => IsBusy(error.InnerException),
    };

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
}
