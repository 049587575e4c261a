using DonorTrack.Core.Imports.Presets;

namespace DonorTrack.Tests.Imports;

public sealed class ImportSourceTests
{
    private TestDatabase _db = null!;
    private Actor _treasurer = null!;
    private ImportSourceService _imports = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _treasurer = _db.NewOrganization(role: Role.Treasurer);
        _imports = _db.Get<ImportSourceService>();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void StripePaymentsExport_ImportsPaidRowsWithFees_SkipsFailedAndRefundedWithAReason()
    {
        var report = _imports.Commit(_treasurer, Gifts("stripe-payments.csv", ImportPresetName.Stripe), Sample("stripe-payments.csv"));

        Assert.That(report.Result!.GiftIds, Has.Count.EqualTo(2));
        Assert.That(report.Skipped.Select(s => s.Row), Is.EqualTo(new[] { 4, 5 }));
        Assert.That(report.Skipped[0].Reason, Does.Contain("Failed"));
        Assert.That(report.Skipped[1].Reason, Does.Contain("Refunded"));
        var gifts = Stored();
        Assert.That(gifts.Select(g => (g.ExternalId, g.AmountCents, g.FeeCents, g.Method, g.ReceivedOn)), Is.EqualTo(new[]
        {
            ("ch_3Pq001", 5_000L, 175L, "card", "2026-03-04"),
            ("ch_3Pq002", 125_000L, 3_655L, "card", "2026-03-05"),
        }));
        Assert.That(DonorNames(), Is.EqualTo(new[] { "Thị Mai|Nguyễn|mai.nguyen@example.org", "Hodan|Warsame|hodan@example.org" }));
    }

    [Test]
    public void StripeFileSentAgain_AddsNothing_AndSaysWhichGiftEachRowAlreadyIs()
    {
        var bytes = Sample("stripe-payments.csv");
        var first = _imports.Commit(_treasurer, Gifts("stripe-payments.csv", ImportPresetName.Stripe), bytes);

        var again = _imports.Commit(_treasurer, Gifts("stripe-payments.csv", ImportPresetName.Stripe), bytes);

        Assert.That(again.Result!.GiftIds, Is.Empty);
        Assert.That(again.Result.ImportId, Is.Zero, "no import was recorded");
        Assert.That(again.Skipped.Where(s => s.Reason.StartsWith("Already imported", StringComparison.Ordinal)).Select(s => (s.Row, s.Reason)), Is.EqualTo(new[]
        {
            (2, $"Already imported: gift {first.Result!.GiftIds[0]} has the reference “ch_3Pq001”."),
            (3, $"Already imported: gift {first.Result.GiftIds[1]} has the reference “ch_3Pq002”."),
        }));
        Assert.That(Stored(), Has.Count.EqualTo(2));
    }

    [Test]
    public void PaypalActivityDownload_KeepsTheFeeAsPositive_SkipsRefundsPendingAndWithdrawals_ReadsDayFirstDates()
    {
        var request = Gifts("paypal-activity.csv", ImportPresetName.Paypal) with { DateOrder = DateOrder.DayFirst };

        var report = _imports.Commit(_treasurer, request, Sample("paypal-activity.csv"));

        Assert.That(report.Skipped.Select(s => s.Row), Is.EqualTo(new[] { 4, 5, 6 }));
        Assert.That(report.Skipped[0].Reason, Does.Contain("Payment Refund"));
        Assert.That(report.Skipped[1].Reason, Does.Contain("Pending"));
        Assert.That(report.Skipped[2].Reason, Does.Contain("General Withdrawal"));
        Assert.That(Stored().Select(g => (g.ExternalId, g.AmountCents, g.FeeCents, g.ReceivedOn, g.Notes)), Is.EqualTo(new[]
        {
            ("1AB23456CD789012E", 150_000L, 5_280L, "2026-03-04", (string?)"In memory of Rosa"),
            ("2BC34567DE890123F", 9_999L, 379L, "2026-03-05", null),
        }));
    }

