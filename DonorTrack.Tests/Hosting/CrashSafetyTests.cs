using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using DonorTrack.Tests.Support.Stripe;
using Microsoft.Data.Sqlite;

namespace DonorTrack.Tests.Hosting;

/// <summary>
/// The real app as a child process, killed with SIGKILL at a random moment of a write and started again over the same data:
/// what it acknowledged is there exactly once, what it did not is wholly absent, and the database file is intact. The seed of
/// each run is printed, so a failure can be replayed.
/// </summary>
[NonParallelizable]
public sealed partial class CrashSafetyTests
{
    private const string AdminEmail = "admin@example.org";
    private const string Password = "correct-horse-battery";

    private string _data = "";

    [SetUp]
    public async Task SetUp()
    {
        _data = Path.Combine(Path.GetTempPath(), "donortrack-crash-tests", Guid.NewGuid().ToString("N"));
        var (exitCode, output) = await DonorTrackProcess.RunCommandAsync(_data, "setup", "--org", "Frogtown Tenants Union", "--admin-email", AdminEmail, "--admin-password", Password);
        Assert.That(exitCode, Is.Zero, output);
    }

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder eventually.
        }
    }

    [Test]
    public async Task CsvImportCommit_KilledAtRandomMoments_IsAfterEachRestartWhollyThereOrWhollyAbsent_AndCanBeCommittedAgain()
    {
        const int rows = 2000;
        var random = Seeded(out var seed);
        var commitTakes = await TimeOneCommitAsync(rows);
        for (var round = 1; round <= 3; round++)
        {
            var app = await DonorTrackProcess.StartAsync(_data);
            var client = await app.SignedInAsync(AdminEmail, Password);
            var previewUrl = await UploadAsync(client, ImportFile(round, rows), $"round-{round}.csv");
            var token = StagedToken().Match(previewUrl).Groups[1].Value;
            var commitForm = await DonorTrackProcess.AntiforgeryTokenAsync(client, previewUrl);

            var commit = client.PostAsync("/Imports?handler=Commit", new FormUrlEncodedContent(new Dictionary<string, string> { ["Token"] = token, ["__RequestVerificationToken"] = commitForm }));
            // Anywhere from before the request arrives to a little after an uninterrupted commit would have answered.
            var killAfter = TimeSpan.FromMilliseconds(random.Next(0, (int)(commitTakes.TotalMilliseconds * 1.2)));
            await Task.WhenAny(commit, Task.Delay(killAfter));
            var answeredBeforeTheKill = commit.IsCompletedSuccessfully && commit.Result.StatusCode == HttpStatusCode.Redirect;
            app.Kill();
            var (donors, gifts, imports) = ImportedInRound(round);
            TestContext.Out.WriteLine($"seed {seed}, round {round}: killed after {killAfter.TotalMilliseconds} ms of a {commitTakes.TotalMilliseconds:0} ms commit; "
                + $"answered: {answeredBeforeTheKill}; after the restart {donors} donors, {gifts} gifts, {imports} import rows");
            Assert.That(IntegrityCheck(), Is.EqualTo("ok"));
            Assert.That((donors, gifts, imports), Is.EqualTo((0L, 0L, 0L)).Or.EqualTo(((long)rows, (long)rows, 1L)), $"round {round}: all or nothing");
            if (answeredBeforeTheKill)
                Assert.That(imports, Is.EqualTo(1), "an import the page confirmed survives the kill");
            AssertRollupsMatchTheGifts();

            // After the restart the staged upload is still offered: committing it completes an absent import, and a present one
            // is refused as the same file again instead of importing it twice.
            using var restarted = await DonorTrackProcess.StartAsync(_data);
            var again = await restarted.SignedInAsync(AdminEmail, Password);
            var page = await again.GetAsync(previewUrl);
            if (page.StatusCode == HttpStatusCode.OK && (await page.Content.ReadAsStringAsync()).Contains("handler=Commit", StringComparison.Ordinal))
                await DonorTrackProcess.PostFormAsync(again, previewUrl, "/Imports?handler=Commit", new() { ["Token"] = token });
            else
                Assert.That(imports, Is.EqualTo(1), "an upload is only gone once its import is in");
            Assert.That(ImportedInRound(round), Is.EqualTo(((long)rows, (long)rows, 1L)), $"round {round}: exactly once after committing again");
            Assert.That(IntegrityCheck(), Is.EqualTo("ok"));
            restarted.Kill();
        }
    }

    [Test]
    public async Task WebhookBurst_KilledAtARandomMoment_RecordsEveryAcknowledgedEventExactlyOnce_AndStripesRetriesCompleteTheRest()
    {
        const int events = 60;
        var random = Seeded(out var seed);
        await using var stripe = await FakeStripeServer.StartAsync();
        var settings = new Dictionary<string, string> { ["Stripe:ApiBase"] = stripe.ApiBase, ["Stripe:MaxNetworkRetries"] = "0" };
        var signer = new StripeWebhookSigner(StripeWebhookSigner.DefaultSecret);
        var app = await DonorTrackProcess.StartAsync(_data, settings);
        var admin = await app.SignedInAsync(AdminEmail, Password);
        var saved = await DonorTrackProcess.PostFormAsync(admin, "/Admin/Payments", "/Admin/Payments?handler=Save", new()
        {
            ["Input.PublishableKey"] = "pk_test_fake_donortrack", ["Input.SecretKey"] = FakeStripeServer.DefaultApiKey, ["Input.WebhookSecret"] = StripeWebhookSigner.DefaultSecret,
        });
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), app.Output);
        var slug = Query<string>("SELECT slug FROM organizations WHERE id = 1").Single();
        var webhooks = Enumerable.Range(1, events).Select(i =>
        {
            var charge = stripe.AddCharge(1_000 + i, feeCents: 59);
            return (Charge: charge, Webhook: signer.Sign("checkout.session.completed", StripeFixtures.CompletedCheckoutSession($"cs_burst_{i}", "payment", 1_000 + i,
                $"burst{i}@example.org", new PaymentMetadata { OrganizationId = 1, Kind = "donation" }.ToStripe(), paymentIntentId: charge.PaymentIntentId)));
        }).ToList();

        // The kill lands once a random number of deliveries have been answered: mid-burst, with others in flight.
        // Four deliveries at a time, as Stripe sends a busy account's events: the burst lasts long enough to be cut.
        var killAtAnswer = random.Next(1, events - 4);
        var answered = 0;
        var killed = new TaskCompletionSource();
        var sender = app.Client();
        using var inFlight = new SemaphoreSlim(4);
        var deliveries = webhooks.Select(async w =>
        {
            await inFlight.WaitAsync();
            try
            {
                var response = await Deliver(sender, slug, w.Webhook);
                if (Interlocked.Increment(ref answered) == killAtAnswer)
                {
                    app.Kill();
                    killed.TrySetResult();
                }
                return response;
            }
            finally
            {
                inFlight.Release();
            }
        }).ToList();
        await killed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await Task.WhenAll(deliveries.Select(d => d.ContinueWith(_ => { }, TaskScheduler.Default)));
        var acknowledged = webhooks.Where((_, i) => deliveries[i].IsCompletedSuccessfully && deliveries[i].Result.StatusCode == HttpStatusCode.OK).ToList();
        var recorded = Query<long>("SELECT count(*) FROM stripe_events WHERE organization_id = 1").Single();
        TestContext.Out.WriteLine($"seed {seed}: killed at answer {killAtAnswer}; {acknowledged.Count} of {events} acknowledged, {recorded} recorded");

        Assert.That(IntegrityCheck(), Is.EqualTo("ok"));
        foreach (var (charge, webhook) in acknowledged)
        {
            Assert.That(Query<long>("SELECT count(*) FROM stripe_events WHERE event_id = @id", new { id = webhook.EventId }).Single(), Is.EqualTo(1), webhook.EventId);
            Assert.That(GiftsFor(charge.PaymentIntentId), Is.EqualTo(1), charge.PaymentIntentId);
        }

        // Stripe retries every delivery it did not see acknowledged (and may repeat the ones it did).
        using var restarted = await DonorTrackProcess.StartAsync(_data, settings);
        var retries = await Task.WhenAll(webhooks.Select(w => Deliver(restarted.Client(), slug, w.Webhook)));

        Assert.That(retries.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK), restarted.Output);
        Assert.That(Query<long>("SELECT count(*) FROM stripe_events WHERE organization_id = 1").Single(), Is.EqualTo(events));
        Assert.That(webhooks.Select(w => GiftsFor(w.Charge.PaymentIntentId)), Is.All.EqualTo(1));
        Assert.That(IntegrityCheck(), Is.EqualTo("ok"));
        AssertRollupsMatchTheGifts();
    }

    [Test]
    public async Task YearEndBatch_KilledWhileIssuing_LeavesNumbersWithoutGapsOrDuplicates_AndRunningItAgainFromThePageCompletesIt()
    {
        const int donors = 600;
        var random = Seeded(out var seed);
        var app = await DonorTrackProcess.StartAsync(_data);
        var client = await app.SignedInAsync(AdminEmail, Password);
        await ImportAsync(client, ImportFile(1, donors, year: 2025), "donors-2025.csv");

        var started = await DonorTrackProcess.PostFormAsync(client, "/Receipts/Batch", "/Receipts/Batch", new() { ["Year"] = "2025" });
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), app.Output);
        // Once the first chunk of statements is committed, a random moment later: between chunks, inside one, or while rendering.
        await WaitUntilAsync(() => Query<long>("SELECT count(*) FROM receipts").Single() > 0, app);
        var killAfter = TimeSpan.FromMilliseconds(random.Next(0, 400));
        await Task.Delay(killAfter);
        app.Kill();
        var issuedBeforeTheKill = Query<long>("SELECT count(*) FROM receipts").Single();
        TestContext.Out.WriteLine($"seed {seed}: killed {killAfter.TotalMilliseconds} ms after the first chunk; {issuedBeforeTheKill} of {donors} statements issued");

        Assert.That(IntegrityCheck(), Is.EqualTo("ok"));
        AssertReceiptNumbersAreGaplessAndUnique();

        using var restarted = await DonorTrackProcess.StartAsync(_data);
        var again = await restarted.SignedInAsync(AdminEmail, Password);
        var rerun = await DonorTrackProcess.PostFormAsync(again, "/Receipts/Batch", "/Receipts/Batch", new() { ["Year"] = "2025" });
        var jobPage = rerun.Headers.Location!.ToString();
        await WaitUntilAsync(() => again.GetStringAsync(jobPage).Result.Contains("id=\"batch-download\"", StringComparison.Ordinal), restarted);

        Assert.That(Query<long>("SELECT count(*) FROM receipts WHERE kind = 'annual' AND voided_at IS NULL").Single(), Is.EqualTo(donors), "one standing statement per donor");
        Assert.That(Query<long>("SELECT count(DISTINCT donor_id) FROM receipts WHERE kind = 'annual'").Single(), Is.EqualTo(donors));
        AssertReceiptNumbersAreGaplessAndUnique();
        var zip = await again.GetAsync(jobPage.Replace("?job=", "?handler=Download&job=", StringComparison.Ordinal));
        using var archive = new System.IO.Compression.ZipArchive(await zip.Content.ReadAsStreamAsync());
        Assert.That(archive.Entries.Count(e => e.FullName.EndsWith(".pdf", StringComparison.Ordinal)), Is.EqualTo(donors), "the rerun's ZIP holds every donor's statement");
        Assert.That(IntegrityCheck(), Is.EqualTo("ok"));
    }

    [Test]
    public async Task DonorMerge_KilledAtARandomMoment_IsAfterTheRestartWhollyDoneOrNotAtAll_AndCanBeRunAgain()
    {
        const int gifts = 3000;
        var random = Seeded(out var seed);
        var (exitCode, keyOutput) = await DonorTrackProcess.RunCommandAsync(_data, "apikey", "create", "--org", "1", "--role", "treasurer");
        Assert.That(exitCode, Is.Zero, keyOutput);
        var key = keyOutput.Trim().Split(' ')[^1];
        var app = await DonorTrackProcess.StartAsync(_data);
        var client = await app.SignedInAsync(AdminEmail, Password);
        // Every row names the same constituent: one donor with many gifts, and a survivor with one.
        var rows = new StringBuilder("Constituent ID,First Name,Last Name,Email,Amount,Date,Method\r\n");
        rows.Append("S-1,Mai,Vang,mai@example.org,25.00,2025-01-05,check\r\n");
        for (var i = 1; i <= gifts; i++)
            rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"D-1,Mai,Vang,mai.vang@example.org,{10 + i % 90}.00,2025-{1 + i % 12:00}-{1 + i % 28:00},check\r\n");
        await ImportAsync(client, rows.ToString(), "two-records.csv");
        var survivor = Query<long>("SELECT id FROM donors WHERE email = 'mai@example.org'").Single();
        var duplicate = Query<long>("SELECT id FROM donors WHERE email = 'mai.vang@example.org'").Single();

        var api = app.Client();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var merge = api.PostAsync($"/api/v1/donors/{survivor}/merge", JsonBody(new { duplicateId = duplicate }));
        // An uninterrupted merge of this donor answers in about half a second here; most kills land inside it.
        var killAfter = TimeSpan.FromMilliseconds(random.Next(0, 700));
        await Task.WhenAny(merge, Task.Delay(killAfter));
        var answered = merge.IsCompletedSuccessfully && merge.Result.StatusCode == HttpStatusCode.OK;
        app.Kill();

        var onSurvivor = Query<long>("SELECT count(*) FROM gifts WHERE donor_id = @survivor", new { survivor }).Single();
        var mergedInto = Query<long?>("SELECT merged_into_id FROM donors WHERE id = @duplicate", new { duplicate }).Single();
        TestContext.Out.WriteLine($"seed {seed}: killed after {killAfter.TotalMilliseconds} ms; answered: {answered}; {onSurvivor} gifts on the survivor, merged: {mergedInto is not null}");
        Assert.That(IntegrityCheck(), Is.EqualTo("ok"));
        Assert.That((onSurvivor, mergedInto), Is.EqualTo((1L, (long?)null)).Or.EqualTo((gifts + 1L, (long?)survivor)), "all or nothing");
        if (answered)
            Assert.That(mergedInto, Is.EqualTo(survivor), "a merge the API confirmed survives the kill");
        AssertRollupsMatchTheGifts();

        using var restarted = await DonorTrackProcess.StartAsync(_data);
        var retry = restarted.Client();
        retry.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (mergedInto is null)
        {
            var again = await retry.PostAsync($"/api/v1/donors/{survivor}/merge", JsonBody(new { duplicateId = duplicate }));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), await again.Content.ReadAsStringAsync());
        }
        Assert.That(Query<long>("SELECT count(*) FROM gifts WHERE donor_id = @survivor", new { survivor }).Single(), Is.EqualTo(gifts + 1));
        Assert.That(Query<long?>("SELECT merged_into_id FROM donors WHERE id = @duplicate", new { duplicate }).Single(), Is.EqualTo(survivor));
        AssertRollupsMatchTheGifts();
        Assert.That(IntegrityCheck(), Is.EqualTo("ok"));
    }

    /// <summary>Receipt numbers per organization and year run 1, 2, 3… with none twice, and the next number continues the run.</summary>
    private void AssertReceiptNumbersAreGaplessAndUnique()
    {
        var numbers = Query<(long Year, long Number)>("SELECT sequence_year, sequence_number FROM receipts ORDER BY 1, 2");
        foreach (var year in numbers.GroupBy(n => n.Year))
        {
            Assert.That(year.Select(n => n.Number), Is.EqualTo(Enumerable.Range(1, year.Count()).Select(n => (long)n)), $"numbers of {year.Key}");
            var next = Query<long>("SELECT next_number FROM receipt_sequences WHERE year = @year", new { year = year.Key }).Single();
            Assert.That(next, Is.EqualTo(year.Count() + 1), $"the next number of {year.Key}");
        }
    }

    private async Task ImportAsync(HttpClient client, string csv, string fileName)
    {
        var previewUrl = await UploadAsync(client, csv, fileName);
        var committed = await DonorTrackProcess.PostFormAsync(client, previewUrl, "/Imports?handler=Commit", new() { ["Token"] = StagedToken().Match(previewUrl).Groups[1].Value });
        Assert.That(committed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(Query<long>("SELECT count(*) FROM imports WHERE file_name = @fileName", new { fileName }).Single(), Is.EqualTo(1), $"{fileName} imported");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, DonorTrackProcess app)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting.\n{app.Output}");
            await Task.Delay(10);
        }
    }

    private static StringContent JsonBody(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>Commits one import of the same size to the end, so the kills can be spread over how long a commit takes here.</summary>
    private async Task<TimeSpan> TimeOneCommitAsync(int rows)
    {
        using var app = await DonorTrackProcess.StartAsync(_data);
        var client = await app.SignedInAsync(AdminEmail, Password);
        var previewUrl = await UploadAsync(client, ImportFile(0, rows), "round-0.csv");
        var form = new Dictionary<string, string>
        {
            ["Token"] = StagedToken().Match(previewUrl).Groups[1].Value,
            ["__RequestVerificationToken"] = await DonorTrackProcess.AntiforgeryTokenAsync(client, previewUrl),
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var commit = await client.PostAsync("/Imports?handler=Commit", new FormUrlEncodedContent(form));
        var took = clock.Elapsed;
        Assert.That(commit.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), app.Output);
        Assert.That(ImportedInRound(0), Is.EqualTo(((long)rows, (long)rows, 1L)));
        app.Kill();
        return took;
    }

    private static Random Seeded(out int seed)
    {
        seed = Environment.GetEnvironmentVariable("DONORTRACK_CRASH_SEED") is { } fixedSeed ? int.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        return new Random(seed);
    }

    private static string ImportFile(int round, int rows, int year = 2026)
    {
        var csv = new StringBuilder("Constituent ID,First Name,Last Name,Email,Amount,Date,Method\r\n");
        for (var i = 1; i <= rows; i++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"R{round}-{i},Mai,Vang{i},r{round}-{i}@example.org,{10 + i % 90}.00,{year}-03-{1 + i % 28:00},check\r\n");
        return csv.ToString();
    }

    private static async Task<string> UploadAsync(HttpClient client, string csv, string fileName)
    {
        var token = await DonorTrackProcess.AntiforgeryTokenAsync(client, "/Imports");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { file, "Upload", fileName } };
        var response = await client.PostAsync("/Imports?handler=Preview", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.ToString();
    }

    private (long Donors, long Gifts, long Imports) ImportedInRound(int round)
    {
        var pattern = $"r{round}-%";
        return (
            Query<long>("SELECT count(*) FROM donors WHERE email LIKE @pattern", new { pattern }).Single(),
            Query<long>("SELECT count(*) FROM gifts g JOIN donors d ON d.id = g.donor_id WHERE d.email LIKE @pattern", new { pattern }).Single(),
            Query<long>("SELECT count(*) FROM imports WHERE file_name = @name", new { name = $"round-{round}.csv" }).Single());
    }

    private long GiftsFor(string paymentIntentId) =>
        Query<long>("SELECT count(*) FROM gifts WHERE external_id = @paymentIntentId", new { paymentIntentId }).Single();

    /// <summary>The report rollups, maintained inside each write, still equal the counted gifts they summarise.</summary>
    private void AssertRollupsMatchTheGifts()
    {
        var fromGifts = Query<long>("SELECT coalesce(sum(amount_cents - refunded_cents), 0) FROM gifts WHERE status IN ('completed', 'partially_refunded')").Single();
        var fromRollups = Query<long>("SELECT coalesce(sum(net_cents), 0) FROM report_rollups").Single();
        Assert.That(fromRollups, Is.EqualTo(fromGifts), "report rollups against the gifts");
    }

    private string IntegrityCheck() => Query<string>("PRAGMA integrity_check").Single();

    private List<T> Query<T>(string sql, object? args = null)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "donortrack.db")};Pooling=False");
        connection.Open();
        return connection.Query<T>(sql, args).AsList();
    }

    private static Task<HttpResponseMessage> Deliver(HttpClient client, string slug, SignedWebhook webhook)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/stripe/webhook/{slug}") { Content = new StringContent(webhook.Payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", webhook.SignatureHeader);
        return client.SendAsync(request);
    }

    [GeneratedRegex("token=([0-9a-f]{32})")]
    private static partial Regex StagedToken();
}
