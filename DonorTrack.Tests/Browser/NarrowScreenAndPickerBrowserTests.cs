using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace DonorTrack.Tests.Browser;

/// <summary>
/// Issue 17 items 3 and 9 in a real browser: the staff pages fit a 390 px phone (the menu folds behind a button, tables
/// scroll in their own box), and the donor picker lists donors as one types and is worked with the keyboard alone.
/// </summary>
[NonParallelizable]
public sealed class NarrowScreenAndPickerBrowserTests
{
    private const int PhoneWidth = 390;

    private DonorTrackAppFactory _app = null!;
    private BrowserSession _browser = null!;
    private Actor _actor = null!;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _browser = BrowserSession.Start(_app);
        _actor = Actor.System(_app.SetUpFirstOrganization("Frogtown Tenants Union and Neighborhood Housing Collaborative"));
    }

    [TearDown]
    public void TearDown()
    {
        _browser?.Dispose();
        _app.Dispose();
    }

    [Test]
    public void KeyStaffPages_At390PixelsWide_AreNoWiderThanTheScreen_AndTheMenuOpensFromItsButton()
    {
        var donor = _app.Seed.Donor(_actor, new DonorInput
        {
            FirstName = "Thị Minh Khai", LastName = "Nguyễn-Worthington", Email = "thi.minh.khai.nguyen-worthington@community-example.org",
            AddressLine1 = "1234 University Avenue West, Apartment 1205", City = "Saint Paul", PostalCode = "55104", Tags = ["volunteer", "board member", "monthly donor"],
        });
        _app.Seed.Gift(_actor, donor, 125_00);
        var funder = _app.Seed.OrganizationDonor(_actor, "The Minneapolis Foundation for Community Development");
        var campaign = _app.Get<MatchingCampaignService>().Create(_actor, new MatchingCampaignInput
        {
            Name = "Spring match", PoolCents = 10_000, Ratio = "1:1", StartsOn = new DateOnly(2026, 6, 1), EndsOn = new DateOnly(2026, 6, 30),
            FunderDonorId = funder, Participants = [new() { OrganizationId = _actor.OrganizationId }],
        });
        SignIn();
        UsePhoneScreen();
        string[] pages =
        [
            "/", "/Donors", $"/Donors/Details/{donor}", $"/Donors/Edit/{donor}", "/Gifts", "/Gifts/Create", $"/Gifts/Create?donorId={donor}", "/Grants", "/Grants/Create",
            "/Grants/Pledges", "/Reports/Diversification", "/Matching", $"/Matching/Details/{campaign}", "/Matching/Edit", "/Receipts", "/Email/ToThank",
            "/Email/Templates", "/Dues", "/Dues/Enrol", "/Dues/Recurring", "/Dues/Plans", "/Designations", "/Payments", "/Imports", "/Admin/Users", "/Admin/Audit",
        ];
        var tooWide = new List<string>();

        foreach (var page in pages)
        {
            _browser.Open(page);
            var (documentWidth, viewportWidth) = Widths();
            Assert.That(viewportWidth, Is.EqualTo(PhoneWidth), "the phone screen is in effect");
            if (documentWidth > viewportWidth)
                tooWide.Add($"{page}: {documentWidth} px, past the edge: {WiderThanTheScreen()}");
        }

        Assert.That(tooWide, Is.Empty, $"pages wider than the {PhoneWidth} px screen");

        _browser.Open("/Donors");
        var menuButton = _browser.Driver.FindElement(By.CssSelector("button[data-menu-button]"));
        var donorsLink = _browser.Driver.FindElement(By.CssSelector(".mainnav a[href='/Gifts']"));
        Assert.That(menuButton.Displayed, Is.True, "the menu button shows on a phone");
        Assert.That(donorsLink.Displayed, Is.False, "the menu is folded");
        menuButton.Click();
        Assert.That(menuButton.GetAttribute("aria-expanded"), Is.EqualTo("true"));
        Assert.That(donorsLink.Displayed, Is.True, "the menu unfolds");
        Assert.That(Widths().Document, Is.LessThanOrEqualTo(PhoneWidth), "the unfolded menu fits the screen");
        _browser.ClickAndWait(donorsLink);
        Assert.That(_browser.Driver.Url, Does.EndWith("/Gifts"));
    }

    [Test]
    public void DonorField_TypingThenArrowDownAndEnter_ChoosesTheSecondDonor_AndTheFormSavesThem()
    {
        _app.Seed.Donor(_actor, "Kou", "Lor", email: "kou@example.org");
        var second = _app.Seed.Donor(_actor, "Mai", "Lor", email: "mai@example.org");
        _app.Get<MembershipService>().CreatePlan(_actor, new MembershipPlanInput { Name = "Yearly dues", Interval = DuesInterval.Year, AmountCents = 5000, GraceDays = 30 });
        SignIn();

        _browser.Open("/Dues/Enrol");
        Assert.That(_browser.Driver.FindElements(By.CssSelector("button[data-donor-find]")), Is.Empty, "with script the Find button gives way to the list");
        var box = _browser.Driver.FindElement(By.Id("DonorId_search"));
        box.SendKeys("lor");
        var options = WaitForOptions(box, 2);
        Assert.That(options[1].Text, Does.Contain("Mai Lor").And.Contain("mai@example.org"));
        box.SendKeys(Keys.ArrowDown);
        box.SendKeys(Keys.ArrowDown);
        Assert.That(box.GetAttribute("aria-activedescendant"), Is.EqualTo(options[1].GetAttribute("id")));
        box.SendKeys(Keys.Enter);

        Assert.That(box.GetAttribute("aria-expanded"), Is.EqualTo("false"));
        Assert.That(box.GetAttribute("value"), Is.EqualTo("Mai Lor"));
        Assert.That(_browser.Driver.Url, Does.EndWith("/Dues/Enrol"), "Enter chose the donor and did not submit the form");
        _browser.Choose("PlanId", _app.Get<MembershipService>().Plans(_actor).Single().Id.ToString());
        _browser.Click("form.stacked button[type=submit]:not([data-donor-find])");

        Assert.That(_browser.Driver.Url, Does.Contain("/Dues/Membership/"));
        Assert.That(_app.Get<MembershipService>().ForDonor(_actor, second), Has.Count.EqualTo(1));
    }

    [Test]
    public void DonorField_EscapeClosesTheList_AndEditingTheNameForgetsTheChoice()
    {
        var donor = _app.Seed.Donor(_actor, "Pa", "Vang", postalCode: "55106");
        SignIn();

        _browser.Open($"/Dues/Enrol?donorId={donor}");
        var box = _browser.Driver.FindElement(By.Id("DonorId_search"));
        var value = _browser.Driver.FindElement(By.CssSelector("input[type=hidden][name=DonorId]"));
        Assert.That(value.GetAttribute("value"), Is.EqualTo(donor.ToString()), "the donor the page was opened for is chosen");

        box.SendKeys(Keys.Control + "a");
        box.SendKeys("vang");
        WaitForOptions(box, 1);
        Assert.That(value.GetAttribute("value"), Is.Empty, "an edited name no longer stands for the chosen donor");
        box.SendKeys(Keys.Escape);
        Assert.That(box.GetAttribute("aria-expanded"), Is.EqualTo("false"));
        Assert.That(_browser.Driver.FindElement(By.CssSelector("[role=listbox]")).Displayed, Is.False);
    }

    [Test]
    public void RecordAGift_ChoosingTheDonorFromTheList_OpensTheGiftFormForThem()
    {
        var donor = _app.Seed.Donor(_actor, "Hodan", "Warsame", postalCode: "55404");
        SignIn();

        _browser.Open("/Gifts/Create");
        var box = _browser.Driver.FindElement(By.Id("donorSearch"));
        box.SendKeys("55404");
        WaitForOptions(box, 1);
        box.SendKeys(Keys.ArrowDown);
        _browser.Driver.ExecuteScript("window.donorTrackPreviousPage = true;");
        box.SendKeys(Keys.Enter);
        new WebDriverWait(_browser.Driver, TimeSpan.FromSeconds(20)).Until(d => ((IJavaScriptExecutor)d).ExecuteScript("return window.donorTrackPreviousPage === undefined && document.readyState === 'complete';") is true);

        Assert.That(_browser.Driver.Url, Does.Contain($"donorId={donor}"));
        Assert.That(_browser.Text("form.stacked p strong"), Is.EqualTo("Hodan Warsame"));
    }

    private IReadOnlyList<IWebElement> WaitForOptions(IWebElement box, int count)
    {
        var listbox = box.GetAttribute("aria-controls");
        var wait = new WebDriverWait(_browser.Driver, TimeSpan.FromSeconds(10));
        return wait.Until(d =>
        {
            var options = d.FindElements(By.CssSelector($"#{listbox} [role=option]"));
            return options.Count == count && box.GetAttribute("aria-expanded") == "true" ? options : null;
        });
    }

    private void SignIn()
    {
        _browser.Open("/Account/SignIn");
        _browser.Type("Email", DonorTrackAppFactory.AdminEmail);
        _browser.Type("Password", DonorTrackAppFactory.Password);
        _browser.Click("form button[type=submit]");
    }

    private void UsePhoneScreen() =>
        _browser.Driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = PhoneWidth, ["height"] = 844, ["deviceScaleFactor"] = 1, ["mobile"] = false,
        });

    /// <summary>The innermost elements that reach past the screen's right edge, to say what made a page too wide.</summary>
    private string WiderThanTheScreen() => (string)_browser.Driver.ExecuteScript("""
        const past = Array.from(document.querySelectorAll("body *")).filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest(".table-scroll, svg"));
        return past.filter((e) => !past.some((other) => other !== e && e.contains(other))).slice(0, 6)
            .map((e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${e.className ? "." + String(e.className).replace(/ /g, ".") : ""} (${Math.round(e.getBoundingClientRect().right)} px)`).join(", ");
        """)!;

    private (long Document, long Viewport) Widths()
    {
        var widths = (IReadOnlyCollection<object>)_browser.Driver.ExecuteScript("return [document.documentElement.scrollWidth, window.innerWidth];")!;
        return (Convert.ToInt64(widths.First()), Convert.ToInt64(widths.Last()));
    }
}
