using System.IO.Compression;

namespace DonorTrack.Tests.Privacy;

public sealed class DonorPrivacyWebTests : TwoOrganizationsWebFixture
{
    [Test]
    public async Task Api_Export_AnswersTheDonorsRowsAsJson_AndAsAZipOfCsvs_AndAnotherOrganizationsDonorIs404()
    {
        var donor = App.Seed.Donor(Admin, first: "Xee", last: "Yang", email: "xee@example.org", postalCode: "55104");
        App.Seed.Gift(Admin, donor, 4_000, on: new DateOnly(2026, 6, 1));
        var theirs = App.Seed.Donor(Actor.System(Theirs), first: "Pao", last: "Yang", postalCode: "55104");
        using var api = App.Api(App.CreateApiKey(Ours, Role.Treasurer));

        var json = await api.GetAsync($"/api/v1/donors/{donor}/export");
        var zip = await api.GetAsync($"/api/v1/donors/{donor}/export?format=csv");
        var foreign = await api.GetAsync($"/api/v1/donors/{theirs}/export");
        var unknownFormat = await api.GetAsync($"/api/v1/donors/{donor}/export?format=xml");

        Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.OK), await json.Content.ReadAsStringAsync());
        var tables = (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tables");
        Assert.That(tables.GetProperty("donors").GetProperty("rows")[0].GetProperty("email").GetString(), Is.EqualTo("xee@example.org"));
        Assert.That(tables.GetProperty("gifts").GetProperty("rows")[0].GetProperty("amount_cents").GetInt64(), Is.EqualTo(4_000));
        Assert.That(zip.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/zip"));
        using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync());
        Assert.That(archive.Entries.Select(e => e.FullName), Does.Contain("donors.csv").And.Contain("gifts.csv").And.Contain("receipts.csv"));
        Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(unknownFormat.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Api_Erase_ByAnAdminKeyWithTheConfirmation_ErasesAndSaysWhatWasKept()
    {
        var donor = App.Seed.Donor(Admin, first: "Xee", last: "Yang", email: "xee@example.org", postalCode: "55104");
        App.Seed.Gift(Admin, donor, 4_000, on: new DateOnly(2026, 6, 1));
        using var api = App.Api(App.CreateApiKey(Ours, Role.Admin));

        var response = await api.PostAsJsonAsync($"/api/v1/donors/{donor}/erase", new { confirmation = $"erase donor {donor}" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("kept").GetProperty("gifts").GetInt64(), Is.EqualTo(1));
        var after = await api.GetFromJsonAsync<JsonElement>($"/api/v1/donors/{donor}");
        Assert.That(after.GetProperty("displayName").GetString(), Is.EqualTo($"Erased donor #{donor}"));
        Assert.That(after.GetProperty("email").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(after.GetProperty("erasedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
    }

    [Test]
    public async Task Api_Erase_ByATreasurer_IsForbidden_WithoutTheConfirmation_IsAFieldError_AndAnotherOrganizationsDonorIs404()
    {
        var donor = App.Seed.Donor(Admin, first: "Xee", last: "Yang", email: "xee@example.org", postalCode: "55104");
        var theirs = App.Seed.Donor(Actor.System(Theirs), first: "Pao", last: "Yang", postalCode: "55104");
        using var treasurer = App.Api(App.CreateApiKey(Ours, Role.Treasurer));
        using var admin = App.Api(App.CreateApiKey(Ours, Role.Admin));

        var forbidden = await treasurer.PostAsJsonAsync($"/api/v1/donors/{donor}/erase", new { confirmation = $"erase donor {donor}" });
        var unconfirmed = await admin.PostAsJsonAsync($"/api/v1/donors/{donor}/erase", new { confirmation = "yes" });
        var foreign = await admin.PostAsJsonAsync($"/api/v1/donors/{theirs}/erase", new { confirmation = $"erase donor {theirs}" });

        Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(unconfirmed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await unconfirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.GetProperty("confirmation")[0].GetString(), Is.EqualTo($"Type \"erase donor {donor}\" to confirm."));
        Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(App.Get<DonorService>().Find(Admin, donor)!.Email, Is.EqualTo("xee@example.org"));
        Assert.That(App.Get<DonorService>().Find(Actor.System(Theirs), theirs)!.ErasedAt, Is.Null);
    }

    [Test]
    public async Task ErasePage_WithTheTypedPhrase_ErasesTheDonor_AndTheDetailsPageShowsThePlaceholder()
    {
        var donor = App.Seed.Donor(Admin, first: "Xee", last: "Yang", email: "xee@example.org", postalCode: "55104");
        var browser = await App.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var details = await browser.GetStringAsync($"/Donors/Details/{donor}");
        Assert.That(details, Does.Contain($"/Donors/Erase/{donor}").And.Contain($"/Donors/Export/{donor}?format=json"));

        var wrong = await DonorTrackAppFactory.PostFormAsync(browser, $"/Donors/Erase/{donor}", $"/Donors/Erase/{donor}", new() { ["Input.Confirmation"] = "erase" });
        var posted = await DonorTrackAppFactory.PostFormAsync(browser, $"/Donors/Erase/{donor}", $"/Donors/Erase/{donor}", new() { ["Input.Confirmation"] = $"erase donor {donor}" });

        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("id=\"Input_Confirmation-error\""));
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var after = await browser.GetStringAsync($"/Donors/Details/{donor}");
        Assert.That(after, Does.Contain($"Erased donor #{donor}").And.Not.Contain("xee@example.org").And.Not.Contain($"/Donors/Erase/{donor}"));
    }

    [Test]
    public async Task PrivacyPages_ForATreasurer_ExportButDoNotErase()
    {
        var donor = App.Seed.Donor(Admin, first: "Xee", last: "Yang", email: "xee@example.org", postalCode: "55104");
        var treasurer = await App.SignedInAs(App.AddUser(Ours, Role.Treasurer));

        var erase = await treasurer.GetAsync($"/Donors/Erase/{donor}");
        var export = await treasurer.GetAsync($"/Donors/Export/{donor}?format=csv");
        var details = await treasurer.GetStringAsync($"/Donors/Details/{donor}");

        Assert.That(erase.Headers.Location!.ToString(), Does.Contain("/Account/Denied"));
        Assert.That(export.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(export.Content.Headers.ContentDisposition!.FileName, Does.Contain($"donor-{donor}-data.zip"));
        Assert.That(details, Does.Contain($"/Donors/Export/{donor}").And.Not.Contain($"/Donors/Erase/{donor}"));
    }
}
