using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DonorTrack.Tests.Support.Stripe;

/// <summary>
/// A loopback stand-in for api.stripe.com implementing exactly the endpoints <see cref="StripeGateway"/> calls, answering
/// with Stripe's own example objects. It checks the bearer key, honours Idempotency-Key like Stripe (same key and
/// parameters replay the first answer; same key with other parameters is an error) and records every request.
/// </summary>
public sealed class FakeStripeServer : IAsyncDisposable
{
    public const string DefaultApiKey = "sk_test_fake_donortrack";

    private readonly WebApplication _app;
    private readonly HttpClient _httpClient = new();
    private readonly Lock _gate = new();
    private readonly List<RecordedStripeRequest> _requests = [];
    private readonly Dictionary<string, (string Fingerprint, int Status, string Body)> _idempotentResults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeCharge> _charges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _paymentIntents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _sessions = new(StringComparer.Ordinal);
    private readonly List<FakeRefund> _refunds = [];
    private int _sequence;
    private TaskCompletionSource _released = Released();

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    private FakeStripeServer(WebApplication app, string apiKey)
    {
        _app = app;
        ApiKey = apiKey;
    }

    public string ApiKey { get; }

    /// <summary>http://127.0.0.1:PORT, for <c>apiBase</c>.</summary>
    public string ApiBase { get; private set; } = "";

    public IReadOnlyList<RecordedStripeRequest> Requests
    {
        get
        {
            lock (_gate)
                return [.. _requests];
        }
    }

    public IReadOnlyList<FakeRefund> Refunds
    {
        get
        {
            lock (_gate)
                return [.. _refunds];
        }
    }

    public static async Task<FakeStripeServer> StartAsync(string apiKey = DefaultApiKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var server = new FakeStripeServer(app, apiKey);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.ApiBase = address.TrimEnd('/');
        return server;
    }

    /// <summary>The real gateway pointed at this server, without retries so every request is seen once.</summary>
    public StripeGateway CreateGateway(string? apiKey = null) => new(apiKey ?? ApiKey, _httpClient, ApiBase, maxNetworkRetries: 0);

    /// <summary>Makes a succeeded charge (and its payment intent and balance transaction) that refunds and fee look-ups can find.</summary>
    public FakeCharge AddCharge(long amountCents, long feeCents = 0, string currency = "usd", IReadOnlyDictionary<string, string>? metadata = null)
    {
        lock (_gate)
        {
            var number = NextNumber();
            var charge = new FakeCharge($"ch_fake{number}", $"pi_fake{number}", $"txn_fake{number}", amountCents, feeCents, currency,
                new DateTimeOffset(2026, 6, 17, 0, 0, 0, TimeSpan.Zero), metadata ?? new Dictionary<string, string>());
            _charges[charge.Id] = charge;
            return charge;
        }
    }

    public void AddSubscription(string id, IReadOnlyDictionary<string, string>? metadata = null)
    {
        lock (_gate)
            _subscriptions[id] = StripeFixtures.Subscription(id, "active", metadata);
    }

    /// <summary>Makes a card the subscription's default payment method, returned inside the subscription as if expanded.</summary>
    public void SetSubscriptionCard(string subscriptionId, string brand, string last4, int expMonth, int expYear)
    {
        var method = StripeFixtures.Resource("payment_method");
        method["id"] = "pm_" + subscriptionId;
        method["card"]!["brand"] = brand;
        method["card"]!["display_brand"] = brand;
        method["card"]!["last4"] = last4;
        method["card"]!["exp_month"] = expMonth;
        method["card"]!["exp_year"] = expYear;
        lock (_gate)
            _subscriptions[subscriptionId]["default_payment_method"] = method;
    }

