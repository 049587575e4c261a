using Microsoft.Data.Sqlite;

namespace DonorTrack.Core.Data;

/// <summary>Why the data directory refused a write: the disk is full, or the directory or its file system became read-only.</summary>
public enum DataStorageProblem
{
    DiskFull,
    ReadOnly,
}

/// <summary>
/// Recognises a write the machine refused (SQLite's SQLITE_FULL and SQLITE_READONLY, or the operating system's "no space" and
/// "read-only file system" on a staged file) and says what to do about it, for the error page, the API and the CLI alike.
/// Such a failure is not a bug and not temporary: retrying changes nothing until someone frees space or fixes the mount.
/// </summary>
public static class DataStorageFailure
{
    private const int SqliteReadOnly = 8;
    private const int SqliteFull = 13;
    private const int NoSpaceLeft = 28;
    private const int ReadOnlyFileSystem = 30;
    private const int DiskFullWindows = 0x70;

    /// <summary>The problem behind <paramref name="error"/> or anything it wraps; null when it is something else.</summary>
    public static DataStorageProblem? Of(Exception? error) => error switch
    {
        null => null,
        SqliteException { SqliteErrorCode: SqliteFull } => DataStorageProblem.DiskFull,
        SqliteException { SqliteErrorCode: SqliteReadOnly } => DataStorageProblem.ReadOnly,
        IOException io when (io.HResult & 0xFFFF) is NoSpaceLeft or DiskFullWindows => DataStorageProblem.DiskFull,
        IOException io when (io.HResult & 0xFFFF) is ReadOnlyFileSystem => DataStorageProblem.ReadOnly,
        UnauthorizedAccessException => DataStorageProblem.ReadOnly,
        _ => Of(error.InnerException),
    };

    /// <summary>One plain sentence for the person at the screen or the terminal: what happened, that nothing was half-saved, what to do.</summary>
    public static string Explain(DataStorageProblem problem, string? dataDirectory = null)
    {
        var where = dataDirectory is null ? "the data directory" : $"the data directory {dataDirectory}";
        return problem switch
        {
            DataStorageProblem.DiskFull =>
                $"The disk holding {where} is full, so nothing was saved (no change was half-written). Free some space on it, then try again.",
            _ =>
                $"{char.ToUpperInvariant(where[0])}{where[1..]} is read-only, so nothing was saved (no change was half-written). "
                + "Make it writable for the account DonorTrack runs as (check the mount and its permissions), then try again.",
        };
    }
}
