using System.Text.RegularExpressions;

namespace DonorTrack.Tests.Web;

/// <summary>The audit log page: changed fields only, filters by record and by person, and paging that keeps the filters.</summary>
public sealed class AuditPageTests
{
    private DonorTrackAppFactory _app = null!;
    private long _organization;
    private long _donor;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _organization = _app.SetUpFirstOrganization();
        _donor = _app.Get<DonorService>().Create(Actor.System(_organization, "Mai Xiong"), new DonorInput { FirstName = "Tou", LastName = "Vang" });
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    [Test]
    public async Task GiftEdit_ShowsOnlyTheChangedFieldsBeforeAndAfter()
    {
        var treasurer = Actor.System(_organization, "Dana Whitfield");
        var gift = Gift(treasurer, 5_000);
        _app.Get<GiftService>().Edit(treasurer, gift, GiftEditInput.From(_app.Get<GiftService>().Find(treasurer, gift)!) with { Category = GiftCategory.Events });
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"/Admin/Audit?entityType=gift&entityId={gift}"));

        var rows = EntryRows(page);
        Assert.That(rows, Has.Count.EqualTo(2), "the gift's creation and its edit");
        var edit = rows[0];
        Assert.That(edit, Does.Contain(">Edit<"));
        Assert.That(Regex.Matches(edit, "<tr data-field=\"(\\w+)\"").Select(m => m.Groups[1].Value), Is.EqualTo(new[] { "category" }));
        Assert.That(edit, Does.Match("<th scope=\"row\">Category</th><td>Individual</td><td>Events</td>"));
        Assert.That(page, Does.Not.Contain("{\"").And.Not.Contain("<pre class=\"json\">"), "no raw JSON");
    }

    [Test]
    public async Task FilterByPerson_ShowsOnlyTheirChanges_AndOffersEveryoneWhoChangedSomething()
    {
        Gift(Actor.System(_organization, "Dana Whitfield"), 5_000);
        Gift(Actor.System(_organization, "Dana Whitfield"), 6_000);
        Gift(Actor.System(_organization, "Mai Xiong"), 7_000);
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var all = WebUtility.HtmlDecode(await browser.GetStringAsync("/Admin/Audit"));
        var dana = WebUtility.HtmlDecode(await browser.GetStringAsync("/Admin/Audit?person=Dana+Whitfield"));
        var danaGifts = WebUtility.HtmlDecode(await browser.GetStringAsync("/Admin/Audit?person=Dana+Whitfield&entityType=gift"));

        Assert.That(all, Does.Contain("<option value=\"Dana Whitfield\">").And.Contain("<option value=\"Mai Xiong\">"));
        Assert.That(EntryRows(dana), Has.Count.EqualTo(2));
        Assert.That(EntryRows(dana).All(r => r.Contains("<td>Dana Whitfield</td>", StringComparison.Ordinal)), Is.True);
        Assert.That(dana, Does.Contain("<option value=\"Dana Whitfield\" selected=\"selected\">"));
        Assert.That(EntryRows(danaGifts), Has.Count.EqualTo(2));
        Assert.That(EntryRows(all).Count(r => r.Contains("<td>Mai Xiong</td>", StringComparison.Ordinal)), Is.EqualTo(2), "the donor's creation and a gift");
    }

    [Test]
    public async Task Paging_FiftyAPage_TheOlderLinkKeepsTheFilters()
    {
        var dana = Actor.System(_organization, "Dana Whitfield");
        for (var i = 0; i < 55; i++)
            Gift(dana, 1_000 + i);
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var first = WebUtility.HtmlDecode(await browser.GetStringAsync("/Admin/Audit?person=Dana+Whitfield"));
        var older = Regex.Match(first, "id=\"audit-older\" href=\"([^\"]+)\"").Groups[1].Value;
        var second = WebUtility.HtmlDecode(await browser.GetStringAsync("/Admin/Audit" + older));

        Assert.That(EntryRows(first), Has.Count.EqualTo(50));
        Assert.That(older, Does.Contain("person=Dana%20Whitfield").And.Contain("p=2"));
        Assert.That(EntryRows(second), Has.Count.EqualTo(5));
        Assert.That(second, Does.Contain("Page 2 of 2"));
    }

    private long Gift(Actor actor, long cents) => _app.Get<GiftService>().Record(actor, new GiftInput
    {
        DonorId = _donor, AmountCents = cents, ReceivedOn = new DateOnly(2026, 6, 1), Method = GiftMethod.Check, Category = GiftCategory.Individual,
    });

    /// <summary>Each audit entry's row with its changes, up to where the next entry starts.</summary>
    private static List<string> EntryRows(string page) => page.Split("<tr data-entry-id=\"").Skip(1).ToList();
}
