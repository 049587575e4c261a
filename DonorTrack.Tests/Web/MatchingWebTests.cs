namespace DonorTrack.Tests.Web;

public sealed class MatchingWebTests
{
    private DonorTrackAppFactory _app = null!;
    private long _alliance;
    private long _north;
    private long _south;
    private long _funder;
    private HttpClient _allianceApi = null!;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _alliance = _app.SetUpFirstOrganization("Twin Cities Tenant Alliance");
        _north = _app.CreateOrganization("Northside Tenants");
        _south = _app.CreateOrganization("Southside Tenants");
        var organizations = _app.Get<OrganizationService>();
        organizations.LinkAccepted(Actor.System(_alliance), _north, new DateOnly(2025, 1, 1));
        organizations.LinkAccepted(Actor.System(_alliance), _south, new DateOnly(2025, 1, 1));
        _funder = _app.Get<DonorService>().Create(Actor.System(_alliance), new DonorInput { Kind = DonorKinds.Organization, OrganizationName = "Headwaters Foundation" });
        _allianceApi = _app.Api(_app.CreateApiKey(_alliance, Role.Treasurer));
    }

    [TearDown]
    public void TearDown()
    {
        _allianceApi.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task PostThenGet_AnswersTheContractFields_AndPerOrganizationTotalsOnlyToTheAlliance()
    {
        var id = await CreateDrive();
        GiveTo(_north, "Nguyễn", "ana@example.org", 2_000);
        GiveTo(_south, "Bo", "bo@example.org", 3_000);

        var drive = await _allianceApi.GetFromJsonAsync<JsonElement>($"/api/v1/matching-campaigns/{id}");

        Assert.That(drive.GetProperty("raisedCents").GetInt64(), Is.EqualTo(5_000));
        Assert.That(drive.GetProperty("matchedCents").GetInt64(), Is.EqualTo(7_000), "north capped at $20, south's donor at $50");
        Assert.That(drive.GetProperty("poolRemainingCents").GetInt64(), Is.EqualTo(3_000));
        Assert.That(drive.GetProperty("owedCents").GetInt64(), Is.EqualTo(7_000));
        var perOrganization = drive.GetProperty("perOrganization").EnumerateArray().ToDictionary(o => o.GetProperty("organizationId").GetInt64());
        Assert.That(perOrganization[_north].GetProperty("matchedCents").GetInt64(), Is.EqualTo(2_000));
        Assert.That(perOrganization[_south].GetProperty("donorCount").GetInt64(), Is.EqualTo(1));
        Assert.That(drive.GetProperty("ratio").GetString(), Is.EqualTo("2:1"));
        Assert.That(drive.GetProperty("perOrganization").GetArrayLength(), Is.EqualTo(2));
        Assert.That(drive.GetProperty("allocations").GetArrayLength(), Is.Zero, "the alliance received none of these gifts itself");
        var raw = drive.GetRawText();
        Assert.That(raw, Does.Not.Contain("Nguyễn").And.Not.Contain("ana@example.org").And.Not.Contain("giftId"));
    }

    [Test]
    public async Task Get_ByAMember_ListsOnlyItsOwnAllocations()
    {
        var id = await CreateDrive();
        var northGift = GiveTo(_north, "Ana", "ana@example.org", 2_000);
        GiveTo(_south, "Bo", "bo@example.org", 3_000);
        using var northApi = _app.Api(_app.CreateApiKey(_north, Role.Viewer));

        var drive = await northApi.GetFromJsonAsync<JsonElement>($"/api/v1/matching-campaigns/{id}");

        var allocations = drive.GetProperty("allocations").EnumerateArray().ToList();
        Assert.That(allocations.Select(a => (a.GetProperty("giftId").GetInt64(), a.GetProperty("matchedCents").GetInt64())),
            Is.EqualTo(new[] { (northGift, 2_000L) }));
    }

    [Test]
    public async Task Get_ByAnOrganizationNotTakingPart_Answers404()
    {
        var id = await CreateDrive();
        var outsider = _app.CreateOrganization("Unrelated Garden Club");
        using var outsiderApi = _app.Api(_app.CreateApiKey(outsider, Role.Admin));

        var response = await outsiderApi.GetAsync($"/api/v1/matching-campaigns/{id}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Post_BadInput_Answers400WithAnErrorPerCamelCaseField()
    {
        var outsider = _app.CreateOrganization("Unrelated Garden Club");
        var response = await _allianceApi.PostAsJsonAsync("/api/v1/matching-campaigns", new
        {
            name = "Bad", funderDonorId = _funder, poolCents = 10_000, ratio = "0:1", perGiftCapCents = -1, perDonorCapCents = -1,
            startsOn = "2026-06-30", endsOn = "2026-06-01", participants = new[] { new { organizationId = _north, capCents = (long?)-5 } },
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "ratio", "perGiftCapCents", "perDonorCapCents", "endsOn", "participants[0].capCents" })
            Assert.That(errors.TryGetProperty(field, out _), Is.True, field + " in " + errors);

        var notMember = await _allianceApi.PostAsJsonAsync("/api/v1/matching-campaigns", Drive(participants: [new { organizationId = outsider, capCents = (long?)null }]));
        var notMemberErrors = (await notMember.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(notMemberErrors.TryGetProperty("participants[0].organizationId", out _), Is.True, notMemberErrors.ToString());
    }

    [Test]
    public async Task Post_ByAnEntryKey_IsForbidden()
    {
        using var entryApi = _app.Api(_app.CreateApiKey(_alliance, Role.Entry));
        var response = await entryApi.PostAsJsonAsync("/api/v1/matching-campaigns", Drive());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task ProgressPage_ShowsAllianceStaffTotalsOnly_AndAMemberItsOwnDonorsNames()
    {
        var id = await CreateDrive();
        GiveTo(_north, "Ana", "ana@example.org", 2_000);
        GiveTo(_south, "Bo", "bo@example.org", 3_000);
        var allianceStaff = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var northStaff = await _app.SignedInAs(_app.AddUser(_north, Role.Viewer));

        var alliancePage = await allianceStaff.GetStringAsync($"/Matching/Details/{id}");
        var northPage = await northStaff.GetStringAsync($"/Matching/Details/{id}");

        Assert.That(alliancePage, Does.Contain("Northside Tenants").And.Contain("Southside Tenants").And.Contain("thermometer"));
        Assert.That(alliancePage, Does.Not.Contain("Ana Tester").And.Not.Contain("Bo Tester").And.Not.Contain("own-gifts"));
        Assert.That(northPage, Does.Contain("Ana Tester"));
        Assert.That(northPage, Does.Not.Contain("Bo Tester"));
    }

    [Test]
    public async Task ClaimPageAndCsv_AfterTheEnd_NameDonorsOnlyOnTheOrganizationsOwnStatement()
    {
        var id = await CreateDrive();
        GiveTo(_north, "Ana", "ana@example.org", 2_000);
        GiveTo(_south, "Bo", "bo@example.org", 3_000);
        _app.Clock.Advance(TimeSpan.FromDays(20));
        var allianceStaff = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var southStaff = await _app.SignedInAs(_app.AddUser(_south, Role.Viewer));

        var allianceClaim = await allianceStaff.GetStringAsync($"/Matching/Claim/{id}");
        var allianceCsv = await allianceStaff.GetStringAsync($"/Matching/Claim/{id}?handler=Csv");
        var southCsv = await southStaff.GetStringAsync($"/Matching/Claim/{id}?handler=Csv");

        Assert.That(allianceClaim, Does.Contain("Northside Tenants").And.Contain("Southside Tenants").And.Not.Contain("Ana Tester"));
        Assert.That(allianceCsv, Does.Not.Contain("Ana Tester").And.Not.Contain("Bo Tester"));
        Assert.That(southCsv, Does.Contain("Bo Tester").And.Not.Contain("Northside"));
    }

    [Test]
    public async Task MatchingPages_RedirectAnonymousVisitorsToSignIn()
    {
        var anonymous = _app.Browser();
        foreach (var path in new[] { "/Matching", "/Matching/Edit", "/Matching/Details/1", "/Matching/Claim/1" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), path);
        }
    }

    private async Task<long> CreateDrive()
    {
        var response = await _allianceApi.PostAsJsonAsync("/api/v1/matching-campaigns", Drive());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        foreach (var member in new[] { _north, _south })
            _app.Get<MatchingCampaignService>().AcceptParticipation(Actor.System(member), id);
        return id;
    }

    private object Drive(object[]? participants = null) => new
    {
        name = "Spring drive", funderDonorId = _funder, poolCents = 10_000, ratio = "2:1", perGiftCapCents = (long?)null, perDonorCapCents = 5_000,
        startsOn = "2026-06-01", endsOn = "2026-06-30", eligibility = "all", recurringMultiplier = (int?)null, kind = "match", thresholdCents = (long?)null,
        participants = participants ?? [new { organizationId = _north, capCents = (long?)2_000 }, new { organizationId = _south, capCents = (long?)null }],
    };

    private long GiveTo(long organizationId, string firstName, string email, long cents)
    {
        var actor = Actor.System(organizationId);
        var donor = _app.Get<DonorService>().Create(actor, new DonorInput { FirstName = firstName, LastName = "Tester", Email = email });
        return _app.Get<GiftService>().Record(actor, new GiftInput { DonorId = donor, AmountCents = cents, ReceivedOn = new DateOnly(2026, 6, 2), Method = GiftMethod.Card, Category = GiftCategory.Individual });
    }
}
