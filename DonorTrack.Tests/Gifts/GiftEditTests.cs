using DonorTrack.Core.Audit;
using DonorTrack.Core.Receipts;
using DonorTrack.Core.Reports;
using DonorTrack.Tests.Receipts;
using DonorTrack.Tests.Reports;

namespace DonorTrack.Tests.Gifts;

/// <summary>Correcting a recorded gift: the same rules as recording one, the audit entry, rollups and receipts kept in step, nothing half-written.</summary>
public sealed class GiftEditTests
{
    private TestDatabase _db = null!;
    private Actor _admin = null!;
    private GiftService _gifts = null!;
    private long _donor;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _admin = ReceiptTestSupport.Organization(_db);
        _gifts = _db.Get<GiftService>();
        _donor = ReceiptTestSupport.Donor(_db, _admin);
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void Edit_FundCampaignCategoryDateAndNotes_StoresThemAndAuditsBeforeAndAfter()
    {
        var gift = ReceiptTestSupport.Gift(_db, _admin, _donor, 5_000);
        var fund = _db.Get<DesignationService>().SaveFund(_admin, null, new FundInput("Youth organizing", Restricted: true, null));

        var found = _gifts.Edit(_admin, gift, Current(gift) with
        {
            FundId = fund, Category = GiftCategory.Events, ReceivedOn = new DateOnly(2026, 2, 27), Notes = "Gala table 4",
        });

        var edited = _gifts.Find(_admin, gift)!;
        Assert.That(found, Is.True);
        Assert.That((edited.FundId, edited.Category, edited.ReceivedOn, edited.Notes, edited.AmountCents),
            Is.EqualTo(((long?)fund, GiftCategory.Events, new DateOnly(2026, 2, 27), "Gala table 4", 5_000L)));
        var entry = AuditEntries(gift).Last();
        Assert.That(entry.Action, Is.EqualTo("edit"));
        Assert.That(entry.BeforeJson, Does.Contain("\"individual\"").And.Contain("2026-03-01"));
        Assert.That(entry.AfterJson, Does.Contain("\"events\"").And.Contain("2026-02-27").And.Contain("Gala table 4"));
    }

    [Test]
    public void Edit_ThatChangesNothing_WritesNoAuditEntry()
    {
        var gift = ReceiptTestSupport.Gift(_db, _admin, _donor, 5_000);

        _gifts.Edit(_admin, gift, Current(gift));

        Assert.That(AuditEntries(gift).Select(e => e.Action), Is.EqualTo(new[] { "create" }));
    }

