using DonorTrack.Core;
using Microsoft.Extensions.DependencyInjection;

namespace DonorTrack.Tests.Support;

/// <summary>A real, migrated SQLite file in a temporary folder, with Core's services over it and a controllable clock.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly ServiceProvider _services;

    public TestDatabase(DateTimeOffset? now = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "donortrack-tests", Guid.NewGuid().ToString("N"));
        Connections = SqliteConnectionFactory.InDirectory(Directory);
        Clock = new TestClock(now ?? new DateTimeOffset(2026, 6, 15, 17, 0, 0, TimeSpan.Zero));
        _services = new ServiceCollection()
            .AddSingleton<TimeProvider>(Clock)
            .AddDonorTrackCore(Connections)
            .BuildServiceProvider();
        Connections.EnableWriteAheadLog();
        Get<DatabaseMigrator>().Migrate();
    }

    public string Directory { get; }

    public SqliteConnectionFactory Connections { get; }

    public TestClock Clock { get; }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Donors and gifts recorded through the real services.</summary>
    public Seed Seed => new(_services.GetRequiredService, Connections);

    /// <summary>Creates an organization and returns an actor with the given role in it.</summary>
    public Actor NewOrganization(string name = "Frogtown Tenants Union", Role role = Role.Admin)
    {
        var id = Get<OrganizationService>().Create(new OrganizationInput { Name = name, Timezone = "America/Chicago" });
        return new Actor(id, null, $"{role.Word()} of {name}", role);
    }

    public void Dispose()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may outlive the test by a moment; the temp folder is cleaned by the OS later.
        }
    }
}

/// <summary>A clock tests move by hand.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
