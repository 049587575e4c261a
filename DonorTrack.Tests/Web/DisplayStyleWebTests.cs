using DonorTrack.Core.Money;

namespace DonorTrack.Tests.Web;

/// <summary>
/// Issue 17, item 6: instants in the organization's time zone in one style, counts with the right noun, and no empty
/// error bars, checked on the pages people see.
/// </summary>
public sealed class DisplayStyleWebTests
{
    private DonorTrackAppFactory _app = null!;
    private long _ours;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _ours = _app.SetUpFirstOrganization();
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    [Test]
    public async Task GiftDetails_RecordedAt_IsShownInTheOrganizationsTimeZone_NotUtc()
    {
        var actor = Actor.System(_ours);
        var gift = _app.Seed.Gift(actor, _app.Seed.Donor(actor), 2500);
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        // The test clock stands at 17:00 UTC on June 15, 2026: noon in Chicago (daylight time).
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"/Gifts/Details/{gift}"));

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("Jun 15, 2026, 12:00 PM"));
            Assert.That(page, Does.Not.Contain("UTC"));
            Assert.That(page, Does.Contain("Mar 1, 2026"), "the gift's date in the same style");
        });
    }

    [Test]
    public async Task InstantsOnPages_FollowTheOrganizationsTimeZoneSetting()
    {
        var organizations = _app.Get<OrganizationService>();
        var organization = organizations.Find(_ours)!;
        organizations.Update(Actor.System(_ours) with { Role = Role.Admin }, OrganizationInput.From(organization) with { Timezone = "Asia/Tokyo" });
        var actor = Actor.System(_ours);
        var gift = _app.Seed.Gift(actor, _app.Seed.Donor(actor), 2500);
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"/Gifts/Details/{gift}"));

        Assert.That(page, Does.Contain("Jun 16, 2026, 2:00 AM"), "17:00 UTC is 2 AM the next day in Tokyo");
    }

    [TestCase("/")]
    [TestCase("/Reports/Diversification")]
    [TestCase("/Reports/Alliance")]
    [TestCase("/Receipts/Settings")]
    [TestCase("/Admin/Organization")]
    [TestCase("/Admin/Users")]
    [TestCase("/Email/Statements")]
    [TestCase("/Gifts/Create")]
    [TestCase("/Matching/Edit")]
    public async Task PageWithoutErrors_HasNoErrorSummary(string path)
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await browser.GetAsync(path);
        var page = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        Assert.That(page, Does.Not.Contain("error-summary").And.Not.Contain("validation-summary"), path);
    }

    [Test]
    public async Task FormWithOnlyFieldErrors_ShowsThemByTheirFields_AndNoEmptySummaryBar()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await DonorTrackAppFactory.PostFormAsync(browser, "/Receipts/Settings", "/Receipts/Settings",
            new() { ["Input.NumberingYear"] = "fiscal", ["BenefitCap"] = "twelve" });
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Match("data-valmsg-for=\"BenefitCap\"[^>]*>" + System.Text.RegularExpressions.Regex.Escape("Enter an amount in dollars and cents")));
            Assert.That(page, Does.Not.Contain("error-summary"));
        });
    }

    [Test]
    public async Task FormWithAMessageForTheWholeForm_ShowsTheSummary()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/Reports/Diversification?from=2026-12-31&to=2026-01-01"));

        Assert.That(page, Does.Contain("error-summary"));
    }

    [TestCase(0, "0 donors")]
    [TestCase(1, "1 donor")]
    [TestCase(2, "2 donors")]
    [TestCase(1204, "1,204 donors")]
    public void Count_PutsTheNounInTheRightNumber(long count, string expected) =>
        Assert.That(DisplayFormat.Count(count, "donor"), Is.EqualTo(expected));

    [Test]
    public void Count_UsesTheGivenPlural_ForNounsThatDoNotJustAddAnS() =>
        Assert.That((DisplayFormat.Count(1, "pass", "passes"), DisplayFormat.Count(3, "pass", "passes")), Is.EqualTo(("1 pass", "3 passes")));
}
