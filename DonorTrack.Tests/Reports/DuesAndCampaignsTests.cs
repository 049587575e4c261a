namespace DonorTrack.Tests.Reports;

public sealed class DuesAndCampaignsTests : DiversificationReportFixture
{
    private long Membership(Actor actor, long plan, string last, DateOnly startsOn) =>
        Db.Get<MembershipService>().Enrol(actor, new MembershipEnrolmentInput { DonorId = Db.Seed.Donor(actor, last: last), PlanId = plan, StartsOn = startsOn }).MembershipId;

    private long Plan(Actor actor) =>
        Db.Get<MembershipService>().CreatePlan(actor, new MembershipPlanInput { Name = "Dues", Interval = DuesInterval.Year, AmountCents = 5000, GraceDays = 30 });

    [Test]
    public void WithoutDuesPlansOrCampaigns_ReportSaysSo_InEveryOutput()
    {
        Db.Seed.Gift(Admin, Db.Seed.Donor(Admin), 10000);

        var report = Reports.Report(Admin, Year2026);
        var csv = DiversificationCsv.Report(report);

        Assert.That(report.DuesAndCampaigns.Dues, Is.Null);
        Assert.That(report.DuesAndCampaigns.Campaigns, Is.Empty);
        Assert.That(report.DuesAndCampaigns.Matching, Is.Empty);
        Assert.That(csv, Does.Contain(DuesAndCampaigns.NoDuesPlansMessage).And.Contain(DuesAndCampaigns.NoCampaignsMessage));
    }

    [Test]
    public void DuesCollectionRate_IsPaidOverDue_ForTheReportsFiscalYear()
    {
        var plan = Plan(Admin);
        var paying = Membership(Admin, plan, "Paying", new DateOnly(2026, 1, 15));
        Membership(Admin, plan, "Owing", new DateOnly(2026, 3, 1));
        Db.Get<MembershipService>().RecordPayment(Admin, paying, new GiftInput
        {
            AmountCents = 5000, ReceivedOn = new DateOnly(2026, 1, 20), Method = GiftMethod.Check, Category = GiftCategory.MembershipDues,
        });

        var dues = Reports.Report(Admin, Year2026).DuesAndCampaigns.Dues!;
        var lastYear = Reports.Report(Admin, new ReportPeriodInput(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31))).DuesAndCampaigns.Dues!;

