namespace DonorTrack.Tests.Support;

/// <summary>
/// One running app per test class. Each test works in organizations of its own (the app's tenancy boundary), so tests
/// stay independent without paying for a new host, database and migrations every time.
/// </summary>
public abstract class ApiFixture
{
    private readonly List<HttpClient> _clients = [];

    protected DonorTrackAppFactory App { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartApp()
    {
        App = new DonorTrackAppFactory();
        App.SetUpFirstOrganization();
    }

    [OneTimeTearDown]
    public void StopApp()
    {
        foreach (var client in _clients)
            client.Dispose();
        App.Dispose();
    }

    /// <summary>A new organization of this test's own (a short suffix keeps its name and slug unique in the shared app).</summary>
    protected long NewOrganization(string name = "Frogtown Tenants Union") => App.CreateOrganization($"{name} {Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>An API client holding a key with the given role in the organization; disposed with the app.</summary>
    protected HttpClient ApiFor(long organizationId, Role role = Role.Admin)
    {
        var client = App.Api(App.CreateApiKey(organizationId, role));
        _clients.Add(client);
        return client;
    }
}
