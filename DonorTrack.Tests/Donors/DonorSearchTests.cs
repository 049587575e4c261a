namespace DonorTrack.Tests.Donors;

/// <summary>Broad searches stop counting at a limit and walk the donors in order; narrow ones sort their matches. Both must list the same donors.</summary>
public sealed class DonorSearchTests
{
    private const int BroadMatches = DonorRepository.SearchCountLimit + 37;

    private TestDatabase _db = null!;
    private Actor _admin = null!;
    private DonorService _donors = null!;

    [OneTimeSetUp]
    public void CreateDonors()
    {
        _db = new TestDatabase();
        _admin = _db.NewOrganization();
        var other = _db.NewOrganization("Lake Street Alliance");
        _donors = _db.Get<DonorService>();
        var repository = _db.Get<DonorRepository>();
        var random = new Random(20261123);
        using var db = _db.Connections.BeginTransaction();
        // Postal codes 55401-55409 for the broad set, so "5540" is broad and "55404" narrow; names shuffled so id order is not name order.
        for (var i = 0; i < BroadMatches; i++)
        {
            var last = $"{(char)('A' + random.Next(26))}{(char)('a' + random.Next(26))}{(char)('a' + random.Next(26))}son";
            repository.Insert(db, _admin.OrganizationId, new DonorInput { FirstName = $"Donor{i}", LastName = last, PostalCode = $"5540{1 + i % 9}", Tags = i % 2 == 0 ? ["even"] : [] }, _db.Clock.Now.AddMinutes(random.Next(100_000)));
        }
        for (var i = 0; i < 300; i++)
            repository.Insert(db, _admin.OrganizationId, new DonorInput { FirstName = $"Elsewhere{i}", LastName = "Quinn", PostalCode = "55104" }, _db.Clock.Now);
        for (var i = 0; i < 1200; i++)
            repository.Insert(db, other.OrganizationId, new DonorInput { FirstName = $"Other{i}", LastName = "Aaberg", PostalCode = "55401" }, _db.Clock.Now);
        db.Commit();
    }

    [OneTimeTearDown]
    public void TearDown() => _db.Dispose();

    // "5540" is a postal-code prefix (answered from the postal-code index); "donor" a name prefix (from the full-text index).
    [TestCase("5540")]
    [TestCase("donor")]
    public void Search_BroadMatch_CountsUpToTheLimitAndSaysSo(string text)
    {
        var found = _donors.Search(_admin, new DonorQuery(text, null, new PageRequest()));

        Assert.That(found.Total, Is.EqualTo(DonorRepository.SearchCountLimit));
        Assert.That(found.TotalIsLowerBound, Is.True);
        Assert.That(found.HasNextPage, Is.True);
        Assert.That(found.Items, Has.Count.EqualTo(PageRequest.DefaultSize));
    }

    [TestCase("5540")]
    [TestCase("donor")]
    public void Search_BroadMatchWithExactTotal_CountsEveryMatchOfThisOrganizationOnly(string text)
    {
        var found = _donors.Search(_admin, new DonorQuery(text, null, new PageRequest(), ExactTotal: true));

        Assert.That(found.Total, Is.EqualTo(BroadMatches));
        Assert.That(found.TotalIsLowerBound, Is.False);
    }

    [Test]
    public void Search_NarrowPostalCode_CountsExactly()
    {
        var found = _donors.Search(_admin, new DonorQuery("55404", null, new PageRequest()));

        Assert.That(found.Total, Is.EqualTo(Enumerable.Range(0, BroadMatches).Count(i => 1 + i % 9 == 4)));
        Assert.That(found.TotalIsLowerBound, Is.False);
    }

    [Test]
    public void Search_NarrowNamePrefix_CountsExactlyAndListsInNameOrder()
    {
        var found = _donors.Search(_admin, new DonorQuery("donor10", null, new PageRequest(1, 500)));

        var expected = Enumerable.Range(0, BroadMatches).Where(i => $"Donor{i}".StartsWith("Donor10", StringComparison.Ordinal)).ToList();
        Assert.That(found.Total, Is.EqualTo(expected.Count));
        Assert.That(found.Items.Select(d => d.FirstName), Is.EquivalentTo(expected.Select(i => $"Donor{i}")));
        Assert.That(found.Items.Select(d => $"{d.LastName}, {d.FirstName}"), Is.Ordered.Using((IComparer<string>)StringComparer.OrdinalIgnoreCase));
    }

    [TestCase("5540", "name")]
    [TestCase("5540", "name_desc")]
    [TestCase("5540", "newest")]
    [TestCase("5540", "oldest")]
    [TestCase("5540", "postal_code")]
    [TestCase("donor", "name")]
    [TestCase("donor", "newest")]
    [TestCase("donor", "postal_code")]
    public void Search_BroadMatchPagedThroughToTheEnd_ListsEveryMatchOnceInTheRequestedOrder(string text, string sort)
    {
        var broad = new List<DonorListItem>();
        Paged<DonorListItem> page;
        var number = 1;
        do
        {
            page = _donors.Search(_admin, new DonorQuery(text, sort, new PageRequest(number++, 200)));
            broad.AddRange(page.Items);
        }
        while (page.HasNextPage);
        // The same donors picked from the unfiltered list of everyone, which is in the requested order.
        var everyone = _donors.Search(_admin, new DonorQuery(null, sort, new PageRequest(1, 500))).Items
            .Concat(_donors.Search(_admin, new DonorQuery(null, sort, new PageRequest(2, 500))).Items)
            .Concat(_donors.Search(_admin, new DonorQuery(null, sort, new PageRequest(3, 500))).Items)
            .Where(d => d.PostalCode!.StartsWith("5540", StringComparison.Ordinal)).Select(d => d.Id).ToList();
        // Every "5540" donor is a "Donor…", and no one else is either.

        Assert.That(broad.Select(d => d.Id), Is.EqualTo(everyone));
        Assert.That(number - 1, Is.EqualTo((BroadMatches + 199) / 200));
    }

    [TestCase("5540")]
    [TestCase("donor")]
    public void Search_BroadMatchWithTag_AppliesTheTagFilter(string text)
    {
        var found = _donors.Search(_admin, new DonorQuery(text, null, new PageRequest(1, 500), Tag: "even", ExactTotal: true));

        Assert.That(found.Total, Is.EqualTo((BroadMatches + 1) / 2));
        Assert.That(found.Items.All(d => int.Parse(d.FirstName!["Donor".Length..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0), Is.True);
    }
}

public sealed class DonorSearchTextTests
{
    [TestCase("554", "554")]
    [TestCase(" 55407-12 ", "55407-12")]
    [TestCase("55407 55408", null)]
    [TestCase("Local 26", null)]
    [TestCase("-554", null)]
    [TestCase("5-5-4", null)]
    [TestCase("", null)]
    public void ToPostalCodePrefix_DigitsAloneAreAPostalCodePrefix(string text, string? expected)
    {
        Assert.That(DonorSearchText.ToPostalCodePrefix(text), Is.EqualTo(expected));
    }

    [TestCase("554", "555")]
    [TestCase("559", "55:")]
    [TestCase("55407-", "55407.")]
    public void NextPrefix_IsTheFirstTextAfterEveryTextWithThePrefix(string prefix, string expected)
    {
        Assert.That(DonorSearchText.NextPrefix(prefix), Is.EqualTo(expected));
        Assert.That(string.CompareOrdinal(prefix + "9999", expected), Is.LessThan(0));
    }
}
