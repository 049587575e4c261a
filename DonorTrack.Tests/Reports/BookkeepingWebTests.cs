namespace DonorTrack.Tests.Reports;

/// <summary>The bookkeeping page and the export endpoints of the API, through real HTTP.</summary>
public sealed class BookkeepingWebTests : ApiFixture
{
    [Test]
    public async Task Treasurer_SeesTheJournalOfThePeriod_AndDownloadsTheQuickbooksFile()
    {
        var (organization, _) = WithGifts();
        var client = await App.SignedInAs(App.AddUser(organization, Role.Treasurer));

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/Reports/Bookkeeping?from=2026-03-01&to=2026-03-31"));
        var file = await client.GetAsync("/Reports/Bookkeeping?handler=Download&from=2026-03-01&to=2026-03-31&layout=quickbooks");
        var table = CsvReader.Parse(await file.Content.ReadAsByteArrayAsync());

        Assert.That(page, Does.Contain("id=\"journal-revenue\"").And.Contain("$116.80").And.Contain("Stripe payout"));
        Assert.That(file.Content.Headers.ContentDisposition!.FileName, Does.Contain("bookkeeping-quickbooks-2026-03-01-2026-03-31.csv"));
        Assert.That(table.Header[0], Is.EqualTo("Journal No"));
    }

    [Test]
    public async Task ReversedDates_ShowAFieldMessage_NotAFile()
    {
        var (organization, _) = WithGifts();
        var client = await App.SignedInAs(App.AddUser(organization, Role.Treasurer));

        var response = await client.GetAsync("/Reports/Bookkeeping?handler=Download&from=2026-04-01&to=2026-03-01&layout=xero");

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
        Assert.That(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), Does.Contain("The end date must be on or after the start date."));
    }

    [Test]
    public async Task Viewer_IsSentToTheDeniedPage()
    {
        var (organization, _) = WithGifts();
        var client = await App.SignedInAs(App.AddUser(organization, Role.Viewer));

        var response = await client.GetAsync("/Reports/Bookkeeping?from=2026-03-01&to=2026-03-31");

        Assert.That(response.Headers.Location!.ToString(), Does.Contain("/Account/Denied"));
    }

    [Test]
    public async Task Api_BookkeepingAsJsonAndXeroCsv_AndAnUnknownLayoutIsAFieldError()
    {
        var (organization, _) = WithGifts();
        var api = ApiFor(organization, Role.Treasurer);

        var json = await api.GetFromJsonAsync<JsonElement>("/api/v1/reports/bookkeeping?from=2026-03-01&to=2026-03-31&format=json");
        var xero = await api.GetAsync("/api/v1/reports/bookkeeping?from=2026-03-01&to=2026-03-31&layout=xero");
        var unknown = await api.GetAsync("/api/v1/reports/bookkeeping?from=2026-03-01&to=2026-03-31&layout=sage");

        Assert.That(json.GetProperty("netCents").GetInt64(), Is.EqualTo(11_680));
        Assert.That(json.GetProperty("deposits").GetArrayLength(), Is.EqualTo(2));
        Assert.That(CsvReader.Parse(await xero.Content.ReadAsByteArrayAsync()).Header[0], Is.EqualTo("Narration"));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("layout")[0].GetString(), Does.Contain("quickbooks"));
    }

    [Test]
    public async Task Api_ExportsDonorsAndGiftsOfItsOwnOrganizationOnly_WithFormulasNeutralised()
    {
        var (organization, _) = WithGifts();
        var (other, _) = WithGifts("Other");
        var api = ApiFor(organization, Role.Treasurer);

        var donors = Encoding.UTF8.GetString(await api.GetByteArrayAsync("/api/v1/exports/donors"));
        var gifts = CsvReader.Parse(await api.GetByteArrayAsync("/api/v1/exports/gifts?from=2026-03-01&to=2026-03-02"));
        var viewer = await ApiFor(organization, Role.Viewer).GetAsync("/api/v1/exports/donors");

        Assert.That(donors, Does.Contain("'@Vang").And.Not.Contain("Other"));
        Assert.That(gifts.Records, Has.Count.EqualTo(1));
        Assert.That(viewer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(other, Is.Not.EqualTo(organization));
    }

    private (long Organization, long Donor) WithGifts(string lastName = "@Vang")
    {
        var organization = NewOrganization();
        var actor = Actor.System(organization);
        var donor = App.Seed.Donor(actor, "Pa", lastName);
        var gifts = App.Get<GiftService>();
        var card = gifts.Record(actor, new GiftInput { DonorId = donor, AmountCents = 10_000, ReceivedOn = new DateOnly(2026, 3, 2), Method = GiftMethod.Card, Category = GiftCategory.Individual, FeeCents = 320 });
        gifts.Record(actor, new GiftInput { DonorId = donor, AmountCents = 2_000, ReceivedOn = new DateOnly(2026, 3, 3), Method = GiftMethod.Cash, Category = GiftCategory.Events });
        using var connection = App.Get<IDbConnectionFactory>().Open();
        connection.Execute("UPDATE gifts SET settled_on = '2026-03-04' WHERE id = @card", new { card });
        return (organization, donor);
    }
}
