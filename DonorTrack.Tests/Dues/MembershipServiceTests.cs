namespace DonorTrack.Tests.Dues;

public sealed class MembershipServiceTests
{
    private TestDatabase _db = null!;
    private Actor _actor = null!;
    private MembershipService _memberships = null!;
    private GiftService _gifts = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _actor = _db.NewOrganization();
        _memberships = _db.Get<MembershipService>();
        _gifts = _db.Get<GiftService>();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void Payment_OfOnePeriodsDues_ExtendsPaidThroughByOneInterval()
    {
        var membership = Enrol(Plan(2500, DuesInterval.Month), Person("Xee", "Yang"), new DateOnly(2026, 1, 31));

        _memberships.RecordPayment(_actor, membership, Payment(2500, new DateOnly(2026, 1, 31)));

        var details = _memberships.Find(_actor, membership)!;
        Assert.That(details.Summary.PaidThrough, Is.EqualTo(new DateOnly(2026, 2, 28)));
        Assert.That(details.Summary.CreditCents, Is.Zero);
        Assert.That(details.Payments, Has.Count.EqualTo(1));
    }

    [Test]
    public void Payment_OfTwoAndAHalfPeriods_ExtendsByTwoIntervalsAndKeepsHalfAsCredit()
    {
        var membership = Enrol(Plan(10000, DuesInterval.Quarter), Person("Amina", "Abdi"), new DateOnly(2026, 6, 1));

        _memberships.RecordPayment(_actor, membership, Payment(25000, new DateOnly(2026, 6, 1)));

        var summary = _memberships.Find(_actor, membership)!.Summary;
        Assert.That(summary.PaidThrough, Is.EqualTo(new DateOnly(2026, 12, 1)));
        Assert.That(summary.CreditCents, Is.EqualTo(5000));
    }

    [Test]
    public void GiftRecordedWithMembershipId_ThroughGiftService_AppliesAsDuesPayment()
    {
        var donor = Person("Lan", "Nguyễn");
        var membership = Enrol(Plan(1000, DuesInterval.Month), donor, new DateOnly(2026, 5, 1));

        _gifts.Record(_actor, new GiftInput
        {
            DonorId = donor, AmountCents = 3000, ReceivedOn = new DateOnly(2026, 5, 2), Method = GiftMethod.Cash, Category = GiftCategory.MembershipDues, MembershipId = membership,
        });

        Assert.That(_memberships.Find(_actor, membership)!.Summary.PaidThrough, Is.EqualTo(new DateOnly(2026, 8, 1)));
    }

    [Test]
    public void VoidingADuesPayment_RollsPaidThroughBack()
    {
        var membership = Enrol(Plan(1000, DuesInterval.Month), Person("Xee", "Yang"), new DateOnly(2026, 5, 1));
        _memberships.RecordPayment(_actor, membership, Payment(1000, new DateOnly(2026, 5, 1)));
        var second = _memberships.RecordPayment(_actor, membership, Payment(1000, new DateOnly(2026, 5, 20)));
        Assume.That(_memberships.Find(_actor, membership)!.Summary.PaidThrough, Is.EqualTo(new DateOnly(2026, 7, 1)));

        _gifts.Void(_actor, second, new VoidGiftInput("Check bounced"));

        Assert.That(_memberships.Find(_actor, membership)!.Summary.PaidThrough, Is.EqualTo(new DateOnly(2026, 6, 1)));
    }

    [Test]
    public void EditingADuesPaymentsAmount_ReplaysTheMembershipInTheSameTransaction()
    {
        var membership = Enrol(Plan(1000, DuesInterval.Month), Person("Xee", "Yang"), new DateOnly(2026, 5, 1));
        var payment = _memberships.RecordPayment(_actor, membership, Payment(1000, new DateOnly(2026, 5, 1)));
        Assume.That(_memberships.Find(_actor, membership)!.Summary.PaidThrough, Is.EqualTo(new DateOnly(2026, 6, 1)));

        _gifts.Edit(_actor, payment, GiftEditInput.From(_gifts.Find(_actor, payment)!) with { AmountCents = 3000 });

        Assert.That(_memberships.Find(_actor, membership)!.Summary.PaidThrough, Is.EqualTo(new DateOnly(2026, 8, 1)));
    }

