using System.Data.Common;

namespace DonorTrack.Core.Data;

/// <summary>Opens ready-to-use connections to the DonorTrack database (SQLite today; PostgreSQL for hosted alliances).</summary>
public interface IDbConnectionFactory
{
    DbConnection Open();

    /// <summary>Where this process's writers wait their turn (see <see cref="WriterQueue"/>); null leaves the waiting to the database.</summary>
    WriterQueue? Writers => null;
}

/// <summary>The two ways a use case opens the database: a transaction for changes, a plain session for reads.</summary>
public static class DbSessions
{
    /// <summary>
    /// Opens a connection and begins a transaction: the unit every change to money or donors happens in. The transaction waits
    /// for this process's earlier writers in the factory's <see cref="WriterQueue"/>, then takes the write lock at once
    /// (BEGIN IMMEDIATE), waiting with SQLite's backoff while another process writes; past the factory's bound it throws
    /// <see cref="DatabaseBusyException"/>, which callers answer as "busy, try again" (503). The turn ends at commit or dispose.
    /// </summary>
    public static DbSession BeginTransaction(this IDbConnectionFactory connections)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var turn = connections.Writers?.Enter();
        DbConnection? connection = null;
        try
        {
            connection = connections.Open();
            return new DbSession(connection, connection.BeginTransaction(), turn);
        }
        catch (Exception error) when (DatabaseBusyException.IsBusy(error) && error is not DatabaseBusyException)
        {
            connection?.Dispose();
            turn?.End();
            throw new DatabaseBusyException(started.Elapsed, error);
        }
        catch
        {
            connection?.Dispose();
            turn?.End();
            throw;
        }
    }

    /// <summary>Opens a connection for reads.</summary>
    public static DbSession Read(this IDbConnectionFactory connections) => new(connections.Open(), null);
}
