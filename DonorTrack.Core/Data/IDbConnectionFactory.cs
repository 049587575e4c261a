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
    /// <summary>Opens a connection and begins a transaction: the unit every change to money or donors happens in.</summary>
    public static DbSession BeginTransaction(this IDbConnectionFactory connections)
    {
        var connection = connections.Open();
        return new DbSession(connection, connection.BeginTransaction());
    }

    /// <summary>Opens a connection for reads.</summary>
    public static DbSession Read(this IDbConnectionFactory connections) => new(connections.Open(), null);
}
