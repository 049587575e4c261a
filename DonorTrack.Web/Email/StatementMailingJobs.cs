using System.Collections.Concurrent;
using DonorTrack.Core.Email;
using DonorTrack.Core.Receipts;

namespace DonorTrack.Web.Email;

/// <summary>Where an organization's latest year-end mailing stands while its statements are issued and queued.</summary>
public sealed record StatementMailingJob(int Year, int Done, int Total, StatementMailingResult? Result, string? Error)
{
    public bool IsQueueing => Result is null && Error is null;
}

/// <summary>
/// Runs year-end mailings off the request (issuing and queueing thousands of statements takes a while), one per
/// organization at a time, and wakes the outbox worker as each chunk commits so sending starts at once.
/// </summary>
public sealed class StatementMailingJobs(YearEndStatementMailing mailing, OutboxWorker worker, ILogger<StatementMailingJobs> logger)
{
    private readonly ConcurrentDictionary<long, StatementMailingJob> _latest = new();
    private readonly OutboxWorker _worker = worker;

    public StatementMailingJob? Latest(long organizationId) => _latest.GetValueOrDefault(organizationId);

    /// <summary>Checks the input and settings (throwing a field error for the form), then starts the mailing in the background.</summary>
    public Task Start(Actor actor, AnnualBatchInput input)
    {
        mailing.EnsureCanRun(actor, input);
        var year = input.Year!.Value;
        var job = new StatementMailingJob(year, 0, 0, null, null);
        if (_latest.TryGetValue(actor.OrganizationId, out var running) && running.IsQueueing
            || !_latest.TryAdd(actor.OrganizationId, job) && !_latest.TryUpdate(actor.OrganizationId, job, running!))
            throw Core.Validation.InputValidation.FieldError(nameof(AnnualBatchInput.Year), "A year-end mailing is being queued already; wait for it to finish.");
        var progress = new Progress(this, actor.OrganizationId, year);
        return Task.Run(() =>
        {
            try
            {
                var result = mailing.Queue(actor, input, progress);
                _latest[actor.OrganizationId] = _latest[actor.OrganizationId] with { Result = result };
            }
            catch (Exception error)
            {
                logger.LogError(error, "Year-end mailing {Year} of organization {Organization} failed", year, actor.OrganizationId);
                _latest[actor.OrganizationId] = _latest[actor.OrganizationId] with
                {
                    Error = error is FluentValidation.ValidationException invalid ? invalid.Errors.First().ErrorMessage : "The mailing stopped with an error; statements queued so far will be sent. See the server log.",
                };
            }
            _worker.Request();
        });
    }

    private sealed class Progress(StatementMailingJobs jobs, long organizationId, int year) : IProgress<ReceiptBatchProgress>
    {
        public void Report(ReceiptBatchProgress value)
        {
            jobs._latest[organizationId] = new StatementMailingJob(year, value.Done, value.Total, null, null);
            jobs._worker.Request();
        }
    }
}
