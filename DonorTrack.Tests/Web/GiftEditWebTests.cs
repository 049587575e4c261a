using System.Text.RegularExpressions;
using DonorTrack.Core.Receipts;

namespace DonorTrack.Tests.Web;

/// <summary>The gift correction page over real HTTP: field-level messages, the treasurer's role, and void-and-reissue offered once a receipt shows the gift.</summary>
public sealed class GiftEditWebTests
{
    private DonorTrackAppFactory _app = null!;
    private long _organization;
    private Actor _admin = null!;
    private long _gift;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _organization = _app.SetUpFirstOrganization();
        _admin = Actor.System(_organization);
        var donor = _app.Get<DonorService>().Create(_admin, new DonorInput { FirstName = "Tou", LastName = "Vang" });
        _gift = _app.Get<GiftService>().Record(_admin, new GiftInput
        {
            DonorId = donor, AmountCents = 5_000, ReceivedOn = new DateOnly(2026, 6, 1), Method = GiftMethod.Check, Category = GiftCategory.Individual,
        });
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    [Test]
    public async Task Correction_OfDateCategoryAndFund_IsSavedAndShownOnTheGift()
    {
        var fund = _app.Get<DesignationService>().SaveFund(_admin, null, new FundInput("Rent relief", Restricted: true, null));
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var url = $"/Gifts/Edit/{_gift}";

        var form = await browser.GetStringAsync(url);
        var saved = await DonorTrackAppFactory.PostFormAsync(browser, url, url, Fields(new() { ["Input.ReceivedOn"] = "2026-05-30", ["Input.Category"] = "events", ["Input.FundId"] = fund.ToString() }));

        Assert.That(form, Does.Contain("value=\"50.00\"").And.Contain("value=\"2026-06-01\""));
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(saved.Headers.Location!.ToString(), Is.EqualTo($"/Gifts/Details/{_gift}"));
        var details = WebUtility.HtmlDecode(await browser.GetStringAsync($"/Gifts/Details/{_gift}"));
        Assert.That(details, Does.Contain("May 30, 2026").And.Contain("Rent relief").And.Contain("Gift corrected."));
        Assert.That(details, Does.Contain($"href=\"/Gifts/Edit/{_gift}\""));
    }

    [TestCase("Input.Amount", "0", "The amount must be more than zero.")]
    [TestCase("Input.Amount", "ten", "Enter an amount")]
    [TestCase("Input.ReceivedOn", "2026-07-01", "A gift cannot be received in the future")]
    [TestCase("Input.Method", "in_kind", "Describe the in-kind gift")]
    public async Task Correction_Refused_ShowsTheMessageAtTheField_AndChangesNothing(string field, string value, string message)
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var url = $"/Gifts/Edit/{_gift}";

        var refused = await DonorTrackAppFactory.PostFormAsync(browser, url, url, Fields(new() { [field] = value }));
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page, Does.Match($"<span class=\"field-error[^\"]*\" data-valmsg-for=\"[^\"]+\"[^>]*>{Regex.Escape(message)}"));
        var gift = _app.Get<GiftService>().Find(_admin, _gift)!;
        Assert.That((gift.AmountCents, gift.ReceivedOn, gift.Method), Is.EqualTo((5_000L, new DateOnly(2026, 6, 1), GiftMethod.Check)));
    }

    [Test]
    public async Task Correction_ByDataEntry_IsDenied()
    {
        var entry = await _app.SignedInAs(_app.AddUser(_organization, Role.Entry));

        var page = await entry.GetAsync($"/Gifts/Edit/{_gift}");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(page.Headers.Location!.ToString(), Does.Contain("/Account/Denied"));
    }

    [Test]
    public async Task ReceiptedAmount_WithoutTheBox_NamesTheReceiptAtTheBox_WithTheBoxTicked_VoidsAndReissues()
    {
        _app.Get<GiftReceiptService>().ForGift(_admin, _gift);
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var url = $"/Gifts/Edit/{_gift}";

        var form = WebUtility.HtmlDecode(await browser.GetStringAsync(url));
        var refused = WebUtility.HtmlDecode(await (await DonorTrackAppFactory.PostFormAsync(browser, url, url, Fields(new() { ["Input.Amount"] = "60.00" }))).Content.ReadAsStringAsync());
        var unchanged = _app.Get<GiftService>().Find(_admin, _gift)!.AmountCents;
        var reissued = await DonorTrackAppFactory.PostFormAsync(browser, url, url, Fields(new() { ["Input.Amount"] = "60.00", ["Input.ReissueReceipts"] = "true" }));

        Assert.That(form, Does.Contain("Receipt 2026-000001 already").And.Contain("Void and reissue"));
        Assert.That(refused, Does.Match("data-valmsg-for=\"Input.ReissueReceipts\"[^>]*>Receipt 2026-000001 already shows this gift's amount"));
        Assert.That(unchanged, Is.EqualTo(5_000));
        Assert.That(reissued.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(_app.Get<GiftService>().Find(_admin, _gift)!.AmountCents, Is.EqualTo(6_000));
        Assert.That(_app.Get<GiftReceiptService>().CurrentForGift(_admin, _gift)!.Number, Is.EqualTo("2026-000002"));
    }

    /// <summary>The form as the page fills it for the gift, with some fields changed.</summary>
    private static Dictionary<string, string> Fields(Dictionary<string, string> changed)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Amount"] = "50.00", ["Input.ReceivedOn"] = "2026-06-01", ["Input.Method"] = "check", ["Input.Category"] = "individual",
            ["Input.FundId"] = "", ["Input.CampaignId"] = "", ["Input.Notes"] = "",
        };
        foreach (var (key, value) in changed)
            fields[key] = value;
        return fields;
    }
}
