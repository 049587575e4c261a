using UglyToad.PdfPig;
using static DonorTrack.Tests.Receipts.ReceiptTestSupport;

namespace DonorTrack.Tests.Receipts;

/// <summary>Year-end statements for a fiscal year still in progress (interim only when asked), and one batch yielding both its outputs.</summary>
public sealed class YearEndStatementTests
{
    private static readonly DateTimeOffset FourthOfDecember2026 = new(2026, 12, 4, 17, 0, 0, TimeSpan.Zero);

    private TestDatabase _db = null!;
    private Actor _actor = null!;

    private YearEndStatementService Statements => _db.Get<YearEndStatementService>();

    private GiftReceiptService Receipts => _db.Get<GiftReceiptService>();

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase(FourthOfDecember2026);
        _actor = Organization(_db);
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void Batch_ForTheFiscalYearInProgressWithoutInterim_IsRefusedSayingWhyAndIssuesNothing()
    {
        Gift(_db, _actor, Donor(_db, _actor), 10000, receivedOn: "2026-03-01");
        using var zip = new MemoryStream();

        var refused = Assert.ThrowsAsync<ValidationException>(() => Statements.WriteAnnualBatchAsync(_actor, new AnnualBatchInput(2026), zip))!;

        Assert.Multiple(() =>
        {
            Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo(nameof(AnnualBatchInput.Year)));
            Assert.That(refused.Errors.Single().ErrorMessage, Does.Contain("Fiscal year 2026 runs until Dec 31, 2026 and is not over yet"));
            Assert.That(Receipts.List(_actor, null, new PageRequest(1)).Total, Is.Zero);
            Assert.That(Receipts.GapReport(_actor), Is.Empty, "no number was taken");
            Assert.That(zip.Length, Is.Zero);
        });
    }

    [Test]
    public async Task Batch_ForTheFiscalYearInProgressWithInterim_IssuesNumberedStatementsMarkedInterim()
    {
        Gift(_db, _actor, Donor(_db, _actor), 10000, receivedOn: "2026-03-01");
        using var pdf = new MemoryStream();

        var entries = await Statements.WriteAnnualBatchAsync(_actor, new AnnualBatchInput(2026, Combined: true, Interim: true), Stream.Null, pdf);

        var text = Text(pdf.ToArray());
        Assert.That(entries.Select(e => e.Number), Is.EqualTo(new[] { "2026-000001" }));
        Assert.That(text, Does.Contain(Squash("INTERIM STATEMENT")).And.Contain(Squash("Interim statement: the fiscal year runs until December 31, 2026")));
        Assert.That(ReceiptLedger.ReadContent(Receipts.Find(_actor, 1)!).Interim, Is.True);
    }

    // The organization's time zone decides: 11 p.m. on December 31 in Portland is still fiscal year 2026 there.
    [TestCase("2027-01-01T07:00:00Z", false)]
    [TestCase("2027-01-01T09:00:00Z", true)]
    public void Statement_OnTheLastEveningOfTheYear_IsStillInterimInTheOrganizationsTimeZone(string now, bool accepted)
    {
        var donor = Donor(_db, _actor);
        Gift(_db, _actor, donor, 10000, receivedOn: "2026-03-01");
        _db.Clock.Now = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        TestDelegate final = () => Statements.Annual(_actor, new AnnualStatementInput(2026, donor));

        if (accepted)
            Assert.That(final, Throws.Nothing);
        else
            Assert.That(final, Throws.TypeOf<ValidationException>().With.Message.Contain("not over yet"));
    }

    [Test]
    public void FiscalYearEndingInJune_OnFourthOfDecember_IsOverAndNeedsNoInterim()
    {
        var actor = Organization(_db, fiscalYearStartMonth: 7, name: "Riverside Coalition");
        var donor = Donor(_db, actor);
        Gift(_db, actor, donor, 10000, receivedOn: "2026-03-01");

        var statement = Statements.Annual(actor, new AnnualStatementInput(2026, donor))!;

        Assert.That(Text(statement.Pdf), Does.Contain(Squash("YEAR-END GIVING STATEMENT")).And.Not.Contain(Squash("Interim statement")));
    }

    [Test]
    public void InterimStatement_AfterTheYearEnds_IsReplacedByAFinalOriginal_NotHandedOutAsACopy()
    {
        var donor = Donor(_db, _actor);
        Gift(_db, _actor, donor, 10000, receivedOn: "2026-03-01");
        var interim = Statements.Annual(_actor, new AnnualStatementInput(2026, donor, Interim: true))!;
        var interimAgain = Statements.Annual(_actor, new AnnualStatementInput(2026, donor, Interim: true))!;
        _db.Clock.Now = new DateTimeOffset(2027, 1, 20, 17, 0, 0, TimeSpan.Zero);

        var final = Statements.Annual(_actor, new AnnualStatementInput(2026, donor))!;

        var text = Text(final.Pdf);
        Assert.Multiple(() =>
        {
            Assert.That(interimAgain.IsCopy, Is.True, "unchanged within the year: a copy of the interim one");
            Assert.That(final.IsCopy, Is.False);
            Assert.That(final.Receipt.ReplacesReceiptId, Is.EqualTo(interim.Receipt.Id));
            Assert.That(Receipts.Find(_actor, interim.Receipt.Id)!.IsVoided, Is.True);
            Assert.That(text, Does.Contain(Squash("YEAR-END GIVING STATEMENT")).And.Not.Contain(Squash("Interim statement")));
            Assert.That(text, Does.Contain(Squash($"Replaces receipt {interim.Receipt.Number}")));
        });
    }

    [Test]
    public async Task BatchWithCombinedPdf_PrintsTheSameNewlyIssuedStatementsAsTheZip_NoneStampedAsACopy()
    {
        _db.Clock.Now = new DateTimeOffset(2027, 1, 20, 17, 0, 0, TimeSpan.Zero);
        Gift(_db, _actor, Donor(_db, _actor, "Xee", "Yang"), 10000, receivedOn: "2026-03-01");
        Gift(_db, _actor, Donor(_db, _actor, "Zoë", "Ångström"), 20000, receivedOn: "2026-04-01");
        using var zip = new MemoryStream();
        using var combined = new MemoryStream();

        var entries = await Statements.WriteAnnualBatchAsync(_actor, new AnnualBatchInput(2026, Combined: true), zip, combined);

        using var document = PdfDocument.Open(combined.ToArray());
        var pages = document.GetPages().Select(p => Squash(p.Text)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => (e.Number, e.IsCopy)), Is.EqualTo(new[] { ("2027-000001", false), ("2027-000002", false) }));
            Assert.That(pages, Has.Count.EqualTo(2));
            Assert.That(pages[0], Does.Contain(Squash("Receipt no. 2027-000001")).And.Contain(Squash("Xee Yang")));
            Assert.That(pages[1], Does.Contain(Squash("Receipt no. 2027-000002")).And.Contain(Squash("Zoë Ångström")));
            Assert.That(pages, Has.None.Contain(Squash("Copy of the original receipt")).And.None.Contain("COPY"));
            Assert.That(Receipts.List(_actor, null, new PageRequest(1)).Total, Is.EqualTo(2), "printing took no new numbers");
            Assert.That(zip.Length, Is.GreaterThan(0));
        });
    }
}
