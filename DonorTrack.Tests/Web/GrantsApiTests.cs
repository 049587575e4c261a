namespace DonorTrack.Tests.Web;

public sealed class GrantsApiTests : ApiFixture
{
    private long _ours;
    private long _theirs;
    private long _funder;
    private HttpClient _api = null!;

    [SetUp]
    public void SetUp()
    {
        _ours = NewOrganization();
        _theirs = NewOrganization("Somali Mothers Network");
        _api = ApiFor(_ours, Role.Treasurer);
        _funder = App.Seed.OrganizationDonor(Actor.System(_ours), "Bush Foundation");
    }

    private async Task<JsonElement> CreateGrant(string endsOn = "2026-12-31")
    {
        var response = await _api.PostAsJsonAsync("/api/v1/grants", new
        {
            funderDonorId = _funder, name = "General support", amountCents = 90_000_00, startsOn = "2025-01-01", endsOn,
            restriction = "general_operating", status = "awarded", installmentCount = 2,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Test]
    public async Task Grant_CreatedAndPaidThroughTheApi_AnswersInstallmentsAndBalanceInContractWords()
    {
        var grant = await CreateGrant();
        var id = grant.GetProperty("id").GetInt64();
        var gift = await _api.PostAsJsonAsync("/api/v1/gifts", new { donorId = _funder, amountCents = 50_000_00, receivedOn = "2026-02-01", method = "ach", category = "foundation", grantId = id });
        Assert.That(gift.StatusCode, Is.EqualTo(HttpStatusCode.Created), await gift.Content.ReadAsStringAsync());

        var read = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/grants/{id}");

        Assert.That(grant.GetProperty("restriction").GetString(), Is.EqualTo("general_operating"));
        Assert.That(read.GetProperty("status").GetString(), Is.EqualTo("awarded"));
        Assert.That(read.GetProperty("balanceCents").GetInt64(), Is.EqualTo(40_000_00));
        var installments = read.GetProperty("installments").EnumerateArray().ToList();
        Assert.That(installments.Select(i => i.GetProperty("standing").GetString()), Is.EqualTo(new[] { "paid", "partly_paid" }));
        Assert.That((await gift.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("grantId").GetInt64(), Is.EqualTo(id));
    }

    [Test]
    public async Task Overpayment_Answers400WithTheAmountField()
    {
        var id = (await CreateGrant()).GetProperty("id").GetInt64();

        var response = await _api.PostAsJsonAsync("/api/v1/gifts", new { donorId = _funder, amountCents = 90_000_01, receivedOn = "2026-02-01", method = "ach", category = "foundation", grantId = id });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.GetProperty("amountCents")[0].GetString(), Does.Contain("90000.00"));
    }

    [Test]
    public async Task BadGrant_Answers400WithFieldErrors()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/grants", new
        {
            funderDonorId = _funder, name = "Bad", amountCents = 1000, startsOn = "2026-01-01", endsOn = "2025-01-01",
            restriction = "project", status = "awarded", installments = new[] { new { dueOn = "2026-01-01", amountCents = 999 } },
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(e => e.Name), Is.SupersetOf(new[] { "endsOn", "purpose", "installments" }));
    }

    [Test]
    public async Task AnotherOrganizationsGrantAndPledge_Answer404()
    {
        var id = (await CreateGrant()).GetProperty("id").GetInt64();
        using var theirs = App.Api(App.CreateApiKey(_theirs, Role.Admin));

        Assert.That((await theirs.GetAsync($"/api/v1/grants/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await theirs.PutAsJsonAsync($"/api/v1/grants/{id}", new { name = "x" })).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await theirs.GetAsync("/api/v1/pledges/1")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Viewer_CanReadButNotCreateGrants()
    {
        using var viewer = App.Api(App.CreateApiKey(_ours, Role.Viewer));

        var list = await viewer.GetAsync("/api/v1/grants");
        var create = await viewer.PostAsJsonAsync("/api/v1/grants", new { name = "x" });

        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Pledge_WriteOffThroughTheApi_LeavesExpectedRevenue()
    {
        var donor = App.Get<DonorService>().Create(Actor.System(_ours), new DonorInput { FirstName = "Xee", LastName = "Yang" });
        var created = await _api.PostAsJsonAsync("/api/v1/pledges", new { donorId = donor, amountCents = 600_00, pledgedOn = "2026-06-01", category = "individual", firstDueOn = "2026-07-01", installmentCount = 6 });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var tooMuch = await _api.PostAsJsonAsync($"/api/v1/pledges/{id}/write-off", new { amountCents = 600_01, reason = "x" });
        var writeOff = await _api.PostAsJsonAsync($"/api/v1/pledges/{id}/write-off", new { amountCents = 600_00, reason = "Donor moved" });
        var receivables = await _api.GetFromJsonAsync<JsonElement>("/api/v1/receivables?months=12");

        Assert.That(tooMuch.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(writeOff.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await writeOff.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("standing").GetString(), Is.EqualTo("written_off"));
        Assert.That(receivables.GetProperty("months").EnumerateArray().Sum(m => m.GetProperty("pledgeCents").GetInt64()), Is.Zero);
    }

    [Test]
    public async Task FundingCliff_AnswersTheContractShape()
    {
        var id = (await CreateGrant()).GetProperty("id").GetInt64();
        await _api.PostAsJsonAsync("/api/v1/gifts", new { donorId = _funder, amountCents = 12_000_00, receivedOn = "2026-02-01", method = "ach", category = "foundation", grantId = id });

        var cliff = await _api.GetFromJsonAsync<JsonElement>("/api/v1/reports/funding-cliff");

        Assert.That(cliff.GetProperty("shareAtRisk").GetDouble(), Is.EqualTo(1.0));
        Assert.That(cliff.GetProperty("thresholdShare").GetDouble(), Is.EqualTo(0.25));
        Assert.That(cliff.GetProperty("last12MonthsCents").GetInt64(), Is.EqualTo(12_000_00));
        var grant = cliff.GetProperty("grants")[0];
        Assert.That(grant.GetProperty("id").GetInt64(), Is.EqualTo(id));
        Assert.That(grant.GetProperty("funderName").GetString(), Is.EqualTo("Bush Foundation"));
        Assert.That(grant.GetProperty("endsOn").GetString(), Is.EqualTo("2026-12-31"));
        Assert.That(grant.GetProperty("monthlyCents").GetInt64(), Is.EqualTo(1_000_00));
    }
}
