namespace DonorTrack.Tests.Reports;

public sealed class ReportsWebTests
{
    private DonorTrackAppFactory _app = null!;
    private long _ours;
    private HttpClient _api = null!;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _ours = _app.SetUpFirstOrganization();
        _api = _app.Api(_app.CreateApiKey(_ours, Role.Viewer));
        var actor = Actor.System(_ours);
        var donors = _app.Get<DonorService>();
        var gifts = _app.Get<GiftService>();
        var lapsed = donors.Create(actor, new DonorInput { FirstName = "Ilhan", LastName = "Lastyear" });
        gifts.Record(actor, new GiftInput { DonorId = lapsed, AmountCents = 4000, ReceivedOn = new DateOnly(2025, 4, 1), Method = GiftMethod.Cash, Category = GiftCategory.Individual });
        var funder = donors.Create(actor, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Bush Foundation" });
        gifts.Record(actor, new GiftInput { DonorId = funder, AmountCents = 30000, ReceivedOn = new DateOnly(2026, 2, 1), Method = GiftMethod.Check, Category = GiftCategory.Foundation });
        var person = donors.Create(actor, new DonorInput { FirstName = "Mai", LastName = "Xiong" });
        gifts.Record(actor, new GiftInput { DonorId = person, AmountCents = 10000, ReceivedOn = new DateOnly(2026, 3, 1), Method = GiftMethod.Card, Category = GiftCategory.Individual });
    }

