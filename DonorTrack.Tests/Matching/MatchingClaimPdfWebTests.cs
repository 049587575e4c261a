using static DonorTrack.Tests.Receipts.ReceiptTestSupport;

namespace DonorTrack.Tests.Matching;

public sealed class MatchingClaimPdfWebTests
{
    private DonorTrackAppFactory _app = null!;

    [SetUp]
    public void SetUp() => _app = new DonorTrackAppFactory();

    [TearDown]
    public void TearDown() => _app.Dispose();

    [Test]
    public async Task ClaimPage_OffersThePdf_WhichDownloadsWithItsFileName_AndNamesOnlyTheReadersOwnDonors()
    {
        var alliance = _app.SetUpFirstOrganization("Twin Cities Tenant Alliance");
        var north = _app.CreateOrganization("Northside Tenants");
        _app.Get<OrganizationService>().LinkAccepted(Actor.System(alliance), north, new DateOnly(2025, 1, 1));
        var funder = _app.Get<DonorService>().Create(Actor.System(alliance), new DonorInput { Kind = DonorKinds.Organization, OrganizationName = "Headwaters Foundation" });
        using var api = _app.Api(_app.CreateApiKey(alliance, Role.Treasurer));
        var created = await api.PostAsJsonAsync("/api/v1/matching-campaigns", new
        {
            name = "Spring drive", funderDonorId = funder, poolCents = 10_000, ratio = "1:1", startsOn = "2026-06-01", endsOn = "2026-06-30",
            participants = new[] { new { organizationId = north } },
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        _app.Get<MatchingCampaignService>().AcceptParticipation(Actor.System(north), id);
        var donor = _app.Get<DonorService>().Create(Actor.System(north), new DonorInput { FirstName = "Ana", LastName = "Quintero" });
        _app.Get<GiftService>().Record(Actor.System(north), new GiftInput { DonorId = donor, AmountCents = 2_000, ReceivedOn = new DateOnly(2026, 6, 2), Method = GiftMethod.Card, Category = GiftCategory.Individual });
        _app.Clock.Advance(TimeSpan.FromDays(40));
        var allianceStaff = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var northStaff = await _app.SignedInAs(_app.AddUser(north, Role.Viewer));

        var page = await allianceStaff.GetStringAsync($"/Matching/Claim/{id}");
        var alliancePdf = await allianceStaff.GetAsync($"/Matching/Claim/{id}?handler=Pdf");
        var northPdf = await northStaff.GetAsync($"/Matching/Claim/{id}?handler=Pdf");

        Assert.That(page, Does.Contain($"/Matching/Claim/{id}?handler=Pdf"));
        Assert.That(alliancePdf.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(alliancePdf.Content.Headers.ContentDisposition!.FileName?.Trim('"'), Is.EqualTo($"matching-claim-{id}-spring-drive.pdf"));
        var allianceText = Text(await alliancePdf.Content.ReadAsByteArrayAsync());
        Assert.That(allianceText, Does.Contain("NorthsideTenants").And.Contain("$20.00").And.Not.Contain("Quintero"));
        Assert.That(Text(await northPdf.Content.ReadAsByteArrayAsync()), Does.Contain("AnaQuintero"));
    }
}
