namespace DonorTrack.Tests.Grants;

public sealed class GrantServiceTests
{
    private TestDatabase _db = null!;
    private Actor _actor = null!;
    private long _funder;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _actor = _db.NewOrganization();
        _funder = _db.Get<DonorService>().Create(_actor, new DonorInput { Kind = "organization", OrganizationName = "Bush Foundation" });
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    private GrantService Grants => _db.Get<GrantService>();

    private GrantInput Award(long amountCents = 100_000_00, int? installments = 3) => new()
    {
        FunderDonorId = _funder, Name = "General support", AmountCents = amountCents, AwardedOn = new DateOnly(2026, 1, 10),
        StartsOn = new DateOnly(2026, 1, 1), EndsOn = new DateOnly(2028, 12, 31), Restriction = GrantRestriction.GeneralOperating,
        Status = GrantStatus.Awarded, InstallmentCount = installments,
    };

    private long Pay(long grantId, long cents, string on = "2026-06-01") => _db.Get<GiftService>().Record(_actor, new GiftInput
    {
        DonorId = _funder, AmountCents = cents, ReceivedOn = DateOnly.Parse(on), Method = GiftMethod.Check, Category = GiftCategory.Foundation, GrantId = grantId,
    });

    private long Count(string table)
    {
        using var connection = _db.Connections.Open();
        return connection.ExecuteScalar<long>($"SELECT count(*) FROM {table}");
    }

