using Stripe;
using Stripe.Checkout;

namespace DonorTrack.Core.Payments;

/// <summary>One organization's Stripe account through Stripe.net: Checkout Sessions, refunds, subscription cancellation, fees and key checks.</summary>
public sealed class StripeGateway
{
    private readonly StripeClient _client;

    /// <param name="apiKey">The organization's secret (<c>sk_…</c>) or restricted (<c>rk_…</c>) key.</param>
    /// <param name="httpClient">Shared, long-lived client; null lets Stripe.net make its own.</param>
    /// <param name="apiBase">Null for Stripe itself; tests point it at the fake server on loopback.</param>
    /// <param name="maxNetworkRetries">Safe above zero because every creating request carries an idempotency key.</param>
    public StripeGateway(string apiKey, HttpClient? httpClient = null, string? apiBase = null, int maxNetworkRetries = 2)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        _client = new StripeClient(
            apiKey,
            httpClient: new SystemNetHttpClient(httpClient, maxNetworkRetries: maxNetworkRetries, enableTelemetry: false),
            apiBase: apiBase);
    }

    public async Task<CheckoutSessionCreated> CreateCheckoutSessionAsync(CheckoutRequest request, CancellationToken cancellationToken = default)
    {
        var options = CheckoutSessionOptions(request);
        var session = await Call(() => _client.V1.Checkout.Sessions.CreateAsync(
            options, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken));
        return new CheckoutSessionCreated(session.Id, session.Url);
    }

    /// <summary>Builds the Stripe request without sending it; the line items and metadata are the contract with the webhook.</summary>
    public static SessionCreateOptions CheckoutSessionOptions(CheckoutRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Guard(request);
        var recurring = request.Purpose != PaymentPurpose.Donation;
        var currency = request.Currency.ToLowerInvariant();
        var metadata = PaymentMetadata.For(request).ToStripe();

        var lineItems = new List<SessionLineItemOptions>
        {
            LineItem(request.AmountCents, currency, MainLineName(request), recurring ? request.Interval : null),
        };
        if (request.CoverFeeCents > 0)
        {
            // In subscription mode every line item must recur on the same schedule, so the fee cover recurs too.
            lineItems.Add(LineItem(request.CoverFeeCents, currency, "Covering the processing fee", recurring ? request.Interval : null));
        }

        var options = new SessionCreateOptions
        {
            Mode = recurring ? "subscription" : "payment",
            LineItems = lineItems,
            CustomerEmail = request.Donor.Email,
            SuccessUrl = request.SuccessUrl,
            CancelUrl = request.CancelUrl,
            Metadata = metadata,
        };
        // Session metadata stays on the session; copying it to the payment intent or subscription lets later
        // events (charge.refunded, invoice.paid, subscription deleted) be matched even if they arrive first.
        if (recurring)
        {
            options.SubscriptionData = new SessionSubscriptionDataOptions { Metadata = new Dictionary<string, string>(metadata) };
        }
        else
        {
            options.SubmitType = "donate";
            options.PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string>(metadata) };
        }

        return options;
    }

    /// <summary>Refunds all that remains (no amount) or part of a charge or payment intent; the same idempotency key refunds once.</summary>
    public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.PaymentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey);
        if (request.AmountCents is <= 0)
            throw new ArgumentOutOfRangeException(nameof(request), request.AmountCents, "A refund amount must be positive.");

        var isPaymentIntent = request.PaymentId.StartsWith("pi_", StringComparison.Ordinal);
        var options = new RefundCreateOptions
        {
            Charge = isPaymentIntent ? null : request.PaymentId,
            PaymentIntent = isPaymentIntent ? request.PaymentId : null,
            Amount = request.AmountCents,
            Reason = request.Reason,
        };
        var refund = await Call(() => _client.V1.Refunds.CreateAsync(
            options, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken));
        return new RefundResult(refund.Id, refund.ChargeId, refund.PaymentIntentId, refund.Amount, refund.Currency, refund.Status);
    }

    public async Task<SubscriptionCancelled> CancelSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        var subscription = await Call(() => _client.V1.Subscriptions.CancelAsync(
            subscriptionId, new SubscriptionCancelOptions(), null, cancellationToken));
        return new SubscriptionCancelled(subscription.Id, subscription.Status, Instant(subscription.CanceledAt));
    }

    /// <summary>
    /// Sets the amount of the subscription's main line (its first item) from the next invoice on, without proration: the
    /// price is replaced by one of the new amount on the same product, interval and currency.
    /// </summary>
    /// <remarks>
    /// No idempotency key of its own: setting the same amount twice leaves the same subscription, while a key reused for
    /// a later change back to an earlier amount would make Stripe replay the old answer and change nothing.
    /// </remarks>
    public async Task<SubscriptionChanged> ChangeSubscriptionAmountAsync(string subscriptionId, long amountCents, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        if (amountCents <= 0)
            throw new ArgumentOutOfRangeException(nameof(amountCents), amountCents, "The amount must be positive.");
        var subscription = await Call(() => _client.V1.Subscriptions.GetAsync(subscriptionId, new SubscriptionGetOptions(), null, cancellationToken));
        var item = subscription.Items?.Data?.FirstOrDefault()
            ?? throw new PaymentGatewayException($"Subscription {subscriptionId} has no items to change.", null, null, null);
        var price = item.Price;
        var options = new SubscriptionUpdateOptions
        {
            ProrationBehavior = "none",
            Items =
            [
                new SubscriptionItemOptions
                {
                    Id = item.Id,
                    PriceData = new SubscriptionItemPriceDataOptions
                    {
                        Currency = price.Currency,
                        Product = price.ProductId,
                        UnitAmount = amountCents,
                        Recurring = new SubscriptionItemPriceDataRecurringOptions
                        {
                            Interval = price.Recurring?.Interval ?? "month",
                            IntervalCount = price.Recurring?.IntervalCount ?? 1,
                        },
                    },
                },
            ],
        };
        var updated = await Call(() => _client.V1.Subscriptions.UpdateAsync(subscriptionId, options, null, cancellationToken));
        return Changed(updated);
    }

    /// <summary>Pauses collection (invoices are voided while paused) or resumes it.</summary>
    public async Task<SubscriptionChanged> SetSubscriptionPausedAsync(string subscriptionId, bool paused, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        var options = new SubscriptionUpdateOptions();
        if (paused)
            options.PauseCollection = new SubscriptionPauseCollectionOptions { Behavior = "void" };
        else
            options.AddExtraParam("pause_collection", "");
        var updated = await Call(() => _client.V1.Subscriptions.UpdateAsync(subscriptionId, options, null, cancellationToken));
        return Changed(updated);
    }

    /// <summary>A customer-portal session for the subscription's customer, where the donor changes the card Stripe charges.</summary>
    public async Task<CustomerPortalSession> CreateCustomerPortalSessionAsync(string subscriptionId, string returnUrl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(returnUrl);
        var subscription = await Call(() => _client.V1.Subscriptions.GetAsync(subscriptionId, new SubscriptionGetOptions(), null, cancellationToken));
        var customerId = subscription.CustomerId
            ?? throw new PaymentGatewayException($"Subscription {subscriptionId} has no customer.", null, null, null);
        var session = await Call(() => _client.V1.BillingPortal.Sessions.CreateAsync(
            new Stripe.BillingPortal.SessionCreateOptions { Customer = customerId, ReturnUrl = returnUrl }, null, cancellationToken));
        return new CustomerPortalSession(session.Id, session.Url);
    }

    /// <summary>
    /// The card Stripe will charge for a subscription: its own default payment method, else its customer's invoice default;
    /// null when neither is a card.
    /// </summary>
    public async Task<SubscriptionCard?> GetSubscriptionCardAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        var options = new SubscriptionGetOptions { Expand = ["default_payment_method", "customer.invoice_settings.default_payment_method"] };
        var subscription = await Call(() => _client.V1.Subscriptions.GetAsync(subscriptionId, options, null, cancellationToken));
        var card = subscription.DefaultPaymentMethod?.Card ?? subscription.Customer?.InvoiceSettings?.DefaultPaymentMethod?.Card;
        return card is null ? null : new SubscriptionCard(card.DisplayBrand ?? card.Brand, card.Last4, (int)card.ExpMonth, (int)card.ExpYear);
    }

    private static SubscriptionChanged Changed(Subscription subscription) =>
        new(subscription.Id, subscription.Status, subscription.Items?.Data?.FirstOrDefault()?.Price?.UnitAmount ?? 0, subscription.PauseCollection is not null);

    /// <summary>Fee and net of a charge; null while Stripe has not yet created its balance transaction.</summary>
    public async Task<ChargeFees?> GetChargeFeesAsync(string chargeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chargeId);
        // Since API version basil the fee lives only on the balance transaction, which must be expanded.
        var options = new ChargeGetOptions { Expand = ["balance_transaction"] };
        var charge = await Call(() => _client.V1.Charges.GetAsync(chargeId, options, null, cancellationToken));
        var transaction = charge.BalanceTransaction;
        return transaction is null
            ? null
            : new ChargeFees(charge.Id, transaction.Amount, transaction.Fee, transaction.Net, transaction.Currency, Instant(transaction.AvailableOn));
    }

    /// <summary>Fee and net of a payment intent's charge (what a Checkout session reports); null until Stripe has settled it.</summary>
    public async Task<ChargeFees?> GetPaymentIntentFeesAsync(string paymentIntentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentIntentId);
        var options = new PaymentIntentGetOptions { Expand = ["latest_charge.balance_transaction"] };
        var intent = await Call(() => _client.V1.PaymentIntents.GetAsync(paymentIntentId, options, null, cancellationToken));
        var charge = intent.LatestCharge;
        var transaction = charge?.BalanceTransaction;
        return charge is null || transaction is null
            ? null
            : new ChargeFees(charge.Id, transaction.Amount, transaction.Fee, transaction.Net, transaction.Currency, Instant(transaction.AvailableOn));
    }

    /// <summary>The decline reason behind a failed payment intent (e.g. from an <c>invoice.payment_failed</c>), if Stripe recorded one.</summary>
    public async Task<PaymentFailure?> GetPaymentFailureAsync(string paymentIntentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentIntentId);
        var intent = await Call(() => _client.V1.PaymentIntents.GetAsync(paymentIntentId, new PaymentIntentGetOptions(), null, cancellationToken));
        var error = intent.LastPaymentError;
        return error is null ? null : new PaymentFailure(error.DeclineCode ?? error.Code, error.Message);
    }

    /// <summary>Reads the account balance with the key: the cheapest call that proves the key works.</summary>
    public async Task<StripeKeyCheck> TestKeysAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var balance = await Call(() => _client.V1.Balance.GetAsync(new BalanceGetOptions(), null, cancellationToken));
            return new StripeKeyCheck(true, balance.Livemode, null);
        }
        catch (PaymentGatewayException failure)
        {
            return new StripeKeyCheck(false, null, failure.Message);
        }
    }

    /// <summary>Why a secret and publishable key cannot belong together (wrong kind, or one test and one live), or null when they can.</summary>
    public static string? DescribeKeyMismatch(string secretKey, string publishableKey)
    {
        if (!secretKey.StartsWith("sk_", StringComparison.Ordinal) && !secretKey.StartsWith("rk_", StringComparison.Ordinal))
            return "The secret key should start with sk_ (or rk_ for a restricted key).";
        if (!publishableKey.StartsWith("pk_", StringComparison.Ordinal))
            return "The publishable key should start with pk_.";
        var secretIsLive = secretKey.AsSpan(3).StartsWith("live_", StringComparison.Ordinal);
        var publishableIsLive = publishableKey.AsSpan(3).StartsWith("live_", StringComparison.Ordinal);
        return secretIsLive == publishableIsLive ? null : "One key is a test key and the other a live key.";
    }

    private static void Guard(CheckoutRequest request)
    {
        if (request.AmountCents <= 0)
            throw new ArgumentOutOfRangeException(nameof(request), request.AmountCents, "The amount must be positive.");
        if (request.CoverFeeCents < 0)
            throw new ArgumentOutOfRangeException(nameof(request), request.CoverFeeCents, "The fee cover cannot be negative.");
        if (request.Currency is not { Length: 3 })
            throw new ArgumentException("The currency must be an ISO 4217 code.", nameof(request));
        if (request.Purpose != PaymentPurpose.Donation && request.Interval is null)
            throw new ArgumentException("A recurring donation or dues payment needs an interval.", nameof(request));
        if (request.Purpose == PaymentPurpose.Donation && request.Interval is not null)
            throw new ArgumentException("A one-time donation has no interval.", nameof(request));
        if (request.Purpose == PaymentPurpose.Dues && request.PlanId is null)
            throw new ArgumentException("Dues need a membership plan.", nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Donor.Email);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey);
    }

    private static string MainLineName(CheckoutRequest request) => request.Purpose switch
    {
        PaymentPurpose.Donation => $"Donation to {request.OrganizationName}",
        PaymentPurpose.RecurringDonation => $"{IntervalAdjective(request.Interval)} donation to {request.OrganizationName}",
        PaymentPurpose.Dues => $"{request.PlanName ?? "Membership"} dues to {request.OrganizationName}",
        _ => throw new ArgumentOutOfRangeException(nameof(request), request.Purpose, null),
    };

    private static string IntervalAdjective(BillingInterval? interval) => interval switch
    {
        BillingInterval.Quarter => "Quarterly",
        BillingInterval.Year => "Yearly",
        _ => "Monthly",
    };

    private static SessionLineItemOptions LineItem(long cents, string currency, string name, BillingInterval? interval) => new()
    {
        Quantity = 1,
        PriceData = new SessionLineItemPriceDataOptions
        {
            Currency = currency,
            UnitAmount = cents,
            ProductData = new SessionLineItemPriceDataProductDataOptions { Name = name },
            Recurring = interval switch
            {
                null => null,
                BillingInterval.Month => new SessionLineItemPriceDataRecurringOptions { Interval = "month", IntervalCount = 1 },
                // Stripe has no quarter interval: a quarter is three months.
                BillingInterval.Quarter => new SessionLineItemPriceDataRecurringOptions { Interval = "month", IntervalCount = 3 },
                BillingInterval.Year => new SessionLineItemPriceDataRecurringOptions { Interval = "year", IntervalCount = 1 },
                _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, null),
            },
        },
    };

    internal static DateTimeOffset Instant(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    internal static DateTimeOffset? Instant(DateTime? utc) => utc is { } value ? Instant(value) : null;

    private static async Task<T> Call<T>(Func<Task<T>> request)
    {
        try
        {
            return await request();
        }
        catch (StripeException failure)
        {
            var message = failure.StripeError?.Message ?? failure.Message;
            throw new PaymentGatewayException(message, failure.StripeError?.Code, failure.HttpStatusCode, failure);
        }
        catch (HttpRequestException failure)
        {
            throw new PaymentGatewayException("Stripe could not be reached; nothing was changed. Try again shortly.", null, null, failure);
        }
    }
}
