namespace DonorTrack.Tests.Web;

public sealed class ApiTests : ApiFixture
{
    private long _ours;
    private long _theirs;
    private HttpClient _api = null!;

    [SetUp]
    public void SetUp()
    {
        _ours = NewOrganization();
        _theirs = NewOrganization("Somali Mothers Network");
        _api = ApiFor(_ours);
    }

    [TestCase("Nguyễn Thị", "Minh Khai", "nguyen")]
    [TestCase("محمد", "الأحمد", "محمد")]
    [TestCase("小明", "王", "王")]
    public async Task Donor_NamedInAnyScript_RoundTripsThroughTheApiAndIsFoundBySearch(string firstName, string lastName, string search)
    {
        var created = await _api.PostAsJsonAsync("/api/v1/donors", new { kind = "individual", firstName, lastName, email = "someone@example.org", tags = new[] { "基金" } });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var donor = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/donors/{id}");
        var found = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/donors?q={Uri.EscapeDataString(search)}");

        Assert.That(donor.GetProperty("firstName").GetString(), Is.EqualTo(firstName));
        Assert.That(donor.GetProperty("lastName").GetString(), Is.EqualTo(lastName));
        Assert.That(donor.GetProperty("tags")[0].GetString(), Is.EqualTo("基金"));
        Assert.That(found.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()), Does.Contain(id));
    }

    [Test]
    public async Task Gift_RecordedWithCents_IsReadBackWithTheContractFields()
    {
        var donor = App.Get<DonorService>().Create(Actor.System(_ours), new DonorInput { FirstName = "Xee", LastName = "Yang" });

        var created = await _api.PostAsJsonAsync("/api/v1/gifts", new
        {
            donorId = donor, amountCents = 10000, receivedOn = "2026-06-01", method = "check", category = "events",
            benefitValueCents = 4000, benefitDescription = "Gala dinner", checkNumber = "1042",
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var gift = await created.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(gift.GetProperty("amountCents").GetInt64(), Is.EqualTo(10000));
        Assert.That(gift.GetProperty("currency").GetString(), Is.EqualTo("USD"));
        Assert.That(gift.GetProperty("receivedOn").GetString(), Is.EqualTo("2026-06-01"));
        Assert.That(gift.GetProperty("benefitValueCents").GetInt64(), Is.EqualTo(4000));
        Assert.That(gift.GetProperty("status").GetString(), Is.EqualTo("completed"));
        Assert.That(created.Headers.Location!.ToString(), Is.EqualTo($"/api/v1/gifts/{gift.GetProperty("id").GetInt64()}"));
    }

    [Test]
    public async Task InvalidGift_Answers400ProblemDetailsWithAnErrorPerField_AndWritesNothing()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/gifts", new { donorId = 424242, amountCents = 0, receivedOn = "2026-06-01", method = "barter", category = "individual" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.GetProperty("amountCents")[0].GetString(), Is.EqualTo("The amount must be more than zero."));
        Assert.That(errors.GetProperty("method")[0].GetString(), Does.StartWith("Choose one of"));
        Assert.That(App.Get<GiftService>().List(Actor.System(_ours), new GiftQuery()).Gifts.Total, Is.Zero);
    }

    [TestCase("{\"donorId\":1,\"amountCents\":\"ten dollars\"}", "amountCents")]
    [TestCase("{\"donorId\":1,\"amountCents\":100,\"receivedOn\":\"2026-13-45\"}", "receivedOn")]
    [TestCase("{\"donorId\":1,\"amountCents\":12.5}", "amountCents")]
    [TestCase("not json", "body")]
    public async Task MalformedField_Answers400NamingThatField(string body, string field)
    {
        var response = await _api.PostAsync("/api/v1/gifts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.TryGetProperty(field, out _), Is.True, errors.ToString());
    }

    [Test]
    public async Task OversizedTextAndBadEmail_AreRefusedPerField()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/donors", new { kind = "individual", firstName = new string('a', 101), email = "not-an-email" });

        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.GetProperty("firstName")[0].GetString(), Is.EqualTo("Use at most 100 characters."));
        Assert.That(errors.GetProperty("email")[0].GetString(), Does.StartWith("Enter a valid email address"));
    }

    [Test]
    public async Task AnotherOrganizationsIds_Answer404OnEveryRoute()
    {
        var theirs = Actor.System(_theirs);
        var donor = App.Get<DonorService>().Create(theirs, new DonorInput { FirstName = "Private", LastName = "Person" });
        var gift = App.Get<GiftService>().Record(theirs, new GiftInput { DonorId = donor, AmountCents = 500, ReceivedOn = new DateOnly(2026, 6, 1), Method = GiftMethod.Cash, Category = GiftCategory.Individual });

        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["GET donor"] = await _api.GetAsync($"/api/v1/donors/{donor}"),
            ["PUT donor"] = await _api.PutAsJsonAsync($"/api/v1/donors/{donor}", new { kind = "individual", firstName = "Hijacked" }),
            ["GET gift"] = await _api.GetAsync($"/api/v1/gifts/{gift}"),
            ["POST void"] = await _api.PostAsJsonAsync($"/api/v1/gifts/{gift}/void", new { reason = "not yours" }),
            ["GET gifts by donor"] = await _api.GetAsync($"/api/v1/gifts?donorId={donor}"),
        };

        foreach (var (route, response) in responses)
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), route);
        var gifted = await _api.PostAsJsonAsync("/api/v1/gifts", new { donorId = donor, amountCents = 100, receivedOn = "2026-06-01", method = "cash", category = "individual" });
        Assert.That(gifted.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a gift cannot point at another organization's donor");
        Assert.That(App.Get<DonorService>().Find(theirs, donor)!.FirstName, Is.EqualTo("Private"));
        Assert.That(App.Get<GiftService>().Find(theirs, gift)!.Status.Word(), Is.EqualTo("completed"));
        var list = await _api.GetFromJsonAsync<JsonElement>("/api/v1/donors");
        Assert.That(list.GetProperty("total").GetInt64(), Is.Zero);
    }

    [Test]
    public async Task ViewerKey_CanRead_ButCannotCreate_AndEntryKeyCannotVoid()
    {
        var viewer = ApiFor(_ours, Role.Viewer);
        var entry = ApiFor(_ours, Role.Entry);
        var donor = App.Get<DonorService>().Create(Actor.System(_ours), new DonorInput { FirstName = "Mai", LastName = "Lor" });
        var gift = App.Get<GiftService>().Record(Actor.System(_ours), new GiftInput { DonorId = donor, AmountCents = 500, ReceivedOn = new DateOnly(2026, 6, 1), Method = GiftMethod.Cash, Category = GiftCategory.Individual });

        Assert.That((await viewer.GetAsync("/api/v1/donors")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await viewer.PostAsJsonAsync("/api/v1/donors", new { firstName = "No" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await entry.PostAsJsonAsync($"/api/v1/gifts/{gift}/void", new { reason = "no" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await _api.PostAsJsonAsync($"/api/v1/gifts/{gift}/void", new { reason = "duplicate entry" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task RevokedKey_IsRefused()
    {
        var key = App.CreateApiKey(_ours, Role.Viewer);
        var keyId = App.Get<ApiKeyService>().List(Actor.System(_ours)).First(k => key.StartsWith(k.KeyPrefix, StringComparison.Ordinal)).Id;
        App.Get<ApiKeyService>().Revoke(Actor.System(_ours), keyId);

        Assert.That((await App.Api(key).GetAsync("/api/v1/donors")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task DonorList_PagesWithTheContractEnvelope()
    {
        for (var i = 0; i < 7; i++)
            App.Get<DonorService>().Create(Actor.System(_ours), new DonorInput { FirstName = "P", LastName = $"Person {i}" });

        var page = await _api.GetFromJsonAsync<JsonElement>("/api/v1/donors?page=2&pageSize=3");

        Assert.That(page.GetProperty("page").GetInt32(), Is.EqualTo(2));
        Assert.That(page.GetProperty("pageSize").GetInt32(), Is.EqualTo(3));
        Assert.That(page.GetProperty("total").GetInt64(), Is.EqualTo(7));
        Assert.That(page.GetProperty("items").GetArrayLength(), Is.EqualTo(3));
    }

    [Test]
    public async Task OpenApiDocument_DescribesTheV1Routes()
    {
        var document = await App.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(paths, Is.SupersetOf(new[] { "/api/v1/donors", "/api/v1/donors/{id}", "/api/v1/gifts", "/api/v1/gifts/{id}", "/api/v1/gifts/{id}/void" }));
    }
}
