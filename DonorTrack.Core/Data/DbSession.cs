using System.Data.Common;

namespace DonorTrack.Core.Data;

/// <summary>
/// An open connection with an optional transaction, handed to repositories so one use case commits or rolls back as a whole.
/// <paramref name="writerTurn"/> is the writer's place in its process's <see cref="WriterQueue"/>, ended at commit or dispose;
/// <paramref name="afterTransaction"/> runs once the transaction has ended, before the connection goes back to the pool.
/// </summary>
public sealed class DbSession(DbConnection connection, DbTransaction? transaction, WriterTurn? writerTurn = null, Action? afterTransaction = null)
    : IDisposable
{
    public DbConnection Connection { get; } = connection;

    public DbTransaction? Transaction { get; } = transaction;

    /// <summary>Commits, and lets the next writer in at once rather than when this session is disposed.</summary>
    public void Commit()
    {
        (Transaction ?? throw new InvalidOperationException("This session has no transaction.")).Commit();
        writerTurn?.End();
    }

    public void Dispose()
    {
        try
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
        finally
        {
            writerTurn?.End();
        }
    }
}
