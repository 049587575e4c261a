namespace DonorTrack.Tests.Gifts;

public sealed class GiftBulkWriterTests
{
    private TestDatabase _db = null!;
    private Actor _admin = null!;
    private long _donorId;
    private long _otherDonorId;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _admin = _db.NewOrganization();
        _donorId = _db.Get<DonorService>().Create(_admin, new DonorInput { FirstName = "Hodan", LastName = "Warsame" });
        _otherDonorId = _db.Get<DonorService>().Create(_admin, new DonorInput { FirstName = "Lars", LastName = "Brekke" });
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void Insert_ManyGiftsInOneTransaction_ReturnsEachRowsOwnId()
    {
        var ids = new List<long>();
        using (var session = _db.Connections.BeginTransaction())
        {
            using var writer = new GiftBulkWriter(session);
            for (var n = 1; n <= 50; n++)
                ids.Add(writer.Insert(_admin.OrganizationId, Gift(n * 100L), "USD", "importer", _db.Clock.Now));
            session.Commit();
        }

        var repository = _db.Get<GiftRepository>();
        using var db = _db.Connections.Read();
        Assert.That(ids, Is.Unique);
        Assert.That(ids.Select(id => repository.Find(db, _admin.OrganizationId, id)!.AmountCents), Is.EqualTo(Enumerable.Range(1, 50).Select(n => n * 100L)));
    }

    [Test]
    public void Insert_SameInputAsRepository_StoresTheSameRow()
    {
        var input = Gift(12_500) with
        {
            Method = GiftMethod.Check, CheckNumber = "1043", BenefitValueCents = 2_000, BenefitDescription = "Dinner", Notes = "Gala",
            SoftCredits = [new SoftCreditInput(_otherDonorId, SoftCreditKind.InHonor, "For Lars")],
        };
        long viaRepository, viaWriter;
        using (var session = _db.Connections.BeginTransaction())
        {
            viaRepository = _db.Get<GiftRepository>().Insert(session, _admin.OrganizationId, input, "USD", "importer", _db.Clock.Now);
            using var writer = new GiftBulkWriter(session);
            viaWriter = writer.Insert(_admin.OrganizationId, input, "USD", "importer", _db.Clock.Now);
            session.Commit();
        }

        var repository = _db.Get<GiftRepository>();
        using var db = _db.Connections.Read();
        var expected = repository.Find(db, _admin.OrganizationId, viaRepository)!;
        var actual = repository.Find(db, _admin.OrganizationId, viaWriter)!;
        Assert.That(actual with { Id = expected.Id, SoftCredits = expected.SoftCredits }, Is.EqualTo(expected));
        Assert.That(actual.SoftCredits, Is.EqualTo(expected.SoftCredits));
        Assert.That(actual.Status.Word(), Is.EqualTo("completed"));
    }

    [Test]
    public void Insert_TransactionNotCommitted_LeavesNoGifts()
    {
        using (var session = _db.Connections.BeginTransaction())
        {
            using var writer = new GiftBulkWriter(session);
            writer.Insert(_admin.OrganizationId, Gift(500), "USD", "importer", _db.Clock.Now);
        }

        using var db = _db.Connections.Read();
        Assert.That(db.Connection.ExecuteScalar<long>("SELECT count(*) FROM gifts"), Is.Zero);
    }

    private GiftInput Gift(long cents) => new()
    {
        DonorId = _donorId, AmountCents = cents, ReceivedOn = new DateOnly(2026, 5, 1), Method = GiftMethod.Card, Category = GiftCategory.Individual,
    };
}
