using Dapper;

namespace DonorTrack.Core.Data;

/// <summary>
/// A larger SQLite page cache for one bulk write's transaction, back to the connection's usual size when disposed. A transaction's
/// changed pages stay in the cache until commit; once they outgrow it SQLite writes them to the write-ahead log early, and a page
/// changed again is written again. A million-gift import touches far more index pages than the usual 16 MB holds (the profile
/// showed a fifth of its time in write calls).
/// </summary>
public sealed class BulkWritePageCache : IDisposable
{
    /// <summary>128 MB, filled only as used and released on dispose: within the 300 MB a 1,000,000-gift import may take.</summary>
    private const int BulkKibibytes = 128 * 1024;

    private readonly DbSession _db;
    private readonly long _usual;

    private BulkWritePageCache(DbSession db, long usual)
    {
        _db = db;
        _usual = usual;
    }

    public static BulkWritePageCache Enlarge(DbSession db)
    {
        var usual = db.Connection.ExecuteScalar<long>("PRAGMA cache_size", transaction: db.Transaction);
        db.Connection.Execute($"PRAGMA cache_size = -{BulkKibibytes}", transaction: db.Transaction);
        return new BulkWritePageCache(db, usual);
    }

    public void Dispose()
    {
        if (_db.Connection.State != System.Data.ConnectionState.Open)
            return;
        var restore = $"PRAGMA cache_size = {_usual}";
        // After commit or rollback the transaction is finished (its Connection is null) and the pragma runs on its own.
        var transaction = _db.Transaction?.Connection is null ? null : _db.Transaction;
        try
        {
            _db.Connection.Execute(restore, transaction: transaction);
        }
        catch (InvalidOperationException) when (transaction is not null)
        {
            // SQLite rolled the transaction back itself (a commit that failed on a full disk): end it here, then restore.
            transaction.Dispose();
            _db.Connection.Execute(restore);
        }
    }
}