    [Test]
    public void DonorToolExport_NamesTheMissingFund_ThenCreatesItWhenAsked_AndSkipsTheRefundedDonation()
    {
        _db.Get<DesignationService>().SaveFund(_treasurer, null, new FundInput("General", Restricted: false, null));
        var bytes = Sample("donor-tool-export.csv");
        var request = Gifts("donor-tool-export.csv", ImportPresetName.DonorTool);

        var preview = _imports.Preview(_treasurer, request, bytes);
        var refused = Assert.Throws<ImportSourceRefusedException>(() => _imports.Commit(_treasurer, request, bytes))!;
        var created = _imports.Commit(_treasurer, request with { CreateMissingDesignations = true }, bytes);

        Assert.That(preview.Preview.Errors.Select(e => e.ToString()), Has.Some.StartsWith("Row 3, Fund: There is no fund named “Rent Relief”"));
        Assert.That(refused.Report.Preview.Errors, Is.Not.Empty);
        Assert.That(created.Result!.GiftIds, Has.Count.EqualTo(3));
        Assert.That(created.Skipped.Single().Row, Is.EqualTo(4));
        Assert.That(Stored().Select(g => (g.AmountCents, g.Method, g.ReceivedOn)), Is.EqualTo(new[]
        {
            (10_000L, "check", "2026-02-14"), (250_000L, "card", "2026-02-20"), (3_500L, "other", "2026-02-28"),
        }));
        Assert.That(_db.Get<DesignationService>().Funds(_treasurer).Select(f => f.Name), Is.EqualTo(new[] { "General", "Rent Relief" }));
    }

    [TestCase(DateOrder.MonthFirst, "2025-03-04", "2025-03-04", "2025-03-04")]
    [TestCase(DateOrder.DayFirst, "2025-03-04", "2025-04-03", "2025-03-04")]
    public void MixedDateFormats_InOneFile_AmbiguousOnesFollowTheChosenOrder(DateOrder order, string iso, string ambiguous, string named)
    {
        var csv = "Last Name,Amount,Date,Method\nVang,10,2025-03-04,cash\nVang,11,03/04/2025,cash\nVang,12,\"Mar 4, 2025\",cash\n";

        _imports.Commit(_treasurer, Gifts("dates.csv") with { DateOrder = order }, Utf8(csv));

        // The amounts follow the file's rows; ids need not (an import inserts its gifts in date order).
        Assert.That(Stored().OrderBy(g => g.AmountCents).Select(g => g.ReceivedOn), Is.EqualTo(new[] { iso, ambiguous, named }));
    }

    [Test]
    public void DateThatIsNotInTheChosenOrder_IsAnErrorNamingRowColumnAndTheOrder()
    {
        var csv = "Last Name,Amount,Gift Date,Method\nVang,10,13/04/2025,cash\n";

        var report = _imports.Preview(_treasurer, Gifts("dates.csv"), Utf8(csv));

        Assert.That(report.Preview.Errors.Single().ToString(), Does.StartWith("Row 2, Gift Date: “13/04/2025” is not a date; use 2025-03-14, 3/14/2025 (month/day/year"));
    }

    [Test]
    public void DuplicateReferencesWithinOneFile_AreErrorsNamingTheFirstRow_AndNothingIsWritten()
    {
        var csv = "Last Name,Amount,Date,Method,Transaction ID\nVang,10,2025-03-04,card,ch_1\nLee,11,2025-03-04,card,ch_2\nRuiz,12,2025-03-04,card,ch_1\n";

        var refused = Assert.Throws<ImportSourceRefusedException>(() => _imports.Commit(_treasurer, Gifts("dup.csv"), Utf8(csv)))!;

        Assert.That(refused.Report.Preview.Errors.Single().ToString(), Is.EqualTo(
            "Row 4, Transaction ID: Row 2 has the same reference “ch_1”; one payment is one gift, so each reference appears once."));
        Assert.That(Stored(), Is.Empty);
        Assert.That(DonorNames(), Is.Empty);
    }

