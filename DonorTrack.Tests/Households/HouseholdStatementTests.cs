using DonorTrack.Core.Households;
using static DonorTrack.Tests.Receipts.ReceiptTestSupport;

namespace DonorTrack.Tests.Households;

/// <summary>Year-end statements to a household: addressed to it, each gift under the member who gave it, and never a gift on two standing statements.</summary>
public sealed class HouseholdStatementTests
{
    private TestDatabase _db = null!;
    private Actor _actor = null!;
    private long _ana;
    private long _luis;
    private long _mai;
    private long _household;

    private YearEndStatementService Statements => _db.Get<YearEndStatementService>();

    private GiftReceiptService Receipts => _db.Get<GiftReceiptService>();

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _actor = Organization(_db);
        _ana = Donor(_db, _actor, "Ana", "Ruiz");
        _luis = Donor(_db, _actor, "Luis", "Ruiz");
        _mai = Donor(_db, _actor, "Mai", "Vang");
        _household = _db.Get<HouseholdService>().Create(_actor, new HouseholdInput { MemberDonorIds = [_ana, _luis], FormalAddressee = "Mr. and Mrs. Ruiz" });
        Gift(_db, _actor, _ana, 100_00, receivedOn: "2025-03-01");
        Gift(_db, _actor, _luis, 50_00, receivedOn: "2025-02-01");
        Gift(_db, _actor, _luis, 120_00, receivedOn: "2025-09-12", category: "events", benefit: 40_00, benefitDescription: "two dinner tickets");
        _db.Seed.Gift(_actor, new GiftInput
        {
            DonorId = _mai, AmountCents = 25_00, ReceivedOn = new DateOnly(2025, 5, 1), Method = GiftMethod.Cash, Category = GiftCategory.Individual,
            SoftCredits = [new SoftCreditInput(_ana, SoftCreditKind.InHonor, null)],
        });
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    private void StatementsPerHousehold() =>
        _db.Get<ReceiptSettingsService>().SaveSettings(_actor, new ReceiptSettingsInput("calendar", false, null, AnnualStatementAddressee.PerHousehold));

    [Test]
    public void HouseholdStatement_ListsEachGiftUnderTheMemberWhoGaveIt_AddressedToTheHousehold()
    {
        var pdf = Statements.HouseholdAnnual(_actor, new HouseholdStatementInput(2025, _household))!;

        var content = ReceiptLedger.ReadContent(pdf.Receipt);
        var gifts = content.Lines.Where(l => !l.IsSubtotal).Select(l => (l.GivenBy, l.Date, l.Amount)).ToList();
        Assert.That(gifts, Is.EqualTo(new[]
        {
            ((string?)"Ana Ruiz", "March 1, 2025", "$100.00"),
            ("Luis Ruiz", "February 1, 2025", "$50.00"),
            ("Luis Ruiz", "September 12, 2025", "$120.00"),
        }), "each member's own gifts under their name; the neighbour's gift soft-credited to Ana is not Ana's gift");
        Assert.That(content.Lines.Where(l => l.IsSubtotal).Select(l => (l.Description, l.Amount, l.Deductible)), Is.EqualTo(new[]
        {
            ("Given by Ana Ruiz", "$100.00", "$100.00"),
            ("Given by Luis Ruiz", "$170.00", "$130.00"),
        }));
        Assert.That(content.DonorName, Is.EqualTo("Mr. and Mrs. Ruiz"));
        Assert.That(content.DonorAddress, Is.EqualTo(new[] { "48 Rose Lane", "Portland, OR 97202" }));
        Assert.That(content.TotalCents, Is.EqualTo(270_00));
        Assert.That(content.DeductibleCents, Is.EqualTo(230_00));

        var text = Text(pdf.Pdf);
        var anaHeading = text.IndexOf(Squash("Gifts of Ana Ruiz"), StringComparison.Ordinal);
        var anaGift = text.IndexOf(Squash("March 1, 2025"), StringComparison.Ordinal);
        var luisHeading = text.IndexOf(Squash("Gifts of Luis Ruiz"), StringComparison.Ordinal);
        var luisGift = text.IndexOf(Squash("September 12, 2025"), StringComparison.Ordinal);
        Assert.That(new[] { anaHeading, anaGift, luisHeading, luisGift }, Is.All.GreaterThanOrEqualTo(0));
        Assert.That(new[] { anaHeading, anaGift, luisHeading, luisGift }, Is.Ordered, "Ana's heading, her gift, Luis's heading, his gift");
        Assert.That(text, Does.Contain(Squash("Mr. and Mrs. Ruiz"))
            .And.Contain(Squash("acknowledged to that member"))
            .And.Contain(Squash("good-faith estimate"))
            .And.Contain(Squash("501(c)(3)"))
            .And.Not.Contain(Squash("May 1, 2025")));
    }

