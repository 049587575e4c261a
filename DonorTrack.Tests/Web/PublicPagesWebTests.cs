using System.Text.RegularExpressions;
using DonorTrack.Tests.Pdf;

namespace DonorTrack.Tests.Web;

/// <summary>
/// Issue 17, item 8: the public giving pages carry the organization's name, logo and colours and nothing of DonorTrack; a
/// mistyped address gives a donor a friendly page; the campaign form shows the matching rules it applies without a field.
/// </summary>
public sealed partial class PublicPagesWebTests
{
    private DonorTrackAppFactory _app = null!;
    private long _ours;
    private string _slug = "";

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _ours = _app.SetUpFirstOrganization();
        _slug = _app.Get<OrganizationService>().Find(_ours)!.Slug;
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    [Test]
    public async Task GivePage_CarriesTheOrganizationsNameLogoAndColours_AndNothingOfDonorTrack()
    {
        _app.Get<PublicPageBrandingService>().Save(Actor.System(_ours), new PublicPageBrandingInput
        {
            Logo = PdfTestDocuments.Png(40, 20), AccentColor = "#AA3300", HeaderColor = "#102030",
        });

        var page = await _app.CreateClient().GetStringAsync($"/give/{_slug}");

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("id=\"public-header\"").And.Contain("Frogtown Tenants Union"));
            Assert.That(page, Does.Contain($"src=\"/give/{_slug}/logo\""));
            Assert.That(page, Does.Contain("--accent: #aa3300").And.Contain("--brand-header: #102030").And.Contain("--brand-header-text: #ffffff"));
            Assert.That(page, Does.Not.Contain("DonorTrack"), "no product name in title, header or footer");
            Assert.That(page, Does.Not.Contain("/Account/").And.Not.Contain("Dashboard"), "no staff navigation");
        });
    }

    [Test]
    public async Task Logo_IsServedPubliclyFromTheDatabase_WithItsType()
    {
        var logo = PdfTestDocuments.Png(40, 20);
        _app.Get<PublicPageBrandingService>().Save(Actor.System(_ours), new PublicPageBrandingInput { Logo = logo });
        var anonymous = _app.CreateClient();

        var response = await anonymous.GetAsync($"/give/{_slug}/logo");
        var unknown = await anonymous.GetAsync("/give/no-such-organization/logo");
        var served = await response.Content.ReadAsByteArrayAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
            Assert.That(served, Is.EqualTo(logo));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task UnknownOrganization_GetsAFriendlyDonorPage_NotTheStaffMessage()
    {
        var response = await _app.CreateClient().GetAsync("/give/frogtwon-tenants");
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(page, Does.Contain("id=\"public-error\"").And.Contain("We could not find this page").And.Contain("Check the link the organization shared with you"));
            Assert.That(page, Does.Not.Contain("in your organization").And.Not.Contain("dashboard").And.Not.Contain("DonorTrack"));
        });
    }

    [TestCase("/give/frogtwon-tenants/thanks")]
    [TestCase("/give/frogtwon-tenants/logo")]
    [TestCase("/give/frogtwon-tenants?cancelled=true")]
    public async Task SubPageOfAnUnknownOrganization_GetsTheSameFriendlyDonorPage(string path)
    {
        var response = await _app.CreateClient().GetAsync(path);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
            Assert.That(page, Does.Contain("id=\"public-error\"").And.Contain("We could not find this page"), path);
            Assert.That(page, Does.Not.Contain("Thank you").And.Not.Contain("DonorTrack"), path);
        });
    }

    [Test]
    public async Task ThanksPageOfAKnownOrganization_ThanksTheDonorInItsName()
    {
        var response = await _app.CreateClient().GetAsync($"/give/{_slug}/thanks");
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page, Does.Contain("Your gift to Frogtown Tenants Union is on its way."));
    }

    [Test]
    public async Task MistypedAddressUnderAKnownOrganization_LinksBackToItsGivingPage_InItsLook()
    {
        var response = await _app.CreateClient().GetAsync($"/give/{_slug}/thnaks");
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(page, Does.Contain($"href=\"/give/{_slug}\">Give to Frogtown Tenants Union"));
            Assert.That(page, Does.Contain("id=\"public-header\""));
            Assert.That(page, Does.Not.Contain("DonorTrack"));
        });
    }

    [Test]
    public async Task StaffPages_StillGetTheStaffNotFoundPage()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var page = await (await browser.GetAsync("/Gifts/Details/987654")).Content.ReadAsStringAsync();

        Assert.That(page, Does.Not.Contain("id=\"public-error\""));
    }

    [Test]
    public async Task BrandingForm_SavesLogoAndColours_AndAuditsTheChange()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await PostBranding(browser, new() { ["Look.AccentColor"] = "#1A2B3C", ["Look.HeaderColor"] = "" }, PdfTestDocuments.Png(30, 30), "logo.png");

        var branding = _app.Get<PublicPageBrandingService>().For(_ours);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(branding, Is.EqualTo(new PublicPageBranding(true, "#1a2b3c", null)));
            using var connection = _app.Get<IDbConnectionFactory>().Read();
            Assert.That(connection.Connection.ExecuteScalar<long>(
                "SELECT count(*) FROM audit_entries WHERE organization_id = @id AND entity_type = 'organization' AND after_json LIKE '%publicPage%'", new { id = _ours }), Is.EqualTo(1));
        });
    }

    [TestCase("red", null, "Look.AccentColor")]
    [TestCase("#12345", null, "Look.AccentColor")]
    [TestCase(null, "#12345g", "Look.HeaderColor")]
    public async Task BrandingForm_ColourThatIsNotHex_IsRefusedAtItsField_AndNothingIsSaved(string? accent, string? header, string field)
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await PostBranding(browser, new() { ["Look.AccentColor"] = accent ?? "", ["Look.HeaderColor"] = header ?? "" }, null, null);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Match($"data-valmsg-for=\"{Regex.Escape(field)}\"[^>]*>{Regex.Escape(PublicPageBrandingInputValidator.ColorMessage)}"));
            Assert.That(_app.Get<PublicPageBrandingService>().For(_ours), Is.EqualTo(PublicPageBranding.None));
        });
    }

    [Test]
    public async Task BrandingForm_LogoThatIsNotPngOrJpeg_IsRefusedAtTheFileField()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await PostBranding(browser, [], "GIF89a not a logo"u8.ToArray(), "logo.gif");
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Match("data-valmsg-for=\"LogoFile\"[^>]*>Upload the logo as a PNG or JPEG image."));
            Assert.That(_app.Get<PublicPageBrandingService>().For(_ours).HasLogo, Is.False);
        });
    }

    [Test]
    public async Task CampaignForm_ShowsTheMatchingRulesItAppliesWithoutAField()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/Matching/Edit"));

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("id=\"matching-rules-applied\""));
            Assert.That(page, Does.Contain("Only gifts from individual donors are matched"));
            Assert.That(page, Does.Contain("Only these categories count: Individual, Membership dues."));
            Assert.That(page, Does.Contain("Only the tax-deductible part of a gift is matched"));
        });
    }

    private static async Task<HttpResponseMessage> PostBranding(HttpClient browser, Dictionary<string, string> fields, byte[]? logo, string? fileName)
    {
        var page = await browser.GetStringAsync("/Admin/Organization");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields)
            form.Add(new StringContent(value), name);
        if (logo is not null)
            form.Add(new ByteArrayContent(logo), "LogoFile", fileName!);
        return await browser.PostAsync("/Admin/Organization?handler=Branding", form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
