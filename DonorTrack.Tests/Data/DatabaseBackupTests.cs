using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace DonorTrack.Tests.Data;

public sealed class DatabaseBackupTests
{
    private TestDatabase _db = null!;
    private Actor _actor = null!;
    private string _elsewhere = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _actor = _db.NewOrganization();
        _elsewhere = Path.Combine(Path.GetTempPath(), "donortrack-backup-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_elsewhere);
    }

    [TearDown]
    public void TearDown()
    {
        _db.Dispose();
        if (Directory.Exists(_elsewhere))
            Directory.Delete(_elsewhere, recursive: true);
    }

    private string DatabasePath => _db.Connections.DatabasePath;

    private long NewDonor(string lastName) => _db.Get<DonorService>().Create(_actor, new DonorInput { FirstName = "Pa", LastName = lastName });

    private long RecordGift(long donorId, long cents) => _db.Get<GiftService>().Record(_actor, new GiftInput
    {
        DonorId = donorId, AmountCents = cents, ReceivedOn = new DateOnly(2026, 6, 1), Method = GiftMethod.Cash, Category = GiftCategory.Individual,
    });

    private static T Scalar<T>(string databasePath, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        return connection.ExecuteScalar<T>(sql)!;
    }

    private static List<long> GiftIds(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        return connection.Query<long>("SELECT id FROM gifts ORDER BY id").ToList();
    }

    private string BackupNow(string name = "backup.db")
    {
        var path = Path.Combine(_elsewhere, name);
        DatabaseBackup.WriteTo(DatabasePath, path);
        return path;
    }

