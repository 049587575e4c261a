using DonorTrack.Core.Receipts;
using DonorTrack.Core.Security;
using DonorTrack.Tests.Support;
using DonorTrack.Web.Pages.Receipts;
using Microsoft.Extensions.Logging.Abstractions;
using static DonorTrack.Tests.Receipts.ReceiptTestSupport;

namespace DonorTrack.Tests.Receipts;

public sealed class ReceiptBatchJobsTests
{
    private TestDatabase _db = null!;
    private Actor _actor = null!;
    private string _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _actor = Organization(_db);
        Gift(_db, _actor, Donor(_db, _actor), 10000, receivedOn: "2026-01-10");
        _folder = Path.Combine(Path.GetTempPath(), "donortrack-batch-tests", Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public void TearDown()
    {
        _db.Dispose();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void FinishedFile_After24Hours_IsDeletedAndTheJobForgotten()
    {
        var jobs = Jobs();
        var job = Finished(jobs, jobs.Start(_actor, new AnnualBatchInput(2026)));
        _db.Clock.Advance(TimeSpan.FromHours(23));
        jobs.RemoveStale();
        Assert.That(File.Exists(job.FilePath), Is.True, "still downloadable before 24 hours");

        _db.Clock.Advance(TimeSpan.FromHours(1));
        jobs.RemoveStale();

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(job.FilePath), Is.False);
            Assert.That(jobs.Find(_actor, job.Id), Is.Null);
        });
    }

    [Test]
    public void NewBatch_ReplacesTheOrganizationsFinishedFile()
    {
        var jobs = Jobs();
        var first = Finished(jobs, jobs.Start(_actor, new AnnualBatchInput(2026)));

        var second = Finished(jobs, jobs.Start(_actor, new AnnualBatchInput(2026, Combined: true)));

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(first.FilePath), Is.False);
            Assert.That(jobs.Find(_actor, first.Id), Is.Null);
            Assert.That(File.Exists(second.FilePath), Is.True);
        });
    }

    [Test]
    public void StartUp_DeletesFilesLeftOlderThan24HoursAndKeepsNewerOnes()
    {
        Directory.CreateDirectory(_folder);
        var stale = Path.Combine(_folder, "old.zip");
        var recent = Path.Combine(_folder, "recent.zip");
        File.WriteAllText(stale, "x");
        File.WriteAllText(recent, "x");
        File.SetLastWriteTimeUtc(stale, _db.Clock.GetUtcNow().UtcDateTime.AddHours(-25));
        File.SetLastWriteTimeUtc(recent, _db.Clock.GetUtcNow().UtcDateTime.AddHours(-1));

        Jobs();

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(stale), Is.False);
            Assert.That(File.Exists(recent), Is.True);
        });
    }

    private ReceiptBatchJobs Jobs() => new(_db.Get<ReceiptService>(), NullLogger<ReceiptBatchJobs>.Instance, _db.Clock, _folder);

    private ReceiptBatchJob Finished(ReceiptBatchJobs jobs, ReceiptBatchJob job)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!job.Finished && waited.Elapsed < TimeSpan.FromSeconds(60))
            Thread.Sleep(20);
        Assert.That(job.Error, Is.Null);
        Assert.That(jobs.Find(_actor, job.Id), Is.SameAs(job));
        Assert.That(File.Exists(job.FilePath), Is.True);
        return job;
    }
}
