using System.Net.Http.Json;
using System.Text.Json;
using DonorTrack.Core.Receipts;

namespace DonorTrack.Tests.Web;

/// <summary>PATCH /api/v1/gifts/{id}: the gift correction page's rules over the API, with only the fields sent changed.</summary>
public sealed class GiftEditApiTests
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
            CheckNumber = "1042", Notes = "Handed over at the June meeting.",
        });
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    [Test]
    public async Task Patch_ChangesOnlyTheFieldsSent_AndAuditsTheEdit()
    {
        var fund = _app.Get<DesignationService>().SaveFund(_admin, null, new FundInput("Rent relief", Restricted: true, null));
        var api = _app.Api(_app.CreateApiKey(_organization, Role.Treasurer));

        var response = await api.PatchAsJsonAsync($"/api/v1/gifts/{_gift}", new { fundId = fund, receivedOn = "2026-05-30", category = "events" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var gift = _app.Get<GiftService>().Find(_admin, _gift)!;
        Assert.Multiple(() =>
        {
            Assert.That((gift.FundId, gift.ReceivedOn, gift.Category), Is.EqualTo(((long?)fund, new DateOnly(2026, 5, 30), GiftCategory.Events)));
            Assert.That((gift.AmountCents, gift.Method, gift.CheckNumber, gift.Notes), Is.EqualTo((5_000L, GiftMethod.Check, (string?)"1042", (string?)"Handed over at the June meeting.")), "fields not sent are kept");
            Assert.That(AuditActions(), Does.Contain("edit"));
        });
    }

    [Test]
    public async Task Patch_WithAnInvalidValue_AnswersAFieldProblem_AndChangesNothing()
    {
        var api = _app.Api(_app.CreateApiKey(_organization, Role.Treasurer));

        var response = await api.PatchAsJsonAsync($"/api/v1/gifts/{_gift}", new { amountCents = -5, notes = "changed" });
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("errors").TryGetProperty("amountCents", out _), Is.True, problem.ToString());
        Assert.That(_app.Get<GiftService>().Find(_admin, _gift)!.Notes, Is.EqualTo("Handed over at the June meeting."));
    }

    [Test]
    public async Task Patch_OfAReceiptedAmount_IsAConflictExplainingVoidAndReissue_AndWithReissueReceiptsIsSaved()
    {
        _app.Get<GiftReceiptService>().ForGift(_admin, _gift);
        var api = _app.Api(_app.CreateApiKey(_organization, Role.Treasurer));

        var refused = await api.PatchAsJsonAsync($"/api/v1/gifts/{_gift}", new { amountCents = 6_000 });
        var problem = await refused.Content.ReadAsStringAsync();
        var amountAfterRefusal = _app.Get<GiftService>().Find(_admin, _gift)!.AmountCents;
        var reissued = await api.PatchAsJsonAsync($"/api/v1/gifts/{_gift}", new { amountCents = 6_000, reissueReceipts = true });

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem, Does.Contain("Receipt 2026-000001 already shows").And.Contain("\\\"reissueReceipts\\\": true"));
            Assert.That(amountAfterRefusal, Is.EqualTo(5_000));
            Assert.That(reissued.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(_app.Get<GiftService>().Find(_admin, _gift)!.AmountCents, Is.EqualTo(6_000));
        });
    }

    [Test]
    public async Task Patch_WithAnEntryKey_IsForbidden_AndAnotherOrganizationsGiftIsNotFound()
    {
        var entry = _app.Api(_app.CreateApiKey(_organization, Role.Entry));
        var other = _app.CreateOrganization("Other Tenants Union");
        var outsider = _app.Api(_app.CreateApiKey(other, Role.Admin));

        var forbidden = await entry.PatchAsJsonAsync($"/api/v1/gifts/{_gift}", new { notes = "x" });
        var notFound = await outsider.PatchAsJsonAsync($"/api/v1/gifts/{_gift}", new { notes = "x" });

        Assert.That((forbidden.StatusCode, notFound.StatusCode), Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.NotFound)));
    }

    private IReadOnlyList<string> AuditActions()
    {
        using var db = _app.Get<IDbConnectionFactory>().Read();
        return [.. _app.Get<DonorTrack.Core.Audit.AuditLog>().List(db, _organization, "gift", _gift, new PageRequest(1, 50)).Items.Select(e => e.Action)];
    }
}