    [TearDown]
    public void TearDown()
    {
        _api.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task Api_Diversification_AnswersTheContractFields()
    {
        var json = await _api.GetFromJsonAsync("/api/v1/reports/diversification?from=2026-01-01&to=2026-12-31");

        foreach (var field in new[] { "totalCents", "categories", "hhi", "effectiveSources", "topDonorShare", "donorCount", "medianGiftCents", "retentionRate", "prior" })
            Assert.That(json.TryGetProperty(field, out _), Is.True, field);
        Assert.That(json.GetProperty("totalCents").GetInt64(), Is.EqualTo(40000));
        var first = json.GetProperty("categories")[0];
        Assert.That(first.GetProperty("category").GetString(), Is.EqualTo("foundation"));
        Assert.That(first.GetProperty("cents").GetInt64(), Is.EqualTo(30000));
        Assert.That(first.GetProperty("share").GetDouble(), Is.EqualTo(0.75));
        Assert.That(json.GetProperty("hhi").GetDouble(), Is.EqualTo(0.625).Within(1e-12));
        Assert.That(json.GetProperty("topDonorShare").GetProperty("top1").GetDouble(), Is.EqualTo(0.75));
        Assert.That(json.GetProperty("topDonorShare").TryGetProperty("top5", out _) && json.GetProperty("topDonorShare").TryGetProperty("top10", out _), Is.True);
        Assert.That(json.GetProperty("donorCount").GetInt64(), Is.EqualTo(2));
        Assert.That(json.GetProperty("medianGiftCents").GetInt64(), Is.EqualTo(20000));
        Assert.That(json.GetProperty("retentionRate").GetDouble(), Is.Zero);
        Assert.That(json.GetProperty("prior").GetProperty("totalCents").GetInt64(), Is.EqualTo(4000));
        Assert.That(json.GetProperty("prior").GetProperty("categories")[0].GetProperty("category").GetString(), Is.EqualTo("individual"));
    }

    [Test]
    public async Task Api_DuesAndCampaigns_AreNullAndEmpty_WithoutDuesPlansOrCampaigns_AndFilledWithThem()
    {
        var before = await _api.GetFromJsonAsync("/api/v1/reports/diversification?from=2026-01-01&to=2026-12-31");
        var actor = Actor.System(_ours);
        _app.Get<MembershipService>().CreatePlan(actor, new MembershipPlanInput { Name = "Dues", Interval = DuesInterval.Year, AmountCents = 5000, GraceDays = 30 });
        _app.Get<DesignationService>().SaveCampaign(actor, null, new CampaignInput("Roof", 80000, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)));

        var after = await _api.GetFromJsonAsync("/api/v1/reports/diversification?from=2026-01-01&to=2026-12-31");
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var page = await browser.GetStringAsync("/Reports/Diversification?from=2026-01-01&to=2026-12-31");

        Assert.That(before.GetProperty("dues").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(before.GetProperty("campaigns").GetArrayLength(), Is.Zero);
        Assert.That(before.GetProperty("matchingCampaigns").GetArrayLength(), Is.Zero);
        Assert.That(after.GetProperty("dues").GetProperty("dueCents").GetInt64(), Is.Zero);
        Assert.That(after.GetProperty("dues").GetProperty("collectionRate").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var roof = after.GetProperty("campaigns")[0];
        Assert.That((roof.GetProperty("name").GetString(), roof.GetProperty("goalCents").GetInt64(), roof.GetProperty("raisedCents").GetInt64()), Is.EqualTo(("Roof", 80000L, 0L)));
        Assert.That(page, Does.Contain("Dues and campaigns").And.Contain("Roof").And.Contain(DuesAndCampaigns.NoMatchingMessage));
    }

    [Test]
    public async Task Api_EmptyPeriod_SaysNoGifts_WithNulls_AndBadDates_AreFieldErrors()
    {
        var empty = await _api.GetFromJsonAsync("/api/v1/reports/diversification?from=2010-01-01&to=2010-12-31");
        var backwards = await _api.GetAsync("/api/v1/reports/diversification?from=2026-12-31&to=2026-01-01");

        Assert.That(empty.GetProperty("noGifts").GetBoolean(), Is.True);
        Assert.That(empty.GetProperty("hhi").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(empty.GetProperty("medianGiftCents").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(backwards.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await backwards.Content.ReadAsStringAsync(), Does.Contain("on or after the start date"));
    }

    [Test]
    public async Task Api_CsvAndPdf_AreFiles()
    {
        var csv = await _api.GetAsync("/api/v1/reports/diversification?from=2026-01-01&to=2026-12-31&format=csv");
        var pdf = await _api.GetAsync("/api/v1/reports/diversification?from=2026-01-01&to=2026-12-31&format=pdf");
        var text = await csv.Content.ReadAsStringAsync();
        var bytes = await pdf.Content.ReadAsByteArrayAsync();

        Assert.That(csv.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        Assert.That(text, Does.StartWith("section,item,current,prior\r\n"));
        Assert.That(text, Does.Contain("summary,total_cents,40000,4000"));
        Assert.That(text, Does.Contain("category_share,foundation,0.75,0"));
        Assert.That(pdf.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
        using var document = UglyToad.PdfPig.PdfDocument.Open(bytes);
        Assert.That(document.GetPages().First().Text.Normalize(System.Text.NormalizationForm.FormKC), Does.Contain("Funding diversification and retention"));
    }

    [Test]
    public async Task Page_ShowsFiguresChartsAndLybuntLinkedToTheDonor_WithCsvExport()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var page = await browser.GetStringAsync("/Reports/Diversification?from=2026-01-01&to=2026-12-31");
        var lybunt = await browser.GetStringAsync("/Reports/Diversification?handler=csv&from=2026-01-01&to=2026-12-31&list=lybunt");
        var empty = await browser.GetStringAsync("/Reports/Diversification?fy=2010-01-01");

        Assert.That(page, Does.Contain("$400.00"));
        Assert.That(page, Does.Contain("role=\"img\""));
        Assert.That(page, Does.Contain("<desc id=\"mix-desc\">Foundation 75% ($300.00), Individual 25% ($100.00).</desc>"));
        Assert.That(page, Does.Contain("Ilhan Lastyear</a>"));
        Assert.That(page, Does.Contain("/Donors/Details/"));
        Assert.That(page, Does.Contain("id=\"funding-cliff\""));
        Assert.That(lybunt, Does.Contain("Ilhan Lastyear,2025-04-01,40.00,40.00"));
        Assert.That(empty, Does.Contain("No gifts in this period."));
    }

    [Test]
    public async Task LybuntPageAndCsv_DeceasedDonor_IsLeftOffAndTheLeftOutCountShown()
    {
        var actor = Actor.System(_ours);
        var late = _app.Get<DonorService>().Create(actor, new DonorInput { FirstName = "Rest", LastName = "Inpeace", Deceased = true });
        _app.Get<GiftService>().Record(actor, new GiftInput { DonorId = late, AmountCents = 4000, ReceivedOn = new DateOnly(2025, 4, 1), Method = GiftMethod.Cash, Category = GiftCategory.Individual });
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var page = await browser.GetStringAsync("/Reports/Diversification?from=2026-01-01&to=2026-12-31");
        var lybunt = await browser.GetStringAsync("/Reports/Diversification?handler=csv&from=2026-01-01&to=2026-12-31&list=lybunt");

        Assert.That(page, Does.Contain("Ilhan Lastyear</a>").And.Not.Contain("Inpeace"));
        Assert.That(page, Does.Contain("1 deceased or do-not-contact donors are left off this list"));
        Assert.That(lybunt, Does.Contain("Ilhan Lastyear").And.Not.Contain("Inpeace"));
    }

    [Test]
    public async Task AlliancePage_ShowsMemberAggregates_NeverTheirDonorNames()
    {
        var alliance = _app.CreateOrganization("Twin Cities Alliance");
        using (var tx = _app.Get<IDbConnectionFactory>().BeginTransaction())
        {
            _app.Get<OrganizationRepository>().InsertMember(tx, alliance, _ours, "member", new DateOnly(2025, 1, 1));
            tx.Commit();
        }
        var email = _app.AddUser(alliance, Role.Viewer);
        var browser = await _app.SignedInAs(email);

        var page = await browser.GetStringAsync("/Reports/Alliance?from=2026-01-01&to=2026-12-31");

        Assert.That(page, Does.Contain("Frogtown Tenants Union"));
        Assert.That(page, Does.Contain("Whole alliance"));
        Assert.That(page, Does.Contain("$400.00"));
        Assert.That(page, Does.Not.Contain("Xiong").And.Not.Contain("Bush Foundation").And.Not.Contain("Lastyear"));
    }
}

internal static class HttpJson
{
    public static async Task<JsonElement> GetFromJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
