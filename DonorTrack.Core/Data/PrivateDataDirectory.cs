using System.Runtime.InteropServices;

namespace DonorTrack.Core.Data;

/// <summary>The data directory cannot be used: missing rights, a read-only file system, or a file where a folder should be.</summary>
public sealed class DataDirectoryUnusableException(string directory, string reason, Exception? inner = null)
    : Exception($"DonorTrack cannot write to its data directory {directory} ({reason}). Make that directory writable by the user running " +
        "DonorTrack, or choose another one with --data DIR (or DONORTRACK_DATA).", inner)
{
    public string Directory { get; } = directory;
}

/// <summary>
/// Makes the data directory private to the account that runs DonorTrack: on Unix the process umask becomes 077, so every
/// file created afterwards (database, WAL, staged imports, receipt batches) is 0600 and every folder 0700, and whatever
/// already lies in the directory loses its group and other permission bits. Also proves the directory is writable.
/// </summary>
public static class PrivateDataDirectory
{
    private const UnixFileMode GroupAndOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static void Prepare(string directory)
    {
        RestrictNewFilesToOwner();
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".write-check-{Environment.ProcessId}");
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
            var database = Path.Combine(directory, "donortrack.db");
            if (File.Exists(database))
                new FileStream(database, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite).Dispose();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new DataDirectoryUnusableException(directory, error.Message, error);
        }
        RemoveGroupAndOtherAccess(directory);
    }

    private static void RestrictNewFilesToOwner()
    {
        if (!OperatingSystem.IsWindows())
            _ = SetUmask(0b000_111_111);
    }

    private static void RemoveGroupAndOtherAccess(string directory)
    {
        if (OperatingSystem.IsWindows())
            return;
        var entries = new DirectoryInfo(directory).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Prepend(new DirectoryInfo(directory));
        foreach (var entry in entries)
        {
            if (entry.LinkTarget is not null || (entry.UnixFileMode & GroupAndOther) == 0)
                continue;
            try
            {
                entry.UnixFileMode &= ~GroupAndOther;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // A file owned by someone else (copied in by root, say) keeps its mode; the umask still covers new files.
            }
        }
    }

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint SetUmask(uint mask);
}
