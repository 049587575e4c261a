using DonorTrack.Core.Reports.Bookkeeping;

namespace DonorTrack.Tests.Reports;

public sealed class BookkeepingExportTests
{
    private TestDatabase _db = null!;
    private Actor _treasurer = null!;
    private BookkeepingExport _export = null!;
    private long _rentRelief;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _treasurer = _db.NewOrganization(role: Role.Treasurer);
        _export = _db.Get<BookkeepingExport>();
        _rentRelief = _db.Get<DesignationService>().SaveFund(_treasurer, null, new FundInput("Rent Relief", Restricted: true, null));
        var donor = _db.Seed.Donor(_treasurer);
        Gift(donor, 10_000, "2026-03-02", GiftMethod.Card, GiftCategory.Individual, fee: 320, settledOn: "2026-03-04");
        Gift(donor, 5_000, "2026-03-03", GiftMethod.Card, GiftCategory.Individual, fee: 175, settledOn: "2026-03-04", refunded: 1_000);
        Gift(donor, 25_000, "2026-03-03", GiftMethod.Check, GiftCategory.Foundation, fund: _rentRelief);
        Gift(donor, 2_000, "2026-03-03", GiftMethod.Cash, GiftCategory.Events);
        Gift(donor, 7_000, "2026-04-01", GiftMethod.Check, GiftCategory.Individual);
        var voided = Gift(donor, 9_900, "2026-03-05", GiftMethod.Check, GiftCategory.Individual);
        _db.Get<GiftService>().Void(_treasurer, voided, new VoidGiftInput("entered twice"));
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void Journal_GroupsByFundAndCategory_WithGrossFeesRefundsAndNet_LeavingOutVoidedAndOutOfRangeGifts()
    {
        var journal = _export.Journal(_treasurer, March(JournalLayout.Summary));

        Assert.That(journal.Revenue.Select(r => (r.Fund, r.Category, r.GiftCount, r.GrossCents, r.FeeCents, r.RefundCents, r.NetCents)), Is.EqualTo(new[]
        {
            ("Unrestricted", GiftCategory.Events, 1L, 2_000L, 0L, 0L, 2_000L),
            ("Unrestricted", GiftCategory.Individual, 2L, 15_000L, 495L, 1_000L, 13_505L),
            ("Rent Relief", GiftCategory.Foundation, 1L, 25_000L, 0L, 0L, 25_000L),
        }));
    }

    [Test]
    public void Deposits_OneStripePayoutPerSettlementDay_AndOnePerDayAndMethodOtherwise_HoldTheSameNetAsTheRevenue()
    {
        var journal = _export.Journal(_treasurer, March(JournalLayout.Summary));

        Assert.That(journal.Deposits.Select(d => (d.DepositedOn, d.Source, d.GiftCount, d.NetCents)), Is.EqualTo(new[]
        {
            (new DateOnly(2026, 3, 3), "Cash", 1L, 2_000L),
            (new DateOnly(2026, 3, 3), "Check", 1L, 25_000L),
            (new DateOnly(2026, 3, 4), "Stripe payout", 2L, 13_505L),
        }));
        Assert.That(journal.Deposits.Sum(d => d.NetCents), Is.EqualTo(journal.NetCents));
    }

    [Test]
    public void QuickbooksLayout_EveryJournalNumberBalances_AndTheFundIsTheClass()
    {
        var table = CsvReader.Parse(_export.Csv(_treasurer, March(JournalLayout.Quickbooks)));

        Assert.That(table.Header, Is.EqualTo(new[] { "Journal No", "Journal Date", "Account Name", "Debits", "Credits", "Description", "Name", "Class" }));
        foreach (var entry in table.Records.GroupBy(r => r.Cells[0]))
            Assert.That(entry.Sum(r => Cents(r.Cells[3])), Is.EqualTo(entry.Sum(r => Cents(r.Cells[4]))), $"journal {entry.Key} balances");
        Assert.That(table.Records.Count(r => r.Cells[0] != "DT-20260301"), Is.EqualTo(6), "two lines per deposit");
        Assert.That(table.Records.Single(r => r.Cells[2] == "Contributions - Foundation").Cells[7], Is.EqualTo("Rent Relief"));
        Assert.That(table.Records[0].Cells[1], Is.EqualTo("03/31/2026"));
    }

