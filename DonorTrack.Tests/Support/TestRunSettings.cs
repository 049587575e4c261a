namespace DonorTrack.Tests;

/// <summary>Settings that hold for the whole test run (every namespace under DonorTrack.Tests), applied before any test starts an app.</summary>
[SetUpFixture]
public sealed class TestRunSettings
{
    [OneTimeSetUp]
    public void BeforeAnyTest()
    {
        // Every app a test starts watches its configuration files. With inotify each watcher holds one of the 128 instances
        // a Linux user may have by default, and a suite running beside other processes of the same user ran out ("The
        // configured user limit (128) on the number of inotify instances has been reached"). Polling holds none.
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }
}
