using DonorTrack.Tests.Support.Stripe;
using DonorTrack.Web.Payments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DonorTrack.Tests.Hosting;

public sealed class PublicAddressTests
{
    private FakeStripeServer _stripe = null!;

    [SetUp]
    public async Task SetUp() => _stripe = await FakeStripeServer.StartAsync();

    [TearDown]
    public async Task TearDown() => await _stripe.DisposeAsync();

    private DonorTrackAppFactory App(Dictionary<string, string> settings, out string slug)
    {
        var app = new DonorTrackAppFactory { StripeApiBase = _stripe.ApiBase, Settings = settings };
        var organization = app.SetUpFirstOrganization();
        app.Get<PaymentKeyStore>().Save(Actor.System(organization), new PaymentKeysInput("pk_test_fake_donortrack", FakeStripeServer.DefaultApiKey, StripeWebhookSigner.DefaultSecret));
        slug = app.Get<OrganizationService>().Find(organization)!.Slug;
        return app;
    }

    private static HttpClient ClientFor(DonorTrackAppFactory app, string baseAddress) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false });

    [Test]
    public async Task RequestWithAForgedHost_IsRefused_AndReachesNoStripe()
    {
        using var app = App(new() { ["DonorTrack:PublicBaseUrl"] = "https://give.example.org" }, out var slug);

        var response = await ClientFor(app, "http://evil.example.net").GetAsync($"/give/{slug}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ClientFor(app, "https://give.example.org").GetAsync($"/give/{slug}"), Has.Property("StatusCode").EqualTo(HttpStatusCode.OK));
        Assert.That(_stripe.Requests.Any(r => r.Path == "/v1/checkout/sessions"), Is.False);
    }

    [Test]
    public async Task ForgedHost_EvenWithHostFilteringOpened_DoesNotReachTheCheckoutSuccessUrl()
    {
        using var app = App(new() { ["DonorTrack:PublicBaseUrl"] = "https://give.example.org", ["AllowedHosts"] = "*" }, out var slug);
        var client = ClientFor(app, "http://evil.example.net");

        var response = await DonorTrackAppFactory.PostFormAsync(client, $"/give/{slug}", $"/give/{slug}", new()
        {
            ["Amount"] = "50", ["Input.Frequency"] = "once", ["Input.FirstName"] = "Fartun", ["Input.LastName"] = "Abdi", ["Input.Email"] = "fartun@example.org",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var session = _stripe.Requests.Single(r => r.Path == "/v1/checkout/sessions");
        Assert.That(session["success_url"], Does.StartWith($"https://give.example.org/give/{slug}/thanks"));
        Assert.That(session["cancel_url"], Does.StartWith($"https://give.example.org/give/{slug}"));
        Assert.That(string.Join(" ", session.Parameters.Values), Does.Not.Contain("evil.example.net"));
    }

    [Test]
    public async Task PaymentsPage_ShowsTheWebhookAddressFromTheBaseUrl()
    {
        using var app = App(new() { ["DonorTrack:PublicBaseUrl"] = "https://give.example.org/donortrack/" }, out var slug);
        var admin = await app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        Assert.That(await admin.GetStringAsync("/Admin/Payments"), Does.Contain($"https://give.example.org/donortrack/stripe/webhook/{slug}"));
    }
}

public sealed class ForwardedHeaderTests
{
    private const string Proxy = "192.0.2.10";

    private sealed class RemoteAddress(string address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate following) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                return following(context);
            });
            next(app);
        };
    }

    private static async Task<string> AntiforgeryCookieOfSignInPage(string remoteAddress, string? forwardedProto)
    {
        using var app = new DonorTrackAppFactory { Settings = new() { ["DonorTrack:KnownProxies"] = Proxy } };
        using var behindProxy = app.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new RemoteAddress(remoteAddress))));
        behindProxy.Services.GetRequiredService<AccountService>().SetUp(new SetupInput("Frogtown Tenants Union", DonorTrackAppFactory.AdminEmail, "Ada Admin", DonorTrackAppFactory.Password));
        var request = new HttpRequestMessage(HttpMethod.Get, "/Account/SignIn");
        if (forwardedProto is not null)
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        var response = await behindProxy.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
    }

    [Test]
    public async Task ForwardedProto_FromAnUnknownAddress_IsIgnored()
    {
        var cookie = await AntiforgeryCookieOfSignInPage("203.0.113.9", "https");

        Assert.That(cookie, Does.Not.Contain("secure"));
    }

    [Test]
    public async Task ForwardedProto_FromAConfiguredProxy_MakesTheRequestHttps()
    {
        var cookie = await AntiforgeryCookieOfSignInPage(Proxy, "https");

        Assert.That(cookie, Does.Contain("secure"));
    }

    [Test]
    public async Task SignInOverHttps_SetsASecureAuthCookie_AndOverHttpNot()
    {
        using var app = new DonorTrackAppFactory();
        app.SetUpFirstOrganization();

        async Task<string> AuthCookieOver(string baseAddress)
        {
            var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false });
            var response = await DonorTrackAppFactory.PostFormAsync(client, "/Account/SignIn", "/Account/SignIn",
                new() { ["Email"] = DonorTrackAppFactory.AdminEmail, ["Password"] = DonorTrackAppFactory.Password });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("donortrack=", StringComparison.Ordinal));
        }

        Assert.That(await AuthCookieOver("https://localhost"), Does.Contain("secure"));
        Assert.That(await AuthCookieOver("http://localhost"), Does.Not.Contain("secure"));
    }
}
