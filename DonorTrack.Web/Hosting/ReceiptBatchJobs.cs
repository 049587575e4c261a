using System.Collections.Concurrent;
using System.Threading.Channels;
using DonorTrack.Core.Receipts;

namespace DonorTrack.Web.Hosting;

/// <summary>
/// Year-end batches: a page queues a job on a channel and one background worker runs the jobs one after another (a batch
/// already keeps the machine's cores busy; two at once would only slow both). A job writes its ZIP, and the combined PDF
/// when asked, under the data directory as <c>.partial</c> files renamed when complete, so a batch killed mid-run leaves
/// only <c>.partial</c> files, which start-up deletes. Finished files hold donors' names and addresses, so they do not
/// linger: a file goes when its organization starts a new batch, 24 hours after it finished, or at start-up when older.
/// </summary>
public sealed class ReceiptBatchJobs : BackgroundService
{
    /// <summary>How long a finished batch file stays downloadable.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private const string PartialSuffix = ".partial";

    private readonly ConcurrentDictionary<string, ReceiptBatchJob> _jobs = new();
    private readonly Channel<(ReceiptBatchJob Job, Actor Actor, AnnualBatchInput Input)> _queue =
        Channel.CreateUnbounded<(ReceiptBatchJob, Actor, AnnualBatchInput)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly YearEndStatementService _statements;
    private readonly ILogger<ReceiptBatchJobs> _logger;
    private readonly TimeProvider _clock;

    public ReceiptBatchJobs(YearEndStatementService statements, ILogger<ReceiptBatchJobs> logger, TimeProvider clock, string folder)
    {
        _statements = statements;
        _logger = logger;
        _clock = clock;
        Folder = folder;
    }

    /// <summary>Where batch files go: <c>batches/</c> in the data directory.</summary>
    public static string FolderIn(string dataDirectory) => Path.Combine(dataDirectory, "batches");

    public string Folder { get; }

    /// <summary>Clears what a previous run left (every partial file, finished files past their lifetime) before the worker takes jobs.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(Folder))
        {
            foreach (var partial in Directory.EnumerateFiles(Folder, "*" + PartialSuffix))
                Delete(partial);
        }

