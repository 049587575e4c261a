using DonorTrack.Web.Cli;

namespace DonorTrack.Tests.Web;

public sealed class DataCommandsTests
{
    private string _data = null!;
    private string _files = null!;

    [SetUp]
    public void SetUp()
    {
        _data = Path.Combine(Path.GetTempPath(), "donortrack-cli-tests", Guid.NewGuid().ToString("N"));
        _files = Path.Combine(_data, "files");
        Directory.CreateDirectory(_files);
        Run("setup", "--org", "Frogtown Tenants Union", "--admin-email", "admin@example.org", "--admin-password", "long-enough-pw");
    }

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
            Directory.Delete(_data, recursive: true);
    }

    [Test]
    public void ImportGifts_DryRunWritesNothing_ThenTheImportWritesEveryRow_AndExportGiftsReadsThemBack()
    {
        var file = Write("gifts.csv", "First Name,Last Name,Email,Amount,Date,Method,Gift Reference\nMai,Nguyễn,mai@example.org,\"1,234.50\",2026-03-14,check,G-1\n"
            + "Lars,=HYPERLINK(\"x\"),lars@example.org,$25,3/15/2026,card,G-2\n");

        var dryRun = Run("import", "gifts", file, "--org", "1", "--dry-run");
        var beforeImport = Run("export", "gifts", Path.Combine(_files, "before.csv"), "--org", "1");
        var import = Run("import", "gifts", file, "--org", "1");
        var export = Run("export", "gifts", Path.Combine(_files, "out.csv"), "--org", "1", "--from", "2026-03-15", "--to", "2026-03-31");

        Assert.That(dryRun.Code, Is.Zero, dryRun.Error);
        Assert.That(dryRun.Output, Does.Contain("2 gifts totalling $1,259.50").And.Contain("Dry run: nothing was written."));
        Assert.That(beforeImport.Output, Does.Contain("Wrote 0 gifts"));
        Assert.That(import.Code, Is.Zero, import.Error);
        Assert.That(import.Output, Does.Contain("Imported: 2 new donors, 0 matched, 2 gifts totalling $1,259.50"));
        Assert.That(export.Output, Does.Contain("Wrote 1 gifts"));
        var bytes = File.ReadAllBytes(Path.Combine(_files, "out.csv"));
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.That(bytes[..3], Is.EqualTo(Encoding.UTF8.GetPreamble()), "a byte-order mark, so Excel reads Vietnamese names");
        Assert.That(lines[0], Does.StartWith("Donor ID,First Name,Last Name,Organization Name,Email,Amount,Date"));
        Assert.That(lines[1], Does.Contain(",Lars,\"'=HYPERLINK(\"\"x\"\")\",,lars@example.org,25.00,2026-03-15,card,"), "the formula is neutralised");
    }

    [Test]
    public void ImportWithABadRow_ExitsWithOne_PrintsEveryProblem_AndWritesNothing()
    {
        var file = Write("bad.csv", "Last Name,Amount,Date,Method\nVang,12.345,2026-01-05,cash\nLee,10,2026-01-05,barter\n");

        var result = Run("import", "gifts", file, "--org", "1");
        Run("export", "donors", Path.Combine(_files, "donors.csv"), "--org", "1");

        Assert.That(result.Code, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("Row 2, Amount:").And.Contain("Row 3, Method:"));
        Assert.That(File.ReadAllLines(Path.Combine(_files, "donors.csv")), Has.Length.EqualTo(1), "only the header: no donor was written");
    }

    [Test]
    public void ImportWithThePaypalPreset_AndDayFirstDates_SkipsTheRefundWithItsRow()
    {
        var sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "Imports", "Samples", "paypal-activity.csv");

        var result = Run("import", "gifts", sample, "--org", "1", "--preset", "paypal", "--date-order", "day_first");

        Assert.That(result.Code, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("Row 4 skipped: PayPal “Payment Refund” is not money received"));
        Assert.That(result.Output, Does.Contain("Imported: 2 new donors"));
    }

    [Test]
    public void ExportDonors_WritesTheImportsColumnNames_SoTheFileImportsAgain()
    {
        Run("import", "donors", Write("donors.csv", "External ID,First Name,Last Name,Tags\nA-1,Mai,Nguyễn,tenant; volunteer\n"), "--org", "1");

        var export = Run("export", "donors", Path.Combine(_files, "donors-out.csv"), "--org", "1");
        var text = File.ReadAllText(Path.Combine(_files, "donors-out.csv"));

        Assert.That(export.Code, Is.Zero, export.Error);
        Assert.That(text, Does.Contain("Mai,Nguyễn").And.Contain("tenant; volunteer"));
        var header = CsvReader.Parse(File.ReadAllBytes(Path.Combine(_files, "donors-out.csv"))).Header;
        ImportColumns.FromHeader(header, out var problems);
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void ExportBookkeeping_WithoutDates_IsRefusedNamingTheField_WithDatesWritesTheJournal()
    {
        var missing = Run("export", "bookkeeping", Path.Combine(_files, "journal.csv"), "--org", "1");
        var written = Run("export", "bookkeeping", Path.Combine(_files, "journal.csv"), "--org", "1", "--from", "2026-01-01", "--to", "2026-03-31", "--layout", "xero");

        Assert.That(missing.Code, Is.EqualTo(2));
        Assert.That(missing.Error, Does.Contain("From: Give the first day of the period."));
        Assert.That(written.Code, Is.Zero, written.Error);
        Assert.That(File.ReadAllLines(Path.Combine(_files, "journal.csv"))[0], Is.EqualTo("Narration,Date,Description,AccountCode,TaxRate,Amount,TrackingName1,TrackingOption1"));
    }

    [TestCase("import", "gifts", "missing.csv", "--org", "1")]
    [TestCase("import", "pledges", "x.csv", "--org", "1")]
    [TestCase("export", "gifts", "x.csv", "--org", "99")]
    [TestCase("import", "gifts", "x.csv", "--org", "1", "--preset", "square")]
    public void WrongArguments_ExitWithTwo(params string[] args)
    {
        if (args.Length > 2 && args[2] == "x.csv")
            args[2] = Write("x.csv", "Last Name\nVang\n");

        var result = Run(args);

        Assert.That(result.Code, Is.EqualTo(2), result.Output + result.Error);
        Assert.That(result.Error, Is.Not.Empty);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_files, name);
        File.WriteAllText(path, text);
        return path;
    }

    private (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CommandLine.Run(["--data", _data, .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