    /// <summary>A payment intent whose last attempt was declined, as after an <c>invoice.payment_failed</c>.</summary>
    public void AddDeclinedPaymentIntent(string id, string declineCode, string message)
    {
        var intent = StripeFixtures.Resource("payment_intent");
        intent["id"] = id;
        intent["status"] = "requires_payment_method";
        intent["last_payment_error"] = new JsonObject
        {
            ["type"] = "card_error",
            ["code"] = "card_declined",
            ["decline_code"] = declineCode,
            ["message"] = message,
        };
        lock (_gate)
            _paymentIntents[id] = intent;
    }

    /// <summary>The cents refunded so far on a charge.</summary>
    public long RefundedCents(string chargeId)
    {
        lock (_gate)
            return _charges[chargeId].RefundedCents;
    }

    /// <summary>
    /// What Stripe would do when the donor pays an open session: makes the charge (payment mode) or the subscription
    /// (subscription mode) and returns the completed session to sign as <c>checkout.session.completed</c>.
    /// </summary>
    public JsonObject PayCheckoutSession(string sessionId, string? customerName = null, long feeCents = 0)
    {
        lock (_gate)
        {
            var session = _sessions[sessionId];
            var mode = (string)session["mode"]!;
            var total = (long)session["amount_total"]!;
            var metadata = session["metadata"]!.AsObject().ToDictionary(pair => pair.Key, pair => (string)pair.Value!);
            string? paymentIntentId = null;
            string? subscriptionId = null;
            if (mode == "payment")
            {
                var number = NextNumber();
                var charge = new FakeCharge($"ch_fake{number}", $"pi_fake{number}", $"txn_fake{number}", total, feeCents,
                    (string)session["currency"]!, new DateTimeOffset(2026, 6, 17, 0, 0, 0, TimeSpan.Zero), metadata);
                _charges[charge.Id] = charge;
                paymentIntentId = charge.PaymentIntentId;
            }
            else
            {
                subscriptionId = $"sub_fake{NextNumber()}";
                _subscriptions[subscriptionId] = StripeFixtures.Subscription(subscriptionId, "active", metadata);
            }

            return StripeFixtures.CompletedCheckoutSession(sessionId, mode, total, (string)session["customer_email"]!, metadata, customerName,
                paymentIntentId, subscriptionId, (string)session["currency"]!);
        }
    }

    /// <summary>The charge made for a paid payment-mode session's payment intent.</summary>
    public FakeCharge ChargeForPaymentIntent(string paymentIntentId)
    {
        lock (_gate)
            return _charges.Values.Single(charge => charge.PaymentIntentId == paymentIntentId);
    }