    [Test]
    public void EqualInstallments_OfAnUnevenAward_SumExactlyWithTheRemainderOnTheLast()
    {
        var id = Grants.Create(_actor, Award(amountCents: 100_000_01, installments: 3));

        var schedule = Grants.Find(_actor, id)!.Installments;

        Assert.That(schedule.Select(i => i.AmountCents), Is.EqualTo(new[] { 33_333_33L, 33_333_33L, 33_333_35L }));
        Assert.That(schedule.Sum(i => i.AmountCents), Is.EqualTo(100_000_01L));
        Assert.That(schedule.Select(i => i.DueOn), Is.EqualTo(new[] { new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1), new DateOnly(2028, 1, 1) }));
    }

    [Test]
    public void OnePayment_SpanningTwoInstallments_PaysTheFirstAndPartOfTheSecond()
    {
        var id = Grants.Create(_actor, Award(amountCents: 90_000_00, installments: 3));

        Pay(id, 40_000_00);
        var detail = Grants.Find(_actor, id)!;

        Assert.That(detail.Installments.Select(i => i.PaidCents), Is.EqualTo(new[] { 30_000_00L, 10_000_00L, 0L }));
        Assert.That(detail.Installments.Select(i => i.Standing), Is.EqualTo(new[] { InstallmentStanding.Paid, InstallmentStanding.PartlyPaid, InstallmentStanding.Open }));
        Assert.That(detail.BalanceCents, Is.EqualTo(50_000_00L));
    }

    [Test]
    public void Overpayment_IsRefusedNamingTheOpenBalance_AndWritesNothing()
    {
        var id = Grants.Create(_actor, Award(amountCents: 90_000_00, installments: 3));
        Pay(id, 80_000_00);
        var gifts = Count("gifts");
        var audits = Count("audit_entries");

        var refused = Assert.Throws<ValidationException>(() => Pay(id, 10_000_01))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo("AmountCents"));
        Assert.That(refused.Errors.Single().ErrorMessage, Does.Contain("10000.00"));
        Assert.That(Count("gifts"), Is.EqualTo(gifts));
        Assert.That(Count("audit_entries"), Is.EqualTo(audits));
    }

    [TestCase(GrantStatus.Declined)]
    [TestCase(GrantStatus.Closed)]
    [TestCase(GrantStatus.Pending)]
    public void Payment_AgainstAGrantNotAwarded_IsRefusedOnTheGrantField(GrantStatus status)
    {
        var id = Grants.Create(_actor, Award() with { Status = status });
        var gifts = Count("gifts");

        var refused = Assert.Throws<ValidationException>(() => Pay(id, 100_00))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo("GrantId"));
        Assert.That(Count("gifts"), Is.EqualTo(gifts));
    }

    [Test]
    public void VoidedPayment_ReopensItsInstallment()
    {
        var id = Grants.Create(_actor, Award(amountCents: 60_000_00, installments: 2));
        var gift = Pay(id, 30_000_00);

        _db.Get<GiftService>().Void(_actor, gift, new VoidGiftInput("Check bounced"));
        var detail = Grants.Find(_actor, id)!;

        Assert.That(detail.Installments[0].Standing, Is.EqualTo(InstallmentStanding.Open));
        Assert.That(detail.BalanceCents, Is.EqualTo(60_000_00L));
        Assert.DoesNotThrow(() => Pay(id, 60_000_00));
    }

    [Test]
    public void RefundedPayment_ReopensItsInstallmentByTheRefundedAmount()
    {
        var id = Grants.Create(_actor, Award(amountCents: 60_000_00, installments: 2));
        var gift = Pay(id, 30_000_00);

        using (var db = _db.Connections.BeginTransaction())
        {
            _db.Get<GiftService>().ApplyRefundTotal(db, _actor, gift, 5_000_00);
            db.Commit();
        }
        var detail = Grants.Find(_actor, id)!;

        Assert.That(detail.Installments[0].PaidCents, Is.EqualTo(25_000_00L));
        Assert.That(detail.Installments[0].Standing, Is.EqualTo(InstallmentStanding.PartlyPaid));
    }

    [Test]
    public void TermEndingBeforeItStarts_IsRefusedOnEndsOn_AndWritesNothing()
    {
        var refused = Assert.Throws<ValidationException>(() => Grants.Create(_actor, Award() with { EndsOn = new DateOnly(2025, 12, 31) }))!;

        Assert.That(refused.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { "EndsOn" }));
        Assert.That(Count("grants"), Is.Zero);
    }

    [Test]
    public void ScheduleNotSummingToTheAward_IsRefusedOnInstallments_AndWritesNothing()
    {
        var input = Award(amountCents: 10_000_00) with
        {
            Installments = [new InstallmentInput(new DateOnly(2026, 1, 1), 5_000_00), new InstallmentInput(new DateOnly(2027, 1, 1), 4_000_00)],
        };

        var refused = Assert.Throws<ValidationException>(() => Grants.Create(_actor, input))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo("Installments"));
        Assert.That(refused.Errors.Single().ErrorMessage, Does.Contain("9000.00").And.Contain("10000.00"));
        Assert.That(Count("grants") + Count("grant_installments"), Is.Zero);
    }

    [TestCase(0L)]
    [TestCase(-500L)]
    public void ZeroOrNegativeAmounts_AreRefusedOnTheirFields(long cents)
    {
        var input = Award() with { AmountCents = cents, Installments = [new InstallmentInput(new DateOnly(2026, 1, 1), cents)] };

        var refused = Assert.Throws<ValidationException>(() => Grants.Create(_actor, input))!;

        Assert.That(refused.Errors.Select(e => e.PropertyName), Is.SupersetOf(new[] { "AmountCents", "Installments[0].AmountCents" }));
        Assert.That(Count("grants"), Is.Zero);
    }

    [Test]
    public void IndividualFunder_IsRefusedWithoutConfirmation_AndAcceptedWithIt()
    {
        var person = _db.Get<DonorService>().Create(_actor, new DonorInput { FirstName = "Mai", LastName = "Vang" });

        var refused = Assert.Throws<ValidationException>(() => Grants.Create(_actor, Award() with { FunderDonorId = person }))!;
        var id = Grants.Create(_actor, Award() with { FunderDonorId = person, ConfirmIndividualFunder = true });

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo("FunderDonorId"));
        Assert.That(Grants.Find(_actor, id)!.Grant.FunderDonorId, Is.EqualTo(person));
    }

    [Test]
    public void Update_ChangesTheGrantAndIsAuditedWithBeforeAndAfter()
    {
        var id = Grants.Create(_actor, Award());

        Grants.Update(_actor, id, Award() with { Status = GrantStatus.Closed, Name = "General support (closed)" });

        using var connection = _db.Connections.Open();
        var actions = connection.Query<string>("SELECT action FROM audit_entries WHERE entity_type = 'grant' AND entity_id = @id ORDER BY id", new { id });
        var before = connection.ExecuteScalar<string>("SELECT before_json FROM audit_entries WHERE entity_type = 'grant' AND action = 'update'");
        Assert.That(actions, Is.EqualTo(new[] { "create", "update" }));
        Assert.That(before, Does.Contain("\"status\":\"awarded\""));
        Assert.That(Grants.Find(_actor, id)!.Grant.Status, Is.EqualTo(GrantStatus.Closed));
    }

    [Test]
    public void AnotherOrganizationsGrant_IsNotFoundAndCannotBePaid()
    {
        var id = Grants.Create(_actor, Award());
        var other = _db.NewOrganization("Somali Mothers Network");

        Assert.That(Grants.Find(other, id), Is.Null);
        Assert.That(Grants.Update(other, id, Award()), Is.False);
    }
}
