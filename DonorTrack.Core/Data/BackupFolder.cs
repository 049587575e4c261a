using System.Globalization;
using System.Text.RegularExpressions;

namespace DonorTrack.Core.Data;

/// <summary>One backup file in the backups folder, with the moment (UTC) its name says it was taken.</summary>
public sealed record StoredBackup(string Name, string Path, long Bytes, DateTimeOffset TakenAt);

/// <summary>
/// How many automatic backups to keep: the newest of each of the last <see cref="KeepDaily"/> days (today included) and the
/// newest of each of the last <see cref="KeepWeekly"/> ISO weeks (this week included). Days and weeks are UTC.
/// </summary>
public sealed record BackupRetention(int KeepDaily = 7, int KeepWeekly = 4)
{
    /// <summary>The backups the rule keeps; a backup dated after <paramref name="now"/> (a clock set back) is kept too.</summary>
    public IReadOnlySet<string> Keep(IEnumerable<StoredBackup> backups, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var thisMonday = MondayOf(today);
        var list = backups.ToList();
        var kept = list.Where(b => b.TakenAt > now).Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        var past = list.Where(b => b.TakenAt <= now).ToList();
        kept.UnionWith(past
            .GroupBy(b => DateOnly.FromDateTime(b.TakenAt.UtcDateTime))
            .Where(day => day.Key > today.AddDays(-KeepDaily))
            .Select(day => day.MaxBy(b => b.TakenAt)!.Name));
        kept.UnionWith(past
            .GroupBy(b => MondayOf(DateOnly.FromDateTime(b.TakenAt.UtcDateTime)))
            .Where(week => week.Key > thisMonday.AddDays(-7 * KeepWeekly))
            .Select(week => week.MaxBy(b => b.TakenAt)!.Name));
        return kept;
    }

    private static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
}

/// <summary>
/// The automatic backups in <c>DATA/backups/</c>: taking today's, listing them with their sizes, and pruning by the retention
/// rule. Only files named like its own backups are ever listed or deleted.
/// </summary>
public sealed partial class BackupFolder(string folder, string databasePath, BackupRetention retention, TimeProvider clock)
{
    public string Folder { get; } = Path.GetFullPath(folder);

    public BackupRetention Retention { get; } = retention;

    public string DatabasePath { get; } = databasePath;

    public static string In(string dataDirectory) => Path.Combine(dataDirectory, "backups");

    /// <summary>The backups, newest first.</summary>
    public IReadOnlyList<StoredBackup> List()
    {
        if (!Directory.Exists(Folder))
            return [];
        return new DirectoryInfo(Folder).EnumerateFiles("donortrack-*.db")
            .Select(file => (file, match: BackupName().Match(file.Name)))
            .Where(named => named.match.Success)
            .Select(named => new StoredBackup(named.file.Name, named.file.FullName, named.file.Length,
                DateTimeOffset.ParseExact(named.match.Groups["at"].Value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)))
            .OrderByDescending(b => b.TakenAt)
            .ToList();
    }

    /// <summary>The listed backup of that exact name, or null: a download never reaches beyond the folder.</summary>
    public StoredBackup? Find(string? name) => List().FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.Ordinal));

    /// <summary>Takes a backup unless one was already taken today (UTC); returns the new one, or null when there was one.</summary>
    public StoredBackup? TakeDailyIfMissing()
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (List().Any(b => DateOnly.FromDateTime(b.TakenAt.UtcDateTime) == today))
            return null;
        var name = $"donortrack-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.db";
        DatabaseBackup.WriteTo(DatabasePath, Path.Combine(Folder, name));
        return Find(name);
    }

    /// <summary>Deletes the backups the retention rule does not keep and returns them.</summary>
    public IReadOnlyList<StoredBackup> Prune()
    {
        var backups = List();
        var keep = Retention.Keep(backups, clock.GetUtcNow());
        var pruned = backups.Where(b => !keep.Contains(b.Name)).ToList();
        foreach (var backup in pruned)
            File.Delete(backup.Path);
        return pruned;
    }

    [GeneratedRegex(@"^donortrack-(?<at>\d{8}T\d{6}Z)\.db$")]
    private static partial Regex BackupName();
}
