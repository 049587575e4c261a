using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace DonorTrack.Tests.Hosting;

public sealed class ApiKeyUseTests
{
    /// <summary>Connections that can read but not write, as on a full disk or a read-only file system.</summary>
    private sealed class ReadOnlyConnections(string databasePath) : IDbConnectionFactory
    {
        public DbConnection Open()
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly }.ToString());
            connection.Open();
            return connection;
        }
    }

    [Test]
    public void Resolve_WhenNotingTheUseCannotBeWritten_StillAuthenticatesTheKey()
    {
        using var db = new TestDatabase();
        var admin = db.NewOrganization();
        var key = db.Get<ApiKeyService>().Create(admin, admin.OrganizationId, "integration", Role.Entry);
        var readOnly = new ApiKeyService(new ReadOnlyConnections(db.Connections.DatabasePath), db.Get<AuditLog>(), db.Clock, NullLogger<ApiKeyService>.Instance);

        var actor = readOnly.Resolve(key);

        Assert.That(actor?.OrganizationId, Is.EqualTo(admin.OrganizationId));
    }

    [Test]
    public void Resolve_WritesLastUsedAtMostOnceAMinutePerKey()
    {
        using var db = new TestDatabase();
        var admin = db.NewOrganization();
        var service = db.Get<ApiKeyService>();
        var key = service.Create(admin, admin.OrganizationId, "integration", Role.Entry);
        string? LastUsed()
        {
            using var session = db.Connections.Read();
            return session.Connection.ExecuteScalar<string?>("SELECT last_used_at FROM api_keys");
        }

        service.Resolve(key);
        var first = LastUsed();
        db.Clock.Now += TimeSpan.FromSeconds(30);
        service.Resolve(key);
        var afterHalfAMinute = LastUsed();
        db.Clock.Now += TimeSpan.FromSeconds(31);
        service.Resolve(key);

        Assert.That(first, Is.Not.Null);
        Assert.That(afterHalfAMinute, Is.EqualTo(first));
        Assert.That(LastUsed(), Is.Not.EqualTo(first));
    }
}
