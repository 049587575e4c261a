namespace DonorTrack.Tests.Organizations;

public sealed class EmbedOriginsTests
{
    [TestCase("https://example.org", "https://example.org")]
    [TestCase("https://Www.Example.ORG/", "https://www.example.org")]
    [TestCase("https://example.org:443", "https://example.org")]
    [TestCase("https://example.org:8443", "https://example.org:8443")]
    public void Normalize_AcceptsHttpsOrigins_InTheFormBrowsersCompare(string entry, string expected) =>
        Assert.That(EmbedOrigin.Normalize(entry), Is.EqualTo(expected));

    [TestCase("http://example.org")]
    [TestCase("example.org")]
    [TestCase("https://example.org/donate")]
    [TestCase("https://example.org?x=1")]
    [TestCase("https://user:pw@example.org")]
    [TestCase("https://*.example.org")]
    [TestCase("'self'")]
    [TestCase("https://example.org;script-src")]
    public void Normalize_RefusesAnythingElse(string entry) =>
        Assert.That(EmbedOrigin.Normalize(entry), Is.Null);

    [Test]
    public void Validator_NamesTheWrongEntries_OnTheOriginsField()
    {
        var result = new EmbedOriginsInputValidator().Validate(new EmbedOriginsInput { Origins = "https://ok.example.org\nftp://files.example.org" });

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { "Origins" }));
        Assert.That(result.Errors[0].ErrorMessage, Does.Contain("'ftp://files.example.org' is not an https origin"));
    }

    [Test]
    public void Save_KeepsNormalizedDistinctOrigins_AuditsTheChange_AndOnlyAnAdminWithValidInputMaySave()
    {
        using var db = new TestDatabase();
        var admin = db.NewOrganization();
        var service = db.Get<EmbedOriginService>();

        service.Save(admin, new EmbedOriginsInput { Origins = "https://a.example.org, https://A.example.org/\nhttps://b.example.org" });

        Assert.That(service.For(admin.OrganizationId), Is.EqualTo(new[] { "https://a.example.org", "https://b.example.org" }));
        Assert.Throws<ForbiddenException>(() => service.Save(admin with { Role = Role.Treasurer }, new EmbedOriginsInput()));
        Assert.Throws<ValidationException>(() => service.Save(admin, new EmbedOriginsInput { Origins = "http://a.example.org" }));
        Assert.That(service.For(admin.OrganizationId), Has.Count.EqualTo(2), "a refused save changes nothing");
        using var session = DonorTrack.Core.Data.DbSessions.Read(db.Connections);
        var audited = db.Get<DonorTrack.Core.Audit.AuditLog>().List(session, admin.OrganizationId, "organization", admin.OrganizationId, new DonorTrack.Core.Data.PageRequest()).Items;
        Assert.That(audited, Has.Count.EqualTo(1));
        Assert.That(audited[0].AfterJson, Does.Contain("https://b.example.org"));
    }
}