    [Test]
    public void DonorsImport_DuplicateExternalIds_AndGiftColumns_AreRefused()
    {
        var duplicate = "External ID,Last Name\nA-1,Vang\nA-2,Lee\nA-1,Ruiz\n";
        var withGifts = "External ID,Last Name,Amount\nA-1,Vang,10\n";

        var duplicateReport = _imports.Preview(_treasurer, Donors("donors.csv"), Utf8(duplicate));
        var giftsReport = _imports.Preview(_treasurer, Donors("donors.csv"), Utf8(withGifts));

        Assert.That(duplicateReport.Preview.Errors.Single().ToString(), Does.StartWith("Row 4, External ID: Row 2 has the same id “A-1”"));
        Assert.That(giftsReport.Preview.Errors.Single().ToString(), Does.StartWith("File: A donors import takes no gift columns (Amount)"));
    }

    [Test]
    public void GiftsImport_WithoutRequiredColumns_NamesWhatIsMissing()
    {
        var report = _imports.Preview(_treasurer, Gifts("gifts.csv"), Utf8("Last Name,Amount\nVang,10\n"));

        Assert.That(report.Preview.Errors.Single().ToString(), Is.EqualTo("File: A gifts import needs the columns Amount, Date, Method; missing: Date, Method."));
    }

    [Test]
    public void UnknownColumns_AreListedAsIgnored_InTheSourceSpelling()
    {
        var report = _imports.Preview(_treasurer, Gifts("gifts.csv"), Utf8("Last Name,Amount,Date,Method,Shoe Size\nVang,10,2025-01-02,cash,44\n"));

        Assert.That(report.IsValid, Is.True);
        Assert.That(report.Preview.IgnoredColumns, Is.EqualTo(new[] { "Shoe Size" }));
    }

    [Test]
    public void TenMegabyteField_IsAnErrorOnItsRowAndColumn_AndNothingIsWritten()
    {
        var csv = "Last Name,Amount,Date,Method,Notes\nVang,10,2025-03-04,cash,ok\nLee,12,2025-03-04,cash,\"" + new string('x', 10 * 1000 * 1000) + "\"\n";

        var refused = Assert.Throws<ImportSourceRefusedException>(() => _imports.Commit(_treasurer, Gifts("big.csv"), Utf8(csv)))!;

        Assert.That(refused.Report.Preview.Errors.Single().ToString(), Is.EqualTo("Row 3, Notes: This cell has 10,000,000 characters; a cell can hold at most 10,000."));
        Assert.That(Stored(), Is.Empty);
    }

    [Test]
    public void ErrorsOfThePlanner_NameTheSourceRow_WhenEarlierRowsWereSkipped()
    {
        var csv = "Name,Type,Status,Gross,Date,Transaction ID,Fee\n"
            + "Ana Ruiz,Payment Refund,Completed,-5.00,3/1/2026,T1,0.00\n"
            + "Beto Paz,Donation Payment,Completed,12.345,3/2/2026,T2,-0.50\n";

        var report = _imports.Preview(_treasurer, Gifts("paypal.csv", ImportPresetName.Paypal), Utf8(csv));

        Assert.That(report.Preview.Errors.Single().ToString(), Does.StartWith("Row 3, Gross: “12.345” is not an amount"));
    }

    [Test]
    public void NegativeAmountsAndForeignCurrencySymbols_AreErrors_DollarSignsAndThousandsSeparatorsAreRead()
    {
        var csv = "Last Name,Amount,Date,Method\nVang,\"$1,234.50\",2025-03-04,cash\nLee,-5.00,2025-03-04,cash\nRuiz,€12,2025-03-04,cash\n";

        var report = _imports.Preview(_treasurer, Gifts("amounts.csv"), Utf8(csv));

        Assert.That(report.Preview.Errors.Select(e => (e.Row, e.Column)), Is.EqualTo(new[] { (3, "Amount"), (4, "Amount") }));
        Assert.That(report.Preview.Errors[0].Message, Does.Contain("Negative"));
        Assert.That(report.Preview.Rows.First().AmountCents, Is.EqualTo(123_450));
    }

