using static DonorTrack.Tests.Receipts.ReceiptTestSupport;

namespace DonorTrack.Tests.Receipts;

public sealed class ReceiptApiTests
{
    private DonorTrackAppFactory _app = null!;
    private long _ours;
    private long _theirs;
    private HttpClient _api = null!;
    private long _donor;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _ours = _app.SetUpFirstOrganization();
        _theirs = _app.CreateOrganization("Somali Mothers Network");
        _api = _app.Api(_app.CreateApiKey(_ours, Role.Treasurer));
        _donor = _app.Get<DonorService>().Create(Actor.System(_ours), new DonorInput { FirstName = "Xee", LastName = "Yang" });
    }

    [TearDown]
    public void TearDown()
    {
        _api.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task GiftReceipt_FirstCallIssuesAPdf_LaterCallsReturnTheSameNumberMarkedAsACopy()
    {
        var gift = _app.Seed.Gift(Actor.System(_ours), _donor, 25000, on: new DateOnly(2026, 6, 1));

        var first = await _api.GetAsync($"/api/v1/gifts/{gift}/receipt");
        var second = await _api.GetAsync($"/api/v1/gifts/{gift}/receipt");

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(first.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(first.Content.Headers.ContentDisposition!.FileName, Is.EqualTo("receipt-2026-000001.pdf"));
            Assert.That(first.Headers.GetValues("X-Receipt-Copy").Single(), Is.EqualTo("false"));
            Assert.That(second.Headers.GetValues("X-Receipt-Copy").Single(), Is.EqualTo("true"));
            Assert.That(second.Headers.GetValues("X-Receipt-Number").Single(), Is.EqualTo("2026-000001"));
            Assert.That(Text(await first.Content.ReadAsByteArrayAsync()), Does.Contain(Squash("No goods or services were provided")).And.Not.Contain("COPY"));
            Assert.That(Text(await second.Content.ReadAsByteArrayAsync()), Does.Contain("COPY"));
        });
    }

    [Test]
    public async Task GiftReceipt_OfAVoidedGift_Answers400WithTheReason()
    {
        var gift = _app.Seed.Gift(Actor.System(_ours), _donor, 25000, on: new DateOnly(2026, 6, 1));
        _app.Get<GiftService>().Void(Actor.System(_ours), gift, new VoidGiftInput("Duplicate"));

        var response = await _api.GetAsync($"/api/v1/gifts/{gift}/receipt");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("A voided gift cannot be receipted."));
    }

    [Test]
    public async Task GiftReceipt_OfAnotherOrganizationsGift_Answers404()
    {
        var theirDonor = _app.Get<DonorService>().Create(Actor.System(_theirs), new DonorInput { FirstName = "Amina", LastName = "Hassan" });
        var theirGift = _app.Seed.Gift(Actor.System(_theirs), theirDonor, 25000, on: new DateOnly(2026, 6, 1));

        var response = await _api.GetAsync($"/api/v1/gifts/{theirGift}/receipt");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task AnnualStatement_ReturnsThePdfForTheDonorAndYear()
    {
        _app.Seed.Gift(Actor.System(_ours), _donor, 10000, on: new DateOnly(2026, 6, 1));
        _app.Seed.Gift(Actor.System(_ours), _donor, 5000, on: new DateOnly(2026, 6, 1));

        // The clock stands in June 2026: fiscal year 2026 is in progress, so only an interim statement can be had.
        var response = await _api.PostAsJsonAsync("/api/v1/receipts/annual", new { year = 2026, donorId = _donor, interim = true });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var text = Text(await response.Content.ReadAsByteArrayAsync());
        Assert.That(text, Does.Contain(Squash("Xee Yang")).And.Contain("$150.00"));
    }

    [Test]
    public async Task AnnualStatement_ForTheFiscalYearInProgress_Answers400SayingWhyUnlessInterimIsSet_AndTheInterimOneSaysSo()
    {
        _app.Seed.Gift(Actor.System(_ours), _donor, 10000, on: new DateOnly(2026, 6, 1));

        var refused = await _api.PostAsJsonAsync("/api/v1/receipts/annual", new { year = 2026, donorId = _donor });
        var interim = await _api.PostAsJsonAsync("/api/v1/receipts/annual", new { year = 2026, donorId = _donor, interim = true });

        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem, Does.Contain("\"year\"").And.Contain("runs until Dec 31, 2026 and is not over yet"));
            Assert.That(interim.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(interim.Headers.GetValues("X-Receipt-Number").Single(), Is.EqualTo("2026-000001"), "the refused call took no number");
            var text = Text(await interim.Content.ReadAsByteArrayAsync());
            Assert.That(text, Does.Contain(Squash("Interim statement")).And.Contain(Squash("A final year-end statement follows when the year has ended.")));
        });
    }

    [Test]
    public async Task AnnualStatement_WithoutAYear_Answers400NamingTheField()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/receipts/annual", new { donorId = _donor });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"year\""));
    }

    [Test]
    public async Task AnnualStatement_WithAnEntryKey_IsForbidden()
    {
        using var entry = _app.Api(_app.CreateApiKey(_ours, Role.Entry));

        var response = await entry.PostAsJsonAsync("/api/v1/receipts/annual", new { year = 2026, donorId = _donor });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task GiftPage_ReceiptButton_IssuesThePdfAndThenOffersACopy()
    {
        var gift = _app.Seed.Gift(Actor.System(_ours), _donor, 25000, on: new DateOnly(2026, 6, 1));
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var issued = await DonorTrackAppFactory.PostFormAsync(browser, $"/Gifts/Details/{gift}", $"/Receipts/Gift/{gift}", []);
        var page = await browser.GetStringAsync($"/Gifts/Details/{gift}");
        var receipts = await browser.GetStringAsync("/Receipts");

        Assert.That(issued.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(page, Does.Contain("2026-000001").And.Contain("Download copy"));
        Assert.That(receipts, Does.Contain("2026-000001").And.Contain("None — continuous"));
    }
}
