using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using DonorTrack.Core.Accounts;
using DonorTrack.Core.Data;
using DonorTrack.Core.Demo;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
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
/// The load soak of issue 12: the real web host on loopback, a signed-in treasurer's browser and an API client shared by
/// several concurrent clients for a fixed time, mixing donor searches, donor pages, gifts recorded through the API and
/// signed Stripe webhooks (one delivery in ten repeated, as Stripe retries). Afterwards the rows are counted: every
/// API gift answered 201 is in the database exactly once, every unique webhook event made exactly one gift, and no
/// answer was a 5xx. Clients and server share this machine's cores, so the figures include the clients' own work.
/// </summary>
public static class SoakBenchmark
{
    public const string Name = "soak";

    private const int Donors = 10_000;
    private const int GiftsPerDonor = 5;
    private const string Password = "correct-horse-ledger-7";

    private enum Kind { Search, DonorPage, ApiGift, Webhook }

    // The mix a busy day looks like: mostly reading, a steady stream of writes from two directions.
    private static readonly Kind[] Mix =
        [Kind.Search, Kind.Search, Kind.Search, Kind.Search, Kind.DonorPage, Kind.DonorPage, Kind.DonorPage, Kind.ApiGift, Kind.ApiGift, Kind.Webhook];

    /// <summary>Runs the soak and prints its table; the exit code is 1 when a write was lost or duplicated or a 5xx was answered.</summary>
    public static async Task<int> Run(int clients, int seconds)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "donortrack-bench-soak-" + Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(["--data", dataDirectory, "--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        builder.AddDonorTrackWeb();
        // The staff pages live in DonorTrack.Web; hosted from this assembly, Razor finds them only when told where.
        builder.Services.AddRazorPages().AddApplicationPart(typeof(DonorTrackWeb).Assembly);
        await using var app = builder.Build();
        app.UseDonorTrackWeb();
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            var setUp = Stopwatch.StartNew();
            var (organizationId, slug, apiKey, donorIds) = SeedOrganization(app.Services);
            Console.Error.WriteLine($"Seeded {donorIds.Length:N0} donors and {donorIds.Length * GiftsPerDonor:N0} gifts in {setUp.Elapsed.TotalSeconds:F1} s; soaking {clients} clients for {seconds} s…");

            using var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = new Uri(address) };
            await SignIn(http);
            // The first seconds of a fresh process compile and re-compile the hot paths; a server that runs for days does not
            // pay that, so the clients warm it up first and the measured run starts after.
            await Warm(http, apiKey, slug, organizationId, donorIds);

            var samples = Enum.GetValues<Kind>().ToDictionary(k => k, _ => new ConcurrentBag<double>());
            var failures = new ConcurrentDictionary<string, int>();
            var apiGiftsCreated = 0;
            var nextApiGift = 0;
            var nextEvent = 0;
            var webhookDeliveries = 0;
            var searchTerms = DemoNames.AllNameParts().Where(p => p.Length >= 3).Select(p => p[..3]).Distinct().ToArray();
            var receivedOn = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var stopAt = DateTime.UtcNow.AddSeconds(seconds);
            var processorAtStart = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();

            await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
            {
                var random = new Random(1_000 + client);
                while (DateTime.UtcNow < stopAt)
                {
                    var kind = Mix[random.Next(Mix.Length)];
                    using var request = kind switch
                    {
                        Kind.Search => new HttpRequestMessage(HttpMethod.Get, "/Donors?q=" + Uri.EscapeDataString(searchTerms[random.Next(searchTerms.Length)])),
                        Kind.DonorPage => new HttpRequestMessage(HttpMethod.Get, $"/Donors/Details/{donorIds[random.Next(donorIds.Length)]}"),
                        Kind.ApiGift => ApiGift(apiKey, donorIds[random.Next(donorIds.Length)], Interlocked.Increment(ref nextApiGift), receivedOn),
                        _ => Webhook(slug, organizationId, random, ref nextEvent),
                    };
                    var started = Stopwatch.GetTimestamp();
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                    samples[kind].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    var expected = kind == Kind.ApiGift ? HttpStatusCode.Created : HttpStatusCode.OK;
                    if (response.StatusCode != expected)
                        failures.AddOrUpdate($"{kind} {(int)response.StatusCode}", 1, (_, n) => n + 1);
                    else if (kind == Kind.ApiGift)
                        Interlocked.Increment(ref apiGiftsCreated);
                    if (kind == Kind.Webhook)
                        Interlocked.Increment(ref webhookDeliveries);
                }
            })));
            clock.Stop();
            var processorDuringSoak = Process.GetCurrentProcess().TotalProcessorTime - processorAtStart;

            using var db = app.Services.GetRequiredService<IDbConnectionFactory>().Read();
            var apiRows = db.Connection.ExecuteScalar<long>(
                "SELECT count(*) FROM gifts WHERE organization_id = @organizationId AND external_id GLOB 'soak-api-[0-9]*'", new { organizationId });
            var apiDistinct = db.Connection.ExecuteScalar<long>(
                "SELECT count(DISTINCT external_id) FROM gifts WHERE organization_id = @organizationId AND external_id GLOB 'soak-api-[0-9]*'", new { organizationId });
            var webhookRows = db.Connection.ExecuteScalar<long>(
                "SELECT count(*) FROM gifts WHERE organization_id = @organizationId AND method = 'card'", new { organizationId });
            var uniqueEvents = Volatile.Read(ref nextEvent);

            var total = samples.Values.Sum(s => s.Count);
            var serverErrors = failures.Where(f => Regex.IsMatch(f.Key, @" 5\d\d$")).Sum(f => f.Value);
            var perSecond = total / clock.Elapsed.TotalSeconds;
            var allLatencies = samples.Values.SelectMany(s => s).ToList();
            Console.WriteLine($"| Soak, {clients} clients, {clock.Elapsed.TotalSeconds:F0} s (server and clients on this machine) | requests/s | p50 | p95 | p99 |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var (kind, sample) in samples)
                Console.WriteLine(Row(kind.ToString(), sample.ToList(), clock.Elapsed));
            Console.WriteLine(Row("**all**", allLatencies, clock.Elapsed));
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Requests {total:N0} = {perSecond:N0}/s; API gifts answered 201: {apiGiftsCreated:N0}, rows {apiRows:N0} ({apiDistinct:N0} distinct external ids); " +
                $"webhook deliveries {webhookDeliveries:N0} of {uniqueEvents:N0} unique events, card gifts {webhookRows:N0}; 5xx answers {serverErrors}; " +
                $"other unexpected answers: {(failures.IsEmpty ? "none" : string.Join(", ", failures.Select(f => $"{f.Key} ×{f.Value}")))}"));
            var p95 = Percentile(allLatencies, 0.95);
            var writesExact = apiRows == apiGiftsCreated && apiDistinct == apiRows && webhookRows == uniqueEvents;
            Console.WriteLine($"Writes exact (no lost, no duplicated): {(writesExact ? "yes" : "**no**")}; target ≥ 1,000 requests/s with p95 ≤ 50 ms: " +
                $"{(perSecond >= 1_000 && p95 <= 50 ? "met" : "**not met**")}");
            using var process = Process.GetCurrentProcess();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Processor time during the soak {processorDuringSoak.TotalSeconds:F1} s = {processorDuringSoak.TotalMilliseconds / total:F2} ms per request (server and client); peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MB; load average {LoadAverage()}"));
            return writesExact && serverErrors == 0 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>One organization with a treasurer who can sign in, an API key, Stripe keys and donors who have given before.</summary>
    private static (long OrganizationId, string Slug, string ApiKey, long[] DonorIds) SeedOrganization(IServiceProvider services)
    {
        var organizationId = services.GetRequiredService<AccountService>()
            .SetUp(new SetupInput("Soak Tenants Union", "treasurer@example.org", "Treasurer", Password)).OrganizationId;
        var actor = Actor.System(organizationId, "soak");
        var slug = services.GetRequiredService<OrganizationService>().Find(organizationId)!.Slug;
        services.GetRequiredService<PaymentKeyStore>().Save(actor, new PaymentKeysInput("pk_test_soak", "sk_test_soak", WebhookBenchmark.WebhookSecret));
        var apiKey = services.GetRequiredService<ApiKeyService>().Create(actor, organizationId, "soak client", Role.Entry);

        var random = new Random(12_012);
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var donors = services.GetRequiredService<DonorRepository>();
        var gifts = services.GetRequiredService<GiftRepository>();
        var ids = new long[Donors];
        using var db = services.GetRequiredService<IDbConnectionFactory>().BeginTransaction();
        for (var n = 0; n < Donors; n++)
        {
            var name = DemoNames.Pick(random);
            ids[n] = donors.Insert(db, organizationId, new DonorInput
            {
                Kind = DonorKind.Individual, FirstName = name.FirstName, LastName = name.LastName,
                Email = $"{name.EmailLocalPart}{n}@example.org", City = "Minneapolis", Region = "MN", Country = "US", PostalCode = "55406",
            }, now);
            for (var g = 0; g < GiftsPerDonor; g++)
            {
                gifts.Insert(db, organizationId, new GiftInput
                {
                    DonorId = ids[n], AmountCents = 500 * (1 + random.Next(40)), ReceivedOn = today.AddDays(-random.Next(3 * 365)),
                    Method = GiftMethod.Check, Category = GiftCategory.Individual,
                }, "USD", "soak", now);
            }
        }
        db.Commit();
        return (organizationId, slug, apiKey, ids);
    }

    private static async Task Warm(HttpClient http, string apiKey, string slug, long organizationId, long[] donorIds)
    {
        var warmUntil = DateTime.UtcNow.AddSeconds(10);
        var n = 0;
        while (DateTime.UtcNow < warmUntil)
        {
            n++;
            using var search = await http.GetAsync("/Donors?q=an");
            using var page = await http.GetAsync($"/Donors/Details/{donorIds[n % donorIds.Length]}");
            using var gift = await http.SendAsync(ApiGift(apiKey, donorIds[n % donorIds.Length], -n, "2026-01-01"));
        }
    }

    private static async Task SignIn(HttpClient http)
    {
        var form = await http.GetStringAsync("/Account/SignIn");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await http.PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "treasurer@example.org", ["Password"] = Password, ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"The soak could not sign in: {(int)response.StatusCode}.");
    }

    private static HttpRequestMessage ApiGift(string apiKey, long donorId, int n, string receivedOn)
    {
        var json = string.Create(CultureInfo.InvariantCulture,
            $$"""{"donorId":{{donorId}},"amountCents":{{2_500 + n % 20 * 100}},"receivedOn":"{{receivedOn}}","method":"check","category":"individual","externalId":"soak-api-{{n}}"}""");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/gifts") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return request;
    }

    /// <summary>A new signed event, or one in ten times a repeat of an event already sent, as Stripe's retries deliver them.</summary>
    private static HttpRequestMessage Webhook(string slug, long organizationId, Random random, ref int nextEvent)
    {
        var sent = Volatile.Read(ref nextEvent);
        var n = sent > 0 && random.Next(10) == 0 ? 1 + random.Next(sent) : Interlocked.Increment(ref nextEvent);
        var (payload, signature) = WebhookBenchmark.Signed(n, organizationId);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/stripe/webhook/{slug}") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", signature);
        return request;
    }

    private static string Row(string kind, List<double> milliseconds, TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture,
        $"| {kind} | {milliseconds.Count / elapsed.TotalSeconds:N0} | {Percentile(milliseconds, 0.50):F1} ms | {Percentile(milliseconds, 0.95):F1} ms | {Percentile(milliseconds, 0.99):F1} ms |");

    private static double Percentile(List<double> milliseconds, double fraction)
    {
        if (milliseconds.Count == 0)
            return double.NaN;
        milliseconds.Sort();
        return milliseconds[Math.Max(0, (int)Math.Ceiling(fraction * milliseconds.Count) - 1)];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
