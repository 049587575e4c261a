namespace DonorTrack.Tests.Web;

public sealed class SignInTests
{
    private DonorTrackAppFactory _app = null!;

    [SetUp]
    public void SetUp() => _app = new DonorTrackAppFactory();

    [TearDown]
    public void TearDown() => _app.Dispose();

    [Test]
    public async Task Setup_OnEmptyDatabase_CreatesOrganizationOneAndSignsInTheAdmin_ThenThePageIsGone()
    {
        var client = _app.Browser();

        var response = await DonorTrackAppFactory.PostFormAsync(client, "/Setup", "/Setup", new()
        {
            ["Input.OrganizationName"] = "Phillips Community Garden",
            ["Input.AdminEmail"] = "lead@example.org",
            ["Input.AdminName"] = "Lead Gardener",
            ["Input.AdminPassword"] = "a-long-enough-password",
            ["Input.Timezone"] = "America/Chicago",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await client.GetStringAsync("/"), Does.Contain("Phillips Community Garden"));
        Assert.That((await _app.Browser().GetAsync("/Setup")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(_app.Get<DonorTrack.Core.Organizations.OrganizationService>().Find(1)!.Name, Is.EqualTo("Phillips Community Garden"));
    }

    [Test]
    public async Task Setup_WithShortPassword_ShowsTheMessageNextToTheFieldAndCreatesNothing()
    {
        var response = await DonorTrackAppFactory.PostFormAsync(_app.Browser(), "/Setup", "/Setup", new()
        {
            ["Input.OrganizationName"] = "Garden",
            ["Input.AdminEmail"] = "lead@example.org",
            ["Input.AdminPassword"] = "short",
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("Use a password of at least 10 characters."));
        Assert.That(_app.Get<AccountService>().NeedsSetup(), Is.True);
    }

    [Test]
    public async Task SignIn_WithRightPassword_RedirectsToTheDashboard()
    {
        _app.SetUpFirstOrganization();
        var client = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var dashboard = await client.GetAsync("/");

        Assert.That(dashboard.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await dashboard.Content.ReadAsStringAsync(), Does.Contain("Frogtown Tenants Union"));
    }

    [Test]
    public async Task SignIn_WithWrongPassword_StaysOnThePageWithAMessage()
    {
        _app.SetUpFirstOrganization();

        var response = await DonorTrackAppFactory.PostFormAsync(_app.Browser(), "/Account/SignIn", "/Account/SignIn",
            new() { ["Email"] = DonorTrackAppFactory.AdminEmail, ["Password"] = "wrong-password" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("do not match"));
    }

    [Test]
    public async Task SignIn_AfterFiveFailures_IsLockedOutEvenWithTheRightPassword_UntilFifteenMinutesPass()
    {
        _app.SetUpFirstOrganization();
        for (var i = 0; i < 5; i++)
            await DonorTrackAppFactory.PostFormAsync(_app.Browser(), "/Account/SignIn", "/Account/SignIn",
                new() { ["Email"] = DonorTrackAppFactory.AdminEmail, ["Password"] = "wrong-password" });

        var locked = await DonorTrackAppFactory.PostFormAsync(_app.Browser(), "/Account/SignIn", "/Account/SignIn",
            new() { ["Email"] = DonorTrackAppFactory.AdminEmail, ["Password"] = DonorTrackAppFactory.Password });
        Assert.That(await locked.Content.ReadAsStringAsync(), Does.Contain("Too many failed attempts"));

        _app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.DoesNotThrowAsync(() => _app.SignedInAs(DonorTrackAppFactory.AdminEmail));
    }

    [Test]
    public async Task SwitchOrganization_ToOneTheUserBelongsTo_ChangesTheDashboard_AndToAnotherIsRefused()
    {
        var first = _app.SetUpFirstOrganization();
        var second = _app.CreateOrganization("Cedar Riverside Youth Soccer");
        var stranger = _app.CreateOrganization("Somebody Else's Group");
        var email = _app.AddUser(first, Role.Viewer);
        _app.Get<AccountService>().AddUser(DonorTrack.Core.Security.Actor.System(second),
            new DonorTrack.Core.Security.AddUserInput(email, null, null, Role.Entry));
        var client = await _app.SignedInAs(email);

        var switched = await DonorTrackAppFactory.PostFormAsync(client, "/", "/Account/Switch", new() { ["organizationId"] = second.ToString() });
        var refused = await DonorTrackAppFactory.PostFormAsync(client, "/", "/Account/Switch", new() { ["organizationId"] = stranger.ToString() });

        Assert.That(switched.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await client.GetStringAsync("/"), Does.Contain("<h1>Cedar Riverside Youth Soccer</h1>"));
    }

    [Test]
    public async Task RemovingAUser_EndsTheirAccessOnTheNextRequest()
    {
        var organization = _app.SetUpFirstOrganization();
        var email = _app.AddUser(organization, Role.Entry);
        var client = await _app.SignedInAs(email);
        var userId = _app.Get<AccountService>().SignIn(email, DonorTrackAppFactory.Password) is DonorTrack.Core.Security.SignInOutcome.Succeeded s ? s.User.Id : 0;

        _app.Get<AccountService>().RemoveUser(DonorTrack.Core.Security.Actor.System(organization), userId);

        var response = await client.GetAsync("/Donors");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Does.Contain("/Account/SignIn"));
    }
}
