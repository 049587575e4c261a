using System.Data.Common;

namespace DonorTrack.Core.Data;

/// <summary>Opens ready-to-use connections to the DonorTrack database (SQLite today; PostgreSQL for hosted alliances).</summary>
public interface IDbConnectionFactory
{
    DbConnection Open();
}

/// <summary>The two ways a use case opens the database: a transaction for changes, a plain session for reads.</summary>
public static class DbSessions
{
    /// <summary>
    /// Opens a connection and begins a transaction: the unit every change to money or donors happens in. The transaction takes
    /// the write lock at once (BEGIN IMMEDIATE), waiting with SQLite's backoff while another writer holds it; past the
    /// factory's bound it throws <see cref="DatabaseBusyException"/>, which callers answer as "busy, try again" (503).
    /// </summary>
    public static DbSession BeginTransaction(this IDbConnectionFactory connections)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var connection = connections.Open();
        try
        {
            return new DbSession(connection, connection.BeginTransaction());
        }
        catch (Exception error) when (DatabaseBusyException.IsBusy(error))
        {
            connection.Dispose();
            throw new DatabaseBusyException(started.Elapsed, error);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens a connection for reads.</summary>
    public static DbSession Read(this IDbConnectionFactory connections) => new(connections.Open(), null);
}
