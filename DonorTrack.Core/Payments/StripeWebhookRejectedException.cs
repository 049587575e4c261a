namespace DonorTrack.Core.Payments;

/// <summary>Why a webhook delivery was refused.</summary>
public enum WebhookRejection
{
    /// <summary>No Stripe-Signature header, or one without a timestamp and v1 signature.</summary>
    MissingSignature,

    /// <summary>No v1 signature matches the body with this secret: a forgery, a changed body or the wrong secret.</summary>
    BadSignature,

    /// <summary>The signature is right but older than the tolerance: a replay, or this server's clock is wrong.</summary>
    StaleTimestamp,

    /// <summary>Correctly signed, but not an event Stripe.net can read.</summary>
    MalformedPayload,
}

/// <summary>A webhook that must be answered with 400 and recorded nowhere.</summary>
public sealed class StripeWebhookRejectedException(WebhookRejection reason, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public WebhookRejection Reason { get; } = reason;
}
