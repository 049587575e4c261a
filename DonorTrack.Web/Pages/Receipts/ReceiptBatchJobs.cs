using System.Collections.Concurrent;
using DonorTrack.Core.Receipts;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Web.Pages.Receipts;

/// <summary>Year-end batches running in the background, writing to a temporary file the treasurer downloads when done.</summary>
public sealed class ReceiptBatchJobs(ReceiptService receipts, ILogger<ReceiptBatchJobs> logger)
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "donortrack-receipt-batches");
    private readonly ConcurrentDictionary<string, ReceiptBatchJob> _jobs = new();

    /// <summary>Checks the input and role now (so the form shows errors), then runs the batch on the thread pool.</summary>
    public ReceiptBatchJob Start(Actor actor, AnnualBatchInput input)
    {
        actor.Require(Roles.Treasurer);
        new AnnualBatchInputValidator().EnsureValid(input);
        Directory.CreateDirectory(Folder);
        var id = Guid.NewGuid().ToString("N");
        var job = new ReceiptBatchJob(id, actor.OrganizationId, input.Year!.Value, input.Combined, Path.Combine(Folder, id + (input.Combined ? ".pdf" : ".zip")));
        _jobs[id] = job;
        _ = Task.Run(() => Run(job, actor, input));
        return job;
    }

    public ReceiptBatchJob? Find(Actor actor, string id) =>
        _jobs.TryGetValue(id, out var job) && job.OrganizationId == actor.OrganizationId ? job : null;

    private void Run(ReceiptBatchJob job, Actor actor, AnnualBatchInput input)
    {
        try
        {
            using (var file = File.Create(job.FilePath))
            {
                if (input.Combined)
                    receipts.WriteAnnualCombined(actor, input, file, job);
                else
                    receipts.WriteAnnualBatch(actor, input, file, job);
            }

            job.Finish(null);
        }
        catch (Exception error)
        {
            logger.LogError(error, "Year-end batch {Job} for organization {Organization} failed", job.Id, job.OrganizationId);
            job.Finish("The batch stopped on an error; statements issued so far keep their numbers. Start it again to continue.");
        }
    }
}

/// <summary>One background batch: its progress, and the file once finished.</summary>
public sealed class ReceiptBatchJob(string id, long organizationId, int year, bool combined, string filePath) : IProgress<ReceiptBatchProgress>
{
    private volatile int _done;
    private volatile int _total = -1;
    private volatile bool _finished;
    private volatile string? _error;

    public string Id { get; } = id;
    public long OrganizationId { get; } = organizationId;
    public int Year { get; } = year;
    public bool Combined { get; } = combined;
    public string FilePath { get; } = filePath;
    public int Done => _done;
    public int Total => _total;
    public bool Finished => _finished;
    public string? Error => _error;
    public string FileName => Combined ? $"year-end-statements-{Year}.pdf" : $"year-end-statements-{Year}.zip";
    public string ContentType => Combined ? "application/pdf" : "application/zip";

    public void Report(ReceiptBatchProgress value)
    {
        _total = value.Total;
        _done = value.Done;
    }

    public void Finish(string? error)
    {
        _error = error;
        _finished = true;
    }
}
