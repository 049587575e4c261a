namespace DonorTrack.Tests.Gifts;

/// <summary>GiftService's own rules: what it refuses (with nothing written), who may do what, and what each change leaves in the audit log.</summary>
public sealed class GiftServiceTests
{
    private TestDatabase _db = null!;
    private Actor _admin = null!;
    private GiftService _gifts = null!;
    private long _donor;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _admin = _db.NewOrganization();
        _gifts = _db.Get<GiftService>();
        _donor = _db.Seed.Donor(_admin);
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void Record_StoresEveryFieldAndAuditsTheCreation()
    {
        var fund = _db.Get<DesignationService>().SaveFund(_admin, null, new FundInput("Youth organizing", Restricted: true, null));

        var id = _gifts.Record(_admin, new GiftInput
        {
            DonorId = _donor, AmountCents = 12_345, ReceivedOn = new DateOnly(2026, 5, 4), Method = GiftMethod.Check, Category = GiftCategory.Events,
            FundId = fund, CheckNumber = "1043", BenefitValueCents = 2_000, BenefitDescription = "Dinner", Notes = "Table 4",
        });
        var gift = _gifts.Find(_admin, id)!;

        Assert.That((gift.AmountCents, gift.ReceivedOn, gift.Method, gift.Category, gift.FundId, gift.CheckNumber, gift.BenefitValueCents, gift.Status),
            Is.EqualTo((12_345L, new DateOnly(2026, 5, 4), GiftMethod.Check, GiftCategory.Events, (long?)fund, "1043", 2_000L, GiftStatus.Completed)));
        Assert.That(gift.Currency, Is.EqualTo("USD"));
        Assert.That(AuditActions(id), Is.EqualTo(new[] { "create" }));
    }

