using Dapper;
using Microsoft.Data.Sqlite;

namespace DonorTrack.Core.Data;

/// <summary>The database cannot be restored from a file, or backed up to one; the message is one line for a person.</summary>
public sealed class BackupRefusedException(string message) : Exception(message);

/// <summary>
/// Copies the live database with SQLite's online backup API: the copy is one consistent moment of the database while other
/// connections keep writing (in WAL mode a reader never blocks a writer), and it appears under its final name only when complete.
/// </summary>
public static class DatabaseBackup
{
    public static void WriteTo(string databasePath, string destination)
    {
        if (!File.Exists(databasePath))
            throw new BackupRefusedException($"There is no database at {databasePath}.");
        if (File.Exists(destination))
            throw new BackupRefusedException($"{destination} already exists; choose a new file name.");
        var folder = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        Directory.CreateDirectory(folder);
        var partial = Path.Combine(folder, $".{Path.GetFileName(destination)}.partial-{Guid.NewGuid():N}");
        try
        {
            using (var source = Open(databasePath, SqliteOpenMode.ReadOnly))
            using (var copy = Open(partial, SqliteOpenMode.ReadWriteCreate))
            {
                source.BackupDatabase(copy);
                // The copy keeps the source's WAL flag; a single self-contained file is what people move and restore.
                copy.Execute("PRAGMA journal_mode = DELETE");
            }
            File.Move(partial, destination);
        }
        finally
        {
            DeleteIfPresent(partial);
            DeleteIfPresent(partial + "-journal");
        }
    }

    /// <summary>An unpooled connection, so that closing it releases the file at once (a restore then moves it).</summary>
    internal static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    internal static void DeleteIfPresent(string path)
    {
        if (File.Exists(path))
            File.Delete(path);
    }
}
