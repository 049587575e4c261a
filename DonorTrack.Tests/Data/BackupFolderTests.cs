namespace DonorTrack.Tests.Data;

public sealed class BackupFolderTests
{
    private TestDatabase _db = null!;

    [SetUp]
    public void SetUp() => _db = new TestDatabase(new DateTimeOffset(2026, 6, 1, 3, 0, 0, TimeSpan.Zero));

    [TearDown]
    public void TearDown() => _db.Dispose();

    private BackupFolder Folder(BackupRetention? retention = null) =>
        new(BackupFolder.In(_db.Directory), _db.Connections.DatabasePath, retention ?? new BackupRetention(), _db.Clock);

    [Test]
    public void TakeDailyIfMissing_TakesOneBackupADay_NamedByItsUtcMoment()
    {
        var folder = Folder();

        var first = folder.TakeDailyIfMissing();
        _db.Clock.Advance(TimeSpan.FromHours(20));
        var sameDay = folder.TakeDailyIfMissing();
        _db.Clock.Advance(TimeSpan.FromHours(1));
        var nextDay = folder.TakeDailyIfMissing();

        Assert.That(first!.Name, Is.EqualTo("donortrack-20260601T030000Z.db"));
        Assert.That(sameDay, Is.Null);
        Assert.That(nextDay!.Name, Is.EqualTo("donortrack-20260602T000000Z.db"));
        Assert.That(folder.List().Select(b => b.Name), Is.EqualTo(new[] { nextDay.Name, first.Name }), "newest first");
        Assert.That(folder.List().All(b => b.Bytes == new FileInfo(b.Path).Length && b.Bytes > 4096));
    }

    [Test]
    public void DailyBackupsForSixWeeks_PrunedEachDay_KeepTheLastSevenDaysAndTheNewestOfEachOfTheLastFourWeeks()
    {
        var folder = Folder(new BackupRetention(KeepDaily: 7, KeepWeekly: 4));
        Directory.CreateDirectory(folder.Folder);
        File.WriteAllText(Path.Combine(folder.Folder, "README.txt"), "copied here by hand");
        File.WriteAllText(Path.Combine(folder.Folder, "donortrack-before-upgrade.db"), "named by hand");

        // 2026-06-01 (a Monday) to 2026-07-15 (a Wednesday), one backup a day at 03:00 UTC.
        while (_db.Clock.Now <= new DateTimeOffset(2026, 7, 15, 3, 0, 0, TimeSpan.Zero))
        {
            folder.TakeDailyIfMissing();
            folder.Prune();
            _db.Clock.Advance(TimeSpan.FromDays(1));
        }

        var expected = new[]
        {
            "20260715", "20260714", "20260713", "20260712", "20260711", "20260710", "20260709", // the last seven days
            "20260705", // newest of the week of Monday June 29
            "20260628", // newest of the week of Monday June 22
        }.Select(day => $"donortrack-{day}T030000Z.db");
        Assert.That(folder.List().Select(b => b.Name), Is.EqualTo(expected));
        Assert.That(File.Exists(Path.Combine(folder.Folder, "README.txt")), Is.True, "files it did not write are never pruned");
        Assert.That(File.Exists(Path.Combine(folder.Folder, "donortrack-before-upgrade.db")), Is.True);
    }

    [Test]
    public void Retention_KeepsTheNewestOfADay_NotTheFirst()
    {
        var now = new DateTimeOffset(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);
        StoredBackup At(string name, int hour) => new(name, name, 1, new DateTimeOffset(2026, 6, 10, hour, 0, 0, TimeSpan.Zero));

        var kept = new BackupRetention(KeepDaily: 1, KeepWeekly: 1).Keep([At("early", 1), At("late", 9), At("future", 18)], now);

        Assert.That(kept, Is.EquivalentTo(new[] { "late", "future" }));
    }
}
