using System.Text.RegularExpressions;

namespace DonorTrack.Tests.Web;

/// <summary>Issue 18 through the real app: sessions end on sign-out, password changes sign out other sessions, invitations, consent.</summary>
public sealed partial class AccessWebTests
{
    private DonorTrackAppFactory _app = null!;
    private long _organization;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _organization = _app.SetUpFirstOrganization("Twin Cities Tenant Alliance");
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    [Test]
    public async Task SignOut_RevokesTheSession_SoACopyOfTheCookieNoLongerWorks()
    {
        var (browser, cookie) = await SignInKeepingTheCookie(DonorTrackAppFactory.AdminEmail);
        using var copy = WithCookie(cookie);
        Assert.That((await copy.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the copy works while signed in");

        var signOut = await DonorTrackAppFactory.PostFormAsync(browser, "/", "/Account/SignOut", []);

        Assert.That(signOut.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var replay = await copy.GetAsync("/");
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(replay.Headers.Location!.ToString(), Does.Contain("/Account/SignIn"));
    }

    [Test]
    public async Task PasswordChange_SignsOutEveryOtherSession_AndKeepsThisOne()
    {
        var (here, _) = await SignInKeepingTheCookie(DonorTrackAppFactory.AdminEmail);
        var (elsewhere, _) = await SignInKeepingTheCookie(DonorTrackAppFactory.AdminEmail);

        var change = await DonorTrackAppFactory.PostFormAsync(here, "/Account/Password", "/Account/Password", new()
        {
            ["CurrentPassword"] = DonorTrackAppFactory.Password,
            ["NewPassword"] = "birch-canoe-harbor-91",
        });

        Assert.That(change.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await change.Content.ReadAsStringAsync());
        Assert.That((await here.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await elsewhere.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task PasswordChange_ToAWeakPassword_ShowsWhyNextToTheField()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await DonorTrackAppFactory.PostFormAsync(browser, "/Account/Password", "/Account/Password", new()
        {
            ["CurrentPassword"] = DonorTrackAppFactory.Password,
            ["NewPassword"] = "aaaaaaaaaa",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("short pattern repeated"));
    }

    [Test]
    public async Task AddingAPerson_GivesTheSameInvitationAnswer_WhetherOrNotTheEmailHasAnAccount_AndAddsNobody()
    {
        var other = _app.CreateOrganization("Somali Mothers Network");
        var otherAdmin = _app.AddUser(other, Role.Admin, "their-admin@example.org");
        var admin = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var known = await Invite(admin, otherAdmin);
        var unknown = await Invite(admin, "nobody-yet@example.org");

        Assert.That(Shape(known, otherAdmin), Is.EqualTo(Shape(unknown, "nobody-yet@example.org")));
        Assert.That(known, Does.Contain("id=\"invitation-link\""));
        var accounts = _app.Get<AccountService>();
        var theirs = (SignInOutcome.Succeeded)accounts.SignIn(otherAdmin, DonorTrackAppFactory.Password);
        Assert.That(accounts.RoleIn(theirs.User.Id, _organization), Is.Null, "nobody joins without accepting");

        var link = InvitationLink().Match(known).Groups[1].Value;
        var invited = await _app.SignedInAs(otherAdmin);
        var accept = await DonorTrackAppFactory.PostFormAsync(invited, link, new Uri(link).PathAndQuery + "&handler=Accept", []);

        Assert.That(accept.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await accept.Content.ReadAsStringAsync());
        Assert.That(accounts.RoleIn(theirs.User.Id, _organization), Is.EqualTo(Role.Viewer));
    }

    [Test]
    public async Task AllianceCandidateList_ShowsNoOrganizationTheAdminDoesNotBelongTo()
    {
        _app.CreateOrganization("Unrelated Garden Club");
        var admin = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var page = await admin.GetStringAsync("/Admin/Alliance");

        Assert.That(page, Does.Not.Contain("Unrelated Garden Club"));
        Assert.That(page, Does.Contain("Join an alliance with an invitation code"));
    }

    [Test]
    public async Task ApiCampaignNamingAMember_ShowsNoOfferOnTheMembersGivePage_UntilItsAdminAccepts()
    {
        var north = _app.CreateOrganization("Northside Tenants");
        _app.Get<OrganizationService>().LinkAccepted(Actor.System(_organization), north, new DateOnly(2025, 1, 1));
        var funder = _app.Get<DonorService>().Create(Actor.System(_organization), new DonorInput { Kind = DonorKinds.Organization, OrganizationName = "Headwaters Foundation" });
        using var api = _app.Api(_app.CreateApiKey(_organization, Role.Treasurer));
        var created = await api.PostAsJsonAsync("/api/v1/matching-campaigns", new
        {
            name = "Spring drive", funderDonorId = funder, poolCents = 10_000, ratio = "1:1", startsOn = "2026-06-01", endsOn = "2026-06-30",
            participants = new[] { new { organizationId = north } },
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var slug = _app.Get<OrganizationService>().Find(north)!.Slug;

        var before = await _app.Browser().GetStringAsync($"/give/{slug}");
        _app.Get<MatchingCampaignService>().AcceptParticipation(Actor.System(north), id);
        var after = await _app.Browser().GetStringAsync($"/give/{slug}");

        Assert.That(before, Does.Not.Contain("matching-offer"));
        Assert.That(after, Does.Contain("matching-offer"));
    }

    private async Task<string> Invite(HttpClient admin, string email)
    {
        var response = await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Users", "/Admin/Users?handler=Add", new()
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = "Someone",
            ["Input.Role"] = "viewer",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadAsStringAsync();
    }

    // The invitation notice with the email and the one-time code blanked: what differs must be only those.
    private static string Shape(string page, string email)
    {
        var notice = Regex.Match(page, "<div class=\"notice\" id=\"invitation-link\">.*?</div>", RegexOptions.Singleline).Value;
        return InvitationLink().Replace(notice.Replace(email, "EMAIL", StringComparison.Ordinal), "LINK");
    }

    private async Task<(HttpClient Browser, string Cookie)> SignInKeepingTheCookie(string email)
    {
        var browser = _app.Browser();
        var response = await DonorTrackAppFactory.PostFormAsync(browser, "/Account/SignIn", "/Account/SignIn", new() { ["Email"] = email, ["Password"] = DonorTrackAppFactory.Password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("donortrack=", StringComparison.Ordinal));
        return (browser, cookie.Split(';')[0]);
    }

    private HttpClient WithCookie(string cookie)
    {
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    [GeneratedRegex("<code>(https?://[^<]+)</code>")]
    private static partial Regex InvitationLink();
}
