using Microsoft.Data.Sqlite;

namespace DonorTrack.Web.Hosting;

/// <summary>
/// Takes one backup a day into <c>DATA/backups/</c> while the web host runs and prunes the old ones by the retention setting
/// (<c>DonorTrack:Backups:KeepDaily</c>, default 7, and <c>DonorTrack:Backups:KeepWeekly</c>, default 4). It checks a minute
/// after start-up and then every hour, so a host restarted daily or a machine asleep at some hour still gets its backup.
/// </summary>
public sealed class DailyBackups(BackupFolder backups, TimeProvider clock, ILogger<DailyBackups> logger) : BackgroundService
{
    private static readonly TimeSpan FirstCheckAfter = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan CheckEvery = TimeSpan.FromHours(1);

    public static void AddDailyBackups(WebApplicationBuilder builder, string dataDirectory, string databasePath)
    {
        var retention = new BackupRetention(
            Setting(builder.Configuration, "DonorTrack:Backups:KeepDaily", 7),
            Setting(builder.Configuration, "DonorTrack:Backups:KeepWeekly", 4));
        builder.Services.AddSingleton(services =>
            new BackupFolder(BackupFolder.In(dataDirectory), databasePath, retention, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<DailyBackups>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DailyBackups>());
        builder.Services.AddSingleton(_ => RunningInstanceLock.Hold(dataDirectory));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstCheckAfter, clock, stoppingToken);
            using var timer = new PeriodicTimer(CheckEvery, clock);
            do
                RunOnce();
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Takes today's backup when it is missing, then prunes; a failure is logged and tried again at the next check.</summary>
    public void RunOnce()
    {
        try
        {
            if (backups.TakeDailyIfMissing() is { } taken)
                logger.LogInformation("Backed up the database to {Path} ({Bytes:N0} bytes)", taken.Path, taken.Bytes);
            foreach (var pruned in backups.Prune())
                logger.LogInformation("Deleted the backup {Path}, older than the retention setting keeps", pruned.Path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or SqliteException or BackupRefusedException)
        {
            logger.LogError(error, "The daily backup into {Folder} failed; it is tried again within the hour", backups.Folder);
        }
    }

    private static int Setting(IConfiguration configuration, string key, int fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        return int.TryParse(text, out var value) && value >= 1
            ? value
            : throw new InvalidOperationException($"{key}: '{text}' is not a whole number of at least 1.");
    }
}
