using DonorTrack.Core.Data;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Security;
using Microsoft.Extensions.Logging;

namespace DonorTrack.Core.Payments;

/// <summary>
/// Fetches Stripe's processing fee (and payout date) of card gifts the webhook recorded with their fee pending. Stripe wants the
/// webhook answered fast, so this runs afterwards: the web host's background worker, or a CLI command or test, synchronously.
/// A fee Stripe cannot tell yet (or an error) leaves the gift pending for the next run; the gift itself always stands.
/// </summary>
public sealed class CardFeeCollector(
    IDbConnectionFactory connections, PaymentEventRepository events, GiftService gifts, TimeProvider clock, ILogger<CardFeeCollector> logger)
{
    /// <summary>Stripe reports a fee for a charge (<c>ch_…</c>) or a payment intent (<c>pi_…</c>); an invoice or session id alone tells none.</summary>
    public static bool CanFetchFeeFor(string? paymentReference) =>
        paymentReference is not null
        && (paymentReference.StartsWith("pi_", StringComparison.Ordinal) || paymentReference.StartsWith("ch_", StringComparison.Ordinal));

    /// <summary>
    /// Fetches the pending fees and returns how many were recorded. <paramref name="retryFailed"/> also retries those that failed
    /// before (at start-up); otherwise only fees never tried are fetched, so one unreadable charge does not slow every webhook.
    /// </summary>
    /// <param name="gatewayFor">The organization's Stripe gateway, or null when it has no keys (its fees stay pending).</param>
    public async Task<int> CollectPendingAsync(Func<long, StripeGateway?> gatewayFor, bool retryFailed, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<PendingCardFee> pending;
        using (var db = connections.Read())
            pending = events.PendingFees(db, untriedOnly: !retryFailed);
        var recorded = 0;
        foreach (var fee in pending)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await CollectAsync(fee, gatewayFor(fee.OrganizationId), cancellationToken))
                recorded++;
        }
        return recorded;
    }

    /// <summary>How many of the organization's card gifts still wait for their Stripe fee.</summary>
    public long CountPending(Actor actor)
    {
        using var db = connections.Read();
        return events.CountPendingFees(db, actor.OrganizationId);
    }

    private async Task<bool> CollectAsync(PendingCardFee pending, StripeGateway? gateway, CancellationToken cancellationToken)
    {
        string problem;
        if (gateway is null)
        {
            problem = "No Stripe keys are saved for this organization, so the fee cannot be read.";
        }
        else
        {
            try
            {
                var fees = pending.PaymentReference.StartsWith("pi_", StringComparison.Ordinal)
                    ? await gateway.GetPaymentIntentFeesAsync(pending.PaymentReference, cancellationToken)
                    : await gateway.GetChargeFeesAsync(pending.PaymentReference, cancellationToken);
                if (fees is not null)
                {
                    var actor = Actor.System(pending.OrganizationId, "Stripe");
                    gifts.RecordSettlement(actor, pending.GiftId, fees.FeeCents, DateOnly.FromDateTime(fees.AvailableOn.UtcDateTime));
                    using var done = connections.BeginTransaction();
                    events.FeeRecorded(done, pending.OrganizationId, pending.GiftId);
                    done.Commit();
                    return true;
                }
                problem = "Stripe has no balance transaction for this payment yet.";
            }
            catch (PaymentGatewayException error)
            {
                logger.LogWarning(error, "Could not read the Stripe fee for gift {GiftId} of organization {OrganizationId}", pending.GiftId, pending.OrganizationId);
                problem = error.Message;
            }
        }
        using var failed = connections.BeginTransaction();
        events.FeeAttemptFailed(failed, pending.OrganizationId, pending.GiftId, problem, clock.GetUtcNow());
        failed.Commit();
        return false;
    }
}