        RemoveStale();
        return base.StartAsync(cancellationToken);
    }

    /// <summary>Deletes finished files past their lifetime, and any finished file in the folder no job owns that is older than that.</summary>
    public void RemoveStale()
    {
        var now = _clock.GetUtcNow();
        foreach (var job in _jobs.Values.Where(j => j.FinishedAt is { } at && now - at >= Lifetime))
            Remove(job);
        if (!Directory.Exists(Folder))
            return;
        var owned = _jobs.Values.SelectMany(j => j.Files).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Folder).Where(f => !owned.Contains(f) && !f.EndsWith(PartialSuffix, StringComparison.Ordinal)))
        {
            if (now - File.GetLastWriteTimeUtc(file) >= Lifetime)
                Delete(file);
        }
    }

    /// <summary>Checks role, input and the fiscal year now (so the form shows errors), then queues the batch for the worker.</summary>
    public ReceiptBatchJob Start(Actor actor, AnnualBatchInput input)
    {
        _statements.EnsureBatchCanRun(actor, input);
        RemoveStale();
        // A new batch replaces the organization's finished ones; a queued or running one keeps its files until it finishes.
        foreach (var previous in _jobs.Values.Where(j => j.OrganizationId == actor.OrganizationId && j.Finished))
            Remove(previous);
        var id = Guid.NewGuid().ToString("N");
        var job = new ReceiptBatchJob(id, actor.OrganizationId, input.Year!.Value, input.Interim, Path.Combine(Folder, id + ".zip"),
            input.Combined ? Path.Combine(Folder, id + ".pdf") : null);
        _jobs[id] = job;
        if (!_queue.Writer.TryWrite((job, actor, input)))
            throw new InvalidOperationException("The batch worker has stopped; the application is shutting down.");
        return job;
    }

    public ReceiptBatchJob? Find(Actor actor, string id) =>
        _jobs.TryGetValue(id, out var job) && job.OrganizationId == actor.OrganizationId ? job : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (job, actor, input) in _queue.Reader.ReadAllAsync(stoppingToken))
                await Run(job, actor, input, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: jobs still queued are dropped with the process, as are their (unstarted) files.
        }
        finally
        {
            _queue.Writer.TryComplete();
        }
    }

    private async Task Run(ReceiptBatchJob job, Actor actor, AnnualBatchInput input, CancellationToken stoppingToken)
    {
        job.MarkStarted();
        Directory.CreateDirectory(Folder);
        var zipPartial = job.ZipPath + PartialSuffix;
        var pdfPartial = job.PdfPath is null ? null : job.PdfPath + PartialSuffix;
        try
        {
            await using (var zip = File.Create(zipPartial))
            await using (var pdf = pdfPartial is null ? null : File.Create(pdfPartial))
                await _statements.WriteAnnualBatchAsync(actor, input, zip, pdf, job, stoppingToken);
            if (pdfPartial is not null)
                File.Move(pdfPartial, job.PdfPath!, overwrite: true);
            File.Move(zipPartial, job.ZipPath, overwrite: true);
            job.Finish(null, _clock.GetUtcNow());
        }
        catch (Exception error)
        {
            if (error is not OperationCanceledException)
                _logger.LogError(error, "Year-end batch {Job} for organization {Organization} failed", job.Id, job.OrganizationId);
            Delete(zipPartial);
            if (pdfPartial is not null)
                Delete(pdfPartial);
            job.Finish(error is OperationCanceledException
                ? "The batch was stopped when the application shut down; statements issued so far keep their numbers. Start it again to continue."
                : "The batch stopped on an error; statements issued so far keep their numbers. Start it again to continue.", _clock.GetUtcNow());
        }
    }

    private void Remove(ReceiptBatchJob job)
    {
        _jobs.TryRemove(job.Id, out _);
        foreach (var file in job.Files)
            Delete(file);
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
            _logger.LogWarning(error, "Could not delete batch file {File}", file);
        }
    }
}

/// <summary>One background batch: queued, running with its progress, then its ZIP (and combined PDF) once finished.</summary>
public sealed class ReceiptBatchJob(string id, long organizationId, int year, bool interim, string zipPath, string? pdfPath) : IProgress<ReceiptBatchProgress>
{
    private volatile int _done;
    private volatile int _total = -1;
    private volatile bool _started;
    private volatile bool _finished;
    private volatile string? _error;
    private DateTimeOffset? _finishedAt;

    public string Id { get; } = id;
    public long OrganizationId { get; } = organizationId;
    public int Year { get; } = year;
    public bool Interim { get; } = interim;
    public string ZipPath { get; } = zipPath;

    /// <summary>The combined PDF for printing, made from the same statements as the ZIP; null when not asked for.</summary>
    public string? PdfPath { get; } = pdfPath;

    public IEnumerable<string> Files => PdfPath is null ? [ZipPath] : [ZipPath, PdfPath];
    public int Done => _done;
    public int Total => _total;
    public bool Started => _started;
    public bool Finished => _finished;
    public string? Error => _error;
    public DateTimeOffset? FinishedAt => _finished ? _finishedAt : null;
    public string ZipFileName => $"year-end-statements-{Year}{(Interim ? "-interim" : "")}.zip";
    public string PdfFileName => $"year-end-statements-{Year}{(Interim ? "-interim" : "")}.pdf";

    public void Report(ReceiptBatchProgress value)
    {
        _total = value.Total;
        _done = value.Done;
    }

    public void MarkStarted() => _started = true;

    public void Finish(string? error, DateTimeOffset at)
    {
        _error = error;
        _finishedAt = at;
        _finished = true;
    }
}
