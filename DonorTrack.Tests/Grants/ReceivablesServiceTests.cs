namespace DonorTrack.Tests.Grants;

public sealed class ReceivablesServiceTests
{
    private TestDatabase _db = null!;
    private Actor _actor = null!;
    private long _foundation;
    private long _person;

    [SetUp]
    public void SetUp()
    {
        // 2026-06-15 17:00 UTC is 12:00 in Chicago, the organization's time zone.
        _db = new TestDatabase();
        _actor = _db.NewOrganization();
        _foundation = _db.Get<DonorService>().Create(_actor, new DonorInput { Kind = "organization", OrganizationName = "Bush Foundation" });
        _person = _db.Get<DonorService>().Create(_actor, new DonorInput { FirstName = "Xee", LastName = "Yang" });
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    private ReceivablesService Service => _db.Get<ReceivablesService>();

    private long Grant(long cents, string starts, string ends, int installments = 1) => _db.Get<GrantService>().Create(_actor, new GrantInput
    {
        FunderDonorId = _foundation, Name = $"Grant ending {ends}", AmountCents = cents, StartsOn = DateOnly.Parse(starts), EndsOn = DateOnly.Parse(ends),
        Restriction = GrantRestriction.GeneralOperating, Status = GrantStatus.Awarded, InstallmentCount = installments,
    });

    private void Gift(long donor, long cents, string on, long? grantId = null, GiftCategory category = GiftCategory.Individual) => _db.Get<GiftService>().Record(_actor, new GiftInput
    {
        DonorId = donor, AmountCents = cents, ReceivedOn = DateOnly.Parse(on), Method = GiftMethod.Check, Category = category, GrantId = grantId,
    });

    [Test]
    public void Cliff_OneGrantEndingInsideAndOneOutsideTheHorizon_SharesOnlyTheInsideGrantsReceipts()
    {
        var inside = Grant(60_000_00, "2025-01-01", "2026-12-31", installments: 2);
        var outside = Grant(20_000_00, "2026-01-01", "2027-12-31", installments: 2);
        Gift(_person, 60_000_00, "2026-03-01");
        Gift(_foundation, 30_000_00, "2026-01-15", inside, GiftCategory.Foundation);
        Gift(_foundation, 10_000_00, "2026-02-01", outside, GiftCategory.Foundation);
        Gift(_person, 99_00, "2025-06-15"); // exactly 12 months ago: outside the last 12 months

        var cliff = Service.Cliff(_actor);

        // Hand-computed: 30,000 of 100,000 → 0.30, over the default 25 %; the grant's monthly loss is 30,000 / 12 = 2,500.
        Assert.That(cliff.Last12MonthsCents, Is.EqualTo(100_000_00L));
        Assert.That(cliff.ShareAtRisk, Is.EqualTo(0.30).Within(1e-12));
        Assert.That(cliff.ThresholdShare, Is.EqualTo(0.25));
        Assert.That(cliff.ExceedsThreshold, Is.True);
        Assert.That(cliff.Grants.Select(g => (g.Id, g.Last12MonthsCents, g.MonthlyCents)), Is.EqualTo(new[] { (inside, 30_000_00L, 2_500_00L) }));
    }

    [Test]
    public void Cliff_HorizonIsTheOrganizationsLocalDate_NotUtc()
    {
        // 03:00 UTC on June 16 is still June 15 in Chicago: a grant ending 2027-06-15 is exactly 12 months out, so not within them.
        _db.Clock.Now = new DateTimeOffset(2026, 6, 16, 3, 0, 0, TimeSpan.Zero);
        Grant(10_000_00, "2026-01-01", "2027-06-15");
        var lastDayInside = Grant(10_000_00, "2026-01-01", "2027-06-14");

        var cliff = Service.Cliff(_actor);

        Assert.That(cliff.Today, Is.EqualTo(new DateOnly(2026, 6, 15)));
        Assert.That(cliff.Grants.Select(g => g.Id), Is.EqualTo(new[] { lastDayInside }));
    }

    [Test]
    public void Cliff_ThresholdSetPerOrganization_DecidesTheWarning()
    {
        var inside = Grant(10_000_00, "2026-01-01", "2026-12-31");
        Gift(_foundation, 10_000_00, "2026-02-01", inside, GiftCategory.Foundation);
        Gift(_person, 90_000_00, "2026-02-01");

        var before = Service.Cliff(_actor).ExceedsThreshold;
        Service.SetThreshold(_actor, 5);

        Assert.That(before, Is.False);
        Assert.That(Service.Cliff(_actor).ExceedsThreshold, Is.True);
    }

    [Test]
    public void Cliff_ReportDeadlinesWithin30DaysAndNotDone_AreListed()
    {
        var id = _db.Get<GrantService>().Create(_actor, new GrantInput
        {
            FunderDonorId = _foundation, Name = "Organizing", AmountCents = 5_000_00, StartsOn = new DateOnly(2026, 1, 1), EndsOn = new DateOnly(2027, 12, 31),
            Restriction = GrantRestriction.Project, Purpose = "Tenant organizing", Status = GrantStatus.Awarded,
            ReportDeadlines = [new(new DateOnly(2026, 7, 1), "Interim report"), new(new DateOnly(2026, 8, 1), "Later report"), new(new DateOnly(2026, 6, 1), "Sent", Done: true)],
        });

        var reports = Service.Cliff(_actor).ReportsDue;

        Assert.That(reports.Select(r => (r.GrantId, r.Description)), Is.EqualTo(new[] { (id, "Interim report") }));
    }

    [Test]
    public void Receivables_ListOverdueAndDueSoon_AndExpectedRevenueExcludesWrittenOffPledges()
    {
        var grant = Grant(30_000_00, "2026-01-01", "2028-12-31", installments: 3); // due 2026-01-01 (overdue), 2027-01-01, 2028-01-01
        var pledges = _db.Get<PledgeService>();
        var kept = pledges.Create(_actor, new PledgeInput { DonorId = _person, AmountCents = 300_00, PledgedOn = new DateOnly(2026, 6, 1), Category = GiftCategory.Individual, FirstDueOn = new DateOnly(2026, 7, 1), InstallmentCount = 3 });
        var abandoned = pledges.Create(_actor, new PledgeInput { DonorId = _person, AmountCents = 500_00, PledgedOn = new DateOnly(2026, 6, 1), Category = GiftCategory.Individual, FirstDueOn = new DateOnly(2026, 8, 10) });
        pledges.WriteOff(_actor, abandoned, new PledgeWriteOffInput(null, "Donor moved"));

        var receivables = Service.Receivables(_actor);

        Assert.That(receivables.Overdue.Select(i => (i.Source, i.SourceId, i.OpenCents)), Is.EqualTo(new[] { ("grant", grant, 10_000_00L) }));
        Assert.That(receivables.DueSoon.Select(i => (i.SourceId, i.DueOn)), Is.EqualTo(new[] { (kept, new DateOnly(2026, 7, 1)), (kept, new DateOnly(2026, 8, 1)), (kept, new DateOnly(2026, 9, 1)) }));
        Assert.That(receivables.Months, Has.Count.EqualTo(12));
        Assert.That(receivables.Months[0].Month, Is.EqualTo(new DateOnly(2026, 6, 1)));
        Assert.That(receivables.Months.Sum(m => m.PledgeCents), Is.EqualTo(300_00L));
        Assert.That(receivables.Months[7].GrantCents, Is.EqualTo(10_000_00L)); // January 2027
    }

    [Test]
    public void Receivables_IncludeActiveRecurringDonationsAndDues_ByMonth()
    {
        _db.Get<Core.Dues.RecurringDonationService>().Create(_actor, new Core.Dues.RecurringDonationInput
        {
            DonorId = _person, AmountCents = 25_00, Interval = Core.Dues.DuesInterval.Month, StartsOn = new DateOnly(2026, 6, 20),
        });

        var months = Service.Receivables(_actor).Months;

        Assert.That(months.Select(m => m.RecurringCents), Is.All.EqualTo(25_00L));
    }
}
