using System.Data.Common;

namespace DonorTrack.Core.Data;

/// <summary>
/// A write transaction for one bulk write (an import of up to a million rows), with two SQLite settings of its connection changed
/// for it and put back when the session ends: a larger page cache and statement journals kept in memory.
/// </summary>
/// <remarks>
/// A transaction's changed pages stay in the page cache until commit; once they outgrow it SQLite writes them to the write-ahead
/// log early, and a page changed again is written again. A million-gift import touches far more index pages than the usual 16 MB.
/// Every gift INSERT runs with a statement journal (gifts have triggers and constraints, so a failing statement must be undone
/// alone), which copies each page the statement changes; past 64 KB SQLite moves that journal to a temporary file and every later
/// insert of the transaction wrote its pages there: a write call per page, about a quarter of a gift import's time (strace counted
/// 18,000 writes a second). With temp_store = MEMORY the journal stays in memory, and it is emptied after each statement. SQLite
/// decides where the journal goes when the write transaction begins, so the setting is made before BEGIN.
/// </remarks>
public static class BulkWriteTransaction
{
    /// <summary>128 MB, filled only as used and released when the session ends: within the 300 MB a 1,000,000-gift import may take.</summary>
    private const int PageCacheKibibytes = 128 * 1024;

    /// <summary>Like <see cref="DbSessions.BeginTransaction"/> (the writer queue, BEGIN IMMEDIATE, the same busy bound), with the bulk settings.</summary>
    public static DbSession Begin(IDbConnectionFactory connections)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var turn = connections.Writers?.Enter();
        DbConnection? connection = null;
        try
        {
            connection = connections.Open();
            var usualCacheSize = Scalar(connection, "PRAGMA cache_size");
            var usualTempStore = Scalar(connection, "PRAGMA temp_store");
            Execute(connection, $"PRAGMA cache_size = -{PageCacheKibibytes}; PRAGMA temp_store = MEMORY;");
            DbTransaction transaction;
            try
            {
                transaction = connection.BeginTransaction();
            }
            catch
            {
                Execute(connection, $"PRAGMA cache_size = {usualCacheSize}; PRAGMA temp_store = {usualTempStore};");
                throw;
            }
            // After commit or rollback: a pooled connection keeps its settings for its next user.
            return new DbSession(connection, transaction, turn,
                () => Execute(connection, $"PRAGMA cache_size = {usualCacheSize}; PRAGMA temp_store = {usualTempStore};"));
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

    private static long Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
