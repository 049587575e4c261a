using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DonorTrack.Tests.Web;

public sealed class PageAuthorizationTests
{
    private static readonly string[] AnonymousPages = ["/Account/SignIn", "/Account/Denied", "/Account/Invitation", "/Setup", "/Error"];

    private DonorTrackAppFactory _app = null!;
    private long _organization;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _organization = _app.SetUpFirstOrganization();
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    [Test]
    public async Task EveryPage_WhenAnonymous_RedirectsToSignIn_ExceptSignInSetupDeniedErrorAndThePublicDonationPages()
    {
        var routes = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.Replace("{id:long}", "1"))
            .Distinct()
            .ToList();
        Assert.That(routes, Has.Count.GreaterThan(15), "the page enumeration found too few pages to be meaningful");

        var client = _app.Browser();
        static bool IsPublic(string route) => route.StartsWith("/give/", StringComparison.Ordinal) || route.StartsWith("/my/", StringComparison.Ordinal);
        foreach (var route in routes.Where(r => !AnonymousPages.Contains(r, StringComparer.OrdinalIgnoreCase) && !IsPublic(r)))
        {
            var response = await client.GetAsync(route);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), route);
            Assert.That(response.Headers.Location!.ToString(), Does.Contain("/Account/SignIn"), route);
        }
        Assert.That((await client.GetAsync("/Account/SignIn")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var slug = _app.Get<DonorTrack.Core.Organizations.OrganizationService>().Find(_organization)!.Slug;
        // The logo answers 404 until the organization uploads one.
        foreach (var publicPage in routes.Where(r => r.StartsWith("/give/", StringComparison.Ordinal) && !r.EndsWith("/logo", StringComparison.Ordinal)).Select(r => r.Replace("{orgSlug}", slug)))
            Assert.That((await client.GetAsync(publicPage)).StatusCode, Is.EqualTo(HttpStatusCode.OK), publicPage);

        // The donor pages send a visitor without a donor session to the donor sign-in, never to the staff one; the ways to sign in stay open.
        string[] donorSignInSteps = ["/signin", "/code", "/link", "/signout"];
        var donorPages = routes.Where(r => r.StartsWith("/my/", StringComparison.Ordinal)
            && !donorSignInSteps.Any(step => r.EndsWith(step, StringComparison.Ordinal))).ToList();
        Assert.That(donorPages, Is.Not.Empty);
        foreach (var donorPage in donorPages.Select(r => r.Replace("{organization}", slug)))
        {
            var response = await client.GetAsync(donorPage);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), donorPage);
            Assert.That(response.Headers.Location!.ToString(), Is.EqualTo($"/my/{slug}/signin"), donorPage);
        }
        Assert.That((await client.GetAsync($"/my/{slug}/signin")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await client.GetAsync($"/my/{slug}/code")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task EveryApiRoute_WithoutAKey_Answers401()
    {
        var routes = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .Select(e => (Method: e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods[0], Path: e.RoutePattern.RawText!.Replace("{id:long}", "1")))
            .ToList();
        Assert.That(routes, Has.Count.GreaterThanOrEqualTo(8));

        var client = _app.CreateClient();
        foreach (var (method, path) in routes)
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"{method} {path}");
        }
    }

    [Test]
    public async Task Viewer_CannotOpenTheNewDonorForm_OrPostIt()
    {
        var viewer = await _app.SignedInAs(_app.AddUser(_organization, Role.Viewer));

        var form = await viewer.GetAsync("/Donors/Create");
        var post = await viewer.PostAsync("/Donors/Create", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.FirstName"] = "X" }));

        Assert.That(form.Headers.Location!.ToString(), Does.Contain("/Account/Denied"));
        Assert.That(post.StatusCode, Is.Not.EqualTo(HttpStatusCode.OK));
        Assert.That(_app.Get<DonorService>().Search(Actor.System(_organization), new DonorQuery(null, null, new())).Total, Is.Zero);
    }

    [Test]
    public async Task EntryVolunteer_CanRecordAGift_ButCannotVoidIt()
    {
        var admin = Actor.System(_organization);
        var donor = _app.Get<DonorService>().Create(admin, new DonorInput { FirstName = "Hodan", LastName = "Warsame" });
        var entry = await _app.SignedInAs(_app.AddUser(_organization, Role.Entry));

        var recorded = await DonorTrackAppFactory.PostFormAsync(entry, $"/Gifts/Create?donorId={donor}", "/Gifts/Create", new()
        {
            ["Input.DonorId"] = donor.ToString(), ["Input.Amount"] = "40.00", ["Input.ReceivedOn"] = "2026-06-01",
            ["Input.Method"] = "cash", ["Input.Category"] = "individual",
        });
        Assert.That(recorded.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var giftId = long.Parse(recorded.Headers.Location!.ToString().Split('/').Last());

        var page = await entry.GetStringAsync($"/Gifts/Details/{giftId}");
        Assert.That(page, Does.Not.Contain("void-form"), "the void form is not offered to an entry volunteer");
        var voided = await DonorTrackAppFactory.PostFormAsync(entry, $"/Gifts/Details/{giftId}", $"/Gifts/Details/{giftId}?handler=Void", new() { ["VoidReason"] = "oops" });

        Assert.That(voided.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(voided.Headers.Location!.ToString(), Does.Contain("/Account/Denied"));
        Assert.That(_app.Get<GiftService>().Find(admin, giftId)!.Status.Word(), Is.EqualTo("completed"));
    }

    [Test]
    public async Task Treasurer_VoidsAGift_ItStaysListedStruckThroughAndLeavesTheTotal()
    {
        var admin = Actor.System(_organization);
        var donor = _app.Get<DonorService>().Create(admin, new DonorInput { FirstName = "Tou", LastName = "Vang" });
        var kept = _app.Get<GiftService>().Record(admin, new GiftInput { DonorId = donor, AmountCents = 5000, ReceivedOn = new DateOnly(2026, 6, 1), Method = GiftMethod.Check, Category = GiftCategory.Individual });
        var mistaken = _app.Get<GiftService>().Record(admin, new GiftInput { DonorId = donor, AmountCents = 70000, ReceivedOn = new DateOnly(2026, 6, 2), Method = GiftMethod.Check, Category = GiftCategory.Individual });
        var treasurer = await _app.SignedInAs(_app.AddUser(_organization, Role.Treasurer));

        var missingReason = await DonorTrackAppFactory.PostFormAsync(treasurer, $"/Gifts/Details/{mistaken}", $"/Gifts/Details/{mistaken}?handler=Void", new() { ["VoidReason"] = "" });
        Assert.That(await missingReason.Content.ReadAsStringAsync(), Does.Contain("Say why the gift is voided"));

        await DonorTrackAppFactory.PostFormAsync(treasurer, $"/Gifts/Details/{mistaken}", $"/Gifts/Details/{mistaken}?handler=Void", new() { ["VoidReason"] = "Entered $700 instead of $70", ["Confirmed"] = "true" });

        var list = await treasurer.GetStringAsync("/Gifts");
        Assert.That(list, Does.Contain($"<tr class=\"voided\" data-gift-id=\"{mistaken}\">"));
        Assert.That(list, Does.Contain($"<tr class=\"\" data-gift-id=\"{kept}\">"));
        Assert.That(list, Does.Contain("<div class=\"figure\" id=\"net-total\">$50.00</div>"));
        var donorPage = await treasurer.GetStringAsync($"/Donors/Details/{donor}");
        Assert.That(donorPage, Does.Contain("<div class=\"figure\" id=\"lifetime-total\">$50.00</div>"));
    }

    [Test]
    public async Task GiftForm_WithBadAmountAndUnknownFund_ShowsMessagesNextToFieldsAndWritesNothing()
    {
        var admin = Actor.System(_organization);
        var donor = _app.Get<DonorService>().Create(admin, new DonorInput { FirstName = "Ana", LastName = "Quispe" });
        var client = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var badAmount = await DonorTrackAppFactory.PostFormAsync(client, $"/Gifts/Create?donorId={donor}", "/Gifts/Create", new()
        {
            ["Input.DonorId"] = donor.ToString(), ["Input.Amount"] = "12.345", ["Input.ReceivedOn"] = "2026-06-01", ["Input.Method"] = "cash", ["Input.Category"] = "individual",
        });
        var unknownFund = await DonorTrackAppFactory.PostFormAsync(client, $"/Gifts/Create?donorId={donor}", "/Gifts/Create", new()
        {
            ["Input.DonorId"] = donor.ToString(), ["Input.Amount"] = "12.00", ["Input.ReceivedOn"] = "2026-06-01", ["Input.Method"] = "cash", ["Input.Category"] = "individual", ["Input.FundId"] = "999",
        });
        var tooBig = await DonorTrackAppFactory.PostFormAsync(client, $"/Gifts/Create?donorId={donor}", "/Gifts/Create", new()
        {
            ["Input.DonorId"] = donor.ToString(), ["Input.Amount"] = "10000000.01", ["Input.ReceivedOn"] = "2026-06-01", ["Input.Method"] = "cash", ["Input.Category"] = "individual",
        });

        Assert.That(await badAmount.Content.ReadAsStringAsync(), Does.Contain("<span class=\"field-error field-validation-error\" data-valmsg-for=\"Input.Amount\"").And.Contain("Enter an amount in dollars and cents, like 25 or 25.50."));
        Assert.That(await unknownFund.Content.ReadAsStringAsync(), Does.Contain("There is no such active fund."));
        Assert.That(await tooBig.Content.ReadAsStringAsync(), Does.Contain("The amount cannot be more than $10,000,000.00."));
        Assert.That(_app.Get<GiftService>().List(admin, new GiftQuery()).Gifts.Total, Is.Zero);
    }
}
