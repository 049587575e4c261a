using System.Text.RegularExpressions;
using DonorTrack.Tests.Support.Stripe;
using DonorTrack.Web.Payments;
using Microsoft.Data.Sqlite;

namespace DonorTrack.Tests.Hosting;

/// <summary>The Data Protection key ring lives in the database, so what it protected survives stopping and starting the app.</summary>
public sealed partial class AppRestartTests
{
    private readonly List<DonorTrackAppFactory> _apps = [];

    [TearDown]
    public void TearDown()
    {
        foreach (var app in _apps)
            app.Dispose();
        var directories = _apps.Select(a => a.DataDirectory).Distinct().ToList();
        _apps.Clear();
        SqliteConnection.ClearAllPools();
        foreach (var directory in directories.Where(Directory.Exists))
            Directory.Delete(directory, recursive: true);
    }

    private DonorTrackAppFactory App(string? dataDirectory = null)
    {
        var app = dataDirectory is null
            ? new DonorTrackAppFactory { KeepDataDirectory = true }
            : new DonorTrackAppFactory { DataDirectory = dataDirectory, KeepDataDirectory = true };
        _apps.Add(app);
        return app;
    }

    /// <summary>Signs in without a cookie container and returns the session cookie as a browser would send it back.</summary>
    private static async Task<string> SessionCookie(DonorTrackAppFactory app)
    {
        var client = app.Browser();
        var form = await client.GetAsync("/Account/SignIn");
        var token = AntiforgeryToken().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        var request = new HttpRequestMessage(HttpMethod.Post, "/Account/SignIn")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = DonorTrackAppFactory.AdminEmail, ["Password"] = DonorTrackAppFactory.Password, ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("Cookie", string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        var signedIn = await client.SendAsync(request);
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed in on the first app");
        return signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("donortrack=", StringComparison.Ordinal)).Split(';')[0];
    }

    private static async Task<HttpResponseMessage> GetWithCookie(DonorTrackAppFactory app, string path, string cookie)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    [Test]
    public async Task ASignedInCookie_AndAStoredStripeSecret_SurviveAnAppRestart()
    {
        var first = App();
        var organization = first.SetUpFirstOrganization();
        first.Get<PaymentKeyStore>().Save(Actor.System(organization),
            new PaymentKeysInput("pk_test_fake_donortrack", FakeStripeServer.DefaultApiKey, StripeWebhookSigner.DefaultSecret));
        var cookie = await SessionCookie(first);
        Assert.That((await GetWithCookie(first, "/Donors", cookie)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        first.Dispose();
        SqliteConnection.ClearAllPools();

        var second = App(first.DataDirectory);
        var afterRestart = await GetWithCookie(second, "/Donors", cookie);
        var withoutCookie = await GetWithCookie(second, "/Donors", "donortrack=not-a-real-ticket");

        Assert.That(afterRestart.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the cookie still decrypts after the restart");
        Assert.That(await afterRestart.Content.ReadAsStringAsync(), Does.Contain("Sign out"));
        Assert.That(withoutCookie.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "a cookie the key ring cannot read is not a session");
        Assert.That(second.Get<PaymentKeyStore>().Load(organization)!.SecretKey, Is.EqualTo(FakeStripeServer.DefaultApiKey));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
