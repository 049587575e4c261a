namespace DonorTrack.Tests.Donors;

public sealed class DonorMergeWebTests : TwoOrganizationsWebFixture
{
    [Test]
    public async Task Api_Merge_MovesTheGiftsAndKeepsTheChosenFields()
    {
        var survivor = App.Seed.Donor(Admin, first: "Xee", last: "Yang", email: "xee@old.example", postalCode: "55104");
        var duplicate = App.Seed.Donor(Admin, first: "Xee", last: "Yang", email: "xee@new.example", postalCode: "55104");
        App.Seed.Gift(Admin, duplicate, 4_000, on: new DateOnly(2026, 6, 1));
        using var api = App.Api(App.CreateApiKey(Ours, Role.Treasurer));

        var response = await api.PostAsJsonAsync($"/api/v1/donors/{survivor}/merge", new { duplicateId = duplicate, keep = new { email = "duplicate" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("survivor").GetProperty("email").GetString(), Is.EqualTo("xee@new.example"));
        Assert.That(body.GetProperty("moved").GetProperty("gifts").GetInt64(), Is.EqualTo(1));
        Assert.That(App.Get<DonorService>().GivingSummary(Admin, survivor).LifetimeCents, Is.EqualTo(4_000));
        var merged = await api.GetFromJsonAsync<JsonElement>($"/api/v1/donors/{duplicate}");
        Assert.That(merged.GetProperty("mergedIntoId").GetInt64(), Is.EqualTo(survivor), "an API client can follow a merged donor to the survivor");
    }

    [Test]
    public async Task Api_Merge_WithAnotherOrganizationsDonorEitherSide_Answers404AndMergesNothing()
    {
        var ours = App.Seed.Donor(Admin, first: "Xee", last: "Yang", postalCode: "55104");
        var alsoOurs = App.Seed.Donor(Admin, first: "Xee", last: "Yang", postalCode: "55104");
        var theirs = App.Seed.Donor(Actor.System(Theirs), first: "Xee", last: "Yang", postalCode: "55104");
        using var api = App.Api(App.CreateApiKey(Ours, Role.Admin));

        var theirsAsDuplicate = await api.PostAsJsonAsync($"/api/v1/donors/{ours}/merge", new { duplicateId = theirs });
        var theirsAsSurvivor = await api.PostAsJsonAsync($"/api/v1/donors/{theirs}/merge", new { duplicateId = alsoOurs });

        Assert.That(theirsAsDuplicate.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(theirsAsSurvivor.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(App.Get<DonorService>().Find(Actor.System(Theirs), theirs)!.MergedIntoId, Is.Null);
        Assert.That(App.Get<DonorService>().Find(Admin, alsoOurs)!.MergedIntoId, Is.Null);
    }

    [Test]
    public async Task Api_Merge_ByAnEntryKey_IsForbidden_AndABadChoiceIsAFieldError()
    {
        var survivor = App.Seed.Donor(Admin, first: "Xee", last: "Yang", postalCode: "55104");
        var duplicate = App.Seed.Donor(Admin, first: "Xee", last: "Yang", postalCode: "55104");
        using var entry = App.Api(App.CreateApiKey(Ours, Role.Entry));
        using var treasurer = App.Api(App.CreateApiKey(Ours, Role.Treasurer));

        var forbidden = await entry.PostAsJsonAsync($"/api/v1/donors/{survivor}/merge", new { duplicateId = duplicate });
        var invalid = await treasurer.PostAsJsonAsync($"/api/v1/donors/{survivor}/merge", new { duplicateId = duplicate, keep = new { email = "both" } });

        Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.GetProperty("keep.email")[0].GetString(), Is.EqualTo("Choose survivor or duplicate."));
        Assert.That(App.Get<DonorService>().Find(Admin, duplicate)!.MergedIntoId, Is.Null);
    }

    [Test]
    public async Task MergePage_PostedWithAChoice_MergesAndTheMergedDonorsPageRedirectsToTheSurvivor()
    {
        var survivor = App.Seed.Donor(Admin, first: "Amina", last: "Yang", email: "amina@old.example", postalCode: "55104");
        var duplicate = App.Seed.Donor(Admin, first: "Amina", last: "Yang", email: "amina@new.example", postalCode: "55104");
        App.Seed.Gift(Admin, duplicate, 2_500, on: new DateOnly(2026, 6, 1));
        var browser = await App.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var duplicates = await browser.GetStringAsync("/Donors/Duplicates");
        Assert.That(duplicates, Does.Contain($"/Donors/Merge?survivorId={survivor}&amp;duplicateId={duplicate}"));
        var form = $"/Donors/Merge?survivorId={survivor}&duplicateId={duplicate}";
        Assert.That(await browser.GetStringAsync(form), Does.Contain("name=\"Input.Keep[email]\""));

        var posted = await DonorTrackAppFactory.PostFormAsync(browser, form, "/Donors/Merge", new()
        {
            ["Input.SurvivorId"] = survivor.ToString(), ["Input.DuplicateId"] = duplicate.ToString(), ["Input.Keep[email]"] = "duplicate",
        });

        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await posted.Content.ReadAsStringAsync());
        Assert.That(App.Get<DonorService>().Find(Admin, survivor)!.Email, Is.EqualTo("amina@new.example"));
        var mergedPage = await browser.GetAsync($"/Donors/Details/{duplicate}");
        Assert.That(mergedPage.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(mergedPage.Headers.Location!.ToString(), Is.EqualTo($"/Donors/Details/{survivor}"));
        Assert.That(await browser.GetStringAsync($"/Donors/Details/{survivor}"), Does.Contain("$25.00"));
    }

    [Test]
    public async Task DonorPage_LinksToTheMergeSearch_WhichOffersTheOtherDonorsWithTheSameEmail()
    {
        var survivor = App.Seed.Donor(Admin, first: "Xee", last: "Yang", email: "xee@example.org", postalCode: "55104");
        var sameEmail = App.Seed.Donor(Admin, first: "X.", last: "Yang", email: "XEE@example.org", postalCode: "55104");
        var browser = await App.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var details = await browser.GetStringAsync($"/Donors/Details/{survivor}");
        var search = await browser.GetStringAsync($"/Donors/Merge?survivorId={survivor}");
        var byName = await browser.GetStringAsync($"/Donors/Merge?survivorId={survivor}&q=yang");

        Assert.That(details, Does.Contain($"href=\"/Donors/Merge?survivorId={survivor}\""));
        Assert.That(search, Does.Contain($"/Donors/Merge?survivorId={survivor}&amp;duplicateId={sameEmail}"));
        Assert.That(byName, Does.Contain($"duplicateId={sameEmail}").And.Not.Contain($"duplicateId={survivor}\""));
    }

    [Test]
    public async Task MergePage_WithDifferentKindsUnconfirmed_ShowsTheMessageNextToTheCheckbox()
    {
        var survivor = App.Seed.Donor(Admin, first: "Xee", last: "Yang", postalCode: "55104");
        var duplicate = App.Get<DonorService>().Create(Admin, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Yang Family Fund" });
        var browser = await App.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var form = $"/Donors/Merge?survivorId={survivor}&duplicateId={duplicate}";

        var posted = await DonorTrackAppFactory.PostFormAsync(browser, form, "/Donors/Merge", new()
        {
            ["Input.SurvivorId"] = survivor.ToString(), ["Input.DuplicateId"] = duplicate.ToString(), ["Input.Keep[name]"] = "survivor",
        });

        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await posted.Content.ReadAsStringAsync(), Does.Contain("id=\"Input_ConfirmDifferentKinds-error\"").And.Contain("confirm to merge them anyway"));
        Assert.That(App.Get<DonorService>().Find(Admin, duplicate)!.MergedIntoId, Is.Null);
    }

    [Test]
    public async Task MergePages_ForAnEntryVolunteer_AreDenied()
    {
        var survivor = App.Seed.Donor(Admin, first: "Xee", last: "Yang", postalCode: "55104");
        var duplicate = App.Seed.Donor(Admin, first: "Xee", last: "Yang", postalCode: "55104");
        var entry = await App.SignedInAs(App.AddUser(Ours, Role.Entry));

        var merge = await entry.GetAsync($"/Donors/Merge?survivorId={survivor}&duplicateId={duplicate}");
        var list = await entry.GetAsync("/Donors/Duplicates");
        var details = await entry.GetStringAsync($"/Donors/Details/{survivor}");

        Assert.That(merge.Headers.Location!.ToString(), Does.Contain("/Account/Denied"));
        Assert.That(list.Headers.Location!.ToString(), Does.Contain("/Account/Denied"));
        Assert.That(details, Does.Not.Contain("Merge with another donor"));
    }
}
