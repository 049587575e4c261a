using DonorTrack.Web.Cli;
using DonorTrack.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DonorTrack.Tests.Hosting;

public sealed class BackupWebTests
{
    private DonorTrackAppFactory _app = null!;
    private long _first;
    private string _elsewhere = null!;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _first = _app.SetUpFirstOrganization();
        _elsewhere = Path.Combine(Path.GetTempPath(), "donortrack-backup-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_elsewhere);
    }

    [TearDown]
    public void TearDown()
    {
        _app.Dispose();
        if (Directory.Exists(_elsewhere))
            Directory.Delete(_elsewhere, recursive: true);
    }

    private static long Scalar(string databasePath, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        return connection.ExecuteScalar<long>(sql);
    }

    private async Task<string> SaveDownload(HttpResponseMessage response)
    {
        var path = Path.Combine(_elsewhere, $"{Guid.NewGuid():N}.db");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        return path;
    }

    [Test]
    public async Task InstallationAdmin_SeesTheDailyBackupsWithTheirSizes_AndDownloadsOneTakenNow_HoldingEveryOrganization()
    {
        _app.Get<DailyBackups>().RunOnce();
        _app.CreateOrganization("Second Avenue Block Club");
        var admin = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var page = await admin.GetStringAsync("/Admin/Backups");
        var adminIndex = await admin.GetStringAsync("/Admin");
        var fresh = await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Backups", "/Admin/Backups?handler=Download", []);
        var daily = await admin.GetAsync("/Admin/Backups?handler=File&name=donortrack-20260615T170000Z.db");

        Assert.That(page, Does.Contain("donortrack-20260615T170000Z.db").And.Match(@"\d+(\.\d)? KB"));
        Assert.That(adminIndex, Does.Contain("/Admin/Backups"));
        Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(fresh.Content.Headers.ContentDisposition!.FileNameStar ?? fresh.Content.Headers.ContentDisposition.FileName, Does.Contain("donortrack-20260615T170000Z.db"));
        var freshFile = await SaveDownload(fresh);
        Assert.That(Scalar(freshFile, "SELECT count(*) FROM organizations"), Is.EqualTo(2));
        Assert.That(daily.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Scalar(await SaveDownload(daily), "SELECT count(*) FROM organizations"), Is.EqualTo(1), "the daily backup was taken before the second organization");
    }

    [Test]
    public void TheWebHost_RunsTheDailyBackups_AndHoldsTheRunningLock()
    {
        Assert.That(_app.Services.GetServices<IHostedService>().OfType<DailyBackups>().ToList(), Has.Count.EqualTo(1));
        Assert.That(DonorTrack.Core.Data.RunningInstanceLock.IsHeld(_app.DataDirectory), Is.True);
    }

    [Test]
    public async Task AdminOfAnotherOrganization_AndTreasurerOfTheFirst_CannotSeeOrDownloadBackups()
    {
        _app.Get<DailyBackups>().RunOnce();
        var other = _app.CreateOrganization("Second Avenue Block Club");
        var otherAdmin = await _app.SignedInAs(_app.AddUser(other, Role.Admin));
        var treasurer = await _app.SignedInAs(_app.AddUser(_first, Role.Treasurer));

        Assert.That((await otherAdmin.GetAsync("/Admin/Backups")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await otherAdmin.GetAsync("/Admin/Backups?handler=File&name=donortrack-20260615T170000Z.db")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await otherAdmin.GetStringAsync("/Admin"), Does.Not.Contain("/Admin/Backups"));
        var treasurerAnswer = await treasurer.GetAsync("/Admin/Backups");
        Assert.That(treasurerAnswer.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(treasurerAnswer.Headers.Location!.ToString(), Does.Contain("/Account/Denied"));
        Assert.That((await _app.Browser().GetAsync("/Admin/Backups?handler=File&name=donortrack-20260615T170000Z.db")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [TestCase("../donortrack.db")]
    [TestCase("donortrack.db")]
    [TestCase("..%2Fdonortrack.db")]
    public async Task DownloadByName_OutsideTheListedBackups_IsNotFound(string name)
    {
        var admin = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await admin.GetAsync($"/Admin/Backups?handler=File&name={name}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public void CommandLine_RestoreRoundTrip_BringsBackTheBackedUpDatabase_AndKeepsTheReplacedOne()
    {
        var data = Path.Combine(_elsewhere, "data");
        var file = Path.Combine(_elsewhere, "before-second-org.db");
        int Run(TextWriter output, params string[] args) => CommandLine.Run(["--data", data, .. args], output, TextWriter.Null);
        Run(TextWriter.Null, "setup", "--org", "First", "--admin-email", "a@example.org", "--admin-password", "long-enough-pw");
        Run(TextWriter.Null, "backup", file);
        Run(TextWriter.Null, "org", "create", "--name", "Second");
        var output = new StringWriter();

        var restored = Run(output, "restore", file);

        SqliteConnection.ClearAllPools();
        Assert.That(restored, Is.Zero, output.ToString());
        Assert.That(Scalar(Path.Combine(data, "donortrack.db"), "SELECT count(*) FROM organizations"), Is.EqualTo(1));
        var kept = Directory.GetFiles(data, "donortrack.db.before-restore-*").Where(f => !f.EndsWith("-wal") && !f.EndsWith("-shm")).ToList();
        Assert.That(kept, Has.Count.EqualTo(1));
        Assert.That(Scalar(kept[0], "SELECT count(*) FROM organizations"), Is.EqualTo(2));
        Assert.That(output.ToString(), Does.Contain(kept[0]));
        Assert.That(Run(TextWriter.Null, "migrate"), Is.Zero, "the restored database opens and migrates as usual");
    }

    [Test]
    public void CommandLine_BackupWhileTheAppRuns_Succeeds_RestoreWhileItRuns_IsRefusedInOneLine()
    {
        var file = Path.Combine(_elsewhere, "copy.db");
        var output = new StringWriter();
        var error = new StringWriter();

        var backup = CommandLine.Run(["--data", _app.DataDirectory, "backup", file], output, error);
        var restore = CommandLine.Run(["--data", _app.DataDirectory, "restore", file], output, error);

        Assert.That(backup, Is.Zero, error.ToString());
        Assert.That(Scalar(file, "SELECT count(*) FROM organizations"), Is.EqualTo(1));
        Assert.That(restore, Is.EqualTo(1));
        Assert.That(error.ToString().Trim(), Does.Contain("is running").And.Not.Contain("\n"));
    }
}
