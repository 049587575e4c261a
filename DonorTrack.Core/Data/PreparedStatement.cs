using System.Data;
using System.Data.Common;

namespace DonorTrack.Core.Data;

/// <summary>
/// A command prepared once in the caller's transaction with typed parameters, for writers that run the same statement row
/// after row (<c>GiftBulkWriter</c>, <c>DonorBulkWriter</c>): SQLite parses and plans it once and no row allocates a parameter set.
/// </summary>
public static class PreparedStatement
{
    public static DbCommand Prepare(DbSession db, string sql, out DbParameter[] parameters, params (string Name, DbType Type)[] columns)
    {
        var command = db.Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Transaction;
        parameters = new DbParameter[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + columns[i].Name;
            parameter.DbType = columns[i].Type;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
            parameters[i] = parameter;
        }
        command.Prepare();
        return command;
    }

    /// <summary>The id of the row the command just inserted: sqlite3_last_insert_rowid on SQLite, else the command's RETURNING id.</summary>
    public static long ExecuteInsert(DbCommand command)
    {
        if (command.Connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            command.ExecuteNonQuery();
            return SQLitePCL.raw.sqlite3_last_insert_rowid(sqlite.Handle);
        }
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static object Nullable(long? value) => value is { } v ? v : DBNull.Value;

    public static object Nullable(string? value) => value is null ? DBNull.Value : value;
}