    /// <summary>Makes every request wait until the returned handle is disposed: proves a caller does not wait for Stripe.</summary>
    public IDisposable HoldResponses()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _released, held);
        return new HeldStripeResponses(held);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _httpClient.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in QueryHelpers.ParseQuery(request.QueryString.Value))
            parameters[key] = value.ToString();
        foreach (var (key, value) in QueryHelpers.ParseQuery(body))
            parameters[key] = value.ToString();
        await Volatile.Read(ref _released).Task;
        var recorded = new RecordedStripeRequest(
            request.Method,
            request.Path.Value ?? "/",
            parameters,
            Header(request, "Idempotency-Key"),
            Header(request, "Authorization"),
            Header(request, "Stripe-Version"));

        (int Status, string Body, bool Replayed) answer;
        lock (_gate)
        {
            _requests.Add(recorded);
            answer = Answer(recorded, body);
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["Request-Id"] = $"req_fake{Interlocked.Increment(ref _sequence)}";
        if (answer.Replayed)
            context.Response.Headers["Idempotent-Replayed"] = "true";
        await context.Response.WriteAsync(answer.Body);
    }

    private (int Status, string Body, bool Replayed) Answer(RecordedStripeRequest request, string body)
    {
        if (request.Authorization != $"Bearer {ApiKey}")
        {
            var shown = request.Authorization?.Replace("Bearer ", "", StringComparison.Ordinal) ?? "";
            return Error(HttpStatusCode.Unauthorized, "invalid_request_error", null, $"Invalid API Key provided: {Mask(shown)}");
        }

        var key = request.IdempotencyKey;
        if (request.Method != "POST" || key is null)
            return Route(request);

        // Stripe binds a key to the parameters it was first used with, and replays that first answer.
        var fingerprint = $"{request.Method} {request.Path}?{body}";
        if (_idempotentResults.TryGetValue(key, out var earlier))
        {
            return earlier.Fingerprint == fingerprint
                ? (earlier.Status, earlier.Body, true)
                : Error(HttpStatusCode.BadRequest, "idempotency_error", null,
                    $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.");
        }

        var answer = Route(request);
        if (answer.Status < 500)
            _idempotentResults[key] = (fingerprint, answer.Status, answer.Body);
        return answer;
    }

    private (int Status, string Body, bool Replayed) Route(RecordedStripeRequest request)
    {
        var segments = request.Path.Trim('/').Split('/');
        return (request.Method, segments) switch
        {
            ("POST", ["v1", "checkout", "sessions"]) => CreateCheckoutSession(request),
            ("POST", ["v1", "refunds"]) => CreateRefund(request),
            ("DELETE", ["v1", "subscriptions", var id]) => CancelSubscription(id),
            ("GET", ["v1", "subscriptions", var id]) => _subscriptions.TryGetValue(id, out var subscription) ? Ok(subscription) : Missing("subscription", id, "id"),
            ("POST", ["v1", "subscriptions", var id]) => UpdateSubscription(id, request),
            ("POST", ["v1", "billing_portal", "sessions"]) => CreatePortalSession(request),
            ("GET", ["v1", "charges", var id]) => GetCharge(id, request),
            ("GET", ["v1", "payment_intents", var id]) => _paymentIntents.TryGetValue(id, out var intent)
                ? Ok(intent)
                : GetChargedPaymentIntent(id, request),
            ("GET", ["v1", "balance"]) => Ok(StripeFixtures.Resource("balance")),
            _ => Error(HttpStatusCode.NotFound, "invalid_request_error", null, $"Unrecognized request URL ({request.Method}: {request.Path})."),
        };
    }

    private (int, string, bool) CreateCheckoutSession(RecordedStripeRequest request)
    {
        var mode = request["mode"];
        if (mode is not ("payment" or "subscription"))
            return Invalid("mode", "Missing required param: mode.");
        if (request["success_url"] is null)
            return Invalid("success_url", "Missing required param: success_url.");
        if (request.LineItemCount == 0)
            return Invalid("line_items", "Missing required param: line_items.");
        if (request["submit_type"] is not null && mode != "payment")
            return Invalid("submit_type", "`submit_type` can only be used in `payment` mode.");

        long total = 0;
        var currencies = new HashSet<string>(StringComparer.Ordinal);
        var recurringCount = 0;
        for (var index = 0; index < request.LineItemCount; index++)
        {
            var prefix = $"line_items[{index}][price_data]";
            if (request[$"{prefix}[currency]"] is not { } currency || request[$"{prefix}[product_data][name]"] is null
                || !long.TryParse(request[$"{prefix}[unit_amount]"], CultureInfo.InvariantCulture, out var unitAmount) || unitAmount < 0)
            {
                return Invalid($"{prefix}", "Each line item needs price_data with currency, a non-negative unit_amount and product_data[name].");
            }

            var quantity = long.TryParse(request[$"line_items[{index}][quantity]"], CultureInfo.InvariantCulture, out var parsed) ? parsed : 1;
            total += unitAmount * quantity;
            currencies.Add(currency);
            if (request[$"{prefix}[recurring][interval]"] is { } interval)
            {
                if (interval is not ("day" or "week" or "month" or "year"))
                    return Invalid($"{prefix}[recurring][interval]", $"Invalid recurring interval: {interval}.");
                recurringCount++;
            }
        }

        if (currencies.Count > 1)
            return Invalid("line_items", "All line items must use the same currency.");
        if (mode == "payment" && recurringCount > 0)
            return Invalid("line_items", "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.");
        if (mode == "subscription" && recurringCount == 0)
            return Invalid("line_items", "You must provide at least one recurring price in `subscription` mode when using prices.");

        var id = $"cs_test_fake{NextNumber()}";
        var session = StripeFixtures.Resource("checkout.session");
        session["id"] = id;
        session["mode"] = mode;
        session["status"] = "open";
        session["payment_status"] = "unpaid";
        session["url"] = $"https://checkout.stripe.com/c/pay/{id}";
        session["success_url"] = request["success_url"];
        session["cancel_url"] = request["cancel_url"];
        session["customer_email"] = request["customer_email"];
        session["customer_details"] = null;
        session["submit_type"] = request["submit_type"];
        session["amount_subtotal"] = total;
        session["amount_total"] = total;
        session["currency"] = currencies.Single();
        session["metadata"] = StripeFixtures.Metadata(request.Hash("metadata"));
        session["payment_intent"] = null;
        session["subscription"] = null;
        _sessions[id] = session;
        return Ok(session);
    }

    private (int, string, bool) CreateRefund(RecordedStripeRequest request)
    {
        FakeCharge? charge;
        if (request["charge"] is { } chargeId)
        {
            if (!_charges.TryGetValue(chargeId, out charge))
                return Missing("charge", chargeId, "charge");
        }
        else if (request["payment_intent"] is { } intentId)
        {
            charge = _charges.Values.SingleOrDefault(candidate => candidate.PaymentIntentId == intentId);
            if (charge is null)
                return Missing("payment_intent", intentId, "payment_intent");
        }
        else
        {
            return Invalid("charge", "One of `charge` or `payment_intent` is required.");
        }

        var remaining = charge.AmountCents - charge.RefundedCents;
        if (remaining == 0)
            return Error(HttpStatusCode.BadRequest, "invalid_request_error", "charge_already_refunded", $"Charge {charge.Id} has already been refunded.", "charge");

        long amount = remaining;
        if (request["amount"] is { } requested)
        {
            if (!long.TryParse(requested, CultureInfo.InvariantCulture, out amount) || amount <= 0)
                return Error(HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_integer", "Invalid positive integer", "amount");
            if (amount > remaining)
            {
                return Error(HttpStatusCode.BadRequest, "invalid_request_error", "amount_too_large",
                    $"Refund amount ({Dollars(amount)}) is greater than unrefunded amount on charge ({Dollars(remaining)})", "amount");
            }
        }

        charge.RefundedCents += amount;
        var refund = new FakeRefund($"re_fake{NextNumber()}", charge.Id, amount);
        _refunds.Add(refund);

        var json = StripeFixtures.Resource("refund");
        json["id"] = refund.Id;
        json["amount"] = amount;
        json["charge"] = charge.Id;
        json["payment_intent"] = charge.PaymentIntentId;
        json["currency"] = charge.Currency;
        json["reason"] = request["reason"];
        json["status"] = "succeeded";
        json["metadata"] = StripeFixtures.Metadata(request.Hash("metadata"));
        json["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Ok(json);
    }

    private (int, string, bool) CancelSubscription(string id)
    {
        if (!_subscriptions.TryGetValue(id, out var subscription))
            return Missing("subscription", id, "id");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        subscription["status"] = "canceled";
        subscription["canceled_at"] ??= now;
        subscription["ended_at"] ??= now;
        subscription["cancellation_details"]!["reason"] = "cancellation_requested";
        return Ok(subscription);
    }

    /// <summary>
    /// A subscription update as Stripe applies it: a new price for an item (<c>items[0][id]</c> with <c>price_data</c>, which
    /// needs an existing <c>product</c>) and <c>pause_collection</c> set (<c>[behavior]=void</c>) or cleared (empty).
    /// </summary>
    private (int, string, bool) UpdateSubscription(string id, RecordedStripeRequest request)
    {
        if (!_subscriptions.TryGetValue(id, out var subscription))
            return Missing("subscription", id, "id");
        if ((string?)subscription["status"] == "canceled")
            return Error(HttpStatusCode.BadRequest, "invalid_request_error", "resource_missing", "A canceled subscription can only update its cancellation_details and metadata.");
        if (request["items[0][id]"] is { } itemId)
        {
            var item = subscription["items"]!["data"]!.AsArray().Select(i => i!.AsObject()).FirstOrDefault(i => (string?)i["id"] == itemId);
            if (item is null)
                return Missing("subscription_item", itemId, "items[0][id]");
            if (request["items[0][price_data][product]"] is not { } product || request["items[0][price_data][currency]"] is not { } currency
                || !long.TryParse(request["items[0][price_data][unit_amount]"], CultureInfo.InvariantCulture, out var unitAmount) || unitAmount < 0
                || request["items[0][price_data][recurring][interval]"] is not { } interval)
            {
                return Invalid("items[0][price_data]", "price_data needs currency, product, unit_amount and recurring[interval].");
            }
            var price = item["price"]!.AsObject();
            price["id"] = $"price_fake{NextNumber()}";
            price["product"] = product;
            price["currency"] = currency;
            price["unit_amount"] = unitAmount;
            price["unit_amount_decimal"] = unitAmount.ToString(CultureInfo.InvariantCulture);
            price["recurring"]!["interval"] = interval;
            price["recurring"]!["interval_count"] = long.TryParse(request["items[0][price_data][recurring][interval_count]"], CultureInfo.InvariantCulture, out var count) ? count : 1;
        }
        if (request["pause_collection"] is "")
            subscription["pause_collection"] = null;
        else if (request["pause_collection[behavior]"] is { } behavior)
            subscription["pause_collection"] = new JsonObject { ["behavior"] = behavior, ["resumes_at"] = null };
        return Ok(subscription);
    }

    private (int, string, bool) CreatePortalSession(RecordedStripeRequest request)
    {
        if (request["customer"] is not { } customer)
            return Invalid("customer", "Missing required param: customer.");
        var id = $"bps_fake{NextNumber()}";
        var session = new JsonObject
        {
            ["id"] = id,
            ["object"] = "billing_portal.session",
            ["customer"] = customer,
            ["livemode"] = false,
            ["return_url"] = request["return_url"],
            ["url"] = $"https://billing.stripe.com/p/session/{id}",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
        return Ok(session);
    }

    /// <summary>The amount of a subscription's first item, as the fake server now holds it.</summary>
    public long SubscriptionAmount(string id)
    {
        lock (_gate)
            return (long)_subscriptions[id]["items"]!["data"]![0]!["price"]!["unit_amount"]!;
    }

    /// <summary>Whether a subscription's collection is paused, as the fake server now holds it.</summary>
    public bool SubscriptionPaused(string id)
    {
        lock (_gate)
            return _subscriptions[id]["pause_collection"] is JsonObject;
    }

    /// <summary>A subscription's status ("active", "canceled"), as the fake server now holds it.</summary>
    public string SubscriptionStatus(string id)
    {
        lock (_gate)
            return (string)_subscriptions[id]["status"]!;
    }

    /// <summary>A paid session's payment intent, with its charge (and that charge's balance transaction) expanded on request.</summary>
    private (int, string, bool) GetChargedPaymentIntent(string id, RecordedStripeRequest request)
    {
        var charge = _charges.Values.SingleOrDefault(c => c.PaymentIntentId == id);
        if (charge is null)
            return Missing("payment_intent", id, "intent");
        var intent = StripeFixtures.Resource("payment_intent");
        intent["id"] = id;
        intent["amount"] = charge.AmountCents;
        intent["amount_received"] = charge.AmountCents;
        intent["currency"] = charge.Currency;
        intent["status"] = "succeeded";
        intent["metadata"] = StripeFixtures.Metadata(charge.Metadata);
        var expand = request.Parameters.Where(pair => pair.Key.StartsWith("expand", StringComparison.Ordinal)).Select(pair => pair.Value).ToList();
        if (!expand.Contains("latest_charge.balance_transaction"))
        {
            intent["latest_charge"] = charge.Id;
            return Ok(intent);
        }
        var chargeJson = StripeFixtures.Charge(charge.Id, charge.AmountCents, charge.RefundedCents, charge.PaymentIntentId, charge.Metadata,
            charge.Currency, charge.BalanceTransactionId);
        chargeJson["balance_transaction"] = StripeFixtures.BalanceTransaction(charge.BalanceTransactionId, charge.Id, charge.AmountCents,
            charge.FeeCents, charge.Currency, charge.AvailableOn);
        intent["latest_charge"] = chargeJson;
        return Ok(intent);
    }

    private (int, string, bool) GetCharge(string id, RecordedStripeRequest request)
    {
        if (!_charges.TryGetValue(id, out var charge))
            return Missing("charge", id, "id");
        var json = StripeFixtures.Charge(charge.Id, charge.AmountCents, charge.RefundedCents, charge.PaymentIntentId, charge.Metadata,
            charge.Currency, charge.BalanceTransactionId);
        var expand = request.Parameters.Where(pair => pair.Key.StartsWith("expand", StringComparison.Ordinal)).Select(pair => pair.Value);
        if (expand.Contains("balance_transaction"))
        {
            json["balance_transaction"] = StripeFixtures.BalanceTransaction(charge.BalanceTransactionId, charge.Id, charge.AmountCents,
                charge.FeeCents, charge.Currency, charge.AvailableOn);
        }

        return Ok(json);
    }

    private int NextNumber() => Interlocked.Increment(ref _sequence);

    private static (int, string, bool) Ok(JsonObject resource) => (200, resource.ToJsonString(), false);

    private static (int, string, bool) Invalid(string param, string message) =>
        Error(HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid", message, param);

    private static (int, string, bool) Missing(string kind, string id, string param) =>
        Error(HttpStatusCode.NotFound, "invalid_request_error", "resource_missing", $"No such {kind}: '{id}'", param);

    private static (int Status, string Body, bool Replayed) Error(HttpStatusCode status, string type, string? code, string message, string? param = null)
    {
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        if (code is not null)
            error["code"] = code;
        if (param is not null)
            error["param"] = param;
        return ((int)status, new JsonObject { ["error"] = error }.ToJsonString(), false);
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) ? values.ToString() : null;

    private static string Mask(string key) => key.Length <= 12 ? "****" : key[..8] + new string('*', key.Length - 12) + key[^4..];

    private static string Dollars(long cents) => string.Create(CultureInfo.InvariantCulture, $"${cents / 100}.{cents % 100:D2}");
}

/// <summary>A succeeded charge the fake server knows, with its running refunded total.</summary>
public sealed class FakeCharge(
    string id,
    string paymentIntentId,
    string balanceTransactionId,
    long amountCents,
    long feeCents,
    string currency,
    DateTimeOffset availableOn,
    IReadOnlyDictionary<string, string> metadata)
{
    public string Id { get; } = id;

    public string PaymentIntentId { get; } = paymentIntentId;

    public string BalanceTransactionId { get; } = balanceTransactionId;

    public long AmountCents { get; } = amountCents;

    public long FeeCents { get; } = feeCents;

    public string Currency { get; } = currency;

    public DateTimeOffset AvailableOn { get; } = availableOn;

    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;

    public long RefundedCents { get; set; }
}

/// <summary>A refund the fake server made.</summary>
public sealed record FakeRefund(string Id, string ChargeId, long AmountCents);

/// <summary>Lets held requests through.</summary>
internal sealed class HeldStripeResponses(TaskCompletionSource held) : IDisposable
{
    public void Dispose() => held.TrySetResult();
}
