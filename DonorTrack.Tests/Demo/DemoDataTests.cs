using DonorTrack.Core.Demo;

namespace DonorTrack.Tests.Demo;

public sealed class DemoDataTests
{
    private TestDatabase _db = null!;

    [SetUp]
    public void SetUp() => _db = new TestDatabase();

    [TearDown]
    public void TearDown() => _db.Dispose();

    private DemoData NewLoader(TestDatabase db) => new(
        db.Connections, db.Get<OrganizationService>(), db.Get<AccountService>(), db.Get<DonorService>(),
        db.Get<GiftService>(), db.Get<DesignationService>(), db.Clock, db.Get<GrantService>(), db.Get<PledgeService>(),
        db.Get<MatchingCampaignService>(), db.Get<GiftReceiptService>(), db.Get<PublicPageBrandingService>(),
        db.Get<DonorTrack.Core.Dues.RecurringDonationService>(), db.Get<DonorTrack.Core.Dues.MembershipService>(), db.Get<DonorTrack.Core.Email.AcknowledgmentService>());

    [Test]
    public void Load_FreshDatabase_CreatesAllianceWithFourLinkedMemberGroups()
    {
        var summary = NewLoader(_db).Load();

        var organizations = _db.Get<OrganizationService>();
        var alliance = organizations.Find(summary.AllianceId)!;
        Assert.That(alliance.Name, Is.EqualTo("Twin Cities Neighbors Alliance"));
        Assert.That(alliance.SelfTerm, Is.EqualTo("alliance"));
        Assert.That(alliance.City, Is.EqualTo("Minneapolis"));
        Assert.That(organizations.Members(summary.AllianceId).Select(m => m.MemberId), Is.EquivalentTo(summary.MemberOrganizationIds));
        Assert.That(summary.MemberOrganizationIds, Has.Count.EqualTo(4));
        var all = summary.MemberOrganizationIds.Prepend(summary.AllianceId).Select(id => organizations.Find(id)!).ToList();
        var eins = all.SelectMany(o => new[] { o.Ein, o.SponsorEin }).OfType<string>().ToList();
        Assert.That(eins, Is.Not.Empty);
        Assert.That(eins, Has.All.StartsWith("00-"), "Demo EINs must be obviously fictional.");
        Assert.That(all.Select(o => o.LegalStatus).Distinct(), Is.EquivalentTo(new[] { "501c3", "fiscally_sponsored", "informal" }));
    }

    [Test]
    public void Load_FreshDatabase_CreatesAbout200DonorsWithExampleEmailsAndNamesInSeveralScripts()
    {
        var summary = NewLoader(_db).Load();

        using var connection = _db.Connections.Open();
        var donors = connection.Query<(string Kind, string? FirstName, string? LastName, string? Email)>(
            "SELECT kind, first_name, last_name, email FROM donors").AsList();
        Assert.That(donors, Has.Count.EqualTo(summary.Donors));
        Assert.That(donors, Has.Count.InRange(180, 220));
        Assert.That(donors.Count(d => d.Kind == "organization"), Is.InRange(5, 30));
        Assert.That(donors.Select(d => d.Email).OfType<string>(),
            Has.All.Matches<string>(e => e.EndsWith("@example.org", StringComparison.Ordinal) || e.EndsWith("@example.com", StringComparison.Ordinal)));
        var names = donors.Select(d => $"{d.FirstName} {d.LastName}").ToList();
        Assert.That(names, Has.Some.Matches<string>(n => n.Any(c => c is >= '\u0600' and <= '\u06FF')), "Arabic script");
        Assert.That(names, Has.Some.Matches<string>(n => n.Any(c => c is >= '\u4E00' and <= '\u9FFF')), "Chinese characters");
        Assert.That(names, Has.Some.Matches<string>(n => n.Contains("Nguyễn", StringComparison.Ordinal) || n.Contains("Trần", StringComparison.Ordinal)
            || n.Contains("Phạm", StringComparison.Ordinal) || n.Contains("Đặng", StringComparison.Ordinal)), "Vietnamese with diacritics");
    }

