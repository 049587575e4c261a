using System.IO.Compression;
using UglyToad.PdfPig;
using static DonorTrack.Tests.Receipts.ReceiptTestSupport;

namespace DonorTrack.Tests.Receipts;

public sealed class ReceiptServiceTests
{
    private TestDatabase _db = null!;
    private Actor _actor = null!;
    private long _donor;

    private GiftReceiptService Receipts => _db.Get<GiftReceiptService>();

    private YearEndStatementService Statements => _db.Get<YearEndStatementService>();

    private ReceiptSettingsService Settings => _db.Get<ReceiptSettingsService>();

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _actor = Organization(_db);
        _donor = Donor(_db, _actor);
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    /// <summary>Moves the clock past fiscal year 2026, so its statements are final ones (the clock otherwise stands in June 2026).</summary>
    private void YearHasEnded() => _db.Clock.Now = new DateTimeOffset(2027, 1, 15, 17, 0, 0, TimeSpan.Zero);

    [Test]
    public void PlainCashGift_FirstReceipt_StatesIssuerDonorNumberDateAmountAndNoGoodsOrServices()
    {
        var gift = Gift(_db, _actor, _donor, 25000, method: "cash");

        var receipt = Receipts.ForGift(_actor, gift)!;

        var text = Text(receipt.Pdf);
        Assert.Multiple(() =>
        {
            Assert.That(receipt.IsCopy, Is.False);
            Assert.That(receipt.FileName, Is.EqualTo("receipt-2026-000001.pdf"));
            Assert.That(text, Does.Contain(Squash("Eastside Tenants Alliance Inc.")));
            Assert.That(text, Does.Contain(Squash("1200 Alder Street, Portland, OR 97214")));
            Assert.That(text, Does.Contain(Squash("EIN 93-1234567")));
            Assert.That(text, Does.Contain(Squash("Xee Yang")).And.Contain(Squash("48 Rose Lane")));
            Assert.That(text, Does.Contain(Squash("Receipt no. 2026-000001")));
            Assert.That(text, Does.Contain(Squash("March 1, 2026")).And.Contain("$250.00"));
            Assert.That(text, Does.Contain(Squash("No goods or services were provided in exchange for this contribution.")));
            Assert.That(text, Does.Contain(Squash("is a tax-exempt organization under Section 501(c)(3) of the Internal Revenue Code")));
            Assert.That(text, Does.Contain(Squash("Dana Whitfield")));
            Assert.That(text, Does.Not.Contain("COPY"));
        });
        using var document = PdfDocument.Open(receipt.Pdf);
        Assert.That(document.Information.Title, Is.EqualTo("Donation receipt 2026-000001"));
        Assert.That(document.Information.Author, Is.EqualTo("Eastside Tenants Alliance Inc."));
        Assert.That(receipt.Pdf.Length, Is.LessThan(100 * 1024));
    }

