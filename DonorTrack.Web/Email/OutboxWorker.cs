using DonorTrack.Core.Email;
using DonorTrack.Web.Hosting;

namespace DonorTrack.Web.Email;

/// <summary>
/// Sends the outbox in the background: at start-up it marks messages a stopped process left 'sending' as uncertain, then
/// sends whatever is due, again whenever an action queues mail (<see cref="Request"/>) and at least every poll interval, so
/// retries come due without anyone asking.
/// </summary>
public sealed class OutboxWorker(OutboxSender sender, MailSettingsStore settings, ILogger<OutboxWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(15);

    private readonly RequestedRuns _runs = new();

    /// <summary>Asks for a run; call after the transaction that queued mail has committed.</summary>
    public void Request() => _runs.Request();

    /// <summary>Completes once every run requested before this call has finished (tests wait on it instead of sleeping).</summary>
    public Task WhenCaughtUpAsync() => _runs.WhenCaughtUpAsync();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            sender.MarkInterruptedUncertain();
        }
        catch (Exception error)
        {
            logger.LogError(error, "Checking the outbox for interrupted messages failed");
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var started = _runs.Starting();
            try
            {
                await sender.SendDueAsync(settings.Server, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                // A database failure must not stop the worker; the messages stay queued for the next run.
                logger.LogError(error, "Sending the outbox failed");
            }
            _runs.Finished(started);
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            poll.CancelAfter(PollInterval);
            try
            {
                await _runs.NextAsync(poll.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The poll interval passed: look for retries that came due.
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
