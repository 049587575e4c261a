namespace DonorTrack.Tests.Web;

/// <summary>Empty array entries, hostile page numbers and other inputs a script can send: each answers 4xx with a field message, never 500.</summary>
public sealed class ApiInputEdgeCaseTests : ApiFixture
{
    private long _ours;
    private long _donor;
    private HttpClient _api = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _ours = NewOrganization();
        _api = ApiFor(_ours);
        var actor = Actor.System(_ours);
        _donor = App.Seed.Donor(actor, "Xee", "Yang");
        App.Seed.Gift(actor, _donor, 1000, on: new DateOnly(2026, 6, 1), method: GiftMethod.Cash);
    }

    [Test]
    public async Task Gift_WithANullSoftCredit_Answers400NamingTheEntry()
    {
        var errors = await Refused("/api/v1/gifts", $$"""{"donorId": {{_donor}}, "amountCents": 1000, "receivedOn": "2026-06-01", "method": "cash", "softCredits": [null]}""");

        Assert.That(errors.GetProperty("softCredits[0]")[0].GetString(), Does.Contain("soft credit is empty"));
    }

    [Test]
    public async Task Donor_WithANullTag_Answers400NamingTheEntry()
    {
        var errors = await Refused("/api/v1/donors", """{"kind": "individual", "firstName": "Ana", "tags": ["volunteer", null]}""");

        Assert.That(errors.GetProperty("tags[1]")[0].GetString(), Does.Contain("tag is empty"));
    }

    [Test]
    public async Task Donor_WithTagsNull_IsCreatedWithNoTags()
    {
        var response = await Post("/api/v1/donors", """{"kind": "individual", "firstName": "Ana", "tags": null}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task MembershipPlan_WithANullTier_Answers400NamingTheEntry()
    {
        var errors = await Refused("/api/v1/membership-plans",
            """{"name": "Sliding", "interval": "year", "pricingKind": "sliding_scale", "tiers": [{"name": "Low", "amountCents": 1000}, null], "benefitValueCents": 500, "benefitsDescription": "Newsletter"}""");

        Assert.That(errors.GetProperty("tiers[1]")[0].GetString(), Does.Contain("tier is empty"));
    }

    [Test]
    public async Task MatchingCampaign_WithANullParticipantOrEligibleMethod_Answers400()
    {
        var body = $$"""
            {"name": "Drive", "funderDonorId": {{_donor}}, "poolCents": 1000, "ratio": "1:1", "startsOn": "2026-06-01", "endsOn": "2026-06-30",
             "eligibleMethods": [null], "participants": [null]}
            """;

        var errors = await Refused("/api/v1/matching-campaigns", body);

        Assert.That(errors.EnumerateObject().Select(e => e.Name), Does.Contain("participants").And.Contain("eligibleMethods"));
    }

    [Test]
    public async Task Merge_WithANullChoice_Answers400()
    {
        var other = App.Get<DonorService>().Create(Actor.System(_ours), new DonorInput { FirstName = "Xee", LastName = "Yang", Email = "xee@example.org" });

        var errors = await Refused($"/api/v1/donors/{_donor}/merge", $$$"""{"duplicateId": {{{other}}}, "keep": {"email": null}}""");

        Assert.That(errors.EnumerateObject().Select(e => e.Name), Does.Contain("keep.email"));
    }

    [TestCase("/api/v1/donors")]
    [TestCase("/api/v1/gifts")]
    [TestCase("/api/v1/membership-plans")]
    [TestCase("/api/v1/memberships")]
    [TestCase("/api/v1/recurring-donations")]
    public async Task List_AtTheLargestPageNumber_AnswersAnEmptyPageNotTheFirst(string list)
    {
        var page = await _api.GetFromJsonAsync<JsonElement>($"{list}?page=2147483647&pageSize=500");

        Assert.That(page.GetProperty("items").GetArrayLength(), Is.Zero);
        Assert.That(page.GetProperty("page").GetInt32(), Is.EqualTo(int.MaxValue));
    }

    [TestCase("/api/v1/donors?page=2147483648")]
    [TestCase("/api/v1/gifts?page=abc")]
    [TestCase("/api/v1/memberships?pageSize=99999999999")]
    public async Task List_WithAPageThatIsNotAWholeNumber_Answers400ProblemNamingTheParameter(string url)
    {
        var response = await _api.GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.EnumerateObject().Single().Name, Is.AnyOf("page", "pageSize"));
    }

    private Task<HttpResponseMessage> Post(string url, string json) =>
        _api.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<JsonElement> Refused(string url, string json)
    {
        var response = await Post(url, json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return JsonDocument.Parse(text).RootElement.GetProperty("errors");
    }
}
