using DonorTrack.Web.Cli;
using Microsoft.Data.Sqlite;

namespace DonorTrack.Tests.Hosting;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryTests
{
    private const UnixFileMode GroupAndOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private string _scratch = null!;

    [SetUp]
    public void SetUp()
    {
        _scratch = Path.Combine(Path.GetTempPath(), "donortrack-hosting-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_scratch);
    }

    [TearDown]
    public void TearDown()
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(_scratch, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(_scratch, recursive: true);
    }

    [Test]
    public void AfterStartUpAndAWrite_TheDataDirectoryDatabaseAndWal_HaveNoGroupOrOtherAccess()
    {
        if (OperatingSystem.IsWindows())
            Assert.Ignore("Unix file modes only.");
        var dataDirectory = Path.Combine(_scratch, "data");
        Directory.CreateDirectory(dataDirectory);
        File.SetUnixFileMode(dataDirectory, (UnixFileMode)0b111_101_101);
        var leftOver = Path.Combine(dataDirectory, "older-batch.zip");
        File.WriteAllText(leftOver, "x");
        File.SetUnixFileMode(leftOver, (UnixFileMode)0b110_100_100);
        using var app = new DonorTrackAppFactory { DataDirectory = dataDirectory };

        app.SetUpFirstOrganization();

        var files = new[] { dataDirectory, Path.Combine(dataDirectory, "donortrack.db"), Path.Combine(dataDirectory, "donortrack.db-wal"), leftOver };
        Assert.Multiple(() =>
        {
            foreach (var file in files)
                Assert.That(File.GetUnixFileMode(file) & GroupAndOther, Is.EqualTo((UnixFileMode)0), file);
        });
    }

    /// <summary>A data directory this process cannot write to. Tests run as root in CI, where a 0500 mode stops nobody: there the
    /// data path goes under a plain file instead, which no user can create a directory in.</summary>
    private string UnwritableDataDirectory()
    {
        var readOnly = Path.Combine(_scratch, "read-only");
        Directory.CreateDirectory(readOnly);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            File.SetUnixFileMode(_scratch, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        try
        {
            File.WriteAllText(Path.Combine(readOnly, "probe"), "");
        }
        catch (UnauthorizedAccessException)
        {
            return readOnly;
        }
        File.Delete(Path.Combine(readOnly, "probe"));
        File.SetUnixFileMode(_scratch, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var plainFile = Path.Combine(_scratch, "not-a-directory");
        File.WriteAllText(plainFile, "");
        return Path.Combine(plainFile, "data");
    }

    [Test]
    public void UnwritableDataDirectory_CommandLine_ExitsNonZeroWithOneLineNamingTheDirectoryAndTheFix()
    {
        var dataDirectory = UnwritableDataDirectory();
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = CommandLine.Run(["migrate", "--data", dataDirectory], output, error);

        Assert.That(exitCode, Is.EqualTo(3));
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1));
        Assert.That(lines[0], Does.Contain(dataDirectory).And.Contain("writable").And.Contain("--data"));
    }

    [Test]
    public void UnwritableDataDirectory_WebHost_ExitsNonZeroWithOneLineNamingTheDirectoryAndTheFix()
    {
        var dataDirectory = UnwritableDataDirectory();
        var entryPoint = typeof(Program).Assembly.EntryPoint!;
        var error = new StringWriter();
        var standardError = Console.Error;
        Console.SetError(error);
        object? exitCode;
        try
        {
            exitCode = entryPoint.Invoke(null, [new[] { "--data", dataDirectory }]);
        }
        finally
        {
            Console.SetError(standardError);
        }

        Assert.That(exitCode, Is.EqualTo(3));
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1));
        Assert.That(lines[0], Does.Contain(dataDirectory).And.Contain("writable").And.Contain("--data"));
    }
}

public sealed class BusyDatabaseTests
{
    private static async Task<HttpResponseMessage> PostDonorWhileLocked(DonorTrackAppFactory app, TimeSpan holdFor)
    {
        var organization = app.SetUpFirstOrganization();
        var api = app.Api(app.CreateApiKey(organization, Role.Entry));
        using var holder = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "donortrack.db")}");
        holder.Open();
        holder.Execute("BEGIN IMMEDIATE");
        var write = api.PostAsJsonAsync("/api/v1/donors", new { kind = "individual", firstName = "Minh", lastName = "Pham" });
        await Task.Delay(holdFor);
        Assert.That(write.IsCompleted, Is.False, "the write waited for the lock");
        holder.Execute("ROLLBACK");
        return await write;
    }

    [Test]
    public async Task ApiWrite_WhileAnotherWriterHoldsTheLockForOneAndAHalfSeconds_WaitsAndSucceeds()
    {
        using var app = new DonorTrackAppFactory();

        var response = await PostDonorWhileLocked(app, TimeSpan.FromSeconds(1.5));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task ApiWrite_WhileTheLockIsHeldPastTheWaitBound_Answers503WithRetryAfter()
    {
        using var app = new DonorTrackAppFactory { Settings = new() { ["DonorTrack:WriteWaitSeconds"] = "1" } };
        var organization = app.SetUpFirstOrganization();
        var api = app.Api(app.CreateApiKey(organization, Role.Entry));
        using var holder = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "donortrack.db")}");
        holder.Open();
        holder.Execute("BEGIN IMMEDIATE");

        var response = await api.PostAsJsonAsync("/api/v1/donors", new { kind = "individual", firstName = "Minh", lastName = "Pham" });
        holder.Execute("ROLLBACK");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task PageWrite_WhileTheLockIsHeldPastTheWaitBound_ShowsTheBusyPageNot500()
    {
        using var app = new DonorTrackAppFactory { Settings = new() { ["DonorTrack:WriteWaitSeconds"] = "1" } };
        app.SetUpFirstOrganization();
        var admin = await app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var form = await admin.GetStringAsync("/Admin/Organization");
        using var holder = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "donortrack.db")}");
        holder.Open();
        holder.Execute("BEGIN IMMEDIATE");

        var response = await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Organization", "/Admin/Organization", new()
        {
            ["Input.Name"] = "Busy Union", ["Input.LegalStatus"] = "informal", ["Input.Country"] = "US", ["Input.Timezone"] = "America/Chicago",
            ["Input.Currency"] = "USD", ["Input.FiscalYearStartMonth"] = "1", ["Input.Scale"] = "local", ["Input.SelfTerm"] = "organization",
        });
        holder.Execute("ROLLBACK");

        Assert.That(form, Does.Contain("Input.Name"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("busy with another change"));
    }
}
