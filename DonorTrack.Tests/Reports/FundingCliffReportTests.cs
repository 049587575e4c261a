namespace DonorTrack.Tests.Reports;

/// <summary>
/// The funding cliff in the diversification report's JSON, CSV and board PDF, and per member in the alliance view. Hand-computed:
/// on 2026-06-15, 100,000 received in the last 12 months, 30,000 of it from a grant ending 2026-12-31 (inside the horizon), 10,000
/// from one ending 2027-12-31 (outside) → 30 % at risk, over the default 25 %; the inside grant loses 30,000 ÷ 12 = 2,500 a month.
/// </summary>
public sealed class FundingCliffReportTests
{
    private DonorTrackAppFactory _app = null!;
    private long _ours;
    private long _inside;
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
        var grants = _app.Get<GrantService>();
        var funder = donors.Create(actor, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Bush Foundation" });
        var person = donors.Create(actor, new DonorInput { FirstName = "Mai", LastName = "Xiong" });
        _inside = grants.Create(actor, new GrantInput
        {
            FunderDonorId = funder, Name = "Inside grant", AmountCents = 60_000_00, StartsOn = new DateOnly(2025, 7, 1), EndsOn = new DateOnly(2026, 12, 31),
            Restriction = GrantRestriction.GeneralOperating, Status = GrantStatus.Awarded, InstallmentCount = 2,
            ReportDeadlines = [new(new DateOnly(2026, 7, 1), "Final narrative report"), new(new DateOnly(2026, 8, 1), "Budget report")],
        });
        var outside = grants.Create(actor, new GrantInput
        {
            FunderDonorId = funder, Name = "Outside grant", AmountCents = 20_000_00, StartsOn = new DateOnly(2026, 1, 1), EndsOn = new DateOnly(2027, 12, 31),
            Restriction = GrantRestriction.GeneralOperating, Status = GrantStatus.Awarded, InstallmentCount = 2,
        });
        void Gift(long donor, long cents, string on, long? grant, GiftCategory category) => gifts.Record(actor, new GiftInput
        {
            DonorId = donor, AmountCents = cents, ReceivedOn = DateOnly.Parse(on), Method = GiftMethod.Check, Category = category, GrantId = grant,
        });
        Gift(person, 60_000_00, "2026-03-01", null, GiftCategory.Individual);
        Gift(funder, 30_000_00, "2026-01-15", _inside, GiftCategory.Foundation);
        Gift(funder, 10_000_00, "2026-02-01", outside, GiftCategory.Foundation);
    }

