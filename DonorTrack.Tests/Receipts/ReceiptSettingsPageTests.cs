using System.Text.RegularExpressions;
using DonorTrack.Tests.Pdf;

namespace DonorTrack.Tests.Receipts;

public sealed partial class ReceiptSettingsPageTests
{
    private DonorTrackAppFactory _app = null!;
    private long _ours;

    private Actor Ours => Actor.System(_ours);

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _ours = _app.SetUpFirstOrganization();
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    [TestCase(Role.Treasurer)]
    [TestCase(Role.Admin)]
    public async Task Post_ValidSettingsWithLogo_SavesEverythingAndAuditsIt(Role role)
    {
        var browser = await _app.SignedInAs(_app.AddUser(_ours, role));
        var logo = PdfTestDocuments.Png(40, 20);

        var response = await PostSettings(browser, new()
        {
            ["Input.NumberingYear"] = "fiscal", ["Input.ExcludeReceiptedFromAnnual"] = "true", ["Input.SignatoryName"] = "Dana Whitfield",
            ["Input.SignatoryTitle"] = "Treasurer", ["Input.LimitsTaxYear"] = "2026", ["LowCostArticle"] = "14.00",
            ["MinimumPayment"] = "70", ["BenefitCap"] = "$140.00",
        }, logo, "logo.png");

        var settings = _app.Get<ReceiptSettingsService>().Settings(Ours);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(settings.NumberingYear, Is.EqualTo("fiscal"));
            Assert.That(settings.ExcludeReceiptedFromAnnual, Is.True);
            Assert.That(settings.SignatoryTitle, Is.EqualTo("Treasurer"));
            Assert.That(settings.LogoPng, Is.EqualTo(logo));
            Assert.That(_app.Get<OrganizationService>().Find(_ours)!.ReceiptSignatory, Is.EqualTo("Dana Whitfield"));
            Assert.That(Count("SELECT count(*) FROM insubstantial_benefit_limits WHERE organization_id = @id AND tax_year = 2026 AND benefit_cap_cents = 14000"), Is.EqualTo(1));
            Assert.That(Count("SELECT count(*) FROM audit_entries WHERE organization_id = @id AND entity_type = 'receipt_settings'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Post_LogoThatIsNotAnImage_ShowsTheFieldMessageAndWritesNothing()
    {
        var browser = await _app.SignedInAs(_app.AddUser(_ours, Role.Treasurer));

        var response = await PostSettings(browser, new() { ["Input.NumberingYear"] = "fiscal", ["Input.SignatoryTitle"] = "Treasurer" },
            "GIF89a not really a logo"u8.ToArray(), "logo.png");

        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body, Does.Contain("Upload the logo as a PNG or JPEG image."));
            Assert.That(_app.Get<ReceiptSettingsService>().Settings(Ours), Is.EqualTo(ReceiptSettings.Default));
            Assert.That(Count("SELECT count(*) FROM audit_entries WHERE organization_id = @id AND entity_type = 'receipt_settings'"), Is.Zero);
        });
    }

    [Test]
    public async Task Post_LimitsWithoutTaxYear_ShowsTheFieldMessageAndWritesNothing()
    {
        var browser = await _app.SignedInAs(_app.AddUser(_ours, Role.Admin));

        var response = await PostSettings(browser, new() { ["Input.NumberingYear"] = "fiscal", ["BenefitCap"] = "-5" }, null, null);

        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(body, Does.Contain("Give the tax year these limits are for."));
            Assert.That(body, Does.Match("data-valmsg-for=\"BenefitCap\"[^>]*>Use zero or more."), "the dollar field carries its own message");
            Assert.That(body, Does.Not.Contain("in cents"));
            Assert.That(_app.Get<ReceiptSettingsService>().Settings(Ours).NumberingYear, Is.EqualTo("calendar"));
            Assert.That(Count("SELECT count(*) FROM insubstantial_benefit_limits WHERE organization_id = @id"), Is.Zero);
        });
    }

    [TestCase(Role.Viewer)]
    [TestCase(Role.Entry)]
    public async Task Get_AsViewerOrEntry_IsForbidden(Role role)
    {
        var browser = await _app.SignedInAs(_app.AddUser(_ours, role));

        var response = await browser.GetAsync("/Receipts/Settings");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden).Or.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.ToString() ?? "", Does.Not.Contain("/Receipts/Settings"));
    }

    [Test]
    public async Task ReceiptsIndex_ForTreasurer_LinksToTheSettings()
    {
        var browser = await _app.SignedInAs(_app.AddUser(_ours, Role.Treasurer));

        Assert.That(await browser.GetStringAsync("/Receipts"), Does.Contain("href=\"/Receipts/Settings\""));
    }

    private static async Task<HttpResponseMessage> PostSettings(HttpClient browser, Dictionary<string, string> fields, byte[]? logo, string? fileName)
    {
        var page = await browser.GetStringAsync("/Receipts/Settings");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields)
            form.Add(new StringContent(value), name);
        if (logo is not null)
            form.Add(new ByteArrayContent(logo), "LogoFile", fileName!);
        return await browser.PostAsync("/Receipts/Settings", form);
    }

    private long Count(string sql)
    {
        using var connection = _app.Get<Core.Data.IDbConnectionFactory>().Open();
        return Dapper.SqlMapper.ExecuteScalar<long>(connection, sql, new { id = _ours });
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
