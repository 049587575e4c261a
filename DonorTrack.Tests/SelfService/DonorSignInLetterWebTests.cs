using System.Text.RegularExpressions;
using DonorTrack.Tests.Receipts;

namespace DonorTrack.Tests.SelfService;

/// <summary>
/// Issue 16, a donor without email, through HTTP: staff print the sign-in letter from the donor's page, the donor types its
/// code under "I have a code from a letter" and lands on their own page; a used or foreign code signs nobody in, and typing
/// codes is limited per client address.
/// </summary>
public sealed partial class DonorSignInLetterWebTests
{
    private readonly List<DonorTrackAppFactory> _apps = [];

    [TearDown]
    public void TearDown()
    {
        foreach (var app in _apps)
            app.Dispose();
        _apps.Clear();
    }

    private (DonorTrackAppFactory App, long Organization, string Slug) App(int perAddress = 30)
    {
        var app = new DonorTrackAppFactory
        {
            Settings = new() { ["DonorTrack:SignInLimits:PerAddress"] = perAddress.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        _apps.Add(app);
        var organization = app.SetUpFirstOrganization();
        return (app, organization, app.Get<OrganizationService>().Find(organization)!.Slug);
    }

    private static long DonorWithoutEmail(DonorTrackAppFactory app, long organization, string first, string last) =>
        app.Seed.Donor(Actor.System(organization), new DonorInput { FirstName = first, LastName = last, AddressLine1 = "12 Dale St", City = "Saint Paul", PostalCode = "55104" });

    private static async Task<(HttpResponseMessage Response, string Code)> PrintLetter(HttpClient staff, long donor)
    {
        var response = await DonorTrackAppFactory.PostFormAsync(staff, $"/Donors/SignInLetter/{donor}", $"/Donors/SignInLetter/{donor}", []);
        if (response.Content.Headers.ContentType?.MediaType != "application/pdf")
            return (response, "");
        var text = ReceiptTestSupport.Text(await response.Content.ReadAsByteArrayAsync());
        return (response, PrintedCode().Match(text).Value);
    }

    private static Task<HttpResponseMessage> TypeCode(HttpClient client, string slug, string code) =>
        DonorTrackAppFactory.PostFormAsync(client, $"/my/{slug}/code", $"/my/{slug}/code", new() { ["Input.Code"] = code });

    [GeneratedRegex("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")]
    private static partial Regex PrintedCode();

    [Test]
    public async Task StaffPrintTheLetter_TheDonorTypesItsCode_AndSeesTheirOwnPage_Once()
    {
        var (app, organization, slug) = App();
        var donor = DonorWithoutEmail(app, organization, "Pa", "Vang");
        DonorWithoutEmail(app, organization, "Mai", "Xiong");
        var staff = await app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var details = await staff.GetStringAsync($"/Donors/Details/{donor}");
        var (letter, code) = await PrintLetter(staff, donor);
        var letterText = ReceiptTestSupport.Text(await letter.Content.ReadAsByteArrayAsync());
        var donorBrowser = app.Browser();
        var signInPage = await donorBrowser.GetStringAsync($"/my/{slug}/signin");
        var signedIn = await TypeCode(donorBrowser, slug, code.ToLowerInvariant());
        var page = await donorBrowser.GetStringAsync($"/my/{slug}");
        var replay = await TypeCode(app.Browser(), slug, code);

        Assert.That(details, Does.Contain($"href=\"/Donors/SignInLetter/{donor}\""));
        Assert.That(letter.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(letterText, Does.Contain($"/my/{slug}").And.Contain("30daysfromthisletter"));
        Assert.That(signInPage, Does.Contain($"href=\"/my/{slug}/code\"").And.Contain("I have a code from a letter"));
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(signedIn.Headers.Location?.ToString(), Is.EqualTo($"/my/{slug}"));
        Assert.That(page, Does.Contain("Pa Vang").And.Not.Contain("Mai Xiong"));
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a used code is answered on the form");
        Assert.That(await replay.Content.ReadAsStringAsync(), Does.Contain("This code was already used"));
        Assert.That(replay.Headers.Contains("Set-Cookie") && replay.Headers.GetValues("Set-Cookie").Any(c => c.Contains("donor", StringComparison.OrdinalIgnoreCase)), Is.False);
    }

    [Test]
    public async Task CodeOfOneOrganization_TypedOnAnothersPage_IsRefused_AndMalformedCodesGetAFieldMessage()
    {
        var (app, organization, slug) = App();
        var otherSlug = app.Get<OrganizationService>().Find(app.CreateOrganization("Eastside Renters"))!.Slug;
        var donor = DonorWithoutEmail(app, organization, "Pa", "Vang");
        var (_, code) = await PrintLetter(await app.SignedInAs(DonorTrackAppFactory.AdminEmail), donor);
        var browser = app.Browser();

        var elsewhere = await TypeCode(browser, otherSlug, code);
        var malformed = await TypeCode(browser, slug, "12345");
        var otherPage = await browser.GetAsync($"/my/{otherSlug}");

        Assert.That(await elsewhere.Content.ReadAsStringAsync(), Does.Contain("This code is not valid"));
        Assert.That(await malformed.Content.ReadAsStringAsync(), Does.Contain("Enter the 12 letters and digits printed in your letter"));
        Assert.That(otherPage.Headers.Location?.ToString(), Is.EqualTo($"/my/{otherSlug}/signin"), "nobody is signed in there");
        Assert.That((await TypeCode(browser, slug, code)).Headers.Location?.ToString(), Is.EqualTo($"/my/{slug}"), "the code still works at home");
    }

    [Test]
    public async Task TypingCodes_PastThePerAddressLimit_Answers429_EvenForTheRightCode()
    {
        var (app, organization, slug) = App(perAddress: 3);
        var donor = DonorWithoutEmail(app, organization, "Pa", "Vang");
        var code = (await PrintLetter(await app.SignedInAs(DonorTrackAppFactory.AdminEmail), donor)).Code;
        var guesser = app.Browser();

        var guesses = new List<HttpStatusCode>();
        foreach (var guess in new[] { "AAAA-AAAA-AAAA", "BBBB-BBBB-BBBB" })
            guesses.Add((await TypeCode(guesser, slug, guess)).StatusCode);
        var limited = await TypeCode(guesser, slug, "CCCC-CCCC-CCCC");
        var right = await TypeCode(guesser, slug, code);

        // The staff sign-in above was one of the address's three attempts: the test client has one address.
        Assert.That(guesses, Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task AViewer_CannotPrintALetter()
    {
        var (app, organization, _) = App();
        var donor = DonorWithoutEmail(app, organization, "Pa", "Vang");
        var viewer = await app.SignedInAs(app.AddUser(organization, Role.Viewer));

        var page = await viewer.GetAsync($"/Donors/SignInLetter/{donor}");

        Assert.That(page.StatusCode, Is.AnyOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect));
        using var db = app.Get<IDbConnectionFactory>().Read();
        Assert.That(db.Connection.ExecuteScalar<long>("SELECT count(*) FROM donor_sign_in_codes"), Is.Zero);
    }
}
