using DonorTrack.Tests.Support.Stripe;
using DonorTrack.Web.Payments;

namespace DonorTrack.Tests.Security;

public sealed class SecretsInLogsTests
{
    private const string SecretKey = "sk_test_51LogsSecretKeyNeverWritten";
    private const string WebhookSecret = "whsec_LogsWebhookSecretNeverWritten";
    private const string WrongPassword = "wrong-staple-guess-9431";

    [Test]
    public async Task SignInApiKeyWebhookAndStripeKeys_AtTraceLevel_LeaveNoSecretInAnyLogLine()
    {
        await using var stripe = await FakeStripeServer.StartAsync(SecretKey);
        var capture = new CapturingLoggerProvider();
        using var app = new DonorTrackAppFactory
        {
            LogCapture = capture,
            StripeApiBase = stripe.ApiBase,
            // Every category at Trace: a secret written only by a debug line is still a secret in the log file.
            Settings = { ["Logging:LogLevel:Default"] = "Trace", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace", ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace" },
        };
        var organization = app.SetUpFirstOrganization();
        var slug = app.Get<OrganizationService>().Find(organization)!.Slug;

        // A failed sign-in, then the real one, both through the form.
        var stranger = app.Browser();
        var refused = await DonorTrackAppFactory.PostFormAsync(stranger, "/Account/SignIn", "/Account/SignIn", new() { ["Email"] = DonorTrackAppFactory.AdminEmail, ["Password"] = WrongPassword });
        var admin = await app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        // Stripe keys saved and tested through the admin page; the secret key then travels to (fake) Stripe.
        var saved = await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Payments", "/Admin/Payments?handler=Save", new()
        {
            ["Input.PublishableKey"] = "pk_test_publishable", ["Input.SecretKey"] = SecretKey, ["Input.WebhookSecret"] = WebhookSecret,
        });
        var tested = await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Payments", "/Admin/Payments?handler=Test", []);

        // An API key used, and a wrong one refused.
        var apiKey = app.CreateApiKey(organization, Role.Admin);
        var listed = await app.Api(apiKey).GetAsync("/api/v1/donors?q=someone");
        var wrongKey = apiKey[..^4] + "zzzz";
        var refusedKey = await app.Api(wrongKey).GetAsync("/api/v1/donors");

        // A signed webhook that records a card gift (and sends the fee worker to Stripe with the secret key), and a forged one.
        var signer = new StripeWebhookSigner(WebhookSecret, app.Clock);
        var charge = stripe.AddCharge(2500, feeCents: 103);
        var webhook = signer.Sign("checkout.session.completed", StripeFixtures.CompletedCheckoutSession("cs_logs_1", "payment", 2500, "card.holder@example.org",
            new PaymentMetadata { OrganizationId = organization, Kind = "donation" }.ToStripe(), paymentIntentId: charge.PaymentIntentId));
        var delivered = await Deliver(app, slug, webhook);
        var forged = await Deliver(app, slug, signer.Sign("checkout.session.completed", StripeFixtures.CompletedCheckoutSession("cs_logs_2", "payment", 900, "forger@example.org",
            new PaymentMetadata { OrganizationId = organization, Kind = "donation" }.ToStripe()), WebhookForgery.WrongSecret));
        await app.Get<CardFeeWorker>().WhenCaughtUpAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That((refused.StatusCode, saved.StatusCode, tested.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.Redirect, HttpStatusCode.OK)));
        Assert.That((listed.StatusCode, refusedKey.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.Unauthorized)));
        Assert.That((delivered.StatusCode, forged.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.BadRequest)));
        Assert.That(stripe.Requests, Is.Not.Empty, "the secret key was used against Stripe");
        var lines = capture.Lines.ToList();
        Assert.That(lines, Has.Count.GreaterThan(50), "Trace logging reached the capture");
        var signature = webhook.SignatureHeader.Split("v1=")[1];
        foreach (var secret in new[] { DonorTrackAppFactory.Password, WrongPassword, apiKey, wrongKey, SecretKey, WebhookSecret, signature })
            Assert.That(lines.Where(line => line.Contains(secret, StringComparison.Ordinal)), Is.Empty, $"log lines holding {secret[..6]}…");
    }

    private static Task<HttpResponseMessage> Deliver(DonorTrackAppFactory app, string slug, SignedWebhook webhook)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/stripe/webhook/{slug}") { Content = new StringContent(webhook.Payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", webhook.SignatureHeader);
        return app.CreateClient().SendAsync(request);
    }
}