    [Test]
    public void Load_FreshDatabase_RecordsTwoYearsOfGiftsEndingTodayAcrossCategoriesWithSomeVoided()
    {
        var summary = NewLoader(_db).Load();

        var today = _db.Get<OrganizationService>().Find(summary.AllianceId)!.LocalDate(_db.Clock.Now);
        using var connection = _db.Connections.Open();
        var gifts = connection.Query<(string ReceivedOn, string Category, string Method, string Status, string? VoidReason, long BenefitValueCents, string? InKindDescription)>(
            "SELECT received_on, category, method, status, void_reason, benefit_value_cents, in_kind_description FROM gifts").AsList();
        var dates = gifts.Select(g => DateOnly.Parse(g.ReceivedOn, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.That(gifts, Has.Count.EqualTo(summary.Gifts));
        Assert.That(summary.Gifts, Is.GreaterThan(600));
        Assert.That(dates.Min(), Is.GreaterThan(today.AddYears(-2)));
        Assert.That(dates.Max(), Is.LessThanOrEqualTo(today));
        Assert.That(dates.Max(), Is.GreaterThan(today.AddDays(-31)), "Monthly dues keep coming up to today.");
        Assert.That(gifts.Select(g => g.Category).Distinct(), Is.SupersetOf(new[] { "individual", "membership_dues", "foundation", "corporate", "events" }));
        Assert.That(gifts.Where(g => g.Category == "events"), Has.All.Matches<(string, string, string, string, string?, long, string?)>(g => g.Item6 > 0));
        Assert.That(gifts.Where(g => g.Method == "in_kind"), Is.Not.Empty.And.All.Matches<(string, string, string, string, string?, long, string?)>(g => !string.IsNullOrEmpty(g.Item7)));
        var voided = gifts.Where(g => g.Status == "voided").ToList();
        Assert.That(voided, Has.Count.EqualTo(summary.VoidedGifts).And.Count.InRange(4, 12));
        Assert.That(voided, Has.All.Matches<(string, string, string, string, string?, long, string?)>(g => !string.IsNullOrWhiteSpace(g.Item5)));
    }

    [Test]
    public void Load_DemoAdmin_SignsInAndIsAdminOfTheAllianceAndEveryMemberGroup()
    {
        var summary = NewLoader(_db).Load();

        var result = _db.Get<AccountService>().SignIn(DemoData.AdminEmail, DemoData.AdminPassword);

        var signedIn = result as SignInOutcome.Succeeded;
        Assert.That(signedIn, Is.Not.Null);
        Assert.That(signedIn!.Organizations.Select(o => o.OrganizationId), Is.EquivalentTo(summary.MemberOrganizationIds.Prepend(summary.AllianceId)));
        Assert.That(signedIn.Organizations.Select(o => o.Role), Has.All.EqualTo(Role.Admin));
    }

    [Test]
    public void Load_DatabaseAlreadyHasAnOrganization_ThrowsAndAddsNothing()
    {
        _db.NewOrganization();

        var error = Assert.Throws<InvalidOperationException>(() => NewLoader(_db).Load());

        Assert.That(error!.Message, Does.Contain("empty database"));
        using var connection = _db.Connections.Open();
        Assert.That(connection.ExecuteScalar<long>("SELECT count(*) FROM organizations"), Is.EqualTo(1));
        Assert.That(connection.ExecuteScalar<long>("SELECT count(*) FROM donors"), Is.Zero);
    }

    [Test]
    public void Load_TwoFreshDatabasesWithTheSameClock_HoldTheSameDonorsAndGifts()
    {
        using var other = new TestDatabase(_db.Clock.Now);

        NewLoader(_db).Load();
        NewLoader(other).Load();

        Assert.That(Fingerprint(other), Is.EqualTo(Fingerprint(_db)));
    }

    private static (string Donors, long Gifts, long Cents, string Voided) Fingerprint(TestDatabase db)
    {
        using var connection = db.Connections.Open();
        return (
            string.Join("|", connection.Query<string>("SELECT sort_name || coalesce(email, '') FROM donors ORDER BY id")),
            connection.ExecuteScalar<long>("SELECT count(*) FROM gifts"),
            connection.ExecuteScalar<long>("SELECT sum(amount_cents * (donor_id % 7 + 1)) FROM gifts"),
            string.Join("|", connection.Query<string>("SELECT id || void_reason FROM gifts WHERE status = 'voided' ORDER BY id")));
    }

    [Test]
    public void Load_FreshDatabase_GivesTheAllianceAGrantEndingWithinTheYear_SoTheFundingCliffShows()
    {
        var summary = NewLoader(_db).Load();
        var alliance = Actor.System(summary.AllianceId);

        var cliff = _db.Get<ReceivablesService>().Cliff(alliance);
        var grants = _db.Get<GrantService>().List(alliance, new GrantQuery()).Items;

        Assert.That(cliff.Grants, Is.Not.Empty);
        Assert.That(cliff.AtRiskCents, Is.GreaterThan(0));
        Assert.That(cliff.ReportsDue.Select(r => r.Description), Does.Contain("Interim narrative report"));
        Assert.That(grants.Select(g => g.Status), Does.Contain(GrantStatus.Pending).And.Contain(GrantStatus.Awarded));
        Assert.That(summary.Grants, Is.EqualTo(7));
        foreach (var member in summary.MemberOrganizationIds)
            Assert.That(_db.Get<GrantService>().List(Actor.System(member), new GrantQuery()).Items, Has.Count.EqualTo(1));
    }

    [Test]
    public void Load_FreshDatabase_RecordsPledgesBeingPaidDueAndWrittenOff()
    {
        var summary = NewLoader(_db).Load();
        var alliance = Actor.System(summary.AllianceId);

        var pledges = _db.Get<PledgeService>().List(alliance, new PledgeQuery()).Items;
        var receivables = _db.Get<ReceivablesService>().Receivables(alliance);

        Assert.That(summary.Pledges, Is.EqualTo(15));
        Assert.That(pledges, Has.Count.EqualTo(3));
        Assert.That(pledges.Select(p => p.Standing), Does.Contain(PledgeStanding.WrittenOff).And.Contain(PledgeStanding.Open));
        Assert.That(pledges.Single(p => p.Purpose == "Sustainer pledge").PaidCents, Is.GreaterThan(0));
        Assert.That(receivables.Months.Sum(m => m.PledgeCents), Is.GreaterThan(0));
        Assert.That(receivables.Months.Sum(m => m.GrantCents), Is.GreaterThan(0));
    }

    [Test]
    public void Load_GivesTheAllianceARunningAndAFinishedMatchingCampaign_IssuedReceipts_AndItsOwnLook()
    {
        var summary = NewLoader(_db).Load();
        var alliance = Actor.System(summary.AllianceId);
        var today = _db.Get<OrganizationService>().Find(summary.AllianceId)!.LocalDate(_db.Clock.GetUtcNow());

        var campaigns = _db.Get<MatchingCampaignService>().List(alliance);
        var finished = campaigns.Single(c => c.EndsOn < today);

        Assert.Multiple(() =>
        {
            Assert.That(campaigns.Count(c => c.StartsOn <= today && today <= c.EndsOn), Is.EqualTo(1), "one running");
            Assert.That(_db.Get<MatchingCampaignService>().Claim(alliance, finished.Id), Is.Not.Null, "the finished one's claim is ready");
            Assert.That(_db.Get<GiftReceiptService>().List(alliance, null, new PageRequest(1, 1)).Total, Is.GreaterThan(0));
            Assert.That(_db.Get<PublicPageBrandingService>().For(summary.AllianceId).AccentColor, Is.EqualTo("#2b6a4f"));
        });
    }

    [Test]
    public void Load_GivesTheAllianceMonthlyCardDonors_CardPayouts_ARefund_AndThankedGifts()
    {
        var summary = NewLoader(_db).Load();
        var alliance = Actor.System(summary.AllianceId);
        var today = _db.Get<OrganizationService>().Find(summary.AllianceId)!.LocalDate(_db.Clock.GetUtcNow());

        using var connection = _db.Connections.Open();
        long Count(string sql) => connection.ExecuteScalar<long>(sql, new { organizationId = summary.AllianceId });
        var payouts = _db.Get<DonorTrack.Core.Payments.CardReconciliation>().PayoutDays(alliance, today.AddMonths(-3), today);

        Assert.Multiple(() =>
        {
            Assert.That(Count("SELECT count(*) FROM recurring_donations WHERE organization_id = @organizationId AND interval = 'month'"), Is.GreaterThanOrEqualTo(3), "monthly donors");
            Assert.That(Count("SELECT count(*) FROM gifts WHERE organization_id = @organizationId AND recurring_donation_id IS NOT NULL AND method = 'card'"), Is.GreaterThanOrEqualTo(15), "their card payments");
            Assert.That(payouts, Has.Count.GreaterThan(3), "card payout days");
            Assert.That(payouts.Sum(p => p.FeeCents), Is.GreaterThan(0));
            Assert.That(Count("SELECT count(*) FROM gifts WHERE organization_id = @organizationId AND status = 'refunded'"), Is.EqualTo(1), "one refund");
            Assert.That(Count("SELECT count(*) FROM gift_acknowledgments WHERE organization_id = @organizationId"), Is.GreaterThan(0), "thanked gifts");
            Assert.That(_db.Get<DonorTrack.Core.Email.AcknowledgmentService>().ToThank(alliance, new PageRequest(1, 1)).Total, Is.GreaterThan(0), "some left to thank");
        });
    }

    [Test]
    public void Load_GivesTheAllianceAMembershipPlanWithMembersPaidInGraceAndLapsed()
    {
        var summary = NewLoader(_db).Load();
        var alliance = Actor.System(summary.AllianceId);
        var memberships = _db.Get<DonorTrack.Core.Dues.MembershipService>();

        Assert.Multiple(() =>
        {
            Assert.That(memberships.Plans(alliance), Is.Not.Empty);
            Assert.That(memberships.All(alliance, DonorTrack.Core.Dues.MembershipStatus.Active), Is.Not.Empty, "paid up");
            Assert.That(memberships.All(alliance, DonorTrack.Core.Dues.MembershipStatus.Grace), Is.Not.Empty, "in grace");
            Assert.That(memberships.All(alliance, DonorTrack.Core.Dues.MembershipStatus.Lapsed), Is.Not.Empty, "lapsed");
        });
    }
}
