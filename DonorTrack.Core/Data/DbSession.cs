using System.Data.Common;

namespace DonorTrack.Core.Data;

/// <summary>
/// An open connection with an optional transaction, handed to repositories so one use case commits or rolls back as a whole.
/// <paramref name="afterTransaction"/> runs once the transaction has ended, before the connection goes back to the pool.
/// </summary>
public sealed class DbSession(DbConnection connection, DbTransaction? transaction, Action? afterTransaction = null) : IDisposable
{
    public DbConnection Connection { get; } = connection;

    public DbTransaction? Transaction { get; } = transaction;

    public void Commit() => (Transaction ?? throw new InvalidOperationException("This session has no transaction.")).Commit();

    public void Dispose()
    {
        try
        {
            Transaction?.Dispose();
            afterTransaction?.Invoke();
        }
        finally
        {
            Connection.Dispose();
        }
    }
}