    [Test]
    public void SavedMapping_MapsTheSourceHeaders_AndIsKeptPerOrganization()
    {
        var mappings = _db.Get<ImportMappingService>();
        mappings.Save(_treasurer, new ImportMappingInput("Old CRM", new Dictionary<string, string>
        {
            ["Surname"] = "Last Name", ["Gift Amt"] = "Amount", ["Gift Day"] = "Date", ["How Paid"] = "Method",
        }));
        var other = _db.NewOrganization(role: Role.Treasurer);

        var mapping = mappings.Find(_treasurer, "old crm");
        var report = _imports.Commit(_treasurer, Gifts("crm.csv") with { Mapping = mapping }, Utf8("Surname,Gift Amt,Gift Day,How Paid\nVang,10,2025-03-04,cash\n"));

        Assert.That(mapping!.Columns["Gift Amt"], Is.EqualTo(ImportField.Amount));
        Assert.That(report.Result!.GiftIds, Has.Count.EqualTo(1));
        Assert.That(mappings.Find(other, "Old CRM"), Is.Null, "another organization does not see it");
    }

    [Test]
    public void SavedMapping_ToAColumnTheImportDoesNotKnow_IsRefusedNamingTheSourceColumn()
    {
        var invalid = Assert.Throws<ValidationException>(() => _db.Get<ImportMappingService>().Save(_treasurer,
            new ImportMappingInput("Old CRM", new Dictionary<string, string> { ["Shoe"] = "Shoe Size" })))!;

        Assert.That(invalid.Errors.Single().PropertyName, Is.EqualTo("Columns[Shoe]"));
    }

    [Test]
    public void Windows1252SemicolonFile_IsConverted_AndImportedWithItsAccents()
    {
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("Nom;Last Name;Amount;Date;Method\nx;Müller-Lüdenscheidt;10;2025-03-04;cash\nx;Señora Peña;12;2025-03-04;cash\n");

        var report = _imports.Commit(_treasurer, Gifts("excel.csv"), bytes);

        Assert.That((report.EncodingName, report.Delimiter), Is.EqualTo(("Windows-1252", ';')));
        Assert.That(DonorNames(), Is.EqualTo(new[] { "|Müller-Lüdenscheidt|", "|Señora Peña|" }));
    }

    [Test]
    public void Utf16TabSeparatedFile_AsExcelSavesUnicodeText_IsImported()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Last Name\tAmount\tDate\tMethod\r\nNguyễn\t10\t2025-03-04\tcash\r\n")).ToArray();

        var report = _imports.Commit(_treasurer, Gifts("unicode.txt"), bytes);

        Assert.That((report.EncodingName, report.Delimiter), Is.EqualTo(("UTF-16", '\t')));
        Assert.That(DonorNames(), Is.EqualTo(new[] { "|Nguyễn|" }));
    }

    private static ImportSourceRequest Gifts(string fileName, ImportPresetName? preset = null) => new(fileName) { Kind = ImportKind.Gifts, Preset = preset };

    private static ImportSourceRequest Donors(string fileName) => new(fileName) { Kind = ImportKind.Donors };

    private static byte[] Sample(string name) => File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Imports", "Samples", name));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private List<(string? ExternalId, long AmountCents, long FeeCents, string Method, string ReceivedOn, string? Notes)> Stored()
    {
        using var connection = _db.Connections.Open();
        return connection.Query<(string?, long, long, string, string, string?)>(
            "SELECT external_id, amount_cents, fee_cents, method, received_on, notes FROM gifts WHERE organization_id = @id ORDER BY id",
            new { id = _treasurer.OrganizationId }).ToList();
    }

    private List<string> DonorNames()
    {
        using var connection = _db.Connections.Open();
        return connection.Query<string>(
            "SELECT coalesce(first_name, '') || '|' || coalesce(last_name, '') || '|' || coalesce(email, '') FROM donors WHERE organization_id = @id ORDER BY id",
            new { id = _treasurer.OrganizationId }).ToList();
    }
}