    [Test]
    public async Task Batch_PerHousehold_IssuesOneStatementForTheHousehold_AndTheirOwnToEveryoneElse()
    {
        StatementsPerHousehold();

        var entries = await Statements.WriteAnnualBatchAsync(_actor, new AnnualBatchInput(2025), Stream.Null);

        Assert.That(entries.Select(e => (e.DonorName, e.TotalCents)), Is.EquivalentTo(new[] { ("Mr. and Mrs. Ruiz", 270_00L), ("Mai Vang", 25_00L) }));
        var again = await Statements.WriteAnnualBatchAsync(_actor, new AnnualBatchInput(2025), Stream.Null);
        Assert.That(again.Select(e => (e.Number, e.IsCopy)), Is.EquivalentTo(entries.Select(e => (e.Number, true))), "an unchanged statement is reprinted as a copy, not issued again");
    }

    [Test]
    public void MemberAskingForTheirStatement_PerHousehold_GetsTheHouseholdsStatement()
    {
        StatementsPerHousehold();

        var viaLuis = Statements.Annual(_actor, new AnnualStatementInput(2025, _luis))!;
        var viaAna = Statements.Annual(_actor, new AnnualStatementInput(2025, _ana))!;

        Assert.That(viaAna.Receipt.Number, Is.EqualTo(viaLuis.Receipt.Number));
        Assert.That(viaAna.IsCopy, Is.True);
        Assert.That(ReceiptLedger.ReadContent(viaLuis.Receipt).DonorName, Is.EqualTo("Mr. and Mrs. Ruiz"));
    }

    [Test]
    public void SwitchingBetweenPersonAndHousehold_VoidsTheStatementThatNoLongerApplies_SoNoGiftStandsOnTwo()
    {
        var own = Statements.Annual(_actor, new AnnualStatementInput(2025, _ana))!;
        Assert.That(ReceiptLedger.ReadContent(own.Receipt).Lines.Count(l => !l.IsSubtotal && l.Date.Length > 0), Is.EqualTo(1), "per person, Ana's statement holds her gift only");

        var household = Statements.HouseholdAnnual(_actor, new HouseholdStatementInput(2025, _household))!;
        var ownAfter = Receipts.Find(_actor, own.Receipt.Id)!;
        Assert.That(ownAfter.IsVoided, Is.True);
        Assert.That(ownAfter.VoidReason, Does.Contain("issued to the household"));

        var ownAgain = Statements.Annual(_actor, new AnnualStatementInput(2025, _ana))!;
        Assert.That(Receipts.Find(_actor, household.Receipt.Id)!.IsVoided, Is.True);
        Assert.That(Receipts.Find(_actor, household.Receipt.Id)!.VoidReason, Does.Contain("issued to each person"));
        Assert.That(ownAgain.Receipt.ReplacesReceiptId, Is.EqualTo(own.Receipt.Id));
        Assert.That(ReceiptLedger.ReadContent(ownAgain.Receipt).DonorName, Is.EqualTo("Ana Ruiz"));
    }

    [Test]
    public void VoidingAHouseholdStatement_WithReissue_IssuesTheHouseholdsStatementAgain()
    {
        var first = Statements.HouseholdAnnual(_actor, new HouseholdStatementInput(2025, _household))!;

        var replacement = Receipts.Void(_actor, first.Receipt.Id, new VoidReceiptInput("Wrong address"), reissue: true);

        Assert.That(replacement, Is.Not.Null);
        var content = ReceiptLedger.ReadContent(replacement!);
        Assert.That(content.DonorName, Is.EqualTo("Mr. and Mrs. Ruiz"));
        Assert.That(content.Replaces, Does.Contain(first.Receipt.Number));
        Assert.That(content.TotalCents, Is.EqualTo(270_00));
    }
}
