namespace DonorTrack.Tests.Grants;

public sealed class PledgeServiceTests
{
    private TestDatabase _db = null!;
    private Actor _actor = null!;
    private long _donor;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _actor = _db.NewOrganization();
        _donor = _db.Get<DonorService>().Create(_actor, new DonorInput { FirstName = "Xee", LastName = "Yang" });
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    private PledgeService Pledges => _db.Get<PledgeService>();

    private PledgeInput Promise(long cents = 1_200_00, int count = 12) => new()
    {
        DonorId = _donor, AmountCents = cents, PledgedOn = new DateOnly(2026, 6, 1), Category = GiftCategory.Individual, InstallmentCount = count, IntervalMonths = 1,
    };

    private long Pay(long pledgeId, long cents) => _db.Get<GiftService>().Record(_actor, new GiftInput
    {
        DonorId = _donor, AmountCents = cents, ReceivedOn = new DateOnly(2026, 6, 10), Method = GiftMethod.Cash, Category = GiftCategory.Individual, PledgeId = pledgeId,
    });

    [Test]
    public void Pledge_OfTwelveMonthlyInstallments_IsScheduledMonthlyFromThePledgeDate()
    {
        var id = Pledges.Create(_actor, Promise());

        var detail = Pledges.Find(_actor, id)!;

        Assert.That(detail.Installments, Has.Count.EqualTo(12));
        Assert.That(detail.Installments[11].DueOn, Is.EqualTo(new DateOnly(2027, 5, 1)));
        Assert.That(detail.Installments.Sum(i => i.AmountCents), Is.EqualTo(1_200_00L));
    }

    [Test]
    public void Payment_PaysTheEarliestInstallments_AndAPaymentOverTheBalanceIsRefused()
    {
        var id = Pledges.Create(_actor, Promise());
        Pay(id, 250_00);

        var refused = Assert.Throws<ValidationException>(() => Pay(id, 950_01))!;
        var detail = Pledges.Find(_actor, id)!;

        Assert.That(detail.Installments.Take(3).Select(i => i.PaidCents), Is.EqualTo(new[] { 100_00L, 100_00L, 50_00L }));
        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo("AmountCents"));
        Assert.That(refused.Errors.Single().ErrorMessage, Does.Contain("950.00"));
    }

    [Test]
    public void WriteOff_CoversTheLatestInstallments_AndIsKeptWithItsReason()
    {
        var id = Pledges.Create(_actor, Promise());
        Pay(id, 300_00);

        Assert.That(Pledges.WriteOff(_actor, id, new PledgeWriteOffInput(200_00, "Donor moved away")), Is.True);
        var detail = Pledges.Find(_actor, id)!;

        Assert.That(detail.BalanceCents, Is.EqualTo(700_00L));
        Assert.That(detail.Installments.TakeLast(2).Select(i => i.Standing), Is.All.EqualTo(InstallmentStanding.WrittenOff));
        Assert.That(detail.WriteOffs.Single().Reason, Is.EqualTo("Donor moved away"));
        Assert.That(detail.Standing, Is.EqualTo(PledgeStanding.Open));
    }

    [Test]
    public void WriteOff_LargerThanTheBalance_IsRefusedOnTheAmount_AndWritesNothing()
    {
        var id = Pledges.Create(_actor, Promise());
        Pay(id, 300_00);

        var refused = Assert.Throws<ValidationException>(() => Pledges.WriteOff(_actor, id, new PledgeWriteOffInput(900_01, "Too much")))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo("AmountCents"));
        Assert.That(refused.Errors.Single().ErrorMessage, Does.Contain("900.00"));
        Assert.That(Pledges.Find(_actor, id)!.WriteOffs, Is.Empty);
    }

    [Test]
    public void WriteOff_WithoutAmount_WritesOffTheWholeBalanceAndRefusesLaterPayments()
    {
        var id = Pledges.Create(_actor, Promise());

        Pledges.WriteOff(_actor, id, new PledgeWriteOffInput(null, "Lost contact"));

        Assert.That(Pledges.Find(_actor, id)!.Standing, Is.EqualTo(PledgeStanding.WrittenOff));
        Assert.Throws<ValidationException>(() => Pay(id, 1_00));
    }

    [Test]
    public void WriteOff_ByDataEntry_IsForbidden()
    {
        var id = Pledges.Create(_actor, Promise());

        Assert.Throws<ForbiddenException>(() => Pledges.WriteOff(_actor with { Role = Role.Entry }, id, new PledgeWriteOffInput(null, "No")));
    }

    [Test]
    public void Payment_FromAnotherDonor_IsRefusedOnThePledge()
    {
        var id = Pledges.Create(_actor, Promise());
        var other = _db.Get<DonorService>().Create(_actor, new DonorInput { FirstName = "Hodan", LastName = "Ali" });

        var refused = Assert.Throws<ValidationException>(() => _db.Get<GiftService>().Record(_actor, new GiftInput
        {
            DonorId = other, AmountCents = 100, ReceivedOn = new DateOnly(2026, 6, 10), Method = GiftMethod.Cash, Category = GiftCategory.Individual, PledgeId = id,
        }))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo("PledgeId"));
    }
}
