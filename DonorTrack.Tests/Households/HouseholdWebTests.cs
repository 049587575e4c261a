using DonorTrack.Core.Households;
using static DonorTrack.Tests.Receipts.ReceiptTestSupport;

namespace DonorTrack.Tests.Households;

/// <summary>The household pages and the v1 API's households, through real HTTP.</summary>
public sealed class HouseholdWebTests : ApiFixture
{
    private static Dictionary<string, string> Form(params (string Name, string Value)[] fields) => fields.ToDictionary(f => f.Name, f => f.Value);

    [Test]
    public async Task StartingAHouseholdFromADonor_AddingAMemberWithThePicker_ShowsMembersTotalsAndTheDonorsLink()
    {
        var actor = Actor.System(NewOrganization());
        var ana = App.Seed.Donor(actor, "Ana", "Ruiz");
        var luis = App.Seed.Donor(actor, "Luis", "Ruiz");
        App.Seed.Gift(actor, ana, 100_00);
        App.Seed.Gift(actor, luis, 50_00, softCredits: [new SoftCreditInput(ana, SoftCreditKind.Household, null)]);
        var email = App.AddUser(actor.OrganizationId, Role.Entry);
        var browser = await App.SignedInAs(email);

        var created = await DonorTrackAppFactory.PostFormAsync(browser, $"/Households/Create?donorId={ana}", "/Households/Create",
            Form(("Input.DonorId", ana.ToString()), ("Input.Name", ""), ("Input.FormalAddressee", "Mr. and Mrs. Ruiz")));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var detailsPath = created.Headers.Location!.OriginalString;
        var id = long.Parse(detailsPath.Split('/').Last());

        var picker = await browser.GetStringAsync($"/Households/AddMember/{id}?donorSearch=Luis");
        Assert.That(picker, Does.Contain($"/Households/AddMember/{id}?donorId={luis}"));
        var added = await DonorTrackAppFactory.PostFormAsync(browser, $"/Households/AddMember/{id}?donorId={luis}", $"/Households/AddMember/{id}",
            Form(("DonorId", luis.ToString())));
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var page = await browser.GetStringAsync(detailsPath);
        Assert.That(page, Does.Contain("<h1>Ruiz household</h1>").And.Contain("Mr. and Mrs. Ruiz").And.Contain("Ana and Luis"));
        Assert.That(page, Does.Contain("id=\"household-total\">$150.00"), "Luis's gift soft-credited to Ana counts once");
        Assert.That(page, Does.Contain("data-confirm=\"Remove Luis Ruiz from Ruiz household?"));
        var donorPage = await browser.GetStringAsync($"/Donors/Details/{luis}");
        Assert.That(donorPage, Does.Contain($"<a href=\"/Households/Details/{id}\">Ruiz household</a>"));
    }