    [TearDown]
    public void TearDown()
    {
        _api.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task DiversificationJson_CarriesTheCliff_TheEndingGrantAndTheReportDueWithin30Days()
    {
        var json = await _api.GetFromJsonAsync("/api/v1/reports/diversification?from=2026-01-01&to=2026-12-31");

        var cliff = json.GetProperty("fundingCliff");
        Assert.That(cliff.GetProperty("asOf").GetString(), Is.EqualTo("2026-06-15"));
        Assert.That(cliff.GetProperty("shareAtRisk").GetDouble(), Is.EqualTo(0.30).Within(1e-12));
        Assert.That(cliff.GetProperty("thresholdShare").GetDouble(), Is.EqualTo(0.25));
        Assert.That(cliff.GetProperty("exceedsThreshold").GetBoolean(), Is.True);
        Assert.That(cliff.GetProperty("last12MonthsCents").GetInt64(), Is.EqualTo(100_000_00));
        var grant = cliff.GetProperty("grants").EnumerateArray().Single();
        Assert.That(grant.GetProperty("id").GetInt64(), Is.EqualTo(_inside));
        Assert.That(grant.GetProperty("funderName").GetString(), Is.EqualTo("Bush Foundation"));
        Assert.That(grant.GetProperty("endsOn").GetString(), Is.EqualTo("2026-12-31"));
        Assert.That(grant.GetProperty("monthlyCents").GetInt64(), Is.EqualTo(2_500_00));
        Assert.That(cliff.GetProperty("reportsDue").EnumerateArray().Select(r => r.GetProperty("description").GetString()), Is.EqualTo(new[] { "Final narrative report" }));
    }

    [Test]
    public async Task DiversificationCsv_HasTheCliffRows()
    {
        var csv = await _api.GetStringAsync("/api/v1/reports/diversification?from=2026-01-01&to=2026-12-31&format=csv");

        Assert.That(csv, Does.Contain("funding_cliff,share_at_risk,0.3,"));
        Assert.That(csv, Does.Contain("funding_cliff,exceeds_threshold,true,"));
        Assert.That(csv, Does.Contain($"funding_cliff_grant_ends_on,{_inside} Inside grant (Bush Foundation),2026-12-31,"));
        Assert.That(csv, Does.Contain($"funding_cliff_grant_monthly_cents,{_inside} Inside grant (Bush Foundation),250000,"));
        Assert.That(csv, Does.Contain("grant_report_due,Inside grant: Final narrative report,2026-07-01,"));
        Assert.That(csv, Does.Not.Contain("Outside grant").And.Not.Contain("Budget report"));
    }

    [Test]
    public async Task BoardPdf_FooterOnEveryPage_IsWholeAndNeverOverprintsThePageNumber()
    {
        var bytes = await _api.GetByteArrayAsync("/api/v1/reports/diversification?from=2026-01-01&to=2026-12-31&format=pdf");

        using var document = UglyToad.PdfPig.PdfDocument.Open(bytes);
        Assume.That(document.NumberOfPages, Is.GreaterThan(1));
        Assert.Multiple(() =>
        {
            foreach (var page in document.GetPages())
            {
                var footer = page.GetWords().Where(w => w.BoundingBox.Top < 50).ToList();
                var pageWord = footer.Single(w => w.Text == "Page");
                var numbers = footer.Where(w => w.BoundingBox.Left >= pageWord.BoundingBox.Left && Math.Abs(w.BoundingBox.Bottom - pageWord.BoundingBox.Bottom) < 1).ToList();
                var text = footer.Except(numbers).ToList();
                Assert.That(string.Join(" ", numbers.Select(w => w.Text)), Is.EqualTo($"Page {page.Number} of {document.NumberOfPages}"));
                Assert.That(string.Join(" ", text.OrderByDescending(w => Math.Round(w.BoundingBox.Bottom)).ThenBy(w => w.BoundingBox.Left).Select(w => w.Text)).Normalize(System.Text.NormalizationForm.FormKC),
                    Does.StartWith("Frogtown Tenants Union · generated Jun 15, 2026 ·").And.EndWith("soft credits not counted as revenue"), $"footer text of page {page.Number}");
                foreach (var word in text)
                    Assert.That(word.BoundingBox.Right, Is.LessThan(pageWord.BoundingBox.Left), $"“{word.Text}” on page {page.Number} runs into the page number");
            }
        });
    }

    [Test]
    public async Task BoardPdf_ShowsTheCliffWarningTheGrantAndTheReportDue()
    {
        var bytes = await _api.GetByteArrayAsync("/api/v1/reports/diversification?from=2026-01-01&to=2026-12-31&format=pdf");

        using var document = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var text = string.Join("\n", document.GetPages().Select(p => p.Text)).Normalize(System.Text.NormalizationForm.FormKC);
        Assert.That(text, Does.Contain("Funding cliff"));
        Assert.That(text, Does.Contain("30% of the last 12 months' revenue came from grants ending within the next 12 months"));
        Assert.That(text, Does.Contain("Inside grant").And.Contain("Bush Foundation").And.Contain("Dec 31, 2026"));
        Assert.That(text, Does.Contain("Grant report due Jul 1, 2026: Final narrative report"));
        Assert.That(text, Does.Not.Contain("Outside grant"));
    }

    [Test]
    public async Task AlliancePage_ShowsEachMembersCliff_WithoutFunderGrantOrDonorNames()
    {
        var alliance = _app.CreateOrganization("Twin Cities Alliance");
        using (var tx = _app.Get<IDbConnectionFactory>().BeginTransaction())
        {
            _app.Get<OrganizationRepository>().InsertMember(tx, alliance, _ours, "member", new DateOnly(2025, 1, 1));
            tx.Commit();
        }
        var browser = await _app.SignedInAs(_app.AddUser(alliance, Role.Viewer));

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/Reports/Alliance?from=2026-01-01&to=2026-12-31"));

        var table = page[page.IndexOf("id=\"alliance-cliff\"", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        Assert.That(table, Does.Contain("Frogtown Tenants Union").And.Contain("$100,000.00").And.Contain("$30,000.00").And.Contain("Dec 31, 2026").And.Contain("$2,500.00"));
        Assert.That(table, Does.Contain("above 25"));
        Assert.That(page, Does.Not.Contain("Bush Foundation").And.Not.Contain("Inside grant").And.Not.Contain("Final narrative").And.Not.Contain("Xiong"));
    }
}
