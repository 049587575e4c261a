using DonorTrack.Core.Payments;
using DonorTrack.Web.Hosting;

namespace DonorTrack.Web.Payments;

/// <summary>
/// Fetches the Stripe fee of card gifts after the webhook has answered: woken by each webhook that recorded one, and once at
/// start-up for any left pending (Stripe was down, the host stopped, the charge was not settled yet).
/// </summary>
public sealed class CardFeeWorker(CardFeeCollector collector, PaymentKeyStore keys, StripeGatewayFactory gateways, ILogger<CardFeeWorker> logger)
    : BackgroundService
{
    private readonly RequestedRuns _runs = new();

    /// <summary>Asks for a run; call after the transaction that marked a fee pending has committed.</summary>
    public void Request() => _runs.Request();

    /// <summary>Completes once every run requested before this call has finished (tests wait on it instead of sleeping).</summary>
    public Task WhenCaughtUpAsync() => _runs.WhenCaughtUpAsync();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retryFailed = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = _runs.Starting();
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
            _runs.Finished(started);
            try
            {
                await _runs.NextAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private StripeGateway? GatewayFor(long organizationId) =>
        keys.Load(organizationId) is { } orgKeys ? gateways.For(orgKeys.SecretKey) : null;
}
