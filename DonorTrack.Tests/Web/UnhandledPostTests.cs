namespace DonorTrack.Tests.Web;

/// <summary>A post naming a handler the page does not have changes nothing and is sent back to the page (finding 25).</summary>
public sealed class UnhandledPostTests
{
    private DonorTrackAppFactory _app = null!;
    private HttpClient _browser = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _app = new DonorTrackAppFactory();
        _app.SetUpFirstOrganization();
        _browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _browser.Dispose();
        _app.Dispose();
    }

    // Pages whose forms all name a handler. (A page with a plain OnPost runs it for an unknown handler name: Razor Pages
    // falls back to the unnamed handler, which validates the post like any other.)
    [TestCase("/Email/Templates", "")]
    [TestCase("/Email/ToThank", "")]
    [TestCase("/Admin/Alliance", "")]
    [TestCase("/Admin/ApiKeys", "?handler=NoSuchHandler")]
    public async Task PostNamingNoHandlerOfThePage_IsSentBackToThePage_AndChangesNothing(string page, string query)
    {
        var auditEntries = AuditEntries();

        var response = await DonorTrackAppFactory.PostFormAsync(_browser, page, page + query, new() { ["Name"] = "posted anyway" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo(page));
        Assert.That(AuditEntries(), Is.EqualTo(auditEntries), "nothing was changed");
    }

    private long AuditEntries()
    {
        using var db = _app.Get<IDbConnectionFactory>().Read();
        return Dapper.SqlMapper.ExecuteScalar<long>(db.Connection, "SELECT count(*) FROM audit_entries");
    }
}