    [Test]
    public void XeroLayout_AmountsOfEachNarrationSumToZero_DebitsPositive()
    {
        var table = CsvReader.Parse(_export.Csv(_treasurer, March(JournalLayout.Xero)));

        Assert.That(table.Header, Is.EqualTo(new[] { "Narration", "Date", "Description", "AccountCode", "TaxRate", "Amount", "TrackingName1", "TrackingOption1" }));
        foreach (var journal in table.Records.GroupBy(r => (r.Cells[0], r.Cells[1])))
            Assert.That(journal.Sum(r => Cents(r.Cells[5])), Is.Zero, $"{journal.Key} balances");
        Assert.That(table.Records.First(r => r.Cells[3] == BookkeepingExport.Fees.Code).Cells[5], Is.EqualTo("4.95"));
        Assert.That(table.Records[0].Cells[1], Is.EqualTo("31 Mar 2026"));
    }

    [Test]
    public void FundNamedLikeAFormula_IsNeutralisedInTheCsv()
    {
        var fund = _db.Get<DesignationService>().SaveFund(_treasurer, null, new FundInput("=1+1", Restricted: false, null));
        Gift(_db.Seed.Donor(_treasurer), 1_000, "2026-03-10", GiftMethod.Cash, GiftCategory.Individual, fund: fund);

        var text = Encoding.UTF8.GetString(_export.Csv(_treasurer, March(JournalLayout.Summary)));

        Assert.That(text, Does.Contain("'=1+1,Individual,1,10.00"));
    }

    [TestCase(null, "2026-03-31", "From")]
    [TestCase("2026-04-01", "2026-03-31", "To")]
    public void MissingOrReversedDates_AreFieldErrors(string? from, string? to, string field)
    {
        var input = new BookkeepingInput(from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(to!, System.Globalization.CultureInfo.InvariantCulture));

        var invalid = Assert.Throws<ValidationException>(() => _export.Journal(_treasurer, input))!;

        Assert.That(invalid.Errors.Select(e => e.PropertyName), Does.Contain(field));
    }

    [TestCase(Role.Entry)]
    [TestCase(Role.Viewer)]
    public void BelowTreasurer_IsForbidden(Role role)
    {
        var actor = new Actor(_treasurer.OrganizationId, null, "someone", role);

        Assert.Throws<ForbiddenException>(() => _export.Journal(actor, March(JournalLayout.Summary)));
    }

    private static BookkeepingInput March(JournalLayout layout) => new(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), layout);

    private static long Cents(string text) => text.Length == 0 ? 0 : Core.Money.MoneyFormat.ParseCents(text.TrimStart('-'))!.Value * (text.StartsWith('-') ? -1 : 1);

    private long Gift(long donor, long cents, string on, GiftMethod method, GiftCategory category, long fee = 0, string? settledOn = null, long refunded = 0, long? fund = null)
    {
        var id = _db.Seed.Gift(_treasurer, new GiftInput
        {
            DonorId = donor, AmountCents = cents, ReceivedOn = DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture), Method = method, Category = category,
            FundId = fund, FeeCents = fee > 0 ? fee : null, CheckNumber = method == GiftMethod.Check ? "1001" : null,
        });
        using var connection = _db.Connections.Open();
        connection.Execute("UPDATE gifts SET settled_on = @settledOn, refunded_cents = @refunded, status = CASE WHEN @refunded > 0 THEN 'partially_refunded' ELSE status END WHERE id = @id",
            new { settledOn, refunded, id });
        return id;
    }
}
