using Dapper;

namespace DonorTrack.Tests.Data;

public sealed class SqliteConnectionFactoryTests
{
    private TestDatabase _db = null!;

    [SetUp]
    public void SetUp() => _db = new TestDatabase();

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void PooledConnection_ReusedManyTimes_KeepsEverySetting()
    {
        for (var use = 0; use < 5; use++)
        {
            using var connection = _db.Connections.Open();
            Assert.Multiple(() =>
            {
                Assert.That(connection.ExecuteScalar<long>("PRAGMA busy_timeout"), Is.EqualTo((long)_db.Connections.WriteWait.TotalMilliseconds));
                Assert.That(connection.ExecuteScalar<long>("PRAGMA synchronous"), Is.EqualTo(1), "NORMAL");
                Assert.That(connection.ExecuteScalar<long>("PRAGMA cache_size"), Is.EqualTo(-16384));
                Assert.That(connection.ExecuteScalar<long>("PRAGMA mmap_size"), Is.GreaterThan(0));
                Assert.That(connection.ExecuteScalar<long>("PRAGMA foreign_keys"), Is.EqualTo(1));
            });
        }
    }

    [Test]
    public void ApiKeyUse_ShortensTheWriteWaitForItsCourtesyWrite_AndPutsTheUsualWaitBack()
    {
        var actor = _db.NewOrganization();
        var keys = _db.Get<ApiKeyService>();
        var key = keys.Create(actor, actor.OrganizationId, "reporting", Role.Viewer);

        Assert.That(keys.Resolve(key), Is.Not.Null);

        // The pool hands the same connection back: it must wait the factory's full bound again, not the courtesy write's 250 ms.
        using var connection = _db.Connections.Open();
        Assert.That(connection.ExecuteScalar<long>("PRAGMA busy_timeout"), Is.EqualTo((long)_db.Connections.WriteWait.TotalMilliseconds));
    }
}
