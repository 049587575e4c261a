using System.Text.Json;
using Stripe;
using Stripe.Checkout;

namespace DonorTrack.Core.Payments;

/// <summary>Verifies a webhook's Stripe-Signature and translates the event into the small records the payment service acts on.</summary>
public sealed class StripeWebhookReader(TimeProvider clock)
{
    /// <summary>Stripe's own default: a signed delivery older (or further in the future) than five minutes is refused as a possible replay.</summary>
    public const long ToleranceSeconds = 300;

    /// <summary>Verifies, then translates; throws <see cref="StripeWebhookRejectedException"/> for anything that must be answered with 400.</summary>
    /// <param name="json">The raw request body, exactly as received: re-serializing it would break the signature.</param>
    public VerifiedStripeEvent Read(string json, string? signatureHeader, string secret)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        if (string.IsNullOrWhiteSpace(signatureHeader) || !signatureHeader.Contains("t=", StringComparison.Ordinal)
            || !signatureHeader.Contains("v1=", StringComparison.Ordinal))
        {
            throw new StripeWebhookRejectedException(WebhookRejection.MissingSignature, "The Stripe-Signature header is missing or has no timestamp and v1 signature.");
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        Verify(json, signatureHeader, secret, now);
        var stripeEvent = Parse(json);
        if (string.IsNullOrEmpty(stripeEvent.Id) || string.IsNullOrEmpty(stripeEvent.Type))
            throw new StripeWebhookRejectedException(WebhookRejection.MalformedPayload, "The webhook body is signed but is not a Stripe event: it has no id or type.");
        var apiVersion = stripeEvent.ApiVersion;
        return new VerifiedStripeEvent(
            stripeEvent.Id,
            stripeEvent.Type,
            StripeGateway.Instant(stripeEvent.Created),
            stripeEvent.Livemode,
            apiVersion,
            apiVersion is not null && apiVersion.Contains('.', StringComparison.Ordinal) && EventUtility.IsCompatibleApiVersion(apiVersion),
            Translate(stripeEvent, json));
    }

    private static void Verify(string json, string signatureHeader, string secret, long now)
    {
        try
        {
            EventUtility.ValidateSignature(json, signatureHeader, secret, ToleranceSeconds, now);
        }
        catch (Exception failure) when (failure is StripeException or FormatException or OverflowException)
        {
            // Stripe.net checks the signature before the age, so a signature that is valid with unlimited
            // tolerance was only too old; telling the two apart points a self-hoster at a wrong server clock.
            var staleOnly = IsValidIgnoringAge(json, signatureHeader, secret, now);
            throw staleOnly
                ? new StripeWebhookRejectedException(WebhookRejection.StaleTimestamp,
                    $"The webhook signature is valid but its timestamp is more than {ToleranceSeconds} seconds from this server's clock.", failure)
                : new StripeWebhookRejectedException(WebhookRejection.BadSignature,
                    "No signature in the Stripe-Signature header matches this body and the webhook signing secret.", failure);
        }
    }

    private static bool IsValidIgnoringAge(string json, string signatureHeader, string secret, long now)
    {
        try
        {
            EventUtility.ValidateSignature(json, signatureHeader, secret, long.MaxValue, now);
            return true;
        }
        catch (Exception failure) when (failure is StripeException or FormatException or OverflowException)
        {
            return false;
        }
    }

    private static Event Parse(string json)
    {
        try
        {
            // Deliberately not throwing on an API version mismatch: the version is chosen per webhook endpoint in
            // the organization's Stripe dashboard, and a throw would turn every delivery into a 400 that Stripe
            // retries for three days and then disables the endpoint. Instead the event says whether it is
            // compatible, and the two basil-era field moves are read from the older places when missing.
            return EventUtility.ParseEvent(json, throwOnApiVersionMismatch: false);
        }
        catch (Exception failure) when (failure is JsonException or ArgumentException or NotSupportedException or InvalidOperationException)
        {
            throw new StripeWebhookRejectedException(WebhookRejection.MalformedPayload, "The webhook body is signed but is not a Stripe event.", failure);
        }
    }

    private static StripeEventPayload Translate(Event stripeEvent, string json) => (stripeEvent.Type, stripeEvent.Data?.Object) switch
    {
        ("checkout.session.completed" or "checkout.session.async_payment_succeeded", Session session) => CheckoutCompleted(session),
        ("invoice.paid", Invoice invoice) => InvoicePaid(invoice, json),
        ("invoice.payment_failed", Invoice invoice) => InvoicePaymentFailed(invoice, json),
        ("customer.subscription.deleted", Subscription subscription) => SubscriptionEnded(subscription),
        ("charge.refunded", Charge charge) => ChargeRefunded(charge),
        ("charge.dispute.created", Dispute dispute) => DisputeCreated(dispute),
        _ => new IgnoredStripeEvent(stripeEvent.Type),
    };