    [Test]
    public void Record_InTheFuture_IsRefusedOnTheDate_AndNothingIsWritten()
    {
        var tomorrow = DateOnly.FromDateTime(_db.Clock.Now.UtcDateTime).AddDays(2);

        var refused = Assert.Throws<ValidationException>(() => _db.Seed.Gift(_admin, _donor, 5_000, on: tomorrow))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo(nameof(GiftInput.ReceivedOn)));
        Assert.That(GiftRows(), Is.Zero);
    }

    [Test]
    public void Record_ForAnotherOrganizationsDonor_IsRefusedAsNoSuchDonor()
    {
        var other = _db.NewOrganization("Somali Mothers Network");
        var theirDonor = _db.Seed.Donor(other, "Hodan", "Ali");

        var refused = Assert.Throws<ValidationException>(() => _db.Seed.Gift(_admin, theirDonor, 5_000))!;

        Assert.That(refused.Errors.Single().ErrorMessage, Is.EqualTo("There is no such donor in this organization."));
        Assert.That(GiftRows(), Is.Zero);
    }

    [Test]
    public void Record_ForAMergedDonor_NamesTheSurvivor()
    {
        var survivor = _db.Seed.Donor(_admin, "Pa", "Vang", email: "pa@example.org");
        _db.Get<DonorTrack.Core.Merging.DonorMergeService>().Merge(_admin, new DonorTrack.Core.Merging.DonorMergeInput { SurvivorId = survivor, DuplicateId = _donor });

        var refused = Assert.Throws<ValidationException>(() => _db.Seed.Gift(_admin, _donor, 5_000))!;

        Assert.That(refused.Errors.Single().ErrorMessage, Does.Contain($"merged into donor {survivor}"));
    }

    [Test]
    public void Record_ToAnInactiveFund_IsRefusedOnTheFund()
    {
        var designations = _db.Get<DesignationService>();
        var fund = designations.SaveFund(_admin, null, new FundInput("Old roof", Restricted: true, null));
        designations.SaveFund(_admin, fund, new FundInput("Old roof", Restricted: true, null, Active: false));

        var refused = Assert.Throws<ValidationException>(() => _gifts.Record(_admin, Input(5_000) with { FundId = fund }))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo(nameof(GiftInput.FundId)));
        Assert.That(GiftRows(), Is.Zero);
    }

    [Test]
    public void Record_SoftCreditingTheGiver_IsRefusedOnThatEntry()
    {
        var honoree = _db.Seed.Donor(_admin, "Mai", "Lor");
        var credits = new[] { new SoftCreditInput(honoree, SoftCreditKind.InHonor, null), new SoftCreditInput(_donor, SoftCreditKind.Other, null) };

        var refused = Assert.Throws<ValidationException>(() => _gifts.Record(_admin, Input(5_000) with { SoftCredits = credits }))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo("SoftCredits[1].DonorId"));
        Assert.That(GiftRows(), Is.Zero);
    }

    [TestCase(Role.Viewer, false, false)]
    [TestCase(Role.Entry, true, false)]
    [TestCase(Role.Treasurer, true, true)]
    public void Roles_EntryRecords_TreasurerVoids(Role role, bool mayRecord, bool mayVoid)
    {
        var actor = _admin with { Role = role };
        var existing = _db.Seed.Gift(_admin, _donor, 1_000);

        TestDelegate record = () => _gifts.Record(actor, Input(5_000));
        TestDelegate @void = () => _gifts.Void(actor, existing, new VoidGiftInput("Entered twice"));

        Assert.That(record, mayRecord ? Throws.Nothing : Throws.TypeOf<ForbiddenException>());
        Assert.That(@void, mayVoid ? Throws.Nothing : Throws.TypeOf<ForbiddenException>());
    }

    [Test]
    public void Void_KeepsTheRowWithItsReason_AndASecondVoidIsRefused()
    {
        var id = _db.Seed.Gift(_admin, _donor, 7_000);

        var voided = _gifts.Void(_admin, id, new VoidGiftInput("  Entered twice  "));
        var again = Assert.Throws<ValidationException>(() => _gifts.Void(_admin, id, new VoidGiftInput("Again")))!;
        var gift = _gifts.Find(_admin, id)!;

        Assert.That(voided, Is.True);
        Assert.That((gift.Status, gift.VoidReason, gift.AmountCents, gift.NetCents), Is.EqualTo((GiftStatus.Voided, "Entered twice", 7_000L, 0L)));
        Assert.That(again.Errors.Single().ErrorMessage, Is.EqualTo("This gift is already voided."));
        Assert.That(AuditActions(id), Is.EqualTo(new[] { "create", "void" }));
    }

    [Test]
    public void Void_WithoutAReason_IsRefused_AndAnotherOrganizationsGiftIsNotFound()
    {
        var id = _db.Seed.Gift(_admin, _donor, 7_000);
        var other = _db.NewOrganization("Somali Mothers Network");

        Assert.Throws<ValidationException>(() => _gifts.Void(_admin, id, new VoidGiftInput(" ")));
        Assert.That(_gifts.Void(other, id, new VoidGiftInput("Not ours")), Is.False);
        Assert.That(_gifts.Find(_admin, id)!.Status, Is.EqualTo(GiftStatus.Completed));
    }

    [Test]
    public void RefundTotals_ArrivingLateTwiceOrOutOfOrder_KeepTheHighest_CappedAtTheAmount()
    {
        var id = _db.Seed.Gift(_admin, _donor, 10_000);

        _db.Seed.Refund(_admin, id, 2_500);
        _db.Seed.Refund(_admin, id, 2_500);
        _db.Seed.Refund(_admin, id, 1_000);
        var partly = _gifts.Find(_admin, id)!;
        _db.Seed.Refund(_admin, id, 50_000);
        var whole = _gifts.Find(_admin, id)!;

        Assert.That((partly.Status, partly.RefundedCents, partly.NetCents), Is.EqualTo((GiftStatus.PartiallyRefunded, 2_500L, 7_500L)));
        Assert.That((whole.Status, whole.RefundedCents, whole.NetCents), Is.EqualTo((GiftStatus.Refunded, 10_000L, 0L)));
        Assert.That(AuditActions(id), Is.EqualTo(new[] { "create", "refund", "refund" }));
    }

    [Test]
    public void Refund_OfAVoidedGift_ChangesNothing()
    {
        var id = _db.Seed.Gift(_admin, _donor, 10_000);
        _gifts.Void(_admin, id, new VoidGiftInput("Bounced"));

        _db.Seed.Refund(_admin, id, 10_000);

        Assert.That(_gifts.Find(_admin, id)!.Status, Is.EqualTo(GiftStatus.Voided));
    }

    [Test]
    public void Settlement_RecordedTwiceWithTheSameFee_IsAuditedOnce()
    {
        var id = _db.Seed.Gift(_admin, _donor, 10_000, method: GiftMethod.Card);

        _gifts.RecordSettlement(_admin, id, 320, new DateOnly(2026, 3, 3));
        _gifts.RecordSettlement(_admin, id, 320, new DateOnly(2026, 3, 3));
        var gift = _gifts.Find(_admin, id)!;

        Assert.That((gift.FeeCents, gift.SettledOn), Is.EqualTo((320L, (DateOnly?)new DateOnly(2026, 3, 3))));
        Assert.That(AuditActions(id), Is.EqualTo(new[] { "create", "settle" }));
    }

    [Test]
    public void Dispute_FlaggedTwice_KeepsTheFirstReason()
    {
        var id = _db.Seed.Gift(_admin, _donor, 10_000, method: GiftMethod.Card);

        using (var db = _db.Connections.BeginTransaction())
        {
            _gifts.FlagDispute(db, _admin, id, "fraudulent");
            _gifts.FlagDispute(db, _admin, id, "duplicate");
            db.Commit();
        }

        Assert.That(_gifts.Find(_admin, id)!.DisputeReason, Is.EqualTo("fraudulent"));
        Assert.That(AuditActions(id), Is.EqualTo(new[] { "create", "dispute" }));
    }

    private GiftInput Input(long cents) => new()
    {
        DonorId = _donor, AmountCents = cents, ReceivedOn = Seed.DefaultGiftDate, Method = GiftMethod.Cash, Category = GiftCategory.Individual,
    };

    private long GiftRows()
    {
        using var connection = _db.Connections.Open();
        return connection.ExecuteScalar<long>("SELECT count(*) FROM gifts");
    }

    private string[] AuditActions(long giftId)
    {
        using var db = _db.Connections.Read();
        return _db.Get<AuditLog>().List(db, _admin.OrganizationId, "gift", giftId, new PageRequest(1, 50)).Items
            .OrderBy(e => e.Id).Select(e => e.Action).ToArray();
    }
}
