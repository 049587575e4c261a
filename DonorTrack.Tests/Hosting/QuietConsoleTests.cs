using Microsoft.Data.Sqlite;

namespace DonorTrack.Tests.Hosting;

/// <summary>
/// Issue 17, item 12: the app started as the README says (the real process, production settings) writes its start-up lines
/// and nothing per request: no authorization decisions, no request traces, no Data Protection warning.
/// </summary>
[NonParallelizable]
public sealed class QuietConsoleTests
{
    private const string AdminEmail = "admin@example.org";
    private const string Password = "correct-horse-battery";

    private string _data = "";

    [SetUp]
    public async Task SetUp()
    {
        _data = Path.Combine(Path.GetTempPath(), "donortrack-quiet-console-tests", Guid.NewGuid().ToString("N"));
        var (exitCode, output) = await DonorTrackProcess.RunCommandAsync(_data, "setup", "--org", "Frogtown Tenants Union", "--admin-email", AdminEmail, "--admin-password", Password);
        Assert.That(exitCode, Is.Zero, output);
    }

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder eventually.
        }
    }

    [Test]
    public async Task StartedAppServingPages_WritesNoPerRequestOrDataProtectionNoise()
    {
        using var app = await DonorTrackProcess.StartAsync(_data);
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        var refused = await anonymous.GetAsync("/Donors");
        var client = await app.SignedInAsync(AdminEmail, Password);
        foreach (var path in new[] { "/", "/Donors", "/Gifts", "/Dues", "/Reports/Diversification", "/Admin/Users", "/give/no-such-organization" })
            await client.GetAsync(path);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var output = app.Output;
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "an anonymous request the authorization middleware refused");
            Assert.That(output, Does.Contain("Now listening on"), "the test reads what the app wrote");
            foreach (var noise in new[] { "Authorization failed", "AuthenticationScheme", "Request starting", "Request finished", "Executing endpoint",
                         "No XML encryptor", "Storing keys in a directory", "warn:", "fail:" })
                Assert.That(output, Does.Not.Contain(noise), noise);
        });
    }
}
