using System.Text.Json.Nodes;

namespace DonorTrack.Tests.Support.Stripe;

/// <summary>
/// Stripe's own example objects (Data/stripe-fixtures.json, MIT, © Stripe) as fresh mutable copies, plus builders that
/// override the fields a test cares about, so served and signed objects keep Stripe's real shape.
/// </summary>
public static class StripeFixtures
{
    private static readonly Lazy<JsonObject> Resources = new(Load);

    /// <summary>A deep copy of one resource, e.g. "charge", "invoice", "checkout.session".</summary>
    public static JsonObject Resource(string name) =>
        Resources.Value[name]?.DeepClone().AsObject() ?? throw new ArgumentException($"No Stripe fixture named {name}.", nameof(name));

    public static JsonObject Metadata(IReadOnlyDictionary<string, string>? values)
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in values ?? new Dictionary<string, string>())
            metadata[key] = value;
        return metadata;
    }

    /// <summary>A Checkout Session as Stripe sends it in <c>checkout.session.completed</c>.</summary>
    public static JsonObject CompletedCheckoutSession(
        string id,
        string mode,
        long amountTotalCents,
        string email,
        IReadOnlyDictionary<string, string>? metadata = null,
        string? name = null,
        string? paymentIntentId = null,
        string? subscriptionId = null,
        string currency = "usd",
        string paymentStatus = "paid")
    {
        var session = Resource("checkout.session");
        session["id"] = id;
        session["mode"] = mode;
        session["status"] = "complete";
        session["payment_status"] = paymentStatus;
        session["amount_subtotal"] = amountTotalCents;
        session["amount_total"] = amountTotalCents;
        session["currency"] = currency;
        session["customer_email"] = email;
        session["customer_details"]!["email"] = email;
        session["customer_details"]!["name"] = name;
        session["payment_intent"] = paymentIntentId;
        session["subscription"] = subscriptionId;
        session["metadata"] = Metadata(metadata);
        session["url"] = null;
        return session;
    }

    /// <summary>A subscription invoice in the basil shape: subscription under parent.subscription_details, payments in a list.</summary>
    public static JsonObject SubscriptionInvoice(
        string id,
        string subscriptionId,
        long amountCents,
        IReadOnlyDictionary<string, string>? subscriptionMetadata = null,
        string? chargeId = null,
        string? paymentIntentId = null,
        bool paid = true,
        string currency = "usd",
        string? customerEmail = null)
    {
        var invoice = Resource("invoice");
        invoice["id"] = id;
        invoice["status"] = paid ? "paid" : "open";
        invoice["billing_reason"] = "subscription_cycle";
        invoice["currency"] = currency;
        invoice["amount_due"] = amountCents;
        invoice["amount_paid"] = paid ? amountCents : 0;
        invoice["amount_remaining"] = paid ? 0 : amountCents;
        invoice["attempted"] = true;
        invoice["attempt_count"] = 1;
        invoice["customer_email"] = customerEmail;
        invoice["last_finalization_error"] = null;
        invoice["parent"] = new JsonObject
        {
            ["quote_details"] = null,
            ["subscription_details"] = new JsonObject
            {
                ["metadata"] = Metadata(subscriptionMetadata),
                ["subscription"] = subscriptionId,
            },
            ["type"] = "subscription_details",
        };

        var payment = Resource("invoice_payment");
        payment["id"] = "inpay_" + id;
        payment["invoice"] = id;
        payment["currency"] = currency;
        payment["amount_requested"] = amountCents;
        payment["amount_paid"] = paid ? amountCents : null;
        payment["status"] = paid ? "paid" : "open";
        payment["livemode"] = false;
        payment["payment"] = new JsonObject
        {
            ["type"] = chargeId is not null && paymentIntentId is null ? "charge" : "payment_intent",
            ["charge"] = chargeId,
            ["payment_intent"] = paymentIntentId,
        };
        invoice["payments"] = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(payment),
            ["has_more"] = false,
            ["url"] = $"/v1/invoices/{id}/payments",
        };
        return invoice;
    }

    public static JsonObject Subscription(string id, string status, IReadOnlyDictionary<string, string>? metadata = null, string? cancellationReason = null)
    {
        var subscription = Resource("subscription");
        subscription["id"] = id;
        subscription["status"] = status;
        subscription["metadata"] = Metadata(metadata);
        subscription["cancellation_details"]!["reason"] = cancellationReason;
        if (status != "canceled")
        {
            subscription["canceled_at"] = null;
            subscription["ended_at"] = null;
            subscription["cancel_at"] = null;
            subscription["pause_collection"] = null;
        }

        return subscription;
    }

    public static JsonObject Charge(
        string id,
        long amountCents,
        long amountRefundedCents = 0,
        string? paymentIntentId = null,
        IReadOnlyDictionary<string, string>? metadata = null,
        string currency = "usd",
        string? balanceTransactionId = null)
    {
        var charge = Resource("charge");
        charge["id"] = id;
        charge["amount"] = amountCents;
        charge["amount_captured"] = amountCents;
        charge["amount_refunded"] = amountRefundedCents;
        charge["refunded"] = amountRefundedCents >= amountCents;
        charge["captured"] = true;
        charge["paid"] = true;
        charge["status"] = "succeeded";
        charge["currency"] = currency;
        charge["payment_intent"] = paymentIntentId;
        charge["metadata"] = Metadata(metadata);
        charge["balance_transaction"] = balanceTransactionId ?? "txn_" + id;
        charge["refunds"]!["url"] = $"/v1/charges/{id}/refunds";
        return charge;
    }

    public static JsonObject BalanceTransaction(string id, string chargeId, long amountCents, long feeCents, string currency, DateTimeOffset availableOn)
    {
        var transaction = Resource("balance_transaction");
        transaction["id"] = id;
        transaction["source"] = chargeId;
        transaction["amount"] = amountCents;
        transaction["fee"] = feeCents;
        transaction["net"] = amountCents - feeCents;
        transaction["currency"] = currency;
        transaction["available_on"] = availableOn.ToUnixTimeSeconds();
        transaction["fee_details"] = new JsonArray(new JsonObject
        {
            ["amount"] = feeCents,
            ["application"] = null,
            ["currency"] = currency,
            ["description"] = "Stripe processing fees",
            ["type"] = "stripe_fee",
        });
        return transaction;
    }

    public static JsonObject Dispute(string id, string chargeId, long amountCents, string reason = "fraudulent", string? paymentIntentId = null, string currency = "usd")
    {
        var dispute = Resource("dispute");
        dispute["id"] = id;
        dispute["charge"] = chargeId;
        dispute["payment_intent"] = paymentIntentId;
        dispute["amount"] = amountCents;
        dispute["currency"] = currency;
        dispute["reason"] = reason;
        dispute["status"] = "needs_response";
        return dispute;
    }

    private static JsonObject Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Support", "Stripe", "Data", "stripe-fixtures.json");
        var document = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException(path);
        return document["resources"]?.AsObject() ?? throw new InvalidDataException($"{path} has no resources.");
    }
}
