namespace DonorTrack.Tests.Hosting;

public sealed class SignInRateLimitTests
{
    private readonly List<DonorTrackAppFactory> _apps = [];

    [TearDown]
    public void TearDown()
    {
        foreach (var app in _apps)
            app.Dispose();
        _apps.Clear();
    }

    private DonorTrackAppFactory App(int perAddress, int perAccount)
    {
        var app = new DonorTrackAppFactory
        {
            Settings = new()
            {
                ["DonorTrack:SignInLimits:PerAddress"] = perAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["DonorTrack:SignInLimits:PerAccount"] = perAccount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        _apps.Add(app);
        app.SetUpFirstOrganization();
        return app;
    }

    private static Task<HttpResponseMessage> Attempt(HttpClient client, string email, string password = "not-the-password") =>
        DonorTrackAppFactory.PostFormAsync(client, "/Account/SignIn", "/Account/SignIn", new() { ["Email"] = email, ["Password"] = password });

    [Test]
    public async Task FromOneAddress_AttemptsPastTheLimit_Answer429WithAPageThatSaysToWait()
    {
        var app = App(perAddress: 3, perAccount: 100);
        var client = app.Browser();

        var allowed = new List<HttpStatusCode>();
        foreach (var email in new[] { "a@example.org", "b@example.org", "c@example.org" })
            allowed.Add((await Attempt(client, email)).StatusCode);
        var limited = await Attempt(client, "d@example.org");
        var evenTheRightPassword = await Attempt(client, DonorTrackAppFactory.AdminEmail, DonorTrackAppFactory.Password);

        Assert.That(allowed, Is.All.EqualTo(HttpStatusCode.OK), "wrong passwords are answered on the form");
        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(limited.Headers.RetryAfter, Is.Not.Null);
        Assert.That(await limited.Content.ReadAsStringAsync(), Does.Contain("Too many attempts").And.Contain("Wait about a quarter of an hour"));
        Assert.That(evenTheRightPassword.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That((await client.GetAsync("/Account/SignIn")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "showing the form is not limited");
    }

    [Test]
    public async Task ForOneAccount_AttemptsPastTheLimit_Answer429_WhileOtherAccountsStillSignIn()
    {
        var app = App(perAddress: 100, perAccount: 2);
        var client = app.Browser();

        var first = await Attempt(client, "Target@Example.org");
        var second = await Attempt(client, "target@example.org ");
        var third = await Attempt(client, "TARGET@example.org");
        var otherAccount = await Attempt(app.Browser(), DonorTrackAppFactory.AdminEmail, DonorTrackAppFactory.Password);

        Assert.That(new[] { first.StatusCode, second.StatusCode }, Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the same account however it is written");
        Assert.That(otherAccount.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "another account signs in");
    }
}