    [TestCase(0L, null, nameof(GiftEditInput.AmountCents))]
    [TestCase(5_000L, 2, nameof(GiftEditInput.ReceivedOn))]
    public void Edit_RefusedByTheRulesOfANewGift_NamesTheFieldAndWritesNothing(long amount, int? daysAhead, string field)
    {
        var gift = ReceiptTestSupport.Gift(_db, _admin, _donor, 5_000);
        var today = DateOnly.FromDateTime(_db.Clock.Now.UtcDateTime);

        var refused = Assert.Throws<ValidationException>(() => _gifts.Edit(_admin, gift, Current(gift) with
        {
            AmountCents = amount, ReceivedOn = daysAhead is { } days ? today.AddDays(days) : new DateOnly(2026, 3, 1),
        }))!;

        Assert.That(refused.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { field }));
        Assert.That(_gifts.Find(_admin, gift)!.AmountCents, Is.EqualTo(5_000));
        Assert.That(AuditEntries(gift), Has.Count.EqualTo(1));
    }

    [Test]
    public void Edit_InKindGiftWithoutADescription_IsRefusedOnTheDescription()
    {
        var gift = ReceiptTestSupport.Gift(_db, _admin, _donor, 5_000);

        var refused = Assert.Throws<ValidationException>(() => _gifts.Edit(_admin, gift, Current(gift) with { Method = GiftMethod.InKind }))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo(nameof(GiftEditInput.InKindDescription)));
    }

    [Test]
    public void Edit_ByDataEntryOrOfAVoidedGift_IsRefused()
    {
        var gift = ReceiptTestSupport.Gift(_db, _admin, _donor, 5_000);

        Assert.Throws<ForbiddenException>(() => _gifts.Edit(_admin with { Role = Role.Entry }, gift, Current(gift) with { Notes = "x" }));
        _gifts.Void(_admin, gift, new VoidGiftInput("Entered twice"));
        var refused = Assert.Throws<ValidationException>(() => _gifts.Edit(_admin, gift, Current(gift) with { Notes = "x" }))!;

        Assert.That(refused.Errors.Single().ErrorMessage, Does.Contain("voided gift cannot be edited"));
        Assert.That(_gifts.Edit(_admin, 999_999, Current(gift)), Is.False);
    }

    [Test]
    public void Edit_AmountDateAndCategory_RollupsEqualARecomputation_AndReportsEqualOnesFromTheGifts()
    {
        var others = Enumerable.Range(0, 6).Select(i => ReceiptTestSupport.Gift(_db, _admin, _donor, 1_000 * (i + 1), receivedOn: $"2025-0{i + 1}-15")).ToList();
        var second = ReceiptTestSupport.Donor(_db, _admin, "Amina", "Abdi");
        var moved = ReceiptTestSupport.Gift(_db, _admin, second, 7_500, receivedOn: "2025-12-30");

        _gifts.Edit(_admin, moved, Current(moved) with { AmountCents = 9_900, ReceivedOn = new DateOnly(2026, 1, 2), Category = GiftCategory.Foundation });
        _gifts.Edit(_admin, others[2], Current(others[2]) with { ReceivedOn = new DateOnly(2025, 7, 1), Category = GiftCategory.Events });

        ReportRollupTests.AssertRollupsMatchGifts(_db);
        ReportRollupTests.AssertReportsMatch(_db, _admin, new ReportPeriodInput(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)));
        ReportRollupTests.AssertReportsMatch(_db, _admin, new ReportPeriodInput(new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30)));
    }

    [Test]
    public void Edit_OfAReceiptedAmount_WithoutReissue_IsRefusedNamingTheReceipt_AndNothingChanges()
    {
        var gift = ReceiptTestSupport.Gift(_db, _admin, _donor, 5_000);
        var issued = _db.Get<GiftReceiptService>().ForGift(_admin, gift)!;

        var refused = Assert.Throws<ValidationException>(() => _gifts.Edit(_admin, gift, Current(gift) with { AmountCents = 6_000 }))!;

        var error = refused.Errors.Single();
        Assert.That(error.PropertyName, Is.EqualTo(nameof(GiftEditInput.ReissueReceipts)));
        Assert.That(error.ErrorMessage, Does.Contain("Receipt 2026-000001 already shows this gift's amount"));
        Assert.That(_gifts.Find(_admin, gift)!.AmountCents, Is.EqualTo(5_000));
        Assert.That(_db.Get<GiftReceiptService>().CurrentForGift(_admin, gift)!.Number, Is.EqualTo("2026-000001"));
        Assert.That(issued.IsCopy, Is.False);
    }

    [Test]
    public void Edit_OfAReceiptedAmount_WithReissue_VoidsTheReceiptAndIssuesACorrectedOneInTheSameTransaction()
    {
        var gift = ReceiptTestSupport.Gift(_db, _admin, _donor, 5_000);
        _db.Get<GiftReceiptService>().ForGift(_admin, gift);

        _gifts.Edit(_admin, gift, Current(gift) with { AmountCents = 6_000, ReissueReceipts = true });

        var receipts = _db.Get<GiftReceiptService>();
        var current = receipts.CurrentForGift(_admin, gift)!;
        var original = receipts.List(_admin, _donor, new PageRequest(1, 10)).Items.Single(r => r.Number == "2026-000001");
        Assert.That(current.Number, Is.EqualTo("2026-000002"));
        Assert.That(current.TotalCents, Is.EqualTo(6_000));
        Assert.That(original.IsVoided, Is.True);
        var text = ReceiptTestSupport.Text(receipts.Reprint(_admin, current.Id)!.Pdf);
        Assert.That(text, Does.Contain("$60.00").And.Contain(ReceiptTestSupport.Squash("2026-000001")));
    }

    [Test]
    public void Edit_OfTheFundOfAReceiptedGift_NeedsNoReissue_AndKeepsTheReceipt()
    {
        var gift = ReceiptTestSupport.Gift(_db, _admin, _donor, 5_000);
        _db.Get<GiftReceiptService>().ForGift(_admin, gift);
        var fund = _db.Get<DesignationService>().SaveFund(_admin, null, new FundInput("Rent relief", Restricted: true, null));

        _gifts.Edit(_admin, gift, Current(gift) with { FundId = fund, Notes = "Moved to rent relief" });

        Assert.That(_gifts.Find(_admin, gift)!.FundId, Is.EqualTo(fund));
        Assert.That(_db.Get<GiftReceiptService>().CurrentForGift(_admin, gift)!.Number, Is.EqualTo("2026-000001"));
    }

    [Test]
    public void Edit_OfACardPaymentsAmount_IsRefused_ItsCategoryIsNot()
    {
        var gift = _db.Seed.Gift(_admin, new GiftInput
        {
            DonorId = _donor, AmountCents = 5_000, ReceivedOn = new DateOnly(2026, 3, 1), Method = GiftMethod.Card, Category = GiftCategory.Individual,
            ExternalId = "ch_test_1",
        });

        var refused = Assert.Throws<ValidationException>(() => _gifts.Edit(_admin, gift, Current(gift) with { AmountCents = 4_000 }))!;
        _gifts.Edit(_admin, gift, Current(gift) with { Category = GiftCategory.Events });

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo(nameof(GiftEditInput.AmountCents)));
        Assert.That(_gifts.Find(_admin, gift)!.Category, Is.EqualTo(GiftCategory.Events));
    }

    private GiftEditInput Current(long gift) => GiftEditInput.From(_gifts.Find(_admin, gift)!);

    private List<AuditEntry> AuditEntries(long giftId)
    {
        using var db = _db.Connections.Read();
        return _db.Get<AuditLog>().List(db, _admin.OrganizationId, "gift", giftId, new PageRequest(1, 50)).Items.OrderBy(e => e.Id).ToList();
    }
}
