using System.IO.Compression;
using DonorTrack.Web.Hosting;

namespace DonorTrack.Tests.Receipts;

/// <summary>The year-end batch page in the real app: where its files land, what start-up clears, and the interim box.</summary>
public sealed class ReceiptBatchPageTests
{
    private DonorTrackAppFactory _app = null!;

    private string Batches => Path.Combine(_app.DataDirectory, "batches");

    [SetUp]
    public void SetUp() => _app = new DonorTrackAppFactory();

    [TearDown]
    public void TearDown() => _app.Dispose();

    [Test]
    public async Task Batch_RunFromThePage_WritesItsZipAndCombinedPdfUnderTheDataDirectory()
    {
        var ours = _app.SetUpFirstOrganization();
        Give(ours, new DateOnly(2025, 3, 1));
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var posted = await DonorTrackAppFactory.PostFormAsync(browser, "/Receipts/Batch", "/Receipts/Batch", new() { ["Year"] = "2025", ["Combined"] = "true" });

        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var job = Finished(ours, posted);
        var zip = await browser.GetAsync($"/Receipts/Batch?handler=Download&job={job.Id}");
        var pdf = await browser.GetAsync($"/Receipts/Batch?handler=Download&job={job.Id}&file=pdf");
        var status = WebUtility.HtmlDecode(await browser.GetStringAsync(posted.Headers.Location!.ToString()));
        using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        Assert.Multiple(() =>
        {
            Assert.That(Path.GetDirectoryName(job.ZipPath), Is.EqualTo(Batches));
            Assert.That(Path.GetDirectoryName(job.PdfPath), Is.EqualTo(Batches));
            Assert.That(File.Exists(job.ZipPath) && File.Exists(job.PdfPath), Is.True);
            Assert.That(archive.Entries.Select(e => e.FullName), Is.EqualTo(new[] { "receipt-2026-000001.pdf", "index.csv" }));
            Assert.That(pdf.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(pdf.Content.Headers.ContentDisposition!.FileName, Is.EqualTo("year-end-statements-2025.pdf"));
            Assert.That(status, Does.Contain("1 of 1 statement</p>"), "a batch of one statement is counted in the singular");
        });
    }

    [Test]
    public void StartUp_RemovesThePartialFilesOfABatchKilledMidRun_AndKeepsARecentFinishedOne()
    {
        Directory.CreateDirectory(Batches);
        var partial = Path.Combine(Batches, "0c4e7d.zip.partial");
        var finished = Path.Combine(Batches, "9a1b2c.zip");
        File.WriteAllText(partial, "PK half a zip");
        File.WriteAllText(finished, "PK a whole zip");
        File.SetLastWriteTimeUtc(finished, _app.Clock.GetUtcNow().UtcDateTime.AddHours(-1));

        _app.SetUpFirstOrganization();

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(partial), Is.False);
            Assert.That(File.Exists(finished), Is.True);
        });
    }

    [Test]
    public async Task Post_FiscalYearInProgressWithoutTheInterimBox_ShowsWhyAndStartsNothing_WithTheBoxTicked_RunsInterimStatements()
    {
        var ours = _app.SetUpFirstOrganization();
        Give(ours, new DateOnly(2026, 3, 1));
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var refused = await DonorTrackAppFactory.PostFormAsync(browser, "/Receipts/Batch", "/Receipts/Batch", new() { ["Year"] = "2026" });
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        var batchesBefore = Directory.Exists(Batches) ? Directory.GetFiles(Batches).Length : 0;
        var accepted = await DonorTrackAppFactory.PostFormAsync(browser, "/Receipts/Batch", "/Receipts/Batch", new() { ["Year"] = "2026", ["Interim"] = "true" });

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page, Does.Contain("Fiscal year 2026 runs until Dec 31, 2026 and is not over yet"));
        Assert.That(batchesBefore, Is.Zero);
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var job = Finished(ours, accepted);
        Assert.That(job.Interim, Is.True);
        Assert.That(job.ZipFileName, Is.EqualTo("year-end-statements-2026-interim.zip"));
    }

    private void Give(long organizationId, DateOnly on)
    {
        var donor = _app.Get<DonorService>().Create(Actor.System(organizationId), new DonorInput { FirstName = "Xee", LastName = "Yang" });
        _app.Get<GiftService>().Record(Actor.System(organizationId), new GiftInput
        {
            DonorId = donor, AmountCents = 10000, ReceivedOn = on, Method = GiftMethod.Check, Category = GiftCategory.Individual,
        });
    }

    private ReceiptBatchJob Finished(long organizationId, HttpResponseMessage redirect)
    {
        var id = System.Web.HttpUtility.ParseQueryString(redirect.Headers.Location!.OriginalString.Split('?')[1])["job"]!;
        var job = _app.Get<ReceiptBatchJobs>().Find(Actor.System(organizationId), id)!;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!job.Finished && waited.Elapsed < TimeSpan.FromSeconds(60))
            Thread.Sleep(20);
        Assert.That(job.Finished, Is.True);
        Assert.That(job.Error, Is.Null);
        return job;
    }
}
