using System.Text.RegularExpressions;
using DonorTrack.Core.Dues;
using DonorTrack.Core.Receipts;

namespace DonorTrack.Tests.Web;

/// <summary>
/// Every destructive or irreversible action answers its first post with a confirmation step that says what will happen and
/// changes nothing; only the step's own button (which posts the same fields with Confirmed) does it. No script is involved.
/// </summary>
public sealed class ConfirmationWebTests
{
    private DonorTrackAppFactory _app = null!;
    private long _organization;
    private Actor _admin = null!;
    private long _donor;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _organization = _app.SetUpFirstOrganization();
        _admin = Actor.System(_organization);
        _donor = _app.Get<DonorService>().Create(_admin, new DonorInput { FirstName = "Tou", LastName = "Vang" });
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    [Test]
    public async Task VoidGift_FirstPost_ShowsWhatWillHappenAndVoidsNothing_TheConfirmButtonVoidsIt()
    {
        var gift = Gift(70_000);
        _app.Get<GiftReceiptService>().ForGift(_admin, gift);
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var url = $"/Gifts/Details/{gift}";

        var asked = await DonorTrackAppFactory.PostFormAsync(browser, url, $"{url}?handler=Void", new() { ["VoidReason"] = "Entered $700 instead of $70" });
        var step = await Html(asked);
        var stillCompleted = _app.Get<GiftService>().Find(_admin, gift)!.Status;
        var confirmed = await PostConfirmationAsync(browser, step, url);

        Assert.That(asked.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(step, Does.Contain($"Void gift {gift}?"));
        Assert.That(step, Does.Contain("$700.00 from Tou Vang").And.Contain("“Entered $700 instead of $70”"));
        Assert.That(step, Does.Contain("Void receipt 2026-000001"));
        Assert.That(step, Does.Not.Contain("data-confirm").And.Not.Contain("onclick"), "the step is the page's own form, not a script dialog");
        Assert.That(stillCompleted, Is.EqualTo(GiftStatus.Completed));
        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(_app.Get<GiftService>().Find(_admin, gift)!.Status, Is.EqualTo(GiftStatus.Voided));
    }

    [Test]
    public async Task VoidGift_WithoutAReason_SaysSoOnTheFormInsteadOfAskingToConfirm()
    {
        var gift = Gift(5_000);
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var url = $"/Gifts/Details/{gift}";

        var page = await Html(await DonorTrackAppFactory.PostFormAsync(browser, url, $"{url}?handler=Void", new() { ["VoidReason"] = " " }));

        Assert.That(page, Does.Contain("Say why the gift is voided"));
        Assert.That(page, Does.Not.Contain("id=\"confirm\""));
    }

    [Test]
    public async Task VoidReceipt_FirstPost_NamesTheReceiptAndTheReplacement_AndVoidsNothing()
    {
        var gift = Gift(5_000);
        _app.Get<GiftReceiptService>().ForGift(_admin, gift);
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var current = _app.Get<GiftReceiptService>().CurrentForGift(_admin, gift)!;

        var asked = await DonorTrackAppFactory.PostFormAsync(browser, "/Receipts", $"/Receipts?handler=Void&id={current.Id}", new() { ["VoidReason"] = "Wrong address", ["Reissue"] = "true" });
        var step = await Html(asked);
        var standing = _app.Get<GiftReceiptService>().CurrentForGift(_admin, gift)!.Number;
        var confirmed = await PostConfirmationAsync(browser, step, "/Receipts");

        Assert.That(step, Does.Contain($"Void receipt {current.Number}?"));
        Assert.That(step, Does.Contain("Issue a replacement with the next number"));
        Assert.That(standing, Is.EqualTo("2026-000001"));
        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(_app.Get<GiftReceiptService>().CurrentForGift(_admin, gift)!.Number, Is.EqualTo("2026-000002"));
    }

    [Test]
    public async Task CancelMembership_FirstPost_SaysWhatEndsAndCancelsNothing_TheConfirmButtonCancels()
    {
        var memberships = _app.Get<MembershipService>();
        var plan = memberships.CreatePlan(_admin, new MembershipPlanInput
        {
            Name = "Monthly", MemberKind = MemberKind.Individual, Interval = DuesInterval.Month, PricingKind = DuesPricingKind.Fixed, AmountCents = 1_000, GraceDays = 30,
        });
        var membership = memberships.Enrol(_admin, new MembershipEnrolmentInput { DonorId = _donor, PlanId = plan, StartsOn = new DateOnly(2026, 5, 1) }).MembershipId;
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var url = $"/Dues/Membership/{membership}";

        var step = await Html(await DonorTrackAppFactory.PostFormAsync(browser, url, $"{url}?handler=Cancel", new() { ["On"] = "2026-06-30", ["Reason"] = "Moved away" }));
        var before = memberships.Find(_admin, membership)!.Summary.CancelledOn;
        var confirmed = await PostConfirmationAsync(browser, step, url);

        Assert.That(step, Does.Contain("Cancel the membership of Tou Vang?").And.Contain("Jun 30, 2026").And.Contain("“Moved away”"));
        Assert.That(before, Is.Null);
        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(memberships.Find(_admin, membership)!.Summary.CancelledOn, Is.EqualTo(new DateOnly(2026, 6, 30)));
    }

    [Test]
    public async Task RemovePerson_FirstPost_NamesThePersonAndRemovesNobody_TheConfirmButtonRemovesThem()
    {
        var email = _app.AddUser(_organization, Role.Entry, "helper@example.org");
        var accounts = _app.Get<DonorTrack.Core.Accounts.AccountService>();
        var person = accounts.UsersOf(_admin).Single(u => u.Email == email);
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var step = await Html(await DonorTrackAppFactory.PostFormAsync(browser, "/Admin/Users", $"/Admin/Users?handler=Remove&userId={person.UserId}", new()));
        var stillThere = accounts.UsersOf(_admin).Any(u => u.Email == email);
        var confirmed = await PostConfirmationAsync(browser, step, "/Admin/Users");

        Assert.That(step, Does.Contain($"Remove {person.DisplayName} from this organization?").And.Contain("helper@example.org, entry"));
        Assert.That(stillThere, Is.True);
        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(accounts.UsersOf(_admin).Any(u => u.Email == email), Is.False);
    }

    [Test]
    public async Task RoleDropdown_HasASaveButton_AndNoLongerSubmitsOnChange()
    {
        _app.AddUser(_organization, Role.Entry, "helper@example.org");
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var page = await browser.GetStringAsync("/Admin/Users");

        Assert.That(page, Does.Not.Contain("data-submit-on-change"));
        Assert.That(page, Does.Contain(">Save</button>"));
        Assert.That(page, Does.Not.Contain("<noscript><button"));
    }

    /// <summary>The step's own form: its action, and every hidden field it carries (with Confirmed) posted back as a browser would.</summary>
    private static async Task<HttpResponseMessage> PostConfirmationAsync(HttpClient browser, string step, string expectedPath)
    {
        var form = Regex.Match(step, "<section id=\"confirm\".*?<form method=\"post\" action=\"(?<action>[^\"]+)\"(?<body>.*?)</form>", RegexOptions.Singleline);
        Assert.That(form.Success, Is.True, "the confirmation step has its form");
        var action = WebUtility.HtmlDecode(form.Groups["action"].Value);
        Assert.That(action, Does.StartWith(expectedPath));
        var fields = Regex.Matches(form.Groups["body"].Value, "<input[^>]*>").Select(input => input.Value)
            .Where(input => input.Contains("type=\"hidden\"", StringComparison.Ordinal))
            .ToDictionary(input => WebUtility.HtmlDecode(Attribute(input, "name")), input => WebUtility.HtmlDecode(Attribute(input, "value")));
        Assert.That(fields["Confirmed"], Is.EqualTo("true"));
        Assert.That(fields, Does.ContainKey("__RequestVerificationToken"));
        return await browser.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    private static string Attribute(string element, string name) => Regex.Match(element, $" {name}=\"(?<v>[^\"]*)\"").Groups["v"].Value;

    private static async Task<string> Html(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private long Gift(long cents) => _app.Get<GiftService>().Record(_admin, new GiftInput
    {
        DonorId = _donor, AmountCents = cents, ReceivedOn = new DateOnly(2026, 6, 1), Method = GiftMethod.Check, Category = GiftCategory.Individual,
    });
}
