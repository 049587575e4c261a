namespace DonorTrack.Tests.Reports;

public sealed class DuesAndCampaignsTests
{
    private static readonly ReportPeriodInput Year2026 = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));

    private TestDatabase _db = null!;
    private Actor _admin = null!;
    private DiversificationService _reports = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _admin = _db.NewOrganization();
        _reports = _db.Get<DiversificationService>();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    private long Membership(Actor actor, long plan, string last, DateOnly startsOn) =>
        _db.Get<MembershipService>().Enrol(actor, new MembershipEnrolmentInput { DonorId = _db.Seed.Donor(actor, last: last), PlanId = plan, StartsOn = startsOn }).MembershipId;

    private long Plan(Actor actor) =>
        _db.Get<MembershipService>().CreatePlan(actor, new MembershipPlanInput { Name = "Dues", Interval = DuesInterval.Year, AmountCents = 5000, GraceDays = 30 });

    [Test]
    public void WithoutDuesPlansOrCampaigns_ReportSaysSo_InEveryOutput()
    {
        _db.Seed.Gift(_admin, _db.Seed.Donor(_admin), 10000);

        var report = _reports.Report(_admin, Year2026);
        var csv = DiversificationCsv.Report(report);

        Assert.That(report.DuesAndCampaigns.Dues, Is.Null);
        Assert.That(report.DuesAndCampaigns.Campaigns, Is.Empty);
        Assert.That(report.DuesAndCampaigns.Matching, Is.Empty);
        Assert.That(csv, Does.Contain(DuesAndCampaigns.NoDuesPlansMessage).And.Contain(DuesAndCampaigns.NoCampaignsMessage));
    }

    [Test]
    public void DuesCollectionRate_IsPaidOverDue_ForTheReportsFiscalYear()
    {
        var plan = Plan(_admin);
        var paying = Membership(_admin, plan, "Paying", new DateOnly(2026, 1, 15));
        Membership(_admin, plan, "Owing", new DateOnly(2026, 3, 1));
        _db.Get<MembershipService>().RecordPayment(_admin, paying, new GiftInput
        {
            AmountCents = 5000, ReceivedOn = new DateOnly(2026, 1, 20), Method = GiftMethod.Check, Category = GiftCategory.MembershipDues,
        });

        var dues = _reports.Report(_admin, Year2026).DuesAndCampaigns.Dues!;
        var lastYear = _reports.Report(_admin, new ReportPeriodInput(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31))).DuesAndCampaigns.Dues!;

        Assert.That((dues.DueCents, dues.PaidCents, dues.Memberships), Is.EqualTo((10000L, 5000L, 2)));
        Assert.That(dues.Rate, Is.EqualTo(0.5));
        Assert.That(dues.FiscalYearStart, Is.EqualTo(new DateOnly(2026, 1, 1)));
        Assert.That((lastYear.DueCents, lastYear.Rate), Is.EqualTo((0L, (double?)null)), "plans but nothing due: a rate of nothing, not NaN");
    }

    [Test]
    public void Campaigns_ShowNetRaisedAgainstGoal_AndOnlyThoseTouchingThePeriod()
    {
        var designations = _db.Get<DesignationService>();
        var roof = designations.SaveCampaign(_admin, null, new CampaignInput("New roof", 40000, new DateOnly(2026, 2, 1), new DateOnly(2026, 5, 31)));
        var open = designations.SaveCampaign(_admin, null, new CampaignInput("Rent fund", null, new DateOnly(2026, 1, 1), null));
        designations.SaveCampaign(_admin, null, new CampaignInput("Old drive", 10000, new DateOnly(2020, 1, 1), new DateOnly(2020, 12, 31)));
        var donor = _db.Seed.Donor(_admin);
        _db.Seed.Gift(_admin, donor, 10000, campaignId: roof);
        var voided = _db.Seed.Gift(_admin, donor, 7000, campaignId: roof);
        _db.Get<GiftService>().Void(_admin, voided, new VoidGiftInput("Entered twice"));
        _db.Seed.Gift(_admin, donor, 2500, campaignId: open);

        var campaigns = _reports.Report(_admin, Year2026).DuesAndCampaigns.Campaigns;

        Assert.That(campaigns.Select(c => (c.Name, c.RaisedCents, c.GoalCents)),
            Is.EquivalentTo(new[] { ("New roof", 10000L, (long?)40000), ("Rent fund", 2500L, (long?)null) }));
        Assert.That(campaigns.Single(c => c.CampaignId == roof).Share, Is.EqualTo(0.25));
        Assert.That(campaigns.Single(c => c.CampaignId == open).Share, Is.Null);
    }

    [Test]
    public void MatchingCampaigns_ShowMatchedAgainstPool()
    {
        var funder = _db.Get<DonorService>().Create(_admin, new DonorInput { Kind = DonorKinds.Organization, OrganizationName = "Bush Foundation" });
        var campaign = _db.Get<MatchingCampaignService>().Create(_admin, new MatchingCampaignInput
        {
            Name = "June match", FunderDonorId = funder, PoolCents = 40_000, Ratio = "1:1",
            StartsOn = new DateOnly(2026, 6, 1), EndsOn = new DateOnly(2026, 6, 30),
            Participants = [new MatchingParticipantInput { OrganizationId = _admin.OrganizationId }],
        });
        _db.Seed.Gift(_admin, _db.Seed.Donor(_admin), 10_000, on: new DateOnly(2026, 6, 2));

        var report = _reports.Report(_admin, Year2026);
        var pool = report.DuesAndCampaigns.Matching.Single();
        var before = _reports.Report(_admin, new ReportPeriodInput(new DateOnly(2026, 1, 1), new DateOnly(2026, 5, 31))).DuesAndCampaigns.Matching;

        Assert.That((pool.CampaignId, pool.PoolCents, pool.MatchedCents, pool.OrganizationMatchedCents), Is.EqualTo((campaign, 40_000L, 10_000L, 10_000L)));
        Assert.That(pool.Share, Is.EqualTo(0.25));
        Assert.That(before, Is.Empty);
        Assert.That(DiversificationCsv.Report(report), Does.Contain("matching_pool_share,June match,0.25"));
    }

    [Test]
    public void AllianceView_ShowsEachMembersDuesAndCampaignTotals_AndTheMembersDuesSummed()
    {
        var alliance = _db.NewOrganization("Twin Cities Alliance");
        var other = _db.NewOrganization("Somali Mothers Network");
        using (var tx = _db.Connections.BeginTransaction())
        {
            _db.Get<OrganizationRepository>().InsertMember(tx, alliance.OrganizationId, _admin.OrganizationId, "member", new DateOnly(2025, 1, 1));
            _db.Get<OrganizationRepository>().InsertMember(tx, alliance.OrganizationId, other.OrganizationId, "anchor", new DateOnly(2025, 1, 1));
            tx.Commit();
        }
        Membership(_admin, Plan(_admin), "Secretmember", new DateOnly(2026, 2, 1));
        var drive = _db.Get<DesignationService>().SaveCampaign(other, null, new CampaignInput("Spring drive", 20000, new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30)));
        _db.Seed.Gift(other, _db.Seed.Donor(other, last: "Hiddenperson"), 5000, campaignId: drive);

        var report = _reports.Alliance(alliance, Year2026)!;
        var mine = report.Members.Single(m => m.OrganizationId == _admin.OrganizationId).DuesAndCampaigns;
        var theirs = report.Members.Single(m => m.OrganizationId == other.OrganizationId).DuesAndCampaigns;

        Assert.That((mine.Dues!.DueCents, mine.Dues.PaidCents), Is.EqualTo((5000L, 0L)));
        Assert.That(theirs.Dues, Is.Null);
        Assert.That(theirs.Campaigns.Select(c => (c.Name, c.RaisedCents)), Is.EqualTo(new[] { ("Spring drive", 5000L) }));
        Assert.That(report.Whole.DuesAndCampaigns.Dues!.DueCents, Is.EqualTo(5000));
        Assert.That(JsonSerializer.Serialize(report), Does.Not.Contain("Secretmember").And.Not.Contain("Hiddenperson"));
    }
}
