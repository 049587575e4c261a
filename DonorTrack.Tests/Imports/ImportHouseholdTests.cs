using DonorTrack.Core.Households;

namespace DonorTrack.Tests.Imports;

/// <summary>Issue 16: a Household column in a donors/gifts import puts individuals into the household of that name, all or nothing.</summary>
public sealed class ImportHouseholdTests
{
    private TestDatabase _db = null!;
    private Actor _treasurer = null!;
    private ImportService _imports = null!;
    private HouseholdService _households = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _treasurer = _db.NewOrganization(role: Role.Treasurer);
        _imports = _db.Get<ImportService>();
        _households = _db.Get<HouseholdService>();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    private static byte[] File(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    private long Count(string sql)
    {
        using var db = _db.Connections.Read();
        return db.Connection.ExecuteScalar<long>(sql);
    }

    [Test]
    public void HouseholdColumn_PutsNewAndExistingIndividualsIntoTheNamedHousehold_FoundByNameOrCreated()
    {
        var existingHousehold = _households.Create(_treasurer, new HouseholdInput { Name = "Ruiz household" });
        var existingDonor = _db.Seed.Donor(_treasurer, "Luis", "Ruiz", email: "luis@example.org");

        var result = _imports.Commit(_treasurer, "donors.csv", File(
            "First Name,Last Name,Email,Household,Amount,Date,Method",
            "Ana,Ruiz,ana@example.org,ruiz HOUSEHOLD,25,2026-03-01,check",
            "Luis,Ruiz,luis@example.org,Ruiz household,40,2026-03-02,check",
            "Pa,Vang,pa@example.org,Vang family,,,",
            "Mai,Vang,mai@example.org,Vang Family,10,2026-03-03,cash",
            "Ana,Ruiz,ana@example.org,Ruiz household,5,2026-03-04,cash"), new ImportOptions());

        var ana = result.DonorsCreated[0];
        var pa = result.DonorsCreated[1];
        var mai = result.DonorsCreated[2];
        Assert.That(_households.ForDonor(_treasurer, ana)!.HouseholdId, Is.EqualTo(existingHousehold));
        Assert.That(_households.ForDonor(_treasurer, existingDonor)!.HouseholdId, Is.EqualTo(existingHousehold));
        var vang = _households.ForDonor(_treasurer, pa)!;
        Assert.That(vang.Name, Is.EqualTo("Vang family"));
        Assert.That(vang.PrimaryContact, Is.True, "the first member named becomes the primary contact");
        Assert.That(_households.ForDonor(_treasurer, mai)!.HouseholdId, Is.EqualTo(vang.HouseholdId), "the name is matched whatever its case");
        Assert.That(Count("SELECT count(*) FROM households"), Is.EqualTo(2));
        Assert.That(Count("SELECT count(*) FROM household_members"), Is.EqualTo(4));
        Assert.That(result.GiftIds, Has.Count.EqualTo(4));
    }

    [Test]
    public void OrganizationDonorWithAHousehold_IsARowError_AndNothingIsImported()
    {
        var preview = _imports.Preview(_treasurer, "donors.csv", File(
            "First Name,Last Name,Organization Name,Household",
            "Ana,Ruiz,,Ruiz household",
            ",,Frogtown Hardware,Ruiz household"), new ImportOptions());

        Assert.That(preview.Errors.Select(e => (e.Row, e.Column)), Is.EqualTo(new[] { (3, "Household") }));
        Assert.That(preview.Errors[0].Message, Does.Contain("Frogtown Hardware is an organization"));
        Assert.Throws<ImportRefusedException>(() => _imports.Commit(_treasurer, "donors.csv", File(
            "First Name,Last Name,Organization Name,Household",
            "Ana,Ruiz,,Ruiz household",
            ",,Frogtown Hardware,Ruiz household"), new ImportOptions()));
        Assert.That(Count("SELECT count(*) FROM donors") + Count("SELECT count(*) FROM households"), Is.Zero);
    }

    [Test]
    public void DonorAlreadyInAnotherHousehold_RefusesTheWholeImport_NamingTheRow()
    {
        var donor = _db.Seed.Donor(_treasurer, "Luis", "Ruiz", email: "luis@example.org");
        var first = _households.Create(_treasurer, new HouseholdInput { Name = "Ruiz household", MemberDonorIds = [donor] });

        var refused = Assert.Throws<ValidationException>(() => _imports.Commit(_treasurer, "donors.csv", File(
            "First Name,Last Name,Email,Household",
            "Ana,Ruiz,ana@example.org,Garcia household",
            "Luis,Ruiz,luis@example.org,Garcia household"), new ImportOptions()));

        Assert.That(refused!.Errors.Single().ErrorMessage, Does.Contain("row 3").And.Contain("already in the household “Ruiz household”"));
        Assert.That(Count("SELECT count(*) FROM donors"), Is.EqualTo(1), "the new donor of row 2 is not kept");
        Assert.That(Count("SELECT count(*) FROM households"), Is.EqualTo(1), "nor the household created for it");
        Assert.That(_households.ForDonor(_treasurer, donor)!.HouseholdId, Is.EqualTo(first));
        Assert.That(Count("SELECT count(*) FROM imports"), Is.Zero);
    }
}
