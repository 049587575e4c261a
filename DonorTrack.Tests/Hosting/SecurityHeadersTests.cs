using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DonorTrack.Tests.Hosting;

public sealed partial class SecurityHeadersTests
{
    private DonorTrackAppFactory _app = null!;
    private long _organization;
    private string _slug = null!;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _organization = _app.SetUpFirstOrganization();
        _slug = _app.Get<OrganizationService>().Find(_organization)!.Slug;
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    private HttpClient Https(bool handleCookies = false) => _app.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = handleCookies,
    });

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content) : "";

    private static string FrameAncestors(HttpResponseMessage response) =>
        Header(response, "Content-Security-Policy").Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("frame-ancestors ", StringComparison.Ordinal));

    private static void AssertBaseHeaders(HttpResponseMessage response, string what)
    {
        var policy = Header(response, "Content-Security-Policy");
        var scriptSource = policy.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        Assert.That(scriptSource, Is.EqualTo("script-src 'self'"), what);
        Assert.That(policy, Does.Contain("default-src 'self'").And.Contain("object-src 'none'"), what);
        Assert.That(Header(response, "X-Content-Type-Options"), Is.EqualTo("nosniff"), what);
        Assert.That(Header(response, "Referrer-Policy"), Is.EqualTo("same-origin"), what);
    }

    [Test]
    public async Task APage_AnApiRoute_AndAStaticFile_CarryThePolicyAndForbidFraming()
    {
        var page = await _app.Browser().GetAsync("/Account/SignIn");
        var api = await _app.Api(_app.CreateApiKey(_organization, Role.Viewer)).GetAsync("/api/v1/donors");
        var script = await _app.Browser().GetAsync("/js/site.js");

        foreach (var (response, what) in new[] { (page, "page"), (api, "api"), (script, "static file") })
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), what);
            AssertBaseHeaders(response, what);
            Assert.That(FrameAncestors(response), Is.EqualTo("frame-ancestors 'none'"), what);
            Assert.That(Header(response, "X-Frame-Options"), Is.EqualTo("DENY"), what);
        }
    }

    [Test]
    public async Task DonationPage_IsFramedOnlyByTheOriginsItsOrganizationLists()
    {
        var before = await _app.Browser().GetAsync($"/give/{_slug}");
        var admin = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var saved = await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Organization", "/Admin/Organization?handler=Embedding",
            new() { ["Embedding.Origins"] = "https://www.Example.org/\r\nhttps://shop.example.org:8443" });
        var after = await _app.Browser().GetAsync($"/give/{_slug}");
        var thanks = await _app.Browser().GetAsync($"/give/{_slug}/thanks");
        var elsewhere = await _app.Browser().GetAsync("/Account/SignIn");
        var otherOrganization = _app.Get<OrganizationService>().Find(_app.CreateOrganization("Second Avenue Block Club"))!.Slug;
        var otherDonationPage = await _app.Browser().GetAsync($"/give/{otherOrganization}");

        Assert.That(FrameAncestors(before), Is.EqualTo("frame-ancestors 'none'"));
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        AssertBaseHeaders(after, "donation page");
        Assert.That(FrameAncestors(after), Is.EqualTo("frame-ancestors https://www.example.org https://shop.example.org:8443"));
        Assert.That(Header(after, "X-Frame-Options"), Is.Empty, "X-Frame-Options cannot name origins; the policy decides");
        Assert.That(FrameAncestors(thanks), Is.EqualTo("frame-ancestors https://www.example.org https://shop.example.org:8443"));
        Assert.That(FrameAncestors(elsewhere), Is.EqualTo("frame-ancestors 'none'"));
        Assert.That(FrameAncestors(otherDonationPage), Is.EqualTo("frame-ancestors 'none'"));
        Assert.That(await admin.GetStringAsync("/Admin/Organization"), Does.Contain("https://www.example.org").And.Contain("https://shop.example.org:8443"));
    }

    [Test]
    public async Task DonationForm_PostedFromAFramedPageWithoutTheAntiforgeryCookie_IsNotRefused_AndOpensCheckoutInTheWholeWindow()
    {
        var framed = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var gift = await framed.PostAsync($"/give/{_slug}", new FormUrlEncodedContent(new Dictionary<string, string> { ["Amount"] = "50" }));
        var signIn = await framed.PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "x@example.org" }));

        Assert.That(gift.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "answered by the page (no card giving set up here), not refused as a forgery");
        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "signed-in forms still need the antiforgery token");
        _app.Get<DonorTrack.Web.Payments.PaymentKeyStore>().Save(Actor.System(_organization), new DonorTrack.Web.Payments.PaymentKeysInput(
            "pk_test_fake_donortrack", DonorTrack.Tests.Support.Stripe.FakeStripeServer.DefaultApiKey, DonorTrack.Tests.Support.Stripe.StripeWebhookSigner.DefaultSecret));
        Assert.That(await _app.Browser().GetStringAsync($"/give/{_slug}"), Does.Contain("id=\"donation-form\" target=\"_top\""),
            "Stripe Checkout refuses to be framed, so the form leaves the frame");
    }

    [Test]
    public async Task EmbeddingOrigins_ThatAreNotHttpsOrigins_AreRefusedAtTheField_AndNothingIsSaved()
    {
        var admin = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var refused = await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Organization", "/Admin/Organization?handler=Embedding",
            new() { ["Embedding.Origins"] = "https://fine.example.org\nhttp://plain.example.org\nhttps://example.org/donate" });

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await refused.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("data-valmsg-for=\"Embedding.Origins\"").And.Contain("&#x27;http://plain.example.org&#x27;, &#x27;https://example.org/donate&#x27; are not https origins"));
        Assert.That(_app.Get<EmbedOriginService>().For(_organization), Is.Empty);
        Assert.That(FrameAncestors(await _app.Browser().GetAsync($"/give/{_slug}")), Is.EqualTo("frame-ancestors 'none'"));
    }

    [Test]
    public async Task Hsts_IsSentOverHttps_AndNotOverHttp()
    {
        var overHttps = await Https().GetAsync("/Account/SignIn");
        var overHttp = await _app.Browser().GetAsync("/Account/SignIn");

        Assert.That(Header(overHttps, "Strict-Transport-Security"), Does.StartWith("max-age="));
        Assert.That(Header(overHttp, "Strict-Transport-Security"), Is.Empty);
    }

    [Test]
    public async Task OverHttps_TheAntiforgeryAndSignInCookies_AreSecureHttpOnlyAndSameSite()
    {
        var client = Https();
        var form = await client.GetAsync("/Account/SignIn");
        var antiforgery = Header(form, "Set-Cookie");
        var token = Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var request = new HttpRequestMessage(HttpMethod.Post, "/Account/SignIn")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = DonorTrackAppFactory.AdminEmail, ["Password"] = DonorTrackAppFactory.Password, ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        var signedIn = await client.SendAsync(request);
        var session = form.Headers.GetValues("Set-Cookie").Concat(signedIn.Headers.GetValues("Set-Cookie")).Single(c => c.StartsWith("donortrack=", StringComparison.Ordinal));
        var overHttp = Header(await _app.Browser().GetAsync("/Account/SignIn"), "Set-Cookie");

        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(antiforgery.ToLowerInvariant(), Does.Contain("secure").And.Contain("httponly").And.Contain("samesite=strict"));
        Assert.That(session.ToLowerInvariant(), Does.Contain("secure").And.Contain("httponly").And.Contain("samesite=lax"));
        Assert.That(overHttp.ToLowerInvariant(), Does.Contain("httponly").And.Not.Contain("secure"));
    }

    [Test]
    public async Task NoRenderedPage_HasInlineScriptOrInlineEventHandlers()
    {
        Assert.That(InlineScript("<p>x</p><script>alert(1)</script>"), Is.Not.Empty, "the scan finds an inline script");
        Assert.That(InlineScript("<select onchange=\"this.form.submit()\">"), Is.Not.Empty, "the scan finds an inline handler");
        Assert.That(InlineScript("<script src=\"/js/site.js\" defer></script><p>ongoing=\"yes\"</p>"), Is.Empty);
        _app.CreateOrganization("Second Avenue Block Club");
        _app.AddUser(2, Role.Admin, DonorTrackAppFactory.AdminEmail);
        var admin = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var routes = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.Replace("{id:long}", "1").Replace("{orgSlug}", _slug))
            .Distinct()
            .Where(route => route is not "/Account/SignOut")
            .ToList();

        var scanned = new List<string>();
        foreach (var route in routes)
        {
            var response = await admin.GetAsync(route);
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
                continue;
            var html = await response.Content.ReadAsStringAsync();
            Assert.That(InlineScript(html), Is.Empty, route);
            scanned.Add(route);
        }
        var signIn = await _app.Browser().GetStringAsync("/Account/SignIn");
        Assert.That(InlineScript(signIn), Is.Empty, "/Account/SignIn");

        Assert.That(scanned, Has.Count.GreaterThan(30), "enough pages rendered to make the scan meaningful");
        Assert.That(scanned, Does.Contain("/").And.Contain("/Admin/Users").And.Contain($"/give/{_slug}"));
        Assert.That(await admin.GetStringAsync("/"), Does.Contain("data-submit-on-change").And.Contain("/js/site.js"), "the organization switcher now works through site.js");
    }

    private static List<string> InlineScript(string html) =>
        [.. ScriptWithoutSource().Matches(html).Select(m => m.Value), .. EventHandlerAttribute().Matches(html).Select(m => m.Value)];

    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptWithoutSource();

    [GeneratedRegex(@"<[a-z][^>]*\son[a-z]+\s*=[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();
}
