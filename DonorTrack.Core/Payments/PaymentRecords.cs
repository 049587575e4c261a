namespace DonorTrack.Core.Payments;

/// <summary>What a Checkout payment is for: a one-time gift, a recurring donation or membership dues.</summary>
public enum PaymentPurpose
{
    Donation,
    RecurringDonation,
    Dues,
}

/// <summary>How often a recurring donation or dues payment repeats.</summary>
public enum BillingInterval
{
    Month,
    Quarter,
    Year,
}

/// <summary>The donor as typed on the donation page, carried through Stripe so the webhook can find or create them.</summary>
public sealed record DonorContact(string Email, string? FirstName = null, string? LastName = null, string? Phone = null);

/// <summary>Everything needed to open a Stripe Checkout Session for a gift, a recurring donation or dues.</summary>
public sealed record CheckoutRequest
{
    public required long OrganizationId { get; init; }

    public required string OrganizationName { get; init; }

    public required PaymentPurpose Purpose { get; init; }

    public required long AmountCents { get; init; }

    /// <summary>ISO 4217 code; sent to Stripe in lower case.</summary>
    public required string Currency { get; init; }

    /// <summary>Extra the donor chose to add to cover the processing fee; zero for none. It becomes its own line item.</summary>
    public long CoverFeeCents { get; init; }

    /// <summary>Required for <see cref="PaymentPurpose.RecurringDonation"/> and <see cref="PaymentPurpose.Dues"/>.</summary>
    public BillingInterval? Interval { get; init; }

    public required DonorContact Donor { get; init; }

    public long? CampaignId { get; init; }

    public long? FundId { get; init; }

    /// <summary>The membership plan, required for dues.</summary>
    public long? PlanId { get; init; }

    /// <summary>Shown on the dues line item (e.g. "Sustaining member").</summary>
    public string? PlanName { get; init; }

    public required string SuccessUrl { get; init; }

    public required string CancelUrl { get; init; }

    /// <summary>Deterministic per donation-page submission, so a retried or double-submitted form opens one session.</summary>
    public required string IdempotencyKey { get; init; }
}

/// <summary>A Checkout Session Stripe opened: send the donor to <see cref="Url"/>.</summary>
public sealed record CheckoutSessionCreated(string Id, string Url);

/// <summary>A full (no amount) or partial refund of a charge (<c>ch_…</c>) or payment intent (<c>pi_…</c>).</summary>
public sealed record RefundRequest(string PaymentId, long? AmountCents, string IdempotencyKey, string? Reason = null);

/// <summary>A refund Stripe accepted.</summary>
public sealed record RefundResult(string RefundId, string? ChargeId, string? PaymentIntentId, long AmountCents, string Currency, string Status);

/// <summary>A subscription after Stripe cancelled it.</summary>
public sealed record SubscriptionCancelled(string SubscriptionId, string Status, DateTimeOffset? CanceledAt);

/// <summary>Stripe's fee and the net of a charge, from its balance transaction; <see cref="AvailableOn"/> is when the money reaches the payout balance.</summary>
public sealed record ChargeFees(string ChargeId, long AmountCents, long FeeCents, long NetCents, string Currency, DateTimeOffset AvailableOn);

/// <summary>Why a payment failed, as the card network or bank reported it.</summary>
public sealed record PaymentFailure(string? DeclineCode, string? Message);

/// <summary>The outcome of trying a secret key against Stripe (the admin "test keys" button).</summary>
public sealed record StripeKeyCheck(bool Succeeded, bool? Livemode, string? Error);

/// <summary>A subscription after a change made from DonorTrack: its status, the main line's amount, and whether collection is paused.</summary>
public sealed record SubscriptionChanged(string SubscriptionId, string Status, long AmountCents, bool CollectionPaused);

/// <summary>A Stripe Billing customer-portal session: where to send the donor to change their card.</summary>
public sealed record CustomerPortalSession(string Id, string Url);

/// <summary>The card a subscription is charged to: brand as Stripe names it (visa, amex…), last four digits and expiry month.</summary>
public sealed record SubscriptionCard(string Brand, string Last4, int ExpMonth, int ExpYear)
{
    /// <summary>The last day the card can be charged: the end of its expiry month.</summary>
    public DateOnly ValidThrough => new DateOnly(ExpYear, ExpMonth, 1).AddMonths(1).AddDays(-1);
}
