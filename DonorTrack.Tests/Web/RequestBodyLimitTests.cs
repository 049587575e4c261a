using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using DonorTrack.Web.Hosting;
using DonorTrack.Web.Pages.Imports;
using Microsoft.Data.Sqlite;

namespace DonorTrack.Tests.Web;

/// <summary>
/// Request body limits through the real pipeline. TestServer does not enforce Kestrel's MaxRequestBodySize, so these prove the
/// app's own limit: a declared length over it is refused before reading, and a chunked body is cut off while it streams.
/// </summary>
public sealed partial class RequestBodyLimitTests
{
    /// <summary>How long a test waits for an answer while its chunked body has stopped sending; reading to the end would never answer.</summary>
    private static readonly TimeSpan Stalled = TimeSpan.FromSeconds(30);

    private DonorTrackAppFactory _app = null!;
    private long _organization;
    private string _slug = "";

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _organization = _app.SetUpFirstOrganization();
        _slug = _app.Get<OrganizationService>().Find(_organization)!.Slug;
        _app.Get<DonorTrack.Web.Payments.PaymentKeyStore>().Save(Actor.System(_organization),
            new DonorTrack.Web.Payments.PaymentKeysInput("pk_test_fake_donortrack", "sk_test_fake_donortrack", "whsec_fake_donortrack_signing_secret"));
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    [Test]
    public async Task StripeWebhook_DeclaredBodyOverItsLimit_Answers413ProblemAndRecordsNothing()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/stripe/webhook/{_slug}")
        {
            Content = new StringContent(new string('x', (int)RequestBodyLimit.StripeWebhookBytes + 1), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", "t=1,v1=00");

        var response = await _app.CreateClient().SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("256 KB"));
        Assert.That(StoredEvents(), Is.Zero);
    }

    [Test]
    public async Task StripeWebhook_ChunkedBodyOverItsLimit_IsCutOffWhileStreaming_With413Problem()
    {
        using var body = new EndlessBody(RequestBodyLimit.StripeWebhookBytes, (byte)'x');
        var request = new HttpRequestMessage(HttpMethod.Post, $"/stripe/webhook/{_slug}") { Content = body.Content("application/json") };
        request.Headers.Add("Stripe-Signature", "t=1,v1=00");

        // Not CreateClient(): its redirect handler buffers the whole request body before sending it.
        var response = await _app.Browser().SendAsync(request).WaitAsync(Stalled);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(StoredEvents(), Is.Zero);
    }

    [Test]
    public async Task StripeWebhook_BodyJustUnderItsLimit_IsReadAndJudgedBySignature()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/stripe/webhook/{_slug}")
        {
            Content = new StringContent(new string(' ', (int)RequestBodyLimit.StripeWebhookBytes - 2) + "{}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", "t=1,v1=00");

        var response = await _app.CreateClient().SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Webhook signature rejected."));
    }

    [Test]
    public async Task ApiJson_DeclaredBodyOverTheGlobalLimit_Answers413Problem()
    {
        var api = _app.Api(_app.CreateApiKey(_organization, Role.Entry));
        var json = $$"""{"kind":"individual","lastName":"Big","notes":"{{new string('n', (int)RequestBodyLimit.DefaultBytes)}}"}""";

        var response = await api.PostAsync("/api/v1/donors", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task ApiJson_ChunkedBodyOverTheGlobalLimit_IsCutOffWhileStreaming_With413Problem()
    {
        var api = _app.Api(_app.CreateApiKey(_organization, Role.Entry));
        using var body = new EndlessBody(RequestBodyLimit.DefaultBytes, (byte)' ');

        var response = await api.PostAsync("/api/v1/donors", body.Content("application/json")).WaitAsync(Stalled);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task PageForm_DeclaredBodyOverTheGlobalLimit_ShowsTheTooLargePage()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var token = await TokenFrom(browser, "/Donors/Create");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.LastName"] = "Big", ["Input.Notes"] = new string('n', (int)RequestBodyLimit.DefaultBytes),
        });

        var response = await browser.PostAsync("/Donors/Create", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Too large").And.Contain("nothing was saved"));
    }

    [Test]
    public async Task PageForm_ChunkedBodyOverTheGlobalLimit_ShowsTheTooLargePage()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var token = await TokenFrom(browser, "/Donors/Create");
        using var body = new EndlessBody(RequestBodyLimit.DefaultBytes, (byte)'n',
            Encoding.ASCII.GetBytes($"__RequestVerificationToken={Uri.EscapeDataString(token)}&Input.LastName=Big&Input.Notes="));

        var response = await browser.PostAsync("/Donors/Create", body.Content("application/x-www-form-urlencoded")).WaitAsync(Stalled);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Too large"));
    }

    [Test]
    public async Task ImportsPage_CsvAboveTheGlobalLimitWithinItsOwn_IsAccepted()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await UploadCsv(browser, (int)RequestBodyLimit.DefaultBytes * 2);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.Location!.ToString(), Does.Contain("token="));
    }

    [Test]
    public async Task ImportsPage_CsvOverItsOwnLimit_ShowsTheTooLargePage()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await UploadCsv(browser, (int)ImportUploads.MaximumBytes + 2 * 1024 * 1024);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Too large"));
    }

    private async Task<HttpResponseMessage> UploadCsv(HttpClient browser, int bytes)
    {
        var token = await TokenFrom(browser, "/Imports");
        var csv = new StringBuilder("last_name,email\n");
        for (var row = 0; csv.Length < bytes; row++)
            csv.Append("Nguyen,donor").Append(row).Append("@example.org\n");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "Upload", "donors.csv" },
        };
        return await browser.PostAsync("/Imports?handler=Preview", form);
    }

    private static async Task<string> TokenFrom(HttpClient browser, string page) =>
        AntiforgeryToken().Match(await browser.GetStringAsync(page)).Groups[1].Value;

    private long StoredEvents()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_app.DataDirectory, "donortrack.db")}");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM stripe_events";
        return (long)count.ExecuteScalar()!;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary>
    /// A body of unknown length (sent chunked) that stops sending, as a slow client would, once it has offered
    /// <see cref="Slack"/> bytes past the limit: the server can only answer if it refuses without reading to the end.
    /// </summary>
    private sealed class EndlessBody(long limit, byte filler, byte[]? prefix = null) : Stream
    {
        /// <summary>What may be in flight between client and server beyond the limit (pipe buffers).</summary>
        public const long Slack = 1024 * 1024;

        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _offered;

        public HttpContent Content(string mediaType)
        {
            var content = new StreamContent(this, 16 * 1024);
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return content;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_offered >= limit + Slack)
            {
                await _released.Task.WaitAsync(cancellationToken);
                return 0;
            }
            var n = (int)Math.Min(buffer.Length, limit + Slack - _offered);
            for (var i = 0; i < n; i++)
                buffer.Span[i] = prefix is not null && _offered + i < prefix.Length ? prefix[_offered + i] : filler;
            _offered += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _offered; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _released.TrySetResult();
            base.Dispose(disposing);
        }
    }
}