    [Test]
    public void GalaTicketOf100DollarsWith40DollarDinner_StatesDeductible60AndTheQuidProQuoDisclosure()
    {
        var gift = Gift(_db, _actor, _donor, 10000, category: "events", benefit: 4000, benefitDescription: "a gala dinner");

        var receipt = Receipts.ForGift(_actor, gift)!;

        var text = Text(receipt.Pdf);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain(Squash("In exchange for this contribution you received a gala dinner with a good-faith estimated value of $40.00.")));
            Assert.That(text, Does.Contain(Squash("The amount of your contribution that is deductible for federal income tax purposes is limited to the excess of the amount you paid ($100.00) over the value of the goods and services provided ($40.00): $60.00.")));
            Assert.That(text, Does.Not.Contain(Squash("No goods or services were provided")));
            Assert.That(receipt.Receipt.DeductibleCents, Is.EqualTo(6000));
        });
    }

    [Test]
    public void InKindGift_IsDescribedWithoutAnyValue()
    {
        var gift = Gift(_db, _actor, _donor, 48000, method: "in_kind", inKind: "Twelve folding tables for the tenant meeting hall");

        var receipt = Receipts.ForGift(_actor, gift)!;

        var text = Text(receipt.Pdf);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain(Squash("Description of the donated property: Twelve folding tables for the tenant meeting hall.")));
            Assert.That(text, Does.Contain(Squash("does not state a value for non-cash gifts")));
            Assert.That(text, Does.Not.Contain("480.00"));
            Assert.That(receipt.Receipt.TotalCents, Is.Zero);
        });
    }

    [Test]
    public void DuesOf60DollarsWithOnlyStandardPrivileges_AreAcknowledgedAsFullyDeductible()
    {
        var gift = Gift(_db, _actor, _donor, 6000, method: "card", category: "membership_dues");

        var text = Text(Receipts.ForGift(_actor, gift)!.Pdf);

        Assert.That(text, Does.Contain(Squash("Your membership dues of $60.00 entitle you only to standard member privileges")));
        Assert.That(text, Does.Contain(Squash("annual dues are $75 or less; the full amount is deductible.")));
    }

    [Test]
    public void DuesWithBenefits_StateTheBenefitValueAndTheDeductibleAmount()
    {
        var gift = Gift(_db, _actor, _donor, 15000, method: "card", category: "membership_dues", benefit: 5000, benefitDescription: "two conference passes");

        var text = Text(Receipts.ForGift(_actor, gift)!.Pdf);

        Assert.That(text, Does.Contain(Squash("In exchange for your membership dues you received member benefits (two conference passes) with a good-faith estimated value of $50.00.")));
        Assert.That(text, Does.Contain(Squash("($150.00) over the value of the goods and services provided ($50.00): $100.00.")));
    }

    [Test]
    public void BenefitWithinTheInsubstantialLimits_IsDisregarded()
    {
        var gift = Gift(_db, _actor, _donor, 50000, method: "card", benefit: 800, benefitDescription: "a mug with our logo");

        var receipt = Receipts.ForGift(_actor, gift)!;

        Assert.That(Text(receipt.Pdf), Does.Contain(Squash("No goods or services were provided in exchange for this contribution other than a mug with our logo, of insubstantial value")));
        Assert.That(receipt.Receipt.DeductibleCents, Is.EqualTo(50000));
    }

    [Test]
    public void SecondRequest_ReturnsTheSameReceiptMarkedAsACopy()
    {
        var gift = Gift(_db, _actor, _donor, 25000);
        var first = Receipts.ForGift(_actor, gift)!;

        var again = Receipts.ForGift(_actor, gift)!;

        Assert.Multiple(() =>
        {
            Assert.That(again.IsCopy, Is.True);
            Assert.That(again.Receipt.Number, Is.EqualTo(first.Receipt.Number));
            Assert.That(Text(again.Pdf), Does.Contain("COPY").And.Contain(Squash("Copy of the original receipt")));
            Assert.That(Text(again.Pdf).Replace("COPY", "").Replace(Squash("Copy of the original receipt"), ""), Is.EqualTo(Text(first.Pdf)));
            Assert.That(Receipts.GapReport(_actor).Single().Issued, Is.EqualTo(1));
        });
    }

    [Test]
    public void VoidAndReissue_KeepsTheOldNumberVoidAndTheNewOneSaysWhichItReplaces()
    {
        var gift = Gift(_db, _actor, _donor, 25000);
        var original = Receipts.ForGift(_actor, gift)!.Receipt;

        var replacement = Receipts.Void(_actor, original.Id, new VoidReceiptInput("Donor's name misspelled"), reissue: true)!;

        var text = Text(Receipts.Reprint(_actor, replacement.Id)!.Pdf);
        Assert.Multiple(() =>
        {
            Assert.That(replacement.Number, Is.EqualTo("2026-000002"));
            Assert.That(replacement.ReplacesReceiptId, Is.EqualTo(original.Id));
            Assert.That(text, Does.Contain(Squash("Replaces receipt 2026-000001, which is void.")));
            Assert.That(Receipts.Find(_actor, original.Id)!.IsVoided, Is.True);
            Assert.That(Text(Receipts.Reprint(_actor, original.Id)!.Pdf), Does.Contain("VOID"));
            Assert.That(Receipts.ForGift(_actor, gift)!.Receipt.Id, Is.EqualTo(replacement.Id));
            Assert.That(Receipts.GapReport(_actor).Single(), Has.Property("IsContinuous").True.And.Property("Voided").EqualTo(1));
        });
    }

    [TestCase("voided")]
    [TestCase("refunded")]
    public void VoidedOrRefundedGift_CannotBeReceipted(string status)
    {
        var gift = Gift(_db, _actor, _donor, 25000);
        if (status == "voided")
            _db.Get<GiftService>().Void(_actor, gift, new VoidGiftInput("Entered twice"));
        else
            _db.Seed.Refund(_actor, gift, 25000);

        var error = Assert.Throws<ValidationException>(() => Receipts.ForGift(_actor, gift))!;

        Assert.That(error.Errors.Single().ErrorMessage, Does.Contain($"{status} gift cannot be receipted"));
        Assert.That(Receipts.GapReport(_actor), Is.Empty, "no number was taken");
    }

    [Test]
    public void VoidingAReceiptedGift_VoidsItsReceipt()
    {
        var gift = Gift(_db, _actor, _donor, 25000);
        var receipt = Receipts.ForGift(_actor, gift)!.Receipt;

        _db.Get<GiftService>().Void(_actor, gift, new VoidGiftInput("Check bounced"));

        var voided = Receipts.Find(_actor, receipt.Id)!;
        Assert.That(voided.IsVoided, Is.True);
        Assert.That(voided.VoidReason, Is.EqualTo($"Gift {gift} voided: Check bounced"));
    }

    [Test]
    public void EightConcurrentIssuers_TakeEveryNumberExactlyOnceWithoutGaps()
    {
        var giftIds = Enumerable.Range(0, 80).Select(i => Gift(_db, _actor, _donor, 1000 + i)).ToList();
        using var start = new Barrier(8);

        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            // Each ForGift opens its own connection and transaction.
            for (var i = t; i < giftIds.Count; i += 8)
                Receipts.ForGift(_actor, giftIds[i]);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var numbers = Receipts.List(_actor, null, new PageRequest(1, 500)).Items.Select(r => r.Number).Order().ToList();
        var report = Receipts.GapReport(_actor).Single();
        Assert.Multiple(() =>
        {
            Assert.That(numbers, Is.EqualTo(Enumerable.Range(1, 80).Select(n => $"2026-{n:000000}")));
            Assert.That(report.IsContinuous, Is.True);
            Assert.That(report.Issued, Is.EqualTo(80));
        });
    }

    [Test]
    public void GapReport_FindsANumberMissingFromTheSequence()
    {
        foreach (var cents in new[] { 1000L, 2000, 3000 })
            Receipts.ForGift(_actor, Gift(_db, _actor, _donor, cents));
        Execute("DELETE FROM receipt_gifts WHERE receipt_id = (SELECT id FROM receipts WHERE number = '2026-000002')", null);
        Execute("DELETE FROM receipts WHERE number = '2026-000002'", null);

        var report = Receipts.GapReport(_actor).Single();

        Assert.That(report.Missing, Is.EqualTo(new[] { "2026-000002" }));
        Assert.That(report.IsContinuous, Is.False);
    }

    [Test]
    public void FiscalYearNumbering_UsesTheYearTheFiscalYearEndsIn()
    {
        var actor = Organization(_db, fiscalYearStartMonth: 7, name: "Riverside Coalition");
        Settings.SaveSettings(actor, new ReceiptSettingsInput("fiscal", false, "Treasurer"));
        var donor = Donor(_db, actor);

        var receipt = Receipts.ForGift(actor, Gift(_db, actor, donor, 5000))!;

        // The clock stands at June 15, 2026: fiscal year July 2025 – June 2026.
        Assert.That(receipt.Receipt.Number, Is.EqualTo("2026-000001"));
        _db.Clock.Now = new DateTimeOffset(2026, 7, 2, 17, 0, 0, TimeSpan.Zero);
        Assert.That(Receipts.ForGift(actor, Gift(_db, actor, donor, 6000))!.Receipt.Number, Is.EqualTo("2027-000001"));
    }

    [Test]
    public void YearEndStatement_ListsKeptGiftsNetOfRefundsWithBenefitsAndLeavesOutVoided()
    {
        Gift(_db, _actor, _donor, 10000, receivedOn: "2026-01-10", category: "events", benefit: 4000, benefitDescription: "gala dinner");
        var refunded = Gift(_db, _actor, _donor, 20000, receivedOn: "2026-02-10");
        _db.Seed.Refund(_actor, refunded, 5000);
        var voided = Gift(_db, _actor, _donor, 77700, receivedOn: "2026-03-10");
        _db.Get<GiftService>().Void(_actor, voided, new VoidGiftInput("Duplicate"));
        Gift(_db, _actor, _donor, 99900, receivedOn: "2025-12-31");

        YearHasEnded();
        var statement = Statements.Annual(_actor, new AnnualStatementInput(2026, _donor))!;

        var text = Text(statement.Pdf);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain(Squash("YEAR-END GIVING STATEMENT")));
            Assert.That(text, Does.Contain(Squash("Period January 1, 2026 – December 31, 2026")));
            Assert.That(text, Does.Contain("$150.00").And.Contain("$40.00").And.Contain("$60.00"));
            Assert.That(text, Does.Contain(Squash("$50.00 of $200.00 refunded")));
            Assert.That(text, Does.Not.Contain("777.00").And.Not.Contain("999.00"));
            Assert.That(statement.Receipt.TotalCents, Is.EqualTo(25000));
            Assert.That(statement.Receipt.DeductibleCents, Is.EqualTo(21000));
            Assert.That(text, Does.Contain(Squash("Amounts are net of refunds; voided entries are not listed.")));
        });
    }

    [Test]
    public void YearEndStatement_AskedAgainUnchanged_IsACopy_AndAfterANewGiftIsReplaced()
    {
        Gift(_db, _actor, _donor, 10000, receivedOn: "2026-01-10");
        YearHasEnded();
        var first = Statements.Annual(_actor, new AnnualStatementInput(2026, _donor))!;
        var copy = Statements.Annual(_actor, new AnnualStatementInput(2026, _donor))!;
        Gift(_db, _actor, _donor, 5000, receivedOn: "2026-05-10");

        var replaced = Statements.Annual(_actor, new AnnualStatementInput(2026, _donor))!;

        Assert.Multiple(() =>
        {
            Assert.That(copy.IsCopy, Is.True);
            Assert.That(copy.Receipt.Id, Is.EqualTo(first.Receipt.Id));
            Assert.That(replaced.IsCopy, Is.False);
            Assert.That(replaced.Receipt.ReplacesReceiptId, Is.EqualTo(first.Receipt.Id));
            Assert.That(Text(replaced.Pdf), Does.Contain(Squash($"Replaces receipt {first.Receipt.Number}")));
            Assert.That(replaced.Receipt.TotalCents, Is.EqualTo(15000));
        });
    }

    [Test]
    public void YearEndStatement_ExcludesGiftsWithTheirOwnReceiptOnlyWhenTheOrganizationChoosesSo()
    {
        var receipted = Gift(_db, _actor, _donor, 10000, receivedOn: "2026-01-10");
        Gift(_db, _actor, _donor, 5000, receivedOn: "2026-02-10");
        Receipts.ForGift(_actor, receipted);

        YearHasEnded();
        var all = Statements.Annual(_actor, new AnnualStatementInput(2026, _donor))!;
        Settings.SaveSettings(_actor, new ReceiptSettingsInput("calendar", true, null));
        var excluding = Statements.Annual(_actor, new AnnualStatementInput(2026, _donor))!;

        Assert.That(all.Receipt.TotalCents, Is.EqualTo(15000));
        Assert.That(excluding.Receipt.TotalCents, Is.EqualTo(5000));
    }

    [Test]
    public void YearEndStatementOfManyGifts_SpansThreePagesWithTheTableHeaderOnEach()
    {
        for (var day = 0; day < 70; day++)
            Gift(_db, _actor, _donor, 1000 + day, receivedOn: new DateOnly(2026, 1, 1).AddDays(day).ToString("yyyy-MM-dd"), method: "card");

        YearHasEnded();
        var pdf = Statements.Annual(_actor, new AnnualStatementInput(2026, _donor))!.Pdf;

        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().ToList();
        Assert.That(pages, Has.Count.EqualTo(3));
        Assert.Multiple(() =>
        {
            foreach (var page in pages)
            {
                Assert.That(page.GetWords().Count(w => w.Text == "Deductible"), Is.EqualTo(1), $"header on page {page.Number}");
                Assert.That(Squash(page.Text), Does.Contain(Squash($"Page {page.Number} of 3")));
            }
        });
    }

    [Test]
    public void NamesInVietnameseArabicAndChinese_AppearInTheExtractedText()
    {
        var vietnamese = Donor(_db, _actor, "Nguyễn Thị", "Minh Khai");
        var chinese = Donor(_db, _actor, "小明", "王");
        var arabic = Donor(_db, _actor, "محمد", "الأحمد");

        var vietnameseText = Text(Receipts.ForGift(_actor, Gift(_db, _actor, vietnamese, 5000))!.Pdf);
        var chineseText = Text(Receipts.ForGift(_actor, Gift(_db, _actor, chinese, 5000))!.Pdf);
        var arabicPdf = Receipts.ForGift(_actor, Gift(_db, _actor, arabic, 5000))!.Pdf;

        Assert.That(vietnameseText, Does.Contain(Squash("Nguyễn Thị Minh Khai")));
        Assert.That(chineseText, Does.Contain("小明王"));
        // Arabic is drawn right to left with contextual forms, so each word is compared as a multiset of letters.
        using var document = PdfDocument.Open(arabicPdf);
        var words = document.GetPage(1).GetWords().Select(w => Letters(w.Text)).ToList();
        Assert.That(words, Has.Some.EqualTo(Letters("محمد")));
        Assert.That(words, Has.Some.EqualTo(Letters("الأحمد")));
    }

    [TestCase("501c3", "is a tax-exempt organization under Section 501(c)(3) of the Internal Revenue Code (EIN 93-1234567)", "DONATION RECEIPT")]
    [TestCase("fiscally_sponsored", "This contribution was received by Community Partners Fund for the benefit of Eastside Tenants Alliance, its fiscally sponsored project", "EIN 95-7654321")]
    [TestCase("informal", "Eastside Tenants Alliance is not a tax-exempt charitable organization. This gift is not tax-deductible as a charitable contribution.", "ACKNOWLEDGMENT OF GIFT")]
    public void LegalStatus_DecidesTheWording(string legalStatus, string statement, string heading)
    {
        var actor = Organization(_db, legalStatus);
        var donor = Donor(_db, actor);

        var receipt = Receipts.ForGift(actor, Gift(_db, actor, donor, 10000, category: "events", benefit: 4000, benefitDescription: "dinner"))!;

        var text = Text(receipt.Pdf);
        Assert.That(text, Does.Contain(Squash(statement)));
        Assert.That(text, Does.Contain(Squash(heading)));
        if (legalStatus == "informal")
            Assert.That(text, Does.Not.Contain(Squash("deductible for federal income tax purposes")));
        if (legalStatus == "fiscally_sponsored")
            Assert.That(text, Does.Contain(Squash("Community Partners Fund")).And.Contain(Squash("For the benefit of Eastside Tenants Alliance")));
    }

    [Test]
    public async Task AnnualBatch_WritesOnePdfPerDonorAndACsvIndexIntoTheZip()
    {
        var second = Donor(_db, _actor, "Zoë", "Ångström");
        Gift(_db, _actor, _donor, 10000, receivedOn: "2026-01-10");
        Gift(_db, _actor, second, 20000, receivedOn: "2026-02-10");
        var progress = new List<ReceiptBatchProgress>();
        using var zipBytes = new MemoryStream();

        var entries = await Statements.WriteAnnualBatchAsync(_actor, new AnnualBatchInput(2026, Interim: true), zipBytes, progress: new SyncProgress(progress));

        zipBytes.Position = 0;
        using var zip = new ZipArchive(zipBytes, ZipArchiveMode.Read);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        using var index = new StreamReader(zip.GetEntry("index.csv")!.Open());
        var csv = index.ReadToEnd();
        Assert.Multiple(() =>
        {
            Assert.That(entries, Has.Count.EqualTo(2));
            Assert.That(names, Is.EqualTo(new[] { "receipt-2026-000001.pdf", "receipt-2026-000002.pdf", "index.csv" }));
            Assert.That(csv, Does.Contain("2026-000002,").And.Contain("Zoë Ångström").And.Contain("200.00"));
            Assert.That(progress[^1], Is.EqualTo(new ReceiptBatchProgress(2, 2)));
        });
    }

    [Test]
    public async Task AnnualBatchIndex_DonorNamedLikeAFormula_WritesTheNameAsText()
    {
        var hostile = Donor(_db, _actor, "=HYPERLINK(\"http://evil.example\")", "Evil");
        Gift(_db, _actor, hostile, 10000, receivedOn: "2026-01-10");
        using var zipBytes = new MemoryStream();

        await Statements.WriteAnnualBatchAsync(_actor, new AnnualBatchInput(2026, Interim: true), zipBytes);

        zipBytes.Position = 0;
        using var zip = new ZipArchive(zipBytes, ZipArchiveMode.Read);
        using var index = new StreamReader(zip.GetEntry("index.csv")!.Open());
        var csv = index.ReadToEnd();
        Assert.That(csv, Does.Contain(",\"'=HYPERLINK(\"\"http://evil.example\"\") Evil\",").And.Contain(",100.00,100.00,no\r\n"));
    }

    [Test]
    public async Task AnnualBatch_ManyDonors_WritesEveryStatementInNumberOrderEachWithItsOwnDonor()
    {
        var names = new List<string> { "Xee Yang" };
        Gift(_db, _actor, _donor, 10000, receivedOn: "2026-01-10");
        for (var i = 1; i < 30; i++)
        {
            names.Add($"Donor{i} Number{i}");
            Gift(_db, _actor, Donor(_db, _actor, $"Donor{i}", $"Number{i}"), 1000 + i, receivedOn: "2026-02-10");
        }

        using var zipBytes = new MemoryStream();

        var entries = await Statements.WriteAnnualBatchAsync(_actor, new AnnualBatchInput(2026, Interim: true), zipBytes);

        zipBytes.Position = 0;
        using var zip = new ZipArchive(zipBytes, ZipArchiveMode.Read);
        var pdfs = zip.Entries.Where(e => e.FullName.EndsWith(".pdf", StringComparison.Ordinal)).ToList();
        Assert.That(pdfs.Select(e => e.FullName), Is.EqualTo(Enumerable.Range(1, 30).Select(n => $"receipt-2026-{n:000000}.pdf")));
        Assert.That(entries.Select(e => e.FileName), Is.EqualTo(pdfs.Select(e => e.FullName)));
        Assert.Multiple(() =>
        {
            for (var i = 0; i < pdfs.Count; i++)
            {
                using var pdf = new MemoryStream();
                using (var stream = pdfs[i].Open())
                    stream.CopyTo(pdf);
                var text = Text(pdf.ToArray());
                Assert.That(text, Does.Contain(Squash($"Receipt no. {entries[i].Number}")), pdfs[i].FullName);
                Assert.That(text, Does.Contain(Squash(entries[i].DonorName)), pdfs[i].FullName);
            }

            Assert.That(entries.Select(e => e.DonorName), Is.EquivalentTo(names));
        });
    }

    [Test]
    public async Task AnnualCombined_PutsEveryStatementInOnePdf()
    {
        var second = Donor(_db, _actor, "Zoë", "Ångström");
        Gift(_db, _actor, _donor, 10000, receivedOn: "2026-01-10");
        Gift(_db, _actor, second, 20000, receivedOn: "2026-02-10");
        using var pdf = new MemoryStream();

        var count = (await Statements.WriteAnnualBatchAsync(_actor, new AnnualBatchInput(2026, Combined: true, Interim: true), Stream.Null, pdf)).Count;

        using var document = PdfDocument.Open(pdf.ToArray());
        Assert.That(count, Is.EqualTo(2));
        Assert.That(document.NumberOfPages, Is.EqualTo(2));
        Assert.That(Squash(document.GetPage(2).Text), Does.Contain(Squash("Zoë Ångström")));
    }

    [Test]
    public void AnotherOrganizationsGift_IsNotFound()
    {
        var gift = Gift(_db, _actor, _donor, 10000);
        var other = Organization(_db, name: "Somali Mothers Network");

        Assert.That(Receipts.ForGift(other, gift), Is.Null);
    }

    private static string Letters(string text) => string.Concat(text.Normalize(System.Text.NormalizationForm.FormKC).Where(char.IsLetter).Order());

    private void Execute(string sql, object? args)
    {
        using var connection = _db.Connections.Open();
        Dapper.SqlMapper.Execute(connection, sql, args);
    }

    private sealed class SyncProgress(List<ReceiptBatchProgress> seen) : IProgress<ReceiptBatchProgress>
    {
        public void Report(ReceiptBatchProgress value) => seen.Add(value);
    }
}
