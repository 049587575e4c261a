using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace DonorTrack.Tests.Audit;

public sealed class AuditSnapshotTests
{
    private sealed record WithFrameworkObject(string Name, CultureInfo Culture, TimeZoneInfo Zone, Stream? Body);

    // Every record the application defines may end up in an audit entry one day: each must snapshot without walking into
    // a cycle or throwing, whatever its members are. Uninitialized instances stand in for real ones (members at defaults).
    [Test]
    public void EveryRecordTypeOfTheApplication_Snapshots_WithoutError()
    {
        var records = new[] { typeof(Organization).Assembly, typeof(Program).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && !typeof(Exception).IsAssignableFrom(type)
                && type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null)
            .ToList();
        Assert.That(records, Has.Count.GreaterThan(50));
        Assert.Multiple(() =>
        {
            foreach (var type in records)
                Assert.That(() => JsonDocument.Parse(AuditSnapshot.Serialize(RuntimeHelpers.GetUninitializedObject(type))!), Throws.Nothing, type.FullName);
        });
    }

    [Test]
    public void Organization_Snapshot_KeepsItsStateAndLeavesOutTheComputedCulture()
    {
        using var db = new TestDatabase();
        var actor = db.NewOrganization("Frogtown Tenants Union");
        var organization = db.Get<OrganizationService>().Find(actor.OrganizationId)!;

        var json = JsonDocument.Parse(AuditSnapshot.Serialize(organization)!).RootElement;

        Assert.That(json.GetProperty("name").GetString(), Is.EqualTo("Frogtown Tenants Union"));
        Assert.That(json.TryGetProperty("cultureInfo", out _), Is.False);
        Assert.That(json.TryGetProperty("addressOneLine", out _), Is.False);
    }

    [Test]
    public void FrameworkObjectMembers_AreLeftOutAndNamed_NotWalked()
    {
        var json = AuditSnapshot.Serialize(new WithFrameworkObject("x", CultureInfo.GetCultureInfo("en-US"), TimeZoneInfo.Utc, null))!;

        Assert.That(json, Is.EqualTo("""{"name":"x"}"""));
        Assert.That(AuditSnapshot.OmittedMembers(typeof(WithFrameworkObject)), Is.EquivalentTo(new[] { "Culture", "Zone", "Body" }));
    }

    [Test]
    public void AnonymousStateWithCollections_IsWrittenAsItIs()
    {
        var json = AuditSnapshot.Serialize(new { role = "admin", tags = new[] { "a", "b" }, on = new DateOnly(2026, 1, 2), nested = new { cents = 5L } });

        Assert.That(json, Is.EqualTo("""{"role":"admin","tags":["a","b"],"on":"2026-01-02","nested":{"cents":5}}"""));
    }

    [Test]
    public void StateHeldAsObject_IsWrittenByItsRuntimeType_AndAFrameworkObjectThereIsStillNotWalked()
    {
        object campaign = new { name = "Spring match", poolCents = 100_000L };
        object culture = CultureInfo.GetCultureInfo("en-US");

        var json = JsonDocument.Parse(AuditSnapshot.Serialize(new { campaign, culture })!).RootElement;

        Assert.That(json.GetProperty("campaign").GetProperty("name").GetString(), Is.EqualTo("Spring match"));
        Assert.That(json.GetProperty("culture").GetRawText(), Is.EqualTo("{}"));
    }

    [Test]
    public void OrganizationUpdate_IsAudited_WithBeforeAndAfter()
    {
        using var db = new TestDatabase();
        var actor = db.NewOrganization("Frogtown Tenants Union");
        var service = db.Get<OrganizationService>();

        service.Update(actor, OrganizationInput.From(service.Find(actor.OrganizationId)!) with { Name = "Frogtown Renters", Ein = "12-3456789" });

        using var session = db.Connections.Read();
        var entry = db.Get<AuditLog>().List(session, actor.OrganizationId, "organization", actor.OrganizationId, new PageRequest(1, 10)).Items.Single();
        Assert.That(JsonDocument.Parse(entry.BeforeJson!).RootElement.GetProperty("name").GetString(), Is.EqualTo("Frogtown Tenants Union"));
        Assert.That(JsonDocument.Parse(entry.AfterJson!).RootElement.GetProperty("ein").GetString(), Is.EqualTo("12-3456789"));
    }
}

public sealed class OrganizationSettingsPageTests
{
    [Test]
    public async Task SavingTheOrganizationForm_ChangesNameEinAndAddress()
    {
        using var app = new DonorTrackAppFactory();
        var organizationId = app.SetUpFirstOrganization();
        var client = await app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await DonorTrackAppFactory.PostFormAsync(client, "/Admin/Organization", "/Admin/Organization", new()
        {
            ["Input.Name"] = "Frogtown Renters Union", ["Input.LegalName"] = "Frogtown Renters Union Inc.", ["Input.LegalStatus"] = "501c3",
            ["Input.Ein"] = "12-3456789", ["Input.AddressLine1"] = "1 Main St", ["Input.City"] = "Saint Paul", ["Input.Region"] = "MN",
            ["Input.PostalCode"] = "55104", ["Input.Country"] = "US", ["Input.Timezone"] = "America/Chicago", ["Input.Currency"] = "USD",
            ["Input.FiscalYearStartMonth"] = "7", ["Input.Scale"] = "local", ["Input.SelfTerm"] = "organization",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var saved = app.Get<OrganizationService>().Find(organizationId)!;
        Assert.That((saved.Name, saved.Ein, saved.AddressLine1, saved.FiscalYearStartMonth), Is.EqualTo(("Frogtown Renters Union", "12-3456789", "1 Main St", 7L)));
        Assert.That(await client.GetStringAsync("/Admin/Organization"), Does.Contain("Frogtown Renters Union Inc."));
    }
}
