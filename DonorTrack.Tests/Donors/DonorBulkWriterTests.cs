using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Tests.Donors;

/// <summary>The bulk writer indexes its donors for search in one statement at the end and leaves the search trigger as it found it.</summary>
public sealed class DonorBulkWriterTests
{
    private const string SearchRows = "SELECT rowid, first_name, last_name, organization_name, email, postal_code FROM donor_search ORDER BY rowid";
    private const string DonorRows = "SELECT id, first_name, last_name, organization_name, email, postal_code FROM donors ORDER BY id";
    private const string SearchTriggerCount = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'donors_search_insert'";

    private TestDatabase _db = null!;
    private Actor _admin = null!;

    [SetUp]
    public void CreateDatabase()
    {
        _db = new TestDatabase();
        _admin = _db.NewOrganization();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void WrittenDonors_AreSearchable_AndDonorsAddedLaterAreIndexedByTheTriggerAgain()
    {
        using (var db = BulkWriteTransaction.Begin(_db.Connections))
        {
            using (var writer = new DonorBulkWriter(db))
            {
                writer.Insert(_admin.OrganizationId, new DonorInput { FirstName = "Mai", LastName = "Xiong", Email = "mai@example.org", PostalCode = "55104" }.Normalized(), _db.Clock.Now);
                writer.Insert(_admin.OrganizationId, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Frogtown Co-op" }.Normalized(), _db.Clock.Now);
            }
            db.Commit();
        }
        var later = _db.Get<DonorService>().Create(_admin, new DonorInput { FirstName = "Lars", LastName = "Olsen" });

        using var connection = _db.Connections.Open();
        Assert.That(connection.Query<(long, string?, string?, string?, string?, string?)>(SearchRows),
            Is.EqualTo(connection.Query<(long, string?, string?, string?, string?, string?)>(DonorRows)));
        Assert.That(connection.ExecuteScalar<long>(SearchTriggerCount), Is.EqualTo(1));
        var donors = _db.Get<DonorService>();
        Assert.That(donors.Search(_admin, new DonorQuery("xiong", null, new PageRequest())).Items.Select(d => d.Email), Is.EqualTo(new[] { "mai@example.org" }));
        Assert.That(donors.Search(_admin, new DonorQuery("frogtown", null, new PageRequest())).Items, Has.Count.EqualTo(1));
        Assert.That(donors.Search(_admin, new DonorQuery("olsen", null, new PageRequest())).Items.Single().Id, Is.EqualTo(later));
    }

    [Test]
    public void TransactionNotCommitted_LeavesNoDonorsAndTheSearchTriggerInPlace()
    {
        using (var db = BulkWriteTransaction.Begin(_db.Connections))
        using (var writer = new DonorBulkWriter(db))
            writer.Insert(_admin.OrganizationId, new DonorInput { FirstName = "Mai", LastName = "Xiong" }.Normalized(), _db.Clock.Now);

        using var connection = _db.Connections.Open();
        Assert.That(connection.ExecuteScalar<long>("SELECT count(*) FROM donors"), Is.Zero);
        Assert.That(connection.ExecuteScalar<long>("SELECT count(*) FROM donor_search"), Is.Zero);
        Assert.That(connection.ExecuteScalar<long>(SearchTriggerCount), Is.EqualTo(1));
    }
}