    [Test]
    public void EditingADuesPaymentOutOfTheMembershipDuesCategory_IsRefusedOnTheCategory()
    {
        var membership = Enrol(Plan(1000, DuesInterval.Month), Person("Xee", "Yang"), new DateOnly(2026, 5, 1));
        var payment = _memberships.RecordPayment(_actor, membership, Payment(1000, new DateOnly(2026, 5, 1)));

        var refused = Assert.Throws<ValidationException>(() =>
            _gifts.Edit(_actor, payment, GiftEditInput.From(_gifts.Find(_actor, payment)!) with { Category = GiftCategory.Individual }))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo(nameof(GiftEditInput.Category)));
        Assert.That(_gifts.Find(_actor, payment)!.Category, Is.EqualTo(GiftCategory.MembershipDues));
    }

    [Test]
    public void RefundingPartOfADuesPayment_RollsPaidThroughBackAndKeepsTheRestAsCredit()
    {
        var membership = Enrol(Plan(1000, DuesInterval.Month), Person("Xee", "Yang"), new DateOnly(2026, 5, 1));
        var gift = _memberships.RecordPayment(_actor, membership, Payment(3000, new DateOnly(2026, 5, 1)));

        _db.Seed.Refund(_actor, gift, 1500);

        var summary = _memberships.Find(_actor, membership)!.Summary;
        Assert.That(summary.PaidThrough, Is.EqualTo(new DateOnly(2026, 6, 1)));
        Assert.That(summary.CreditCents, Is.EqualTo(500));
    }

    [Test]
    public void Status_FollowsTheClockThroughGraceIntoLapsed()
    {
        var plan = Plan(1000, DuesInterval.Month, graceDays: 10);
        var membership = Enrol(plan, Person("Xee", "Yang"), new DateOnly(2026, 5, 15));
        _memberships.RecordPayment(_actor, membership, Payment(1000, new DateOnly(2026, 5, 15)));
        // Paid through 2026-06-15; the test clock starts at noon that day in Chicago.

        var onPaidThrough = Status(membership);
        _db.Clock.Advance(TimeSpan.FromDays(10));
        var lastGraceDay = Status(membership);
        _db.Clock.Advance(TimeSpan.FromDays(1));
        var firstLapsedDay = Status(membership);

        Assert.That(onPaidThrough, Is.EqualTo(MembershipStatus.Active));
        Assert.That(lastGraceDay, Is.EqualTo(MembershipStatus.Grace));
        Assert.That(firstLapsedDay, Is.EqualTo(MembershipStatus.Lapsed));
    }

    [Test]
    public void Plan_WithZeroDues_IsRefusedWithAMessage()
    {
        var error = Assert.Throws<ValidationException>(() => _memberships.CreatePlan(_actor, PlanInput(0, DuesInterval.Month)))!;
        Assert.That(error.Errors.Single().PropertyName, Is.EqualTo(nameof(MembershipPlanInput.AmountCents)));
        Assert.That(error.Errors.Single().ErrorMessage, Does.Contain("more than $0"));
    }

    [Test]
    public void Plan_WithGraceOf366Days_IsRefusedWithAMessage()
    {
        var error = Assert.Throws<ValidationException>(() => _memberships.CreatePlan(_actor, PlanInput(1000, DuesInterval.Month) with { GraceDays = 366 }))!;
        Assert.That(error.Errors.Single().ErrorMessage, Is.EqualTo("Grace days must be from 0 to 365."));
    }

    [Test]
    public void Enrolling_AnIndividualOnAnOrganizationPlan_IsRefusedWithAClearMessage()
    {
        var plan = _memberships.CreatePlan(_actor, PlanInput(5000, DuesInterval.Year) with { Name = "Member groups", MemberKind = MemberKind.Organization });

        var error = Assert.Throws<ValidationException>(() => Enrol(plan, Person("Xee", "Yang"), new DateOnly(2026, 6, 15)))!;

        Assert.That(error.Errors.Single().ErrorMessage, Does.Contain("an individual cannot be enrolled on it"));
    }

    [Test]
    public void Enrolling_TwiceOnTheSamePlan_IsRefused()
    {
        var plan = Plan(1000, DuesInterval.Month);
        var donor = Person("Xee", "Yang");
        Enrol(plan, donor, new DateOnly(2026, 6, 15));

        var error = Assert.Throws<ValidationException>(() => Enrol(plan, donor, new DateOnly(2026, 6, 15)))!;

        Assert.That(error.Errors.Single().ErrorMessage, Does.Contain("already a member"));
    }

    [Test]
    public void Enrolling_FromBeforeTheDonorWasAdded_IsAllowedWithAWarning()
    {
        var result = _memberships.Enrol(_actor, new MembershipEnrolmentInput { DonorId = Person("Xee", "Yang"), PlanId = Plan(1000, DuesInterval.Month), StartsOn = new DateOnly(2025, 1, 1) });

        Assert.That(result.MembershipId, Is.GreaterThan(0));
        Assert.That(result.Warnings.Single(), Does.Contain("before this donor was added"));
    }

    [Test]
    public void DuesGift_ForAnotherDonorsMembership_IsRefused()
    {
        var membership = Enrol(Plan(1000, DuesInterval.Month), Person("Xee", "Yang"), new DateOnly(2026, 6, 1));

        var error = Assert.Throws<ValidationException>(() => _gifts.Record(_actor, new GiftInput
        {
            DonorId = Person("Other", "Person"), AmountCents = 1000, ReceivedOn = new DateOnly(2026, 6, 1), Method = GiftMethod.Cash, Category = GiftCategory.MembershipDues, MembershipId = membership,
        }))!;

        Assert.That(error.Errors.Single().PropertyName, Is.EqualTo(nameof(GiftInput.MembershipId)));
    }

    [Test]
    public void DuesGift_ForAnotherOrganizationsMembership_IsRefusedAsUnknown()
    {
        var membership = Enrol(Plan(1000, DuesInterval.Month), Person("Xee", "Yang"), new DateOnly(2026, 6, 1));
        var other = _db.NewOrganization("Somali Mothers Network");
        var otherDonor = _db.Get<DonorService>().Create(other, new DonorInput { FirstName = "Hodan", LastName = "Ali" });

        var error = Assert.Throws<ValidationException>(() => _gifts.Record(other, new GiftInput
        {
            DonorId = otherDonor, AmountCents = 1000, ReceivedOn = new DateOnly(2026, 6, 1), Method = GiftMethod.Cash, Category = GiftCategory.MembershipDues, MembershipId = membership,
        }))!;

        Assert.That(error.Errors.Single().ErrorMessage, Is.EqualTo("There is no such membership in this organization."));
    }

    [Test]
    public void Cancel_ThenReinstateWhilePaidAhead_ResumesTheSameTerm()
    {
        var membership = Enrol(Plan(1000, DuesInterval.Month), Person("Xee", "Yang"), new DateOnly(2026, 6, 1));
        _memberships.RecordPayment(_actor, membership, Payment(3000, new DateOnly(2026, 6, 1)));

        _memberships.Cancel(_actor, membership, new CancelMembershipInput(new DateOnly(2026, 6, 10), "Moved away"));
        var cancelled = Status(membership);
        var continuing = _memberships.Reinstate(_actor, membership, new ReinstateMembershipInput(new DateOnly(2026, 6, 15)));

        Assert.That(cancelled, Is.EqualTo(MembershipStatus.Cancelled));
        Assert.That(continuing, Is.EqualTo(membership));
        Assert.That(Status(membership), Is.EqualTo(MembershipStatus.Active));
    }

    [Test]
    public void Reinstating_ALapsedMembership_StartsANewTermAndWritesOffArrears()
    {
        var plan = Plan(1000, DuesInterval.Month, graceDays: 5);
        var membership = Enrol(plan, Person("Xee", "Yang"), new DateOnly(2026, 1, 1));
        Assume.That(Status(membership), Is.EqualTo(MembershipStatus.Lapsed));

        var continuing = _memberships.Reinstate(_actor, membership, new ReinstateMembershipInput(new DateOnly(2026, 6, 15)))!.Value;

        var newTerm = _memberships.Find(_actor, continuing)!;
        var oldTerm = _memberships.Find(_actor, membership)!;
        Assert.That(newTerm.Summary.StartsOn, Is.EqualTo(new DateOnly(2026, 6, 15)));
        Assert.That(newTerm.Row.TermReason, Is.EqualTo("reinstatement"));
        Assert.That(oldTerm.Summary.Status, Is.EqualTo(MembershipStatus.Cancelled));
        Assert.That(oldTerm.Summary.Arrears.OwedCents, Is.Zero);
    }

    [Test]
    public void ChangingPlan_CarriesUnusedPaidDuesAsOpeningCredit()
    {
        var monthly = Plan(1000, DuesInterval.Month);
        var yearly = _memberships.CreatePlan(_actor, PlanInput(10000, DuesInterval.Year) with { Name = "Yearly" });
        var membership = Enrol(monthly, Person("Xee", "Yang"), new DateOnly(2026, 6, 15));
        _memberships.RecordPayment(_actor, membership, Payment(3000, new DateOnly(2026, 6, 15)));

        var newTerm = _memberships.ChangePlan(_actor, membership, new PlanChangeInput(yearly, new DateOnly(2026, 6, 15)))!.Value;

        var details = _memberships.Find(_actor, newTerm)!;
        Assert.That(details.Row.OpeningCreditCents, Is.EqualTo(3000));
        Assert.That(details.Summary.CreditCents, Is.EqualTo(3000));
        Assert.That(details.Summary.PlanName, Is.EqualTo("Yearly"));
        Assert.That(Status(membership), Is.EqualTo(MembershipStatus.Cancelled));
    }

    [Test]
    public void RecurringDonation_PaymentAdvancesNextDue_AndMissedInstallmentsShow()
    {
        var recurring = _db.Get<RecurringDonationService>();
        var donor = Person("Xee", "Yang");
        var pledge = recurring.Create(_actor, new RecurringDonationInput { DonorId = donor, AmountCents = 2000, Interval = DuesInterval.Month, StartsOn = new DateOnly(2026, 3, 15) });

        _gifts.Record(_actor, new GiftInput
        {
            DonorId = donor, AmountCents = 2000, ReceivedOn = new DateOnly(2026, 3, 15), Method = GiftMethod.Card, Category = GiftCategory.Individual, RecurringDonationId = pledge,
        });

        var summary = recurring.Find(_actor, pledge)!;
        Assert.That(summary.Row.NextDueOn, Is.EqualTo(new DateOnly(2026, 4, 15)));
        Assert.That(summary.Missed, Is.EqualTo(new[] { new DateOnly(2026, 4, 15), new DateOnly(2026, 5, 15) }));
        Assert.That(recurring.MonthlyRecurringRevenueCents(_actor), Is.EqualTo(2000));
    }

    [Test]
    public void RecurringDonation_PausedThenResumed_SkipsInstallmentsDueWhilePaused()
    {
        var recurring = _db.Get<RecurringDonationService>();
        var pledge = recurring.Create(_actor, new RecurringDonationInput { DonorId = Person("Xee", "Yang"), AmountCents = 2000, Interval = DuesInterval.Month, StartsOn = new DateOnly(2026, 3, 20) });

        recurring.Pause(_actor, pledge);
        recurring.Resume(_actor, pledge);

        var summary = recurring.Find(_actor, pledge)!;
        Assert.That(summary.Status, Is.EqualTo(RecurringDonationStatus.Active));
        Assert.That(summary.Row.NextDueOn, Is.EqualTo(new DateOnly(2026, 6, 20)));
        Assert.That(summary.Missed, Is.Empty);
    }

    [Test]
    public void AllianceDues_AssigningAPlanToAMember_CreatesItsPayerDonorAndShowsFiscalYearDues()
    {
        var alliance = _actor;
        var member = _db.Get<OrganizationService>().Create(new OrganizationInput { Name = "Hmong Elders Circle" }, alliance.OrganizationId);
        var plan = _memberships.CreatePlan(alliance, PlanInput(12000, DuesInterval.Year) with { Name = "Member dues", MemberKind = MemberKind.Organization });
        var service = _db.Get<AllianceDuesService>();

        var result = service.Assign(alliance, new AllianceDuesAssignmentInput(member, plan, new DateOnly(2026, 1, 1)));
        _memberships.RecordPayment(alliance, result.MembershipId, Payment(5000, new DateOnly(2026, 2, 1)));

        var row = service.Rows(alliance).Single(r => r.MemberOrganizationId == member);
        Assert.That(row.Membership!.DonorName, Is.EqualTo("Hmong Elders Circle"));
        Assert.That(row.FiscalYear!.DueCents, Is.EqualTo(12000));
        Assert.That(row.FiscalYear.PaidCents, Is.EqualTo(5000));
        Assert.That(row.FiscalYear.Arrears.OwedCents, Is.EqualTo(7000));
    }

    [Test]
    public void Overview_ListsDueSoonGraceAndRecentlyLapsed_WithArrearsTotal()
    {
        var plan = Plan(1000, DuesInterval.Month, graceDays: 10);
        var dueSoon = Enrol(plan, Person("Due", "Soon"), new DateOnly(2026, 6, 1));
        _memberships.RecordPayment(_actor, dueSoon, Payment(1000, new DateOnly(2026, 6, 1)));
        var inGrace = Enrol(plan, Person("In", "Grace"), new DateOnly(2026, 6, 10));
        var lapsed = Enrol(plan, Person("Recently", "Lapsed"), new DateOnly(2026, 5, 1));

        var overview = _memberships.Overview(_actor, 0);

        Assert.That(overview.DueSoon.Select(d => d.Membership.Id), Does.Contain(dueSoon));
        Assert.That(overview.InGrace.Select(m => m.Id), Is.EqualTo(new[] { inGrace }));
        Assert.That(overview.RecentlyLapsed.Select(m => m.Id), Is.EqualTo(new[] { lapsed }));
        // In grace: 1 period past due; lapsed since May 1: May and June past due.
        Assert.That(overview.ArrearsTotalCents, Is.EqualTo(3000));
    }

    [Test]
    public void MembershipCsv_StartsWithAByteOrderMark_AndKeepsNonLatinNames()
    {
        var membership = Enrol(Plan(1000, DuesInterval.Month), Person("Thị Minh", "Nguyễn"), new DateOnly(2026, 6, 1));

        var csv = DuesCsv.Memberships(_memberships.List(_actor, new MembershipQuery()).Items);

        Assert.That(csv.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        var text = Encoding.UTF8.GetString(csv, 3, csv.Length - 3);
        Assert.That(text, Does.StartWith("Membership,Member,Do not contact,Deceased,Plan,Status,"));
        Assert.That(text, Does.Contain($"{membership},Thị Minh Nguyễn,no,no,Monthly,grace,2026-06-01,2026-06-01"));
    }

    [Test]
    public void DuesCsvs_MemberNamedLikeAFormula_WriteTheNameAsTextAndAmountsAsNumbers()
    {
        const string hostile = "-1+1+cmd|' /C calc'!A0";
        var donor = Person(hostile, "Evil");
        Enrol(Plan(1000, DuesInterval.Month, graceDays: 10), donor, new DateOnly(2026, 6, 10));
        _db.Get<RecurringDonationService>().Create(_actor, new RecurringDonationInput { DonorId = donor, AmountCents = 2000, Interval = DuesInterval.Month, StartsOn = new DateOnly(2026, 3, 15) });
        var overview = _memberships.Overview(_actor, 0);

        var files = new Dictionary<string, byte[]>
        {
            ["memberships"] = DuesCsv.Memberships(_memberships.List(_actor, new MembershipQuery()).Items),
            ["grace"] = DuesCsv.Memberships(overview.InGrace),
            ["due"] = DuesCsv.DueSoon(overview.DueSoon),
            ["recurring"] = DuesCsv.RecurringDonations(_db.Get<RecurringDonationService>().List(_actor)),
        };

        Assert.That(overview.DueSoon, Is.Not.Empty, "the member has dues falling due, so the due list has the name to neutralise");
        foreach (var (list, csv) in files)
        {
            var text = Encoding.UTF8.GetString(csv);
            Assert.That(text, Does.Contain($",'{hostile} Evil,").And.Not.Contain($",{hostile}"), list);
        }
        Assert.That(Encoding.UTF8.GetString(files["recurring"]), Does.Contain(",20.00,month,"), "amounts are number cells, not apostrophed text");
    }

    [Test]
    public void DuesCsvs_DoNotContactAndDeceasedMembers_StayOnTheListFlaggedInTheirOwnColumns()
    {
        var plan = Plan(1000, DuesInterval.Month, graceDays: 10);
        var quiet = _db.Get<DonorService>().Create(_actor, new DonorInput { FirstName = "Quiet", LastName = "Member", DoNotContact = true });
        var late = _db.Get<DonorService>().Create(_actor, new DonorInput { FirstName = "Late", LastName = "Member", Deceased = true });
        var quietMembership = Enrol(plan, quiet, new DateOnly(2026, 6, 10));
        var lateMembership = Enrol(plan, late, new DateOnly(2026, 6, 10));

        var text = Encoding.UTF8.GetString(DuesCsv.Memberships(_memberships.Overview(_actor, 0).InGrace));

        Assert.That(text, Does.Contain($"{quietMembership},Quiet Member,yes,no,"));
        Assert.That(text, Does.Contain($"{lateMembership},Late Member,no,yes,"));
    }

    private MembershipStatus Status(long membership) => _memberships.Find(_actor, membership)!.Summary.Status;

    private static MembershipPlanInput PlanInput(long cents, DuesInterval interval) => new()
    {
        Name = "Monthly", MemberKind = MemberKind.Individual, Interval = interval, PricingKind = DuesPricingKind.Fixed, AmountCents = cents, GraceDays = 30,
    };

    private long Plan(long cents, DuesInterval interval, int graceDays = 30) =>
        _memberships.CreatePlan(_actor, PlanInput(cents, interval) with { GraceDays = graceDays });

    private long Person(string first, string last) =>
        _db.Get<DonorService>().Create(_actor, new DonorInput { FirstName = first, LastName = last });

    private long Enrol(long plan, long donor, DateOnly startsOn) =>
        _memberships.Enrol(_actor, new MembershipEnrolmentInput { DonorId = donor, PlanId = plan, StartsOn = startsOn }).MembershipId;

    private static GiftInput Payment(long cents, DateOnly on) => new() { AmountCents = cents, ReceivedOn = on, Method = GiftMethod.Check };
}
