using UglyToad.PdfPig;
using static DonorTrack.Tests.Receipts.ReceiptTestSupport;

namespace DonorTrack.Tests.Matching;

public sealed class MatchingClaimPdfTests
{
    private static readonly DateOnly June1 = new(2026, 6, 1);

    private TestDatabase _db = null!;
    private Actor _alliance = null!;
    private Actor _north = null!;
    private Actor _south = null!;
    private MatchingCampaignService _campaigns = null!;
    private long _campaign;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _alliance = _db.NewOrganization("Twin Cities Tenant Alliance");
        _north = _db.NewOrganization("Northside Tenants");
        _south = _db.NewOrganization("Southside Tenants");
        var organizations = _db.Get<OrganizationService>();
        organizations.LinkAccepted(_alliance, _north.OrganizationId, new DateOnly(2025, 1, 1));
        organizations.LinkAccepted(_alliance, _south.OrganizationId, new DateOnly(2025, 1, 1));
        var funder = _db.Get<DonorService>().Create(_alliance, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Headwaters Foundation" });
        _campaigns = _db.Get<MatchingCampaignService>();
        _campaign = _campaigns.CreateAccepted(_alliance, new MatchingCampaignInput
        {
            Name = "Spring drive",
            FunderDonorId = funder,
            PoolCents = 1_000_000,
            Ratio = "1:1",
            PerGiftCapCents = 1_500,
            StartsOn = June1,
            EndsOn = new DateOnly(2026, 6, 30),
            Participants = [new() { OrganizationId = _north.OrganizationId }, new() { OrganizationId = _south.OrganizationId }],
        });
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void AlliancesClaim_ShowsEachMembersGiftsAndTotals_AndNoDonorNameOfAMember()
    {
        var ana = _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "Ana", last: "Quintero"), 2_000, on: June1);
        var bo = _db.Seed.Gift(_south, _db.Seed.Donor(_south, first: "Bo", last: "Lindqvist"), 1_000, on: June1.AddDays(2));
        AfterTheEnd();

        var file = _campaigns.ClaimPdf(_alliance, _campaign)!;

        using var document = PdfDocument.Open(file.Pdf);
        var text = Squash(string.Concat(document.GetPages().Select(p => p.Text)));
        Assert.Multiple(() =>
        {
            Assert.That(document.Information.Title, Is.EqualTo("Matching claim: Spring drive"));
            Assert.That(document.Information.Author, Is.EqualTo("Twin Cities Tenant Alliance"));
            Assert.That(document.Information.Subject, Is.EqualTo("Claim to Headwaters Foundation for Spring drive"));
            Assert.That(file.FileName, Is.EqualTo($"matching-claim-{_campaign}-spring-drive.pdf"));
            // Per-gift cap 15.00: Ana's 20.00 is matched 15.00, Bo's 10.00 in full; owed 25.00.
            Assert.That(text, Does.Contain(Squash($"Northside Tenants 1 $15.00 $15.00")));
            Assert.That(text, Does.Contain(Squash($"Southside Tenants 1 $10.00 $10.00")));
            Assert.That(text, Does.Contain(Squash("Total 2 $25.00 $25.00")));
            Assert.That(text, Does.Contain(Squash($"#{ana} Jun 1, 2026 $20.00 $15.00")));
            Assert.That(text, Does.Contain(Squash($"#{bo} Jun 3, 2026 $10.00 $10.00")));
            Assert.That(text, Does.Not.Contain("Ana").And.Not.Contain("Quintero").And.Not.Contain("Lindqvist"));
            Assert.That(document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text), Does.Not.Contain("Donor"));
        });
    }

    [Test]
    public void MembersClaim_NamesItsOwnDonors_AndLeavesOtherMembersOut()
    {
        var ana = _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "Ana", last: "Quintero"), 2_000, on: June1);
        _db.Seed.Gift(_south, _db.Seed.Donor(_south, first: "Bo", last: "Lindqvist"), 1_000, on: June1.AddDays(2));
        AfterTheEnd();

        var text = Text(_campaigns.ClaimPdf(_north, _campaign)!.Pdf);

        Assert.That(text, Does.Contain(Squash($"#{ana} Jun 1, 2026 Ana Quintero $20.00 $15.00")));
        Assert.That(text, Does.Not.Contain("Southside").And.Not.Contain("Lindqvist"));
    }

    [Test]
    public void LongClaim_SpansPagesWithTheGiftTableHeaderOnEach_AndItsTotalsAddUp()
    {
        var donor = _db.Seed.Donor(_north, first: "Ana", last: "Quintero");
        for (var i = 0; i < 130; i++)
            _db.Seed.Gift(_north, donor, 1_000 + i, on: June1.AddDays(i % 15));
        AfterTheEnd();

        using var document = PdfDocument.Open(_campaigns.ClaimPdf(_north, _campaign)!.Pdf);
        var pages = document.GetPages().ToList();

        Assert.That(pages, Has.Count.GreaterThanOrEqualTo(3));
        Assert.Multiple(() =>
        {
            foreach (var page in pages)
            {
                Assert.That(page.GetWords().Count(w => w.Text == "Received"), Is.EqualTo(1), $"gift table header on page {page.Number}");
                Assert.That(Squash(page.Text), Does.Contain(Squash($"Page {page.Number} of {pages.Count}")));
            }
            // 130 gifts of 10.00 to 11.29, each matched up to the 15.00 cap, so in full: 1,300.00 + 83.85.
            Assert.That(Squash(string.Concat(pages.Select(p => p.Text))), Does.Contain(Squash("Total $1,383.85 $1,383.85")));
            Assert.That(pages.Sum(p => p.GetWords().Count(w => w.Text.StartsWith('#'))), Is.EqualTo(130));
        });
    }

    [Test]
    public void ClaimPdf_BeforeTheLastDay_IsRefused_AndForAnOutsider_IsNull()
    {
        Assert.Throws<ValidationException>(() => _campaigns.ClaimPdf(_alliance, _campaign));
        AfterTheEnd();
        Assert.That(_campaigns.ClaimPdf(_db.NewOrganization("Unrelated Garden Club"), _campaign), Is.Null);
    }

    private void AfterTheEnd() => _db.Clock.Advance(TimeSpan.FromDays(16));
}
