namespace DonorTrack.Tests.Gifts;

public sealed class FundRepositoryTests
{
    private TestDatabase _db = null!;
    private Actor _frogtown = null!;
    private Actor _midway = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _frogtown = _db.NewOrganization("Frogtown Tenants Union");
        _midway = _db.NewOrganization("Midway Tenants Union");
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void Find_FundOfTheOrganization_ReturnsItWithItsActiveFlag()
    {
        var designations = _db.Get<DesignationService>();
        designations.SaveFund(_frogtown, null, new FundInput("General", Restricted: false, Description: null));
        var closed = designations.SaveFund(_frogtown, null, new FundInput("Rent strike legal", Restricted: true, "Court costs", Active: false));

        using var db = _db.Connections.Read();
        var found = _db.Get<FundRepository>().Find(db, _frogtown.OrganizationId, closed);

        Assert.That(found, Is.EqualTo(new Fund(closed, "Rent strike legal", true, "Court costs", false)));
    }

    [Test]
    public void Find_FundOfAnotherOrganizationOrNoFund_ReturnsNull()
    {
        var theirs = _db.Get<DesignationService>().SaveFund(_midway, null, new FundInput("General", Restricted: false, Description: null));

        using var db = _db.Connections.Read();
        var funds = _db.Get<FundRepository>();

        Assert.That(funds.Find(db, _frogtown.OrganizationId, theirs), Is.Null);
        Assert.That(funds.Find(db, _frogtown.OrganizationId, theirs + 1000), Is.Null);
        Assert.That(funds.Find(db, _midway.OrganizationId, theirs)?.Name, Is.EqualTo("General"));
    }

    [Test]
    public void CampaignFind_CampaignOfAnotherOrganization_ReturnsNull()
    {
        var theirs = _db.Get<DesignationService>().SaveCampaign(_midway, null, new CampaignInput("Spring drive", 100_000, null, null));

        using var db = _db.Connections.Read();
        var campaigns = _db.Get<CampaignRepository>();

        Assert.That(campaigns.Find(db, _frogtown.OrganizationId, theirs), Is.Null);
        Assert.That(campaigns.Find(db, _midway.OrganizationId, theirs), Is.EqualTo(new Campaign(theirs, "Spring drive", 100_000, null, null, true)));
    }

    [Test]
    public void RecordGift_ToAnInactiveFundOrAnotherOrganizationsFund_IsRefusedOnTheFundField()
    {
        var designations = _db.Get<DesignationService>();
        var open = designations.SaveFund(_frogtown, null, new FundInput("General", Restricted: false, Description: null));
        var closed = designations.SaveFund(_frogtown, null, new FundInput("Old drive", Restricted: false, Description: null, Active: false));
        var theirs = designations.SaveFund(_midway, null, new FundInput("Theirs", Restricted: false, Description: null));
        var donor = _db.Get<DonorService>().Create(_frogtown, new DonorInput { FirstName = "Ana", LastName = "Tester" });
        var gifts = _db.Get<GiftService>();
        GiftInput Gift(long fundId) => new()
        {
            DonorId = donor, AmountCents = 2_500, ReceivedOn = new DateOnly(2026, 6, 1), Method = GiftMethod.Cash, Category = GiftCategory.Individual, FundId = fundId,
        };

        foreach (var refusedFund in new[] { closed, theirs })
        {
            var refused = Assert.Throws<ValidationException>(() => gifts.Record(_frogtown, Gift(refusedFund)))!;
            Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo(nameof(GiftInput.FundId)));
        }
        Assert.That(gifts.Find(_frogtown, gifts.Record(_frogtown, Gift(open)))!.FundId, Is.EqualTo(open));
    }
}
