using DonorTrack.Core.Dashboard;

namespace DonorTrack.Tests.Dashboard;

/// <summary>
/// Issue 17, item 4: the dashboard as the start of the day. The test clock stands at June 15, 2026 (Chicago), so the trend
/// runs July 2025 – June 2026 and "this fiscal year" is 2026.
/// </summary>
public sealed class DashboardWebTests
{
    private DonorTrackAppFactory _app = null!;
    private long _ours;
    private Actor _admin = null!;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _ours = _app.SetUpFirstOrganization();
        _admin = Actor.System(_ours);
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    private async Task<string> Dashboard(string? email = null)
    {
        var browser = await _app.SignedInAs(email ?? DonorTrackAppFactory.AdminEmail);
        return WebUtility.HtmlDecode(await browser.GetStringAsync("/"));
    }

    [Test]
    public async Task NewOrganization_FirstRunNoticeLinksToEverySetUpStep_AndNothingNeedsAttention()
    {
        var page = await Dashboard();

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("id=\"first-run\""));
            foreach (var link in new[] { "/Admin/Organization", "/Admin/Users", "/Admin/Mail", "/Admin/Payments", "/Receipts/Settings", "/Designations", "/Dues/Plans", "/Imports", "/Donors/Create", "/Gifts/Create" })
                Assert.That(page, Does.Contain($"href=\"{link}\""), link);
            Assert.That(page, Does.Contain("id=\"no-alerts\""));
        });
    }

    [Test]
    public async Task AfterTheFirstGift_TheFirstRunNoticeIsGone()
    {
        _app.Seed.Gift(_admin, _app.Seed.Donor(_admin), 2500);

        Assert.That(await Dashboard(), Does.Not.Contain("id=\"first-run\""));
    }

    [Test]
    public async Task QuickActions_ForDataEntry_NotForViewers()
    {
        var viewer = _app.AddUser(_ours, Role.Viewer);

        var admin = await Dashboard();
        var asViewer = await Dashboard(viewer);

        Assert.Multiple(() =>
        {
            Assert.That(admin, Does.Contain("id=\"quick-actions\"").And.Contain("href=\"/Gifts/Create\">Record gift").And.Contain("href=\"/Donors/Create\">Add donor").And.Contain("href=\"/Imports\">Import"));
            Assert.That(asViewer, Does.Not.Contain("id=\"quick-actions\""));
        });
    }

    [Test]
    public async Task Trend_ShowsTheLastTwelveMonthsByCategory_AsInlineSvg()
    {
        var person = _app.Seed.Donor(_admin);
        var funder = _app.Seed.OrganizationDonor(_admin, "Bush Foundation");
        _app.Seed.Gift(_admin, person, 10_000, new DateOnly(2026, 4, 3));
        _app.Seed.Gift(_admin, funder, 50_000, new DateOnly(2026, 4, 20), GiftCategory.Foundation);
        _app.Seed.Gift(_admin, person, 7_000, new DateOnly(2025, 6, 30));

        var page = await Dashboard();

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("<svg").And.Contain("Revenue by month and category"));
            Assert.That(page, Does.Contain("Apr 2026: $600.00 (Individual $100.00, Foundation $500.00)").Or.Contain("Apr 2026: $600.00 (Foundation $500.00, Individual $100.00)"));
            Assert.That(page, Does.Contain("Jul 2025: no gifts").And.Contain("Jun 2026: no gifts"));
            Assert.That(page, Does.Not.Contain("Jun 2025:"), "twelve months, this one last");
            Assert.That(page, Does.Not.Match("<script(?![^>]*\\bsrc=)"), "no inline script");
        });
    }

    [Test]
    public async Task LargeGiftWithoutReceipt_IsAnAlertLinkingToTheGift_UntilItsReceiptIsIssued()
    {
        var donor = _app.Seed.Donor(_admin);
        var large = _app.Seed.Gift(_admin, donor, 25_000, new DateOnly(2026, 5, 1));
        _app.Seed.Gift(_admin, donor, 24_999, new DateOnly(2026, 5, 2));

        var before = await Dashboard();
        _app.Get<GiftReceiptService>().ForGift(_admin, large);
        var after = await Dashboard();

        Assert.Multiple(() =>
        {
            Assert.That(before, Does.Contain("id=\"alert-receipts\"").And.Contain("1 gift of $250.00 or more in the last 12 months has no receipt yet"));
            Assert.That(before, Does.Contain($"href=\"/Gifts/Details/{large}\">Gift #{large}, May 1, 2026, $250.00"));
            Assert.That(after, Does.Not.Contain("id=\"alert-receipts\""));
        });
    }

    [Test]
    public async Task LybuntDonors_AreCountedAsTheReportListsThem_AndLinkToIt()
    {
        _app.Seed.Gift(_admin, _app.Seed.Donor(_admin, "Ilhan", "Lastyear"), 4_000, new DateOnly(2025, 4, 1));
        _app.Seed.Gift(_admin, _app.Seed.Donor(_admin, "Mai", "Lastyear"), 4_000, new DateOnly(2025, 5, 1));
        var both = _app.Seed.Donor(_admin, "Bo", "Bothyears");
        _app.Seed.Gift(_admin, both, 4_000, new DateOnly(2025, 5, 1));
        _app.Seed.Gift(_admin, both, 4_000, new DateOnly(2026, 5, 1));
        var quiet = _app.Seed.Donor(_admin, new DonorInput { FirstName = "Quiet", LastName = "Lastyear", DoNotContact = true });
        _app.Seed.Gift(_admin, quiet, 4_000, new DateOnly(2025, 5, 1));

        var page = await Dashboard();
        var report = _app.Get<DiversificationService>().Report(_admin, new ReportPeriodInput(null, null));

        Assert.Multiple(() =>
        {
            Assert.That(report.FollowUp.Lybunt, Has.Count.EqualTo(2));
            Assert.That(page, Does.Contain("id=\"alert-lybunt\"").And.Contain("2 donors gave in 2025 but not yet in 2026"));
            Assert.That(page, Does.Contain("href=\"/Reports/Diversification#lybunt\""));
        });
    }

    private long MatchingCampaign(string name, DateOnly starts, DateOnly ends) => _app.Get<MatchingCampaignService>().Create(_admin, new MatchingCampaignInput
    {
        Name = name, FunderDonorId = _app.Seed.OrganizationDonor(_admin, "Bush Foundation"), PoolCents = 100_000, Ratio = "1:1", StartsOn = starts, EndsOn = ends,
        Participants = [new MatchingParticipantInput { OrganizationId = _ours }],
    });

    [Test]
    public async Task MatchingCampaignEndingWithinTwoWeeks_IsAnAlertWithItsPoolUse()
    {
        var ending = MatchingCampaign("June sprint", new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 20));
        _app.Seed.Gift(_admin, _app.Seed.Donor(_admin), 60_000, new DateOnly(2026, 6, 2));

        var page = await Dashboard();

        Assert.That(page, Does.Contain($"id=\"alert-matching-{ending}\"").And.Contain("June sprint ends Jun 20, 2026 (6 days left): $600.00 of the $1,000.00 pool matched."));
    }

    [Test]
    public async Task MatchingCampaignPastHalfTimeWithLittleMatched_IsUnderUsed_ACampaignJustStartedIsNot()
    {
        var underUsed = MatchingCampaign("Spring match", new DateOnly(2026, 4, 1), new DateOnly(2026, 7, 31));
        var started = MatchingCampaign("Summer match", new DateOnly(2026, 6, 10), new DateOnly(2026, 9, 30));

        var page = await Dashboard();

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain($"id=\"alert-matching-{underUsed}\"").And.Contain("Spring match is under-used: $0.00 of the $1,000.00 pool matched with 47 days left."));
            Assert.That(page, Does.Contain($"href=\"/Matching/Details/{underUsed}\""));
            Assert.That(page, Does.Not.Contain($"id=\"alert-matching-{started}\""));
        });
    }

    [Test]
    public async Task LapsingAndLapsedMemberships_AreAlertsForTreasurers_NotForViewers()
    {
        var memberships = _app.Get<MembershipService>();
        var plan = memberships.CreatePlan(_admin, new MembershipPlanInput { Name = "Dues", Interval = DuesInterval.Year, AmountCents = 5000, GraceDays = 30 });
        // Unpaid since 2026-06-01: in grace, lapses July 1 (within 30 days). Unpaid since 2026-03-01: lapsed on March 31.
        memberships.Enrol(_admin, new MembershipEnrolmentInput { DonorId = _app.Seed.Donor(_admin, "Grace", "Period"), PlanId = plan, StartsOn = new DateOnly(2026, 6, 1) });
        memberships.Enrol(_admin, new MembershipEnrolmentInput { DonorId = _app.Seed.Donor(_admin, "Long", "Gone"), PlanId = plan, StartsOn = new DateOnly(2026, 3, 1) });
        var viewer = _app.AddUser(_ours, Role.Viewer);

        var page = await Dashboard();
        var asViewer = await Dashboard(viewer);

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("id=\"alert-lapsing\"").And.Contain("1 membership lapses within 30 days"));
            Assert.That(page, Does.Contain("id=\"alert-lapsed\"").And.Contain("1 membership lapsed in the last 90 days"));
            Assert.That(asViewer, Does.Not.Contain("id=\"alert-lapsing\"").And.Not.Contain("id=\"alert-lapsed\""));
        });
    }

    [TestCase("2026-06-01", "2026-06-30", 100_000, 0, "2026-06-15", true)]
    [TestCase("2026-06-01", "2026-06-30", 100_000, 30_000, "2026-06-15", false)]
    [TestCase("2026-06-01", "2026-06-30", 100_000, 0, "2026-06-10", false)]
    [TestCase("2026-06-01", "2026-06-30", 100_000, 0, "2026-07-01", false)]
    [TestCase("2026-06-01", "2026-06-30", 0, 0, "2026-06-20", false)]
    public void MatchingPace_UnderUsed_PastHalfTimeWithUnderHalfItsShareOfThePool(string starts, string ends, long pool, long matched, string today, bool expected) =>
        Assert.That(MatchingPace.IsUnderUsed(DateOnly.Parse(starts), DateOnly.Parse(ends), pool, matched, DateOnly.Parse(today)), Is.EqualTo(expected));
}
