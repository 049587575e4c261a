namespace DonorTrack.Tests.Donors;

public sealed class DonorRepositoryTests
{
    private TestDatabase _db = null!;
    private Actor _admin = null!;
    private DonorService _donors = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _admin = _db.NewOrganization();
        _donors = _db.Get<DonorService>();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [TestCase("Nguyễn Thị", "Minh Khai")]
    [TestCase("محمد", "الأحمد")]
    [TestCase("小明", "王")]
    [TestCase("Zoë", "Ó Briain-Łukasz")]
    public void Create_NamesInAnyScript_RoundTripExactly(string firstName, string lastName)
    {
        var id = _donors.Create(_admin, new DonorInput { FirstName = firstName, LastName = lastName, Tags = ["季刊", "volunteer"] });

        var donor = _donors.Find(_admin, id)!;

        Assert.That(donor.FirstName, Is.EqualTo(firstName));
        Assert.That(donor.LastName, Is.EqualTo(lastName));
        Assert.That(donor.Tags, Is.EquivalentTo(new[] { "季刊", "volunteer" }));
        Assert.That(donor.CreatedAt, Is.EqualTo(_db.Clock.Now));
    }

    [Test]
    public void Search_ByNameWithoutDiacritics_FindsVietnameseName()
    {
        var id = _donors.Create(_admin, new DonorInput { FirstName = "Thị Minh", LastName = "Nguyễn" });
        _donors.Create(_admin, new DonorInput { FirstName = "Maria", LastName = "Lopez" });

        var found = _donors.Search(_admin, new DonorQuery("nguyen", null, new PageRequest()));

        Assert.That(found.Items.Select(d => d.Id), Is.EqualTo(new[] { id }));
    }

    [Test]
    public void Search_ByEmailPrefixAndPostalCode_FindsDonor()
    {
        var id = _donors.Create(_admin, new DonorInput { FirstName = "Ayaan", LastName = "Farah", Email = "ayaan.farah@example.org", PostalCode = "55104" });
        _donors.Create(_admin, new DonorInput { FirstName = "Ayla", LastName = "Brook", Email = "ayla@example.net", PostalCode = "55408" });

        Assert.That(_donors.Search(_admin, new DonorQuery("ayaan.far", null, new PageRequest())).Items.Select(d => d.Id), Is.EqualTo(new[] { id }));
        Assert.That(_donors.Search(_admin, new DonorQuery("55104", null, new PageRequest())).Items.Select(d => d.Id), Is.EqualTo(new[] { id }));
    }

    [Test]
    public void Search_AnotherOrganizationsDonor_IsNeverReturned()
    {
        var other = _db.NewOrganization("Phillips Community Garden");
        _donors.Create(other, new DonorInput { FirstName = "Hidden", LastName = "Person" });

        var found = _donors.Search(_admin, new DonorQuery("hidden", null, new PageRequest()));

        Assert.That(found.Total, Is.Zero);
        Assert.That(_donors.Find(_admin, _donors.Create(other, new DonorInput { LastName = "Also" })), Is.Null);
    }

    [Test]
    public void Search_SortedByNameWithPaging_ReturnsPagesInOrder()
    {
        foreach (var last in new[] { "Cruz", "Abebe", "Baker", "Diallo", "Evans" })
            _donors.Create(_admin, new DonorInput { FirstName = "A", LastName = last });

        var second = _donors.Search(_admin, new DonorQuery(null, "name", new PageRequest(2, 2)));

        Assert.That(second.Items.Select(d => d.LastName), Is.EqualTo(new[] { "Cruz", "Diallo" }));
        Assert.That(second.Total, Is.EqualTo(5));
        Assert.That(second.PageCount, Is.EqualTo(3));
    }

    [Test]
    public void Update_ChangesNameAndSearchIndex_AndWritesAuditEntry()
    {
        var id = _donors.Create(_admin, new DonorInput { FirstName = "Old", LastName = "Name" });

        _donors.Update(_admin, id, new DonorInput { FirstName = "Fresh", LastName = "Name" });

        Assert.That(_donors.Search(_admin, new DonorQuery("old", null, new PageRequest())).Total, Is.Zero);
        Assert.That(_donors.Search(_admin, new DonorQuery("fresh", null, new PageRequest())).Total, Is.EqualTo(1));
        var audit = _db.Get<DonorTrack.Core.Audit.AuditLog>().List(_db.Connections.Read(), _admin.OrganizationId, "donor", id, new PageRequest());
        Assert.That(audit.Items.Select(a => a.Action), Is.EqualTo(new[] { "update", "create" }));
        Assert.That(audit.Items[0].BeforeJson, Does.Contain("Old"));
        Assert.That(audit.Items[0].AfterJson, Does.Contain("Fresh"));
    }

    [Test]
    public void Create_InvalidEmail_IsRefusedAndNothingIsWritten()
    {
        var error = Assert.Throws<ValidationException>(() => _donors.Create(_admin, new DonorInput { FirstName = "A", Email = "not-an-email" }))!;

        Assert.That(error.Errors.Single().PropertyName, Is.EqualTo("Email"));
        Assert.That(_donors.Search(_admin, new DonorQuery(null, null, new PageRequest())).Total, Is.Zero);
    }

    [Test]
    public void Create_AsViewer_IsForbidden()
    {
        Assert.Throws<ForbiddenException>(() => _donors.Create(_admin with { Role = Role.Viewer }, new DonorInput { FirstName = "A" }));
    }
}
