namespace DonorTrack.Tests.Audit;

/// <summary>The audit log's readable diff: only what changed, labelled for people, from the snapshots the log really stores.</summary>
public sealed class AuditChangesTests
{
    [Test]
    public void Update_KeepsOnlyTheChangedFields_WithLabelsDollarsAndWordLabels()
    {
        var changes = AuditChanges.Of(
            """{"id":7,"amountCents":5000,"category":"individual","notes":null,"fundId":null,"receivedOn":"2026-03-01"}""",
            """{"id":7,"amountCents":6050,"category":"membership_dues","notes":null,"fundId":3,"receivedOn":"2026-03-01"}""");

        Assert.That(changes.Select(c => (c.Field, c.Label, c.Before, c.After)), Is.EqualTo(new (string, string, string?, string?)[]
        {
            ("amountCents", "Amount", "50.00", "60.50"),
            ("category", "Category", "Individual", "Membership dues"),
            ("fundId", "Fund id", null, "3"),
        }));
    }

    [Test]
    public void Creation_ListsTheFieldsThatWereSet_AndLeavesOutTheEmptyOnes()
    {
        var changes = AuditChanges.Of(null, """{"name":"Rent relief","restricted":true,"description":null,"tags":[]}""");

        Assert.That(changes.Select(c => (c.Label, c.Before, c.After)), Is.EqualTo(new (string, string?, string?)[]
        {
            ("Name", null, "Rent relief"),
            ("Restricted", null, "yes"),
        }));
    }

    [Test]
    public void NestedListsAndRemovedFields_ReadAsText()
    {
        var changes = AuditChanges.Of(
            """{"softCredits":[{"donorId":4,"kind":"in_honor","note":null}],"checkNumber":"1043"}""",
            """{"softCredits":[]}""");

        Assert.That(changes.Select(c => (c.Label, c.Before, c.After)), Is.EqualTo(new (string, string?, string?)[]
        {
            ("Soft credits", "donor id 4, kind In honor of", null),
            ("Check number", "1043", null),
        }));
    }

    [Test]
    public void SnapshotsThatAreNotJsonObjects_AreComparedWhole()
    {
        Assert.That(AuditChanges.Of("\"old text\"", "\"new text\"").Single(), Is.EqualTo(new AuditFieldChange("", "Value", "old text", "new text")));
        Assert.That(AuditChanges.Of("not json", "not json"), Is.Empty);
    }

    [Test]
    public void GiftEditEntry_AsTheLogStoresIt_ShowsExactlyTheFieldsTheEditChanged()
    {
        using var db = new TestDatabase();
        var admin = db.NewOrganization();
        var gift = db.Seed.Gift(admin, db.Seed.Donor(admin), 5_000);
        var gifts = db.Get<GiftService>();

        gifts.Edit(admin, gift, GiftEditInput.From(gifts.Find(admin, gift)!) with { Category = GiftCategory.Events, ReceivedOn = new DateOnly(2026, 2, 27) });

        using var read = db.Connections.Read();
        var entry = db.Get<AuditLog>().List(read, admin.OrganizationId, "gift", gift, new PageRequest(1, 10)).Items.First();
        Assert.That(entry.Action, Is.EqualTo("edit"));
        Assert.That(AuditChanges.Of(entry).Select(c => (c.Field, c.Before, c.After)), Is.EquivalentTo(new (string, string?, string?)[]
        {
            ("category", "Individual", "Events"),
            ("receivedOn", "2026-03-01", "2026-02-27"),
        }));
    }
}
