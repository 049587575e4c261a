using DonorTrack.Web.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using static DonorTrack.Tests.Receipts.ReceiptTestSupport;

namespace DonorTrack.Tests.Receipts;

public sealed class ReceiptBatchJobsTests
{
    private readonly List<ReceiptBatchJobs> _started = [];
    private TestDatabase _db = null!;
    private Actor _actor = null!;
    private string _folder = null!;

    [SetUp]
    public void SetUp()
    {
        // Fiscal year 2026 is over, so batches for it need no interim flag.
        _db = new TestDatabase(new DateTimeOffset(2027, 1, 15, 17, 0, 0, TimeSpan.Zero));
        _actor = Organization(_db);
        Gift(_db, _actor, Donor(_db, _actor), 10000, receivedOn: "2026-01-10");
        _folder = Path.Combine(Path.GetTempPath(), "donortrack-batch-tests", Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var jobs in _started)
        {
            await jobs.StopAsync(CancellationToken.None);
            jobs.Dispose();
        }

        _db.Dispose();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task FinishedFile_After24Hours_IsDeletedAndTheJobForgotten()
    {
        var jobs = await Jobs();
        var job = Finished(jobs, jobs.Start(_actor, new AnnualBatchInput(2026)));
        _db.Clock.Advance(TimeSpan.FromHours(23));
        jobs.RemoveStale();
        Assert.That(File.Exists(job.ZipPath), Is.True, "still downloadable before 24 hours");

        _db.Clock.Advance(TimeSpan.FromHours(1));
        jobs.RemoveStale();

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(job.ZipPath), Is.False);
            Assert.That(jobs.Find(_actor, job.Id), Is.Null);
        });
    }

    [Test]
    public async Task NewBatch_ReplacesTheOrganizationsFinishedFile()
    {
        var jobs = await Jobs();
        var first = Finished(jobs, jobs.Start(_actor, new AnnualBatchInput(2026)));

        var second = Finished(jobs, jobs.Start(_actor, new AnnualBatchInput(2026, Combined: true)));

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(first.ZipPath), Is.False);
            Assert.That(jobs.Find(_actor, first.Id), Is.Null);
            Assert.That(File.Exists(second.ZipPath), Is.True);
            Assert.That(File.Exists(second.PdfPath), Is.True);
        });
    }

    [Test]
    public async Task StartUp_DeletesFilesLeftOlderThan24HoursAndKeepsNewerOnes()
    {
        Directory.CreateDirectory(_folder);
        var stale = Path.Combine(_folder, "old.zip");
        var recent = Path.Combine(_folder, "recent.zip");
        File.WriteAllText(stale, "x");
        File.WriteAllText(recent, "x");
        File.SetLastWriteTimeUtc(stale, _db.Clock.GetUtcNow().UtcDateTime.AddHours(-25));
        File.SetLastWriteTimeUtc(recent, _db.Clock.GetUtcNow().UtcDateTime.AddHours(-1));

        await Jobs();

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(stale), Is.False);
            Assert.That(File.Exists(recent), Is.True);
        });
    }

    [Test]
    public async Task StartUp_DeletesThePartialFilesOfABatchKilledMidRun_HoweverRecent()
    {
        Directory.CreateDirectory(_folder);
        var partialZip = Path.Combine(_folder, "3f2a.zip.partial");
        var partialPdf = Path.Combine(_folder, "3f2a.pdf.partial");
        File.WriteAllText(partialZip, "PK half a zip");
        File.WriteAllText(partialPdf, "%PDF half a pdf");

        await Jobs();

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(partialZip), Is.False);
            Assert.That(File.Exists(partialPdf), Is.False);
        });
    }

    [Test]
    public async Task RunningBatch_WritesOnlyPartialFiles_AndRenamesThemWhenComplete()
    {
        var jobs = await Jobs();

        var job = Finished(jobs, jobs.Start(_actor, new AnnualBatchInput(2026, Combined: true)));

        Assert.That(Directory.EnumerateFiles(_folder).Select(Path.GetFileName), Is.EquivalentTo(new[] { job.Id + ".zip", job.Id + ".pdf" }));
    }

    [Test]
    public async Task Start_ForTheFiscalYearInProgressWithoutInterim_IsRefusedAndQueuesNothing()
    {
        var jobs = await Jobs();
        _db.Clock.Now = new DateTimeOffset(2026, 12, 4, 17, 0, 0, TimeSpan.Zero);

        var refused = Assert.Throws<FluentValidation.ValidationException>(() => jobs.Start(_actor, new AnnualBatchInput(2026)))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo("Year"));
        Assert.That(refused.Errors.Single().ErrorMessage, Does.Contain("not over yet"));
        Assert.That(Directory.Exists(_folder) ? Directory.EnumerateFiles(_folder) : [], Is.Empty);
    }

    private async Task<ReceiptBatchJobs> Jobs()
    {
        var jobs = new ReceiptBatchJobs(_db.Get<YearEndStatementService>(), NullLogger<ReceiptBatchJobs>.Instance, _db.Clock, _folder);
        _started.Add(jobs);
        await jobs.StartAsync(CancellationToken.None);
        return jobs;
    }

    private ReceiptBatchJob Finished(ReceiptBatchJobs jobs, ReceiptBatchJob job)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!job.Finished && waited.Elapsed < TimeSpan.FromSeconds(60))
            Thread.Sleep(20);
        Assert.That(job.Error, Is.Null);
        Assert.That(jobs.Find(_actor, job.Id), Is.SameAs(job));
        Assert.That(File.Exists(job.ZipPath), Is.True);
        return job;
    }
}