        Assert.That((dues.DueCents, dues.PaidCents, dues.Memberships), Is.EqualTo((10000L, 5000L, 2)));
        Assert.That(dues.Rate, Is.EqualTo(0.5));
        Assert.That(dues.FiscalYearStart, Is.EqualTo(new DateOnly(2026, 1, 1)));
        Assert.That((lastYear.DueCents, lastYear.Rate), Is.EqualTo((0L, (double?)null)), "plans but nothing due: a rate of nothing, not NaN");
    }

    [Test]
    public void Campaigns_ShowNetRaisedAgainstGoal_AndOnlyThoseTouchingThePeriod()
    {
        var designations = Db.Get<DesignationService>();
        var roof = designations.SaveCampaign(Admin, null, new CampaignInput("New roof", 40000, new DateOnly(2026, 2, 1), new DateOnly(2026, 5, 31)));
        var open = designations.SaveCampaign(Admin, null, new CampaignInput("Rent fund", null, new DateOnly(2026, 1, 1), null));
        designations.SaveCampaign(Admin, null, new CampaignInput("Old drive", 10000, new DateOnly(2020, 1, 1), new DateOnly(2020, 12, 31)));
        var donor = Db.Seed.Donor(Admin);
        Db.Seed.Gift(Admin, donor, 10000, campaignId: roof);
        var voided = Db.Seed.Gift(Admin, donor, 7000, campaignId: roof);
        Db.Get<GiftService>().Void(Admin, voided, new VoidGiftInput("Entered twice"));
        Db.Seed.Gift(Admin, donor, 2500, campaignId: open);

        var campaigns = Reports.Report(Admin, Year2026).DuesAndCampaigns.Campaigns;

        Assert.That(campaigns.Select(c => (c.Name, c.RaisedCents, c.GoalCents)),
            Is.EquivalentTo(new[] { ("New roof", 10000L, (long?)40000), ("Rent fund", 2500L, (long?)null) }));
        Assert.That(campaigns.Single(c => c.CampaignId == roof).Share, Is.EqualTo(0.25));
        Assert.That(campaigns.Single(c => c.CampaignId == open).Share, Is.Null);
    }

    [Test]
    public void MatchingCampaigns_ShowMatchedAgainstPool()
    {
        var funder = Db.Get<DonorService>().Create(Admin, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Bush Foundation" });
        var campaign = Db.Get<MatchingCampaignService>().Create(Admin, new MatchingCampaignInput
        {
            Name = "June match", FunderDonorId = funder, PoolCents = 40_000, Ratio = "1:1",
            StartsOn = new DateOnly(2026, 6, 1), EndsOn = new DateOnly(2026, 6, 30),
            Participants = [new MatchingParticipantInput { OrganizationId = Admin.OrganizationId }],
        });
        Db.Seed.Gift(Admin, Db.Seed.Donor(Admin), 10_000, on: new DateOnly(2026, 6, 2));

        var report = Reports.Report(Admin, Year2026);
        var pool = report.DuesAndCampaigns.Matching.Single();
        var before = Reports.Report(Admin, new ReportPeriodInput(new DateOnly(2026, 1, 1), new DateOnly(2026, 5, 31))).DuesAndCampaigns.Matching;

        Assert.That((pool.CampaignId, pool.PoolCents, pool.MatchedCents, pool.OrganizationMatchedCents), Is.EqualTo((campaign, 40_000L, 10_000L, 10_000L)));
        Assert.That(pool.Share, Is.EqualTo(0.25));
        Assert.That(before, Is.Empty);
        Assert.That(DiversificationCsv.Report(report), Does.Contain("matching_pool_share,June match,0.25"));
    }

    [Test]
    public void AllianceView_ShowsEachMembersDuesAndCampaignTotals_AndTheMembersDuesSummed()
    {
        var alliance = Db.NewOrganization("Twin Cities Alliance");
        var other = Db.NewOrganization("Somali Mothers Network");
        using (var tx = Db.Connections.BeginTransaction())
        {
            Db.Get<OrganizationRepository>().InsertMember(tx, alliance.OrganizationId, Admin.OrganizationId, "member", new DateOnly(2025, 1, 1));
            Db.Get<OrganizationRepository>().InsertMember(tx, alliance.OrganizationId, other.OrganizationId, "anchor", new DateOnly(2025, 1, 1));
            tx.Commit();
        }
        Membership(Admin, Plan(Admin), "Secretmember", new DateOnly(2026, 2, 1));
        var drive = Db.Get<DesignationService>().SaveCampaign(other, null, new CampaignInput("Spring drive", 20000, new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30)));
        Db.Seed.Gift(other, Db.Seed.Donor(other, last: "Hiddenperson"), 5000, campaignId: drive);

        var report = Reports.Alliance(alliance, Year2026)!;
        var mine = report.Members.Single(m => m.OrganizationId == Admin.OrganizationId).DuesAndCampaigns;
        var theirs = report.Members.Single(m => m.OrganizationId == other.OrganizationId).DuesAndCampaigns;

        Assert.That((mine.Dues!.DueCents, mine.Dues.PaidCents), Is.EqualTo((5000L, 0L)));
        Assert.That(theirs.Dues, Is.Null);
        Assert.That(theirs.Campaigns.Select(c => (c.Name, c.RaisedCents)), Is.EqualTo(new[] { ("Spring drive", 5000L) }));
        Assert.That(report.Whole.DuesAndCampaigns.Dues!.DueCents, Is.EqualTo(5000));
        Assert.That(JsonSerializer.Serialize(report), Does.Not.Contain("Secretmember").And.Not.Contain("Hiddenperson"));
    }
}
