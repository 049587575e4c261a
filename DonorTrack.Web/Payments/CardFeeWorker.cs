using System.Threading.Channels;
using DonorTrack.Core.Payments;

namespace DonorTrack.Web.Payments;

/// <summary>
/// Fetches the Stripe fee of card gifts after the webhook has answered: woken by each webhook that recorded one, and once at
/// start-up for any left pending (Stripe was down, the host stopped, the charge was not settled yet).
/// </summary>
public sealed class CardFeeWorker(CardFeeCollector collector, PaymentKeyStore keys, StripeGatewayFactory gateways, ILogger<CardFeeWorker> logger)
    : BackgroundService
{
    // One pending wake-up is enough: a run fetches every fee waiting at its start.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _progress = new();
    private readonly List<(long Request, TaskCompletionSource Done)> _waiters = [];
    private long _requested = 1; // the start-up run
    private long _completed;

    /// <summary>Asks for a run; call after the transaction that marked a fee pending has committed.</summary>
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
        var retryFailed = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            var target = Interlocked.Read(ref _requested);
            try
            {
                await collector.CollectPendingAsync(GatewayFor, retryFailed, stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // A database or network failure must not stop the worker; the fees stay pending for the next run.
                logger.LogError(error, "Fetching pending Stripe fees failed");
            }
            retryFailed = false;
            Completed(target);
            try
            {
                await _wake.Reader.ReadAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private StripeGateway? GatewayFor(long organizationId) =>
        keys.Load(organizationId) is { } orgKeys ? gateways.For(orgKeys.SecretKey) : null;

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
