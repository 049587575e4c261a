namespace DonorTrack.Core.Data;

/// <summary>
/// A lock file in the data directory that every running web host holds shared, so that a restore, which needs it exclusively,
/// can tell that the app is still running instead of pulling the database out from under it.
/// </summary>
public sealed class RunningInstanceLock : IDisposable
{
    private const string FileName = "donortrack.running";

    private readonly FileStream _held;

    private RunningInstanceLock(FileStream held) => _held = held;

    /// <summary>Held by a web host for as long as it runs; several hosts over one directory may hold it at once.</summary>
    public static RunningInstanceLock Hold(string dataDirectory) =>
        new(new FileStream(Path.Combine(dataDirectory, FileName), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));

    /// <summary>True while some process (this one included) holds the lock.</summary>
    public static bool IsHeld(string dataDirectory)
    {
        try
        {
            new FileStream(Path.Combine(dataDirectory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None).Dispose();
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _held.Dispose();
}