    private static string Fingerprint(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Test]
    public async Task BackupsTakenWhileAnotherTaskRecordsGifts_PassTheIntegrityCheck_AndHoldEveryGiftCommittedBeforeThem()
    {
        var donor = NewDonor("Writer");
        var committed = new List<long>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var id = RecordGift(donor, 100 + committed.Count);
                lock (committed)
                    committed.Add(id);
            }
        });
        while (Volatile.Read(ref committed).Count < 20)
            await Task.Delay(5);

        var checkedBackups = 0;
        for (var round = 0; round < 5; round++)
        {
            long[] before;
            lock (committed)
                before = [.. committed];
            var backup = BackupNow($"during-{round}.db");
            long[] after;
            lock (committed)
                after = [.. committed];

            Assert.That(Scalar<string>(backup, "PRAGMA integrity_check"), Is.EqualTo("ok"));
            var inBackup = GiftIds(backup);
            Assert.That(inBackup, Is.SupersetOf(before), "every gift committed before the backup began is in it");
            Assert.That(after, Is.SupersetOf(inBackup), "the backup holds committed gifts only");
            Assert.That(inBackup, Is.EqualTo(after.Take(inBackup.Count)), "one consistent moment: the first N gifts, none missing in between");
            Assert.That(Scalar<long>(backup, "SELECT count(*) FROM audit_entries WHERE entity_type = 'gift'"), Is.EqualTo(inBackup.Count),
                "each gift's audit entry, written in the same transaction, is in the same backup");
            checkedBackups++;
            await Task.Delay(20);
        }
        int beforeStop;
        lock (committed)
            beforeStop = committed.Count;
        await stop.CancelAsync();
        await writer;

        Assert.That(checkedBackups, Is.EqualTo(5));
        Assert.That(beforeStop, Is.GreaterThan(25), "the writer kept committing while the backups were taken");
    }

    [Test]
    public void Backup_OfAStoppedDatabaseWhoseWalFilesAreGone_ReadsItWhole()
    {
        NewDonor("Checkpointed");
        SqliteConnection.ClearAllPools();
        Assert.That(File.Exists(DatabasePath + "-wal"), Is.False, "the last connection to close checkpoints and removes the WAL");

        var backup = BackupNow();

        Assert.That(Scalar<long>(backup, "SELECT count(*) FROM donors WHERE last_name = 'Checkpointed'"), Is.EqualTo(1));
        Assert.That(Scalar<string>(backup, "PRAGMA journal_mode"), Is.EqualTo("delete"), "a backup is one self-contained file");
    }

    [Test]
    public void Backup_ToAnExistingFile_IsRefused_AndLeavesThatFileAlone()
    {
        var existing = Path.Combine(_elsewhere, "precious.db");
        File.WriteAllText(existing, "not to be overwritten");

        var refused = Assert.Throws<BackupRefusedException>(() => DatabaseBackup.WriteTo(DatabasePath, existing));

        Assert.That(refused!.Message, Does.Contain("already exists"));
        Assert.That(File.ReadAllText(existing), Is.EqualTo("not to be overwritten"));
    }

    [Test]
    public void Restore_PutsTheBackupInPlace_AndKeepsTheReplacedDatabaseBesideIt()
    {
        NewDonor("Before");
        var backup = BackupNow();
        NewDonor("After");

        var outcome = DatabaseRestore.Restore(_db.Directory, backup, new DateTimeOffset(2026, 7, 1, 9, 30, 5, TimeSpan.Zero));

        Assert.That(outcome.PreviousDatabasePath, Is.EqualTo(Path.Combine(_db.Directory, "donortrack.db.before-restore-20260701T093005Z")));
        Assert.That(_db.Get<DonorService>().Search(_actor, new DonorQuery(null, null, new PageRequest(1, 50))).Items.Select(d => d.LastName), Is.EquivalentTo(new[] { "Before" }));
        Assert.That(Scalar<long>(outcome.PreviousDatabasePath!, "SELECT count(*) FROM donors WHERE last_name = 'After'"), Is.EqualTo(1),
            "the replaced database, with its WAL, still reads as it was");
        Assert.That(outcome.SchemaVersion, Is.EqualTo(DatabaseMigrator.EmbeddedScripts()[^1].Name));
        Assert.That(Directory.GetFiles(_db.Directory, ".donortrack.db.restoring*"), Is.Empty);
    }

    [Test]
    public void Restore_OfAFileThatIsNotADatabase_IsRefused_AndReplacesNothing()
    {
        var text = Path.Combine(_elsewhere, "notes.db");
        File.WriteAllText(text, string.Concat(Enumerable.Repeat("donor list, not a database\n", 400)));

        AssertRefusedWithoutChange(text, "is not a DonorTrack database");
    }

    [Test]
    public void Restore_OfAnotherApplicationsSqliteFile_IsRefused_AndReplacesNothing()
    {
        var other = Path.Combine(_elsewhere, "other.db");
        using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            connection.Open();
            connection.Execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)");
        }

        AssertRefusedWithoutChange(other, "is not a DonorTrack database");
    }

    [Test]
    public void Restore_OfABackupFromANewerDonorTrack_IsRefused_AndReplacesNothing()
    {
        var backup = BackupNow();
        using (var connection = new SqliteConnection($"Data Source={backup};Pooling=False"))
        {
            connection.Open();
            connection.Execute("INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_from_the_future', '2027-01-01')");
        }

        AssertRefusedWithoutChange(backup, "newer schema");
    }

    [Test]
    public void Restore_OfADamagedBackup_FailsTheIntegrityCheck_AndReplacesNothing()
    {
        for (var i = 0; i < 30; i++)
            NewDonor($"Donor{i}");
        var backup = BackupNow();
        var pageSize = Scalar<long>(backup, "PRAGMA page_size");
        var rootPage = Scalar<long>(backup, "SELECT rootpage FROM sqlite_schema WHERE name = 'donors'");
        using (var file = new FileStream(backup, FileMode.Open, FileAccess.Write))
        {
            file.Position = (rootPage - 1) * pageSize + 200;
            file.Write(Enumerable.Repeat((byte)0xA5, 600).ToArray());
        }

        AssertRefusedWithoutChange(backup, "integrity check");
    }

    [Test]
    public void Restore_WhileTheAppHoldsTheRunningLock_IsRefused_AndReplacesNothing()
    {
        var backup = BackupNow();
        using var running = RunningInstanceLock.Hold(_db.Directory);

        AssertRefusedWithoutChange(backup, "is running");
    }

    private void AssertRefusedWithoutChange(string backupFile, string reason)
    {
        NewDonor("Current");
        SqliteConnection.ClearAllPools();
        var before = Fingerprint(DatabasePath);

        var refused = Assert.Throws<BackupRefusedException>(() => DatabaseRestore.Restore(_db.Directory, backupFile, _db.Clock.GetUtcNow()));

        Assert.That(refused!.Message, Does.Contain(reason));
        Assert.That(refused.Message, Does.Not.Contain('\n'), "one line");
        Assert.That(Fingerprint(DatabasePath), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(_db.Directory, "donortrack.db.before-restore-*"), Is.Empty);
        Assert.That(Directory.GetFiles(_db.Directory, ".donortrack.db.restoring*"), Is.Empty);
    }
}
