using System.Collections.Concurrent;
using DonorTrack.Core.Receipts;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Web.Pages.Receipts;

/// <summary>
/// Year-end batches running in the background, writing to a temporary file the treasurer downloads when done.
/// Finished files hold donors' names and addresses, so they do not linger: a file goes when its organization starts a
/// new batch, 24 hours after it finished, and at start-up when a previous run left it behind.
/// </summary>
public sealed class ReceiptBatchJobs
{
    /// <summary>How long a finished batch file stays downloadable.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<string, ReceiptBatchJob> _jobs = new();
    private readonly ReceiptService receipts;
    private readonly ILogger<ReceiptBatchJobs> logger;
    private readonly TimeProvider _clock;

    public ReceiptBatchJobs(ReceiptService receipts, ILogger<ReceiptBatchJobs> logger, TimeProvider clock)
        : this(receipts, logger, clock, Path.Combine(Path.GetTempPath(), "donortrack-receipt-batches"))
    {
    }

    internal ReceiptBatchJobs(ReceiptService receipts, ILogger<ReceiptBatchJobs> logger, TimeProvider clock, string folder)
    {
        this.receipts = receipts;
        this.logger = logger;
        _clock = clock;
        Folder = folder;
        RemoveStale();
    }

    public string Folder { get; }

    /// <summary>Deletes finished files past their lifetime, and any file in the folder no running job owns that is older than that.</summary>
    public void RemoveStale()
    {
        var now = _clock.GetUtcNow();
        foreach (var job in _jobs.Values.Where(j => j.FinishedAt is { } at && now - at >= Lifetime))
            Remove(job);
        if (!Directory.Exists(Folder))
            return;
        var owned = _jobs.Values.Select(j => j.FilePath).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Folder).Where(f => !owned.Contains(f)))
        {
            if (now - File.GetLastWriteTimeUtc(file) >= Lifetime)
                Delete(file);
        }
    }

    /// <summary>Checks the input and role now (so the form shows errors), then runs the batch on the thread pool.</summary>
    public ReceiptBatchJob Start(Actor actor, AnnualBatchInput input)
    {
        actor.Require(Roles.Treasurer);
        new AnnualBatchInputValidator().EnsureValid(input);
        RemoveStale();
        // A new batch replaces the organization's finished ones; a running one keeps its file until it finishes.
        foreach (var previous in _jobs.Values.Where(j => j.OrganizationId == actor.OrganizationId && j.Finished))
            Remove(previous);
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

            job.Finish(null, _clock.GetUtcNow());
        }
        catch (Exception error)
        {
            logger.LogError(error, "Year-end batch {Job} for organization {Organization} failed", job.Id, job.OrganizationId);
            job.Finish("The batch stopped on an error; statements issued so far keep their numbers. Start it again to continue.", _clock.GetUtcNow());
        }
    }

    private void Remove(ReceiptBatchJob job)
    {
        _jobs.TryRemove(job.Id, out _);
        Delete(job.FilePath);
    }

    private void Delete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException error)
        {
            // A download still reading it on another platform; the next sweep retries.
            logger.LogWarning(error, "Could not delete batch file {File}", file);
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
    private DateTimeOffset? _finishedAt;

    public string Id { get; } = id;
    public long OrganizationId { get; } = organizationId;
    public int Year { get; } = year;
    public bool Combined { get; } = combined;
    public string FilePath { get; } = filePath;
    public int Done => _done;
    public int Total => _total;
    public bool Finished => _finished;
    public string? Error => _error;
    public DateTimeOffset? FinishedAt => _finished ? _finishedAt : null;
    public string FileName => Combined ? $"year-end-statements-{Year}.pdf" : $"year-end-statements-{Year}.zip";
    public string ContentType => Combined ? "application/pdf" : "application/zip";

    public void Report(ReceiptBatchProgress value)
    {
        _total = value.Total;
        _done = value.Done;
    }

    public void Finish(string? error, DateTimeOffset at)
    {
        _error = error;
        _finishedAt = at;
        _finished = true;
    }
}