    private static CheckoutCompleted CheckoutCompleted(Session session) => new(
        session.Id,
        session.Mode,
        session.PaymentStatus,
        session.CustomerId,
        session.CustomerDetails?.Email ?? session.CustomerEmail,
        session.CustomerDetails?.Name,
        session.AmountTotal ?? 0,
        session.Currency,
        session.PaymentIntentId,
        session.SubscriptionId,
        session.InvoiceId,
        PaymentMetadata.FromStripe(session.Metadata));

    private static InvoicePaid InvoicePaid(Invoice invoice, string json)
    {
        var (chargeIds, paymentIntentIds) = InvoicePayments(invoice, json);
        return new InvoicePaid(
            invoice.Id,
            SubscriptionId(invoice, json),
            invoice.CustomerId,
            invoice.CustomerEmail,
            invoice.CustomerName,
            invoice.AmountPaid,
            invoice.Currency,
            invoice.BillingReason,
            chargeIds,
            paymentIntentIds,
            invoice.Lines?.Data is { Count: > 0 } lines ? lines.Max(line => StripeGateway.Instant(line.Period?.End)) : null,
            InvoiceMetadata(invoice));
    }

    private static InvoicePaymentFailed InvoicePaymentFailed(Invoice invoice, string json)
    {
        var (_, paymentIntentIds) = InvoicePayments(invoice, json);
        // The invoice itself carries a decline only as a card error; otherwise the reason is on the payment
        // intent, which StripeGateway.GetPaymentFailureAsync reads.
        var error = invoice.LastFinalizationError;
        var declineReason = error is { Type: "card_error" } || error?.DeclineCode is not null
            ? error.Message ?? error.DeclineCode
            : null;
        return new InvoicePaymentFailed(
            invoice.Id,
            SubscriptionId(invoice, json),
            invoice.CustomerId,
            invoice.CustomerEmail,
            invoice.AmountDue,
            invoice.Currency,
            invoice.AttemptCount,
            StripeGateway.Instant(invoice.NextPaymentAttempt),
            declineReason,
            paymentIntentIds,
            InvoiceMetadata(invoice));
    }

    private static SubscriptionEnded SubscriptionEnded(Subscription subscription) => new(
        subscription.Id,
        subscription.CustomerId,
        subscription.Status,
        StripeGateway.Instant(subscription.EndedAt ?? subscription.CanceledAt),
        subscription.CancellationDetails?.Reason,
        PaymentMetadata.FromStripe(subscription.Metadata));

    private static ChargeRefunded ChargeRefunded(Charge charge) => new(
        charge.Id,
        charge.PaymentIntentId,
        charge.Amount,
        charge.AmountRefunded,
        charge.Currency,
        charge.Refunded || charge.AmountRefunded >= charge.Amount,
        PaymentMetadata.FromStripe(charge.Metadata));

    private static DisputeCreated DisputeCreated(Dispute dispute) => new(
        dispute.Id,
        dispute.ChargeId,
        dispute.PaymentIntentId,
        dispute.Amount,
        dispute.Currency,
        dispute.Reason,
        dispute.Status);

    private static PaymentMetadata InvoiceMetadata(Invoice invoice) =>
        PaymentMetadata.FromStripe(invoice.Parent?.SubscriptionDetails?.Metadata is { Count: > 0 } subscriptionMetadata
            ? subscriptionMetadata
            : invoice.Metadata);

    private static string? SubscriptionId(Invoice invoice, string json) =>
        invoice.Parent?.SubscriptionDetails?.SubscriptionId ?? LegacyInvoiceField(json, "subscription");

    private static (IReadOnlyList<string> ChargeIds, IReadOnlyList<string> PaymentIntentIds) InvoicePayments(Invoice invoice, string json)
    {
        var payments = invoice.Payments?.Data ?? [];
        var chargeIds = payments.Select(payment => payment.Payment?.ChargeId).OfType<string>().Distinct().ToList();
        var paymentIntentIds = payments.Select(payment => payment.Payment?.PaymentIntentId).OfType<string>().Distinct().ToList();
        if (chargeIds.Count == 0 && LegacyInvoiceField(json, "charge") is { } legacyCharge)
            chargeIds.Add(legacyCharge);
        if (paymentIntentIds.Count == 0 && LegacyInvoiceField(json, "payment_intent") is { } legacyIntent)
            paymentIntentIds.Add(legacyIntent);
        return (chargeIds, paymentIntentIds);
    }

    /// <summary>Before API version basil an invoice named its subscription, charge and payment intent at the top level.</summary>
    private static string? LegacyInvoiceField(string json, string field)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("data", out var data)
            && data.TryGetProperty("object", out var invoice)
            && invoice.TryGetProperty(field, out var value)
            && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
    }
}