    [Test]
    public async Task AddingAnOrganizationAsMember_ShowsTheFieldMessage_AndAddsNothing()
    {
        var actor = Actor.System(NewOrganization());
        var ana = App.Seed.Donor(actor, "Ana", "Ruiz");
        var bakery = App.Seed.OrganizationDonor(actor, "Ruiz Bakery");
        var id = App.Get<HouseholdService>().Create(actor, new HouseholdInput { MemberDonorIds = [ana] });
        var browser = await App.SignedInAs(App.AddUser(actor.OrganizationId, Role.Entry));

        var response = await DonorTrackAppFactory.PostFormAsync(browser, $"/Households/AddMember/{id}?donorId={bakery}", $"/Households/AddMember/{id}",
            Form(("DonorId", bakery.ToString())));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Ruiz Bakery is an organization; only individual donors can join a household."));
        Assert.That(App.Get<HouseholdService>().Find(actor, id)!.Members, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task RemovingAMember_ByAViewer_IsDenied_AndByDataEntry_RemovesThem()
    {
        var actor = Actor.System(NewOrganization());
        var ana = App.Seed.Donor(actor, "Ana", "Ruiz");
        var luis = App.Seed.Donor(actor, "Luis", "Ruiz");
        var id = App.Get<HouseholdService>().Create(actor, new HouseholdInput { MemberDonorIds = [ana, luis] });
        var viewer = await App.SignedInAs(App.AddUser(actor.OrganizationId, Role.Viewer));
        var entry = await App.SignedInAs(App.AddUser(actor.OrganizationId, Role.Entry));

        var refused = await DonorTrackAppFactory.PostFormAsync(viewer, $"/Households/Details/{id}", $"/Households/Details/{id}?handler=Remove&donorId={luis}", []);
        Assert.That(refused.Headers.Location?.AbsolutePath, Is.EqualTo("/Account/Denied"));
        Assert.That(App.Get<HouseholdService>().Find(actor, id)!.Members, Has.Count.EqualTo(2), "the viewer removed no one");
        var removed = await DonorTrackAppFactory.PostFormAsync(entry, $"/Households/Details/{id}", $"/Households/Details/{id}?handler=Remove&donorId={luis}", []);

        Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(App.Get<HouseholdService>().Find(actor, id)!.Members.Select(m => m.DonorId), Is.EqualTo(new[] { ana }));
    }

    [Test]
    public async Task HouseholdStatement_FromTheHouseholdPage_IsAPdfWithEachGiftUnderItsGiver()
    {
        var actor = Actor.System(NewOrganization());
        var ana = App.Seed.Donor(actor, "Ana", "Ruiz");
        var luis = App.Seed.Donor(actor, "Luis", "Ruiz");
        var id = App.Get<HouseholdService>().Create(actor, new HouseholdInput { MemberDonorIds = [ana, luis] });
        App.Seed.Gift(actor, ana, 100_00, on: new DateOnly(2025, 4, 2));
        App.Seed.Gift(actor, luis, 60_00, on: new DateOnly(2025, 3, 9));
        var treasurer = await App.SignedInAs(App.AddUser(actor.OrganizationId, Role.Treasurer));

        var response = await DonorTrackAppFactory.PostFormAsync(treasurer, $"/Households/Details/{id}", $"/Households/Details/{id}?handler=Statement",
            Form(("StatementYear", "2025")));

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
        var text = Text(await response.Content.ReadAsByteArrayAsync());
        Assert.That(text.IndexOf(Squash("Gifts of Ana Ruiz"), StringComparison.Ordinal), Is.LessThan(text.IndexOf(Squash("April 2, 2025"), StringComparison.Ordinal)));
        Assert.That(text.IndexOf(Squash("Gifts of Luis Ruiz"), StringComparison.Ordinal), Is.LessThan(text.IndexOf(Squash("March 9, 2025"), StringComparison.Ordinal)));
        Assert.That(text, Does.Contain(Squash("Ana and Luis Ruiz")));
    }

    [Test]
    public async Task Api_CreatesAndListsHouseholds_AndDonorsCarryTheirHouseholdId()
    {
        var organization = NewOrganization();
        var api = ApiFor(organization, Role.Entry);
        var ana = await CreatedId(await api.PostAsJsonAsync("/api/v1/donors", new { firstName = "Ana", lastName = "Ruiz" }));
        var luis = await CreatedId(await api.PostAsJsonAsync("/api/v1/donors", new { firstName = "Luis", lastName = "Ruiz" }));

        var created = await api.PostAsJsonAsync("/api/v1/households", new { memberDonorIds = new[] { ana }, informalSalutation = "the Ruizes" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var household = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = household.GetProperty("id").GetInt64();
        Assert.That(household.GetProperty("name").GetString(), Is.EqualTo("Ruiz household"));
        Assert.That(household.GetProperty("informalSalutation").GetString(), Is.EqualTo("the Ruizes"));
        Assert.That(household.GetProperty("primaryContactDonorId").GetInt64(), Is.EqualTo(ana));

        var joined = await api.PutAsJsonAsync($"/api/v1/donors/{luis}", new { firstName = "Luis", lastName = "Ruiz", householdId = id });
        Assert.That((await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("householdId").GetInt64(), Is.EqualTo(id));
        var withMai = await api.PostAsJsonAsync("/api/v1/donors", new { firstName = "Mai", lastName = "Vang", householdId = id });
        Assert.That((await withMai.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("householdId").GetInt64(), Is.EqualTo(id));
        var unchanged = await api.PutAsJsonAsync($"/api/v1/donors/{luis}", new { firstName = "Luis", lastName = "Ruiz", email = "luis@example.org" });
        Assert.That((await unchanged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("householdId").GetInt64(), Is.EqualTo(id), "no householdId in the body leaves it as it is");

        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/v1/households/{id}");
        Assert.That(detail.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("donorId").GetInt64()), Is.EquivalentTo(new[] { ana, luis, await LastDonor(api) }));
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/households?q=Ruiz");
        Assert.That(list.GetProperty("total").GetInt64(), Is.EqualTo(1));
        var left = await api.PutAsJsonAsync($"/api/v1/donors/{luis}", new { firstName = "Luis", lastName = "Ruiz", householdId = (long?)null });
        Assert.That((await left.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("householdId").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Api_DonorJoiningAnotherOrganizationsHousehold_Is422AndTheDonorIsUnchanged()
    {
        var ours = NewOrganization();
        var theirs = NewOrganization("Westside Renters");
        var theirHousehold = App.Get<HouseholdService>().Create(Actor.System(theirs), new HouseholdInput { Name = "Vang household" });
        var api = ApiFor(ours, Role.Entry);
        var ana = await CreatedId(await api.PostAsJsonAsync("/api/v1/donors", new { firstName = "Ana", lastName = "Ruiz" }));

        var response = await api.PutAsJsonAsync($"/api/v1/donors/{ana}", new { firstName = "Ana", lastName = "Ortega", householdId = theirHousehold });

        Assert.That((int)response.StatusCode, Is.EqualTo(422).Or.EqualTo(400));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("householdId").And.Contain("no such household"));
        Assert.That(App.Get<DonorService>().Find(Actor.System(ours), ana)!.LastName, Is.EqualTo("Ruiz"), "the donor's change rolled back with the refused household");
        Assert.That((await api.GetAsync($"/api/v1/households/{theirHousehold}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Api_CreatingAHouseholdWithoutNameOrMembers_NamesTheField()
    {
        var api = ApiFor(NewOrganization(), Role.Entry);

        var response = await api.PostAsJsonAsync("/api/v1/households", new { city = "Saint Paul" });

        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"name\""));
        Assert.That((int)response.StatusCode, Is.EqualTo(422).Or.EqualTo(400));
    }

    private static async Task<long> CreatedId(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static async Task<long> LastDonor(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement>("/api/v1/donors?q=Mai")).GetProperty("items")[0].GetProperty("id").GetInt64();
}
