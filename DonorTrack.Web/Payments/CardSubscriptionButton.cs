using DonorTrack.Core.Payments;
using FluentValidation;

namespace DonorTrack.Web.Payments;

/// <summary>The "Cancel card subscription" button of the membership and recurring-donation pages: the Stripe keys, the call, and a message either way.</summary>
public sealed class CardSubscriptionButton(
    CardSubscriptionCancellation cancellation, PaymentKeyStore keys, StripeGatewayFactory gateways, ILogger<CardSubscriptionButton> logger)
{
    /// <summary>Null when the commitment does not exist in the actor's organization; otherwise what to tell the treasurer.</summary>
    public async Task<string?> PressAsync(Actor actor, string kind, long id, CancellationToken cancellationToken)
    {
        var stripeKeys = keys.Load(actor.OrganizationId);
        try
        {
            var found = await cancellation.CancelAsync(actor, kind, id, stripeKeys is null ? null : gateways.For(stripeKeys.SecretKey), cancellationToken);
            if (!found)
                return null;
            return kind == SubscriptionCommitment.Membership
                ? "Card renewal stopped: Stripe will not charge again. The membership runs to its paid-through date."
                : "Card subscription cancelled at Stripe and the recurring donation ended.";
        }
        catch (ValidationException invalid)
        {
            return string.Join(" ", invalid.Errors.Select(e => e.ErrorMessage));
        }
        catch (PaymentGatewayException error)
        {
            logger.LogWarning(error, "Stripe refused to cancel the subscription of {Kind} {Id}", kind, id);
            return $"Stripe refused to cancel the subscription, so nothing changed: {error.Message}";
        }
    }
}
