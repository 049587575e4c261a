namespace DonorTrack.Core.Payments;

/// <summary>A webhook whose signature checked out: Stripe's event id (store it under a unique constraint) and what it means for DonorTrack.</summary>
/// <param name="ApiVersionCompatible">False when the webhook endpoint in Stripe uses an older API release than Stripe.net; worth a warning to the admin.</param>
public sealed record VerifiedStripeEvent(
    string EventId,
    string Type,
    DateTimeOffset Created,
    bool Livemode,
    string? ApiVersion,
    bool ApiVersionCompatible,
    StripeEventPayload Payload);

/// <summary>The DonorTrack-relevant content of a Stripe event; switch on the concrete type.</summary>
public abstract record StripeEventPayload;

/// <summary>A Checkout Session finished (<c>checkout.session.completed</c>, or <c>async_payment_succeeded</c> for delayed methods); record the gift or start the commitment when <see cref="IsPaid"/>.</summary>
public sealed record CheckoutCompleted(
    string SessionId,
    string Mode,
    string? PaymentStatus,
    string? CustomerId,
    string? CustomerEmail,
    string? CustomerName,
    long AmountTotalCents,
    string Currency,
    string? PaymentIntentId,
    string? SubscriptionId,
    string? InvoiceId,
    PaymentMetadata Metadata) : StripeEventPayload
{
    /// <summary>Bank debits complete later; only "paid" (or "no_payment_required") means money is on the way.</summary>
    public bool IsPaid => PaymentStatus is "paid" or "no_payment_required";
}

/// <summary>An invoice of a subscription was paid: a recurring installment or a dues payment (<c>invoice.paid</c>).</summary>
public sealed record InvoicePaid(
    string InvoiceId,
    string? SubscriptionId,
    string? CustomerId,
    string? CustomerEmail,
    string? CustomerName,
    long AmountPaidCents,
    string Currency,
    string? BillingReason,
    IReadOnlyList<string> ChargeIds,
    IReadOnlyList<string> PaymentIntentIds,
    DateTimeOffset? ServicePeriodEnd,
    PaymentMetadata Metadata) : StripeEventPayload;

/// <summary>A subscription invoice could not be collected (<c>invoice.payment_failed</c>); the decline reason is filled when the event carries one.</summary>
public sealed record InvoicePaymentFailed(
    string InvoiceId,
    string? SubscriptionId,
    string? CustomerId,
    string? CustomerEmail,
    long AmountDueCents,
    string Currency,
    long AttemptCount,
    DateTimeOffset? NextPaymentAttempt,
    string? DeclineReason,
    IReadOnlyList<string> PaymentIntentIds,
    PaymentMetadata Metadata) : StripeEventPayload;

/// <summary>A subscription ended (<c>customer.subscription.deleted</c>): end the membership or recurring donation.</summary>
public sealed record SubscriptionEnded(
    string SubscriptionId,
    string? CustomerId,
    string Status,
    DateTimeOffset? EndedAt,
    string? CancellationReason,
    PaymentMetadata Metadata) : StripeEventPayload;

/// <summary>A charge was refunded in full or in part (<c>charge.refunded</c>); <see cref="AmountRefundedCents"/> is the cumulative total, not this refund alone.</summary>
public sealed record ChargeRefunded(
    string ChargeId,
    string? PaymentIntentId,
    long AmountCents,
    long AmountRefundedCents,
    string Currency,
    bool FullyRefunded,
    PaymentMetadata Metadata) : StripeEventPayload;

/// <summary>A donor's bank disputed a charge (<c>charge.dispute.created</c>): flag the gift.</summary>
public sealed record DisputeCreated(
    string DisputeId,
    string? ChargeId,
    string? PaymentIntentId,
    long AmountCents,
    string Currency,
    string? Reason,
    string? Status) : StripeEventPayload;

/// <summary>A correctly signed event DonorTrack does not act on; store it and answer 2xx so Stripe stops retrying.</summary>
public sealed record IgnoredStripeEvent(string Type) : StripeEventPayload;
