using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace DonorTrack.Core.Data;

/// <summary>What a restore did: the database now in place, and where the one it replaced was kept (null when there was none).</summary>
public sealed record RestoreOutcome(string DatabasePath, string? PreviousDatabasePath, string SchemaVersion);

/// <summary>
/// Puts a backup in place of the database of a stopped installation. Nothing is replaced until the backup has passed
/// <c>PRAGMA integrity_check</c>, proved to be a DonorTrack database and proved to need no newer app; the replaced database is
/// kept beside the new one under a timestamped name (with its WAL files, so it stays readable as it was).
/// </summary>
public static class DatabaseRestore
{
    public static RestoreOutcome Restore(string dataDirectory, string backupFile, DateTimeOffset now)
    {
        if (!File.Exists(backupFile))
            throw new BackupRefusedException($"There is no file at {backupFile}.");
        Directory.CreateDirectory(dataDirectory);
        if (RunningInstanceLock.IsHeld(dataDirectory))
            throw new BackupRefusedException($"DonorTrack is running on {dataDirectory}; stop the web app, then restore.");

        var database = Path.Combine(dataDirectory, "donortrack.db");
        // The checks run on a copy inside the data directory: they may write (WAL index, journal mode) and the copy is what moves in.
        var incoming = Path.Combine(dataDirectory, $".donortrack.db.restoring-{Guid.NewGuid():N}");
        try
        {
            File.Copy(backupFile, incoming);
            var schemaVersion = Check(incoming, backupFile);
            SqliteConnection.ClearAllPools();
            string? previous = null;
            if (File.Exists(database))
            {
                previous = Path.Combine(dataDirectory, $"donortrack.db.before-restore-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}");
                File.Move(database, previous);
                foreach (var suffix in (string[])["-wal", "-shm"])
                {
                    if (File.Exists(database + suffix))
                        File.Move(database + suffix, previous + suffix);
                }
            }
            File.Move(incoming, database);
            return new RestoreOutcome(database, previous, schemaVersion);
        }
        finally
        {
            foreach (var leftover in (string[])[incoming, incoming + "-journal", incoming + "-wal", incoming + "-shm"])
                DatabaseBackup.DeleteIfPresent(leftover);
        }
    }

    private const int SqliteCorrupt = 11;

    private static string OneLine(IEnumerable<string> problems)
    {
        var text = string.Join(" ", string.Join(" ", problems).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return text.Length <= 200 ? text : text[..200] + "…";
    }

    /// <summary>Returns the newest migration the file has; throws when it is damaged, not DonorTrack's, or from a newer app.</summary>
    private static string Check(string path, string shownAs)
    {
        try
        {
            using var connection = DatabaseBackup.Open(path, SqliteOpenMode.ReadWrite);
            var integrity = connection.Query<string>("PRAGMA integrity_check").ToList();
            if (integrity is not ["ok"])
                throw new BackupRefusedException($"{shownAs} fails the integrity check ({OneLine(integrity)}); nothing was replaced.");
            const string hasJournal = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'";
            if (connection.ExecuteScalar<long>(hasJournal) == 0)
                throw new BackupRefusedException($"{shownAs} is not a DonorTrack database (it has no schema_migrations table); nothing was replaced.");
            var applied = connection.Query<string>("SELECT name FROM schema_migrations ORDER BY name").ToList();
            if (applied.Count == 0)
                throw new BackupRefusedException($"{shownAs} is not a DonorTrack database (no migration was ever applied to it); nothing was replaced.");
            var known = DatabaseMigrator.EmbeddedScripts().Select(script => script.Name).ToHashSet(StringComparer.Ordinal);
            var unknown = applied.Where(name => !known.Contains(name)).ToList();
            if (unknown.Count > 0)
                throw new BackupRefusedException($"{shownAs} has a newer schema than this version of DonorTrack (migration {unknown[^1]}); " +
                    "upgrade DonorTrack first; nothing was replaced.");
            // Self-contained from here: no WAL beside the copy that would be left behind when it moves.
            connection.Execute("PRAGMA journal_mode = DELETE");
            return applied[^1];
        }
        catch (SqliteException damaged) when (damaged.SqliteErrorCode == SqliteCorrupt)
        {
            throw new BackupRefusedException($"{shownAs} fails the integrity check ({damaged.Message.TrimEnd('.')}); nothing was replaced.");
        }
        catch (SqliteException notSqlite)
        {
            throw new BackupRefusedException($"{shownAs} is not a DonorTrack database ({notSqlite.Message.TrimEnd('.')}); nothing was replaced.");
        }
    }
}
