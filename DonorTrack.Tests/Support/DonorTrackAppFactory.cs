using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace DonorTrack.Tests.Support;

/// <summary>The real web app over a fresh SQLite file in a temp folder, with a test clock.</summary>
public sealed partial class DonorTrackAppFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@example.org";
    public const string Password = "correct-horse-battery";

    public string DataDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "donortrack-web-tests", Guid.NewGuid().ToString("N"));

    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 6, 15, 17, 0, 0, TimeSpan.Zero));

    /// <summary>Leave the data directory behind on dispose, for a second app over the same data (a restart).</summary>
    public bool KeepDataDirectory { get; init; }

    /// <summary>Extra configuration, e.g. <c>DonorTrack:PublicBaseUrl</c>.</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    /// <summary>An extra logger provider, e.g. one that captures what the app logs.</summary>
    public ILoggerProvider? LogCapture { get; init; }

    /// <summary>Where the app's Stripe client sends requests: a <c>FakeStripeServer</c>'s address in payment tests.</summary>
    public string? StripeApiBase { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("data", DataDirectory);
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        if (StripeApiBase is not null)
        {
            builder.UseSetting("Stripe:ApiBase", StripeApiBase);
            builder.UseSetting("Stripe:MaxNetworkRetries", "0");
        }
        builder.UseEnvironment("Production");
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
        if (LogCapture is { } capture)
            builder.ConfigureLogging(logging => logging.AddProvider(capture));
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Donors and gifts recorded through the app's own services.</summary>
    public Seed Seed => new(Services.GetRequiredService, Get<IDbConnectionFactory>());

    /// <summary>First-run setup through the service: organization 1 with an admin; returns the organization id.</summary>
    public long SetUpFirstOrganization(string name = "Frogtown Tenants Union") =>
        Get<AccountService>().SetUp(new SetupInput(name, AdminEmail, "Ada Admin", Password)).OrganizationId;

    public long CreateOrganization(string name) => Get<OrganizationService>().Create(new OrganizationInput { Name = name });

    /// <summary>Adds a user with a role to an organization and returns their email.</summary>
    public string AddUser(long organizationId, Role role, string? email = null)
    {
        email ??= $"{role.Word()}-{Guid.NewGuid():N}@example.org";
        Get<AccountService>().AddUser(Actor.System(organizationId), new AddUserInput(email, role.Word(), Password, role));
        return email;
    }

    public string CreateApiKey(long organizationId, Role role) =>
        Get<ApiKeyService>().Create(Actor.System(organizationId), organizationId, "test", role);

    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public HttpClient Api(string key)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Signs in through the real sign-in form (antiforgery token included) and returns the cookie-carrying client.</summary>
    public async Task<HttpClient> SignedInAs(string email, string password = Password)
    {
        var client = Browser();
        var response = await PostFormAsync(client, "/Account/SignIn", "/Account/SignIn", new() { ["Email"] = email, ["Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in failed: {response.StatusCode}");
        return client;
    }

    /// <summary>GETs the form page for its antiforgery token, then POSTs the fields to the action.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(formPage);
        var token = AntiforgeryToken().Match(page);
        if (!token.Success)
            throw new InvalidOperationException($"No antiforgery token on {formPage}.");
        fields["__RequestVerificationToken"] = token.Groups[1].Value;
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (KeepDataDirectory)
            return;
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder eventually; a pooled handle may outlive the host by a moment.
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
