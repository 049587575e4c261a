using System.Threading.Channels;
using DonorTrack.Core.Email;

namespace DonorTrack.Web.Email;

/// <summary>
/// Sends the outbox in the background: at start-up it marks messages a stopped process left 'sending' as uncertain, then
/// sends whatever is due, again whenever an action queues mail (<see cref="Request"/>) and at least every poll interval, so
/// retries come due without anyone asking.
/// </summary>
public sealed class OutboxWorker(OutboxSender sender, MailSettingsStore settings, ILogger<OutboxWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(15);

    // One pending wake-up is enough: a run sends every message due at its start.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _progress = new();
    private readonly List<(long Request, TaskCompletionSource Done)> _waiters = [];
    private long _requested = 1; // the start-up run
    private long _completed;

    /// <summary>Asks for a run; call after the transaction that queued mail has committed.</summary>
    public void Request()
    {
        Interlocked.Increment(ref _requested);
        _wake.Writer.TryWrite(true);
    }

    /// <summary>Completes once every run requested before this call has finished (tests wait on it instead of sleeping).</summary>
    public Task WhenCaughtUpAsync()
    {
        var target = Interlocked.Read(ref _requested);
        lock (_progress)
        {
            if (_completed >= target)
                return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, done));
            return done.Task;
        }
    }

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
            var target = Interlocked.Read(ref _requested);
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
            Completed(target);
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            poll.CancelAfter(PollInterval);
            try
            {
                await _wake.Reader.ReadAsync(poll.Token);
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

    private void Completed(long target)
    {
        lock (_progress)
        {
            _completed = Math.Max(_completed, target);
            foreach (var waiter in _waiters.Where(w => w.Request <= _completed).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }
}
