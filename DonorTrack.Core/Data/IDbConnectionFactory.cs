using System.Data.Common;

namespace DonorTrack.Core.Data;

/// <summary>Opens ready-to-use connections to the DonorTrack database (SQLite today; PostgreSQL for hosted alliances).</summary>
public interface IDbConnectionFactory
{
    DbConnection Open();

    /// <summary>Opens a connection and begins a transaction: the unit every change to money or donors happens in.</summary>
    DbSession BeginTransaction()
    {
        var connection = Open();
        return new DbSession(connection, connection.BeginTransaction());
    }

    /// <summary>Opens a connection for reads.</summary>
    DbSession Read() => new(Open(), null);
}
