using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Stripe;

namespace DonorTrack.Tests.Support.Stripe;

/// <summary>How a signed delivery should be spoiled, to prove the endpoint refuses it.</summary>
public enum WebhookForgery
{
    None,

    /// <summary>Signed with a secret other than the endpoint's.</summary>
    WrongSecret,

    /// <summary>Signed correctly, then an amount in the body is changed.</summary>
    TamperedBody,

    /// <summary>Signed correctly ten minutes ago: outside Stripe's five-minute tolerance.</summary>
    OldTimestamp,
}

/// <summary>A webhook delivery: the exact body to POST and its <c>Stripe-Signature</c> header.</summary>
public sealed record SignedWebhook(string EventId, string Payload, string SignatureHeader);

/// <summary>
/// Signs webhook events exactly as Stripe does: <c>t=TIMESTAMP,v1=hex(HMAC-SHA256(secret, "TIMESTAMP.payload"))</c>,
/// computed here independently of Stripe.net so a verification test cannot pass by using the same code on both sides.
/// </summary>
public sealed class StripeWebhookSigner(string secret, TimeProvider? clock = null)
{
    public const string DefaultSecret = "whsec_fake_donortrack_signing_secret";

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public string Secret { get; } = secret;

    /// <summary>The event fixture wrapping <paramref name="dataObject"/>, at the API version this Stripe.net expects unless told otherwise.</summary>
    public string EventJson(string type, JsonObject dataObject, string? eventId = null, string? apiVersion = null)
    {
        var stripeEvent = StripeFixtures.Resource("event");
        stripeEvent["id"] = eventId ?? "evt_fake" + Guid.NewGuid().ToString("N")[..20];
        stripeEvent["api_version"] = apiVersion ?? StripeConfiguration.ApiVersion;
        stripeEvent["created"] = _clock.GetUtcNow().ToUnixTimeSeconds();
        stripeEvent["type"] = type;
        stripeEvent["livemode"] = false;
        stripeEvent["pending_webhooks"] = 1;
        stripeEvent["data"] = new JsonObject { ["object"] = dataObject.DeepClone() };
        return stripeEvent.ToJsonString();
    }

    /// <summary>Builds the event around <paramref name="dataObject"/> and signs it, spoiled as <paramref name="forgery"/> says.</summary>
    public SignedWebhook Sign(string type, JsonObject dataObject, WebhookForgery forgery = WebhookForgery.None, string? eventId = null, string? apiVersion = null)
    {
        var payload = EventJson(type, dataObject, eventId, apiVersion);
        var id = (string)JsonNode.Parse(payload)!["id"]!;
        var now = _clock.GetUtcNow();
        return forgery switch
        {
            WebhookForgery.None => new SignedWebhook(id, payload, Header(payload, now, Secret)),
            WebhookForgery.WrongSecret => new SignedWebhook(id, payload, Header(payload, now, Secret + "_not_this_one")),
            WebhookForgery.TamperedBody => new SignedWebhook(id, Tamper(payload), Header(payload, now, Secret)),
            WebhookForgery.OldTimestamp => new SignedWebhook(id, payload, Header(payload, now.AddMinutes(-10), Secret)),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery), forgery, null),
        };
    }

    /// <summary>The Stripe-Signature header for a body signed at <paramref name="signedAt"/>.</summary>
    public static string Header(string payload, DateTimeOffset signedAt, string secret)
    {
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    // A forger's typical edit: the amount. Falls back to the event id when the object has no amount.
    private static string Tamper(string payload)
    {
        var stripeEvent = JsonNode.Parse(payload)!.AsObject();
        var dataObject = stripeEvent["data"]!["object"]!.AsObject();
        foreach (var field in new[] { "amount", "amount_total", "amount_paid", "amount_due", "amount_refunded" })
        {
            if (dataObject[field] is JsonValue value && value.TryGetValue<long>(out var cents))
            {
                dataObject[field] = cents * 100 + 1;
                return stripeEvent.ToJsonString();
            }
        }

        stripeEvent["id"] = (string)stripeEvent["id"]! + "x";
        return stripeEvent.ToJsonString();
    }
}
