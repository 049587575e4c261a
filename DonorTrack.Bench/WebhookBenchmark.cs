using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using DonorTrack.Core.Accounts;
using DonorTrack.Core.Data;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using DonorTrack.Web.Hosting;
using DonorTrack.Web.Payments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DonorTrack.Bench;

/// <summary>
/// Stripe webhook ingestion end to end: the real web host on loopback, correctly signed checkout.session.completed
/// events posted over HTTP by several concurrent senders, one in ten delivered twice. Counts events per second and
/// checks that every unique event made exactly one gift.
/// </summary>
public static class WebhookBenchmark
{
    internal const string WebhookSecret = "whsec_bench_signing_secret";

    public static async Task<string> RunAsync(int events = 3_000, int concurrency = 8)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "donortrack-bench-webhooks-" + Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(["--data", dataDirectory, "--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        builder.AddDonorTrackWeb();
        await using var app = builder.Build();
        app.UseDonorTrackWeb();
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            var organizationId = app.Services.GetRequiredService<AccountService>()
                .SetUp(new SetupInput("Bench Tenants Union", "bench@example.org", "Bench", "bench-password-1")).OrganizationId;
            var slug = app.Services.GetRequiredService<OrganizationService>().Find(organizationId)!.Slug;
            app.Services.GetRequiredService<PaymentKeyStore>().Save(Actor.System(organizationId),
                new PaymentKeysInput("pk_test_bench", "sk_test_bench", WebhookSecret));

            var deliveries = Enumerable.Range(1, events)
                .SelectMany(n => n % 10 == 0 ? new[] { n, n } : new[] { n })
                .Select(n => Signed(n, organizationId))
                .ToList();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var failures = 0;
            var next = -1;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < deliveries.Count)
                {
                    var (payload, signature) = deliveries[index];
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"/stripe/webhook/{slug}") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
                    request.Headers.Add("Stripe-Signature", signature);
                    using var response = await http.SendAsync(request);
                    if (response.StatusCode != HttpStatusCode.OK)
                        Interlocked.Increment(ref failures);
                }
            }));
            clock.Stop();

            using var db = app.Services.GetRequiredService<IDbConnectionFactory>().Read();
            var gifts = db.Connection.ExecuteScalar<long>("SELECT count(*) FROM gifts WHERE organization_id = @organizationId", new { organizationId });
            var perSecond = deliveries.Count / clock.Elapsed.TotalSeconds;
            return string.Create(CultureInfo.InvariantCulture,
                $"| Webhook ingestion (HTTP, {concurrency} senders) | {deliveries.Count:N0} deliveries ({events:N0} unique) in {clock.Elapsed.TotalSeconds:F2} s = **{perSecond:N0} events/s**; " +
                $"gifts {gifts:N0} (expected {events:N0}), non-200 answers {failures} | ≥ 300 events/s, no duplicates |");
        }
        finally
        {
            await app.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>A checkout.session.completed event and its Stripe-Signature header, signed exactly as Stripe signs.</summary>
    internal static (string Payload, string Signature) Signed(int n, long organizationId)
    {
        var session = new JsonObject
        {
            ["id"] = $"cs_bench_{n}",
            ["object"] = "checkout.session",
            ["mode"] = "payment",
            ["payment_status"] = "paid",
            ["status"] = "complete",
            ["amount_total"] = 1_000 + n % 50 * 100,
            ["currency"] = "usd",
            ["customer_email"] = $"donor{n % 1_000}@example.org",
            ["customer_details"] = new JsonObject { ["email"] = $"donor{n % 1_000}@example.org", ["name"] = $"Bench Donor{n % 1_000}" },
            ["metadata"] = new JsonObject { ["organization_id"] = organizationId.ToString(CultureInfo.InvariantCulture), ["kind"] = "donation" },
        };
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["id"] = $"evt_bench_{n}",
            ["object"] = "event",
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = created,
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = "checkout.session.completed",
            ["data"] = new JsonObject { ["object"] = session },
        }.ToJsonString();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), Encoding.UTF8.GetBytes($"{created}.{payload}"));
        return (payload, $"t={created},v1={Convert.ToHexStringLower(mac)}");
    }
}
