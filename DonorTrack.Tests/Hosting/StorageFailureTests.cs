using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace DonorTrack.Tests.Hosting;

/// <summary>
/// A full disk and a read-only data directory, for real: the app runs as a child process with its data directory on a small
/// file system of its own (a tmpfs in a private mount namespace), which the test fills and frees while it runs, or mounts
/// read-only before it starts. (A mount cannot be made read-only under a process holding files open for writing; that the
/// app answers SQLite's read-only error with the same clear page is held by DataStorageFailureTests.)
/// </summary>
[NonParallelizable]
public sealed partial class StorageFailureTests
{
    private const string AdminEmail = "admin@example.org";
    private const string Password = "correct-horse-battery";
    private static readonly string[] Setup = ["setup", "--org", "Frogtown Tenants Union", "--admin-email", AdminEmail, "--admin-password", Password];

    private string _data = "";

    [SetUp]
    public void SetUp()
    {
        if (!DonorTrackProcess.CanUseSmallVolumes())
            Assert.Ignore("This machine does not allow unprivileged mount namespaces (unshare -rm), which these tests use for a small file system.");
        _data = Path.Combine(Path.GetTempPath(), "donortrack-storage-tests", Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public void TearDown()
    {
        foreach (var directory in new[] { _data, _data + ".control" }.Where(Directory.Exists))
            Directory.Delete(directory, recursive: true);
    }

    [Test]
    public async Task DiskFull_DuringAnImportCommit_ShowsWhyOnThePage_KeepsServingReads_AndTheImportCommitsWhollyOnceSpaceIsFreed()
    {
        var (app, volume) = await DonorTrackProcess.StartOnSmallVolumeAsync(_data, 24_576, Setup);
        using var _ = app;
        var client = await app.SignedInAsync(AdminEmail, Password);
        var previewUrl = await UploadAsync(client, ImportFile(2000), "members.csv");
        var token = StagedToken().Match(previewUrl).Groups[1].Value;

        await volume.FillAsync(kilobytesLeft: 256);
        var refused = await DonorTrackProcess.PostFormAsync(client, previewUrl, "/Imports?handler=Commit", new() { ["Token"] = token });
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        var reads = await client.GetAsync("/Donors");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), app.Output);
        Assert.That(page, Does.Contain("is full, so nothing was saved").And.Contain("Free some space"));
        Assert.That(page, Does.Not.Contain("   at "), "no stack trace on the page");
        Assert.That(reads.StatusCode, Is.EqualTo(HttpStatusCode.OK), "reads go on while the disk is full");

        await volume.FreeAsync();
        var committed = await DonorTrackProcess.PostFormAsync(client, previewUrl, "/Imports?handler=Commit", new() { ["Token"] = token });
        var notice = WebUtility.HtmlDecode(await client.GetStringAsync("/Imports"));

        Assert.That(committed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), app.Output);
        Assert.That(notice, Does.Contain("Imported members.csv: 2,000 new donors, 0 matched, 2,000 gifts"), "the refused commit left nothing behind");
        Assert.That(app.HasExited, Is.False, "the app never went down");
    }

    [Test]
    public async Task ReadOnlyMountWithTheDatabaseOnIt_TheCommandLineAndTheWebHost_ExitWithOneLineNamingTheDirectory()
    {
        var cli = await DonorTrackProcess.RunOnReadOnlyVolumeAsync(_data, Setup);
        var web = await DonorTrackProcess.RunOnReadOnlyVolumeAsync(_data + "-web", "--urls", "http://127.0.0.1:0");

        foreach (var (exitCode, output) in new[] { cli, web })
        {
            Assert.That(exitCode, Is.EqualTo(3), output);
            Assert.That(output.Trim().Split('\n'), Has.Length.EqualTo(1), output);
            Assert.That(output, Does.Contain("writable").And.Contain("--data"));
        }
        Directory.Delete(_data + "-web", recursive: true);
    }

    [Test]
    public async Task DiskFullAtStartUp_TheCommandLineAndTheWebHost_ExitWithOneLineSayingWhatToDo()
    {
        var cli = await DonorTrackProcess.RunOnSmallVolumeAsync(_data, 64, Setup);
        var web = await DonorTrackProcess.RunOnSmallVolumeAsync(_data + "-web", 64, "--urls", "http://127.0.0.1:0");

        foreach (var (exitCode, output) in new[] { cli, web })
        {
            Assert.That(exitCode, Is.EqualTo(3), output);
            Assert.That(output, Does.Contain("is full, so nothing was saved").And.Contain("Free some space"));
            Assert.That(output, Does.Not.Contain("   at "), "one clear line, not a stack trace");
        }
        Directory.Delete(_data + "-web", recursive: true);
    }

    private static string ImportFile(int rows)
    {
        var csv = new StringBuilder("Constituent ID,First Name,Last Name,Email,Amount,Date,Method\r\n");
        for (var i = 1; i <= rows; i++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"M-{i},Mai,Vang{i},m{i}@example.org,{10 + i % 90}.00,2026-03-{1 + i % 28:00},check\r\n");
        return csv.ToString();
    }

    private static async Task<string> UploadAsync(HttpClient client, string csv, string fileName)
    {
        var token = await DonorTrackProcess.AntiforgeryTokenAsync(client, "/Imports");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { file, "Upload", fileName } };
        var response = await client.PostAsync("/Imports?handler=Preview", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.ToString();
    }

    [GeneratedRegex("token=([0-9a-f]{32})")]
    private static partial Regex StagedToken();
}
