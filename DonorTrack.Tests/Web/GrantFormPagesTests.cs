using Microsoft.Data.Sqlite;

namespace DonorTrack.Tests.Web;

/// <summary>The grant and pledge pages: create, edit, detail, write-off, and the gift form's grant and pledge choice.</summary>
public sealed class GrantFormPagesTests
{
    private DonorTrackAppFactory _app = null!;
    private long _ours;
    private long _foundation;
    private long _person;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _ours = _app.SetUpFirstOrganization();
        var actor = Actor.System(_ours);
        _foundation = _app.Get<DonorService>().Create(actor, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Bush Foundation" });
        _person = _app.Get<DonorService>().Create(actor, new DonorInput { FirstName = "Pa", LastName = "Vang" });
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    private static Dictionary<string, string> GrantFields(long funder, string amount = "100000.01", string starts = "2026-01-01", string ends = "2027-12-31") => new()
    {
        ["Input.FunderDonorId"] = funder.ToString(), ["Input.Name"] = "General support 2026–2027", ["Input.Status"] = "awarded", ["Input.Amount"] = amount,
        ["Input.StartsOn"] = starts, ["Input.EndsOn"] = ends, ["Input.Restriction"] = "general_operating", ["Input.ScheduleKind"] = "equal",
        ["Input.InstallmentCount"] = "3", ["Input.Deadlines[0].DueOn"] = "2026-07-01", ["Input.Deadlines[0].Description"] = "Interim report",
    };

    private long Count(string table)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_app.DataDirectory, "donortrack.db")}");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = $"SELECT count(*) FROM {table}";
        return (long)count.ExecuteScalar()!;
    }

    private static long IdFrom(HttpResponseMessage response) => long.Parse(response.Headers.Location!.ToString().Split('/').Last());

    private long Grant(long amountCents = 24_000_00, int installments = 2, GrantStatus status = GrantStatus.Awarded) =>
        _app.Get<GrantService>().Create(Actor.System(_ours), new GrantInput
        {
            FunderDonorId = _foundation, Name = "Tenant organizing grant", AmountCents = amountCents, StartsOn = new DateOnly(2025, 9, 1),
            EndsOn = new DateOnly(2027, 8, 31), Restriction = GrantRestriction.GeneralOperating, Status = status, InstallmentCount = installments,
            ReportDeadlines = [new(new DateOnly(2026, 7, 1), "Interim narrative report")],
        });

    [Test]
    public async Task CreateGrant_WithEqualInstallments_SpreadsThemOverTheTermWithTheRemainderOnTheLast()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await DonorTrackAppFactory.PostFormAsync(browser, $"/Grants/Create?funderId={_foundation}", "/Grants/Create", GrantFields(_foundation));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var detail = _app.Get<GrantService>().Find(Actor.System(_ours), IdFrom(response))!;
        Assert.That(detail.Installments.Select(i => (i.DueOn, i.AmountCents)), Is.EqualTo(new[]
        {
            (new DateOnly(2026, 1, 1), 33_333_33L), (new DateOnly(2026, 9, 1), 33_333_33L), (new DateOnly(2027, 5, 1), 33_333_35L),
        }));
        Assert.That(detail.Deadlines.Single().Description, Is.EqualTo("Interim report"));
    }

    [Test]
    public async Task CreateGrant_TermEndingBeforeItStarts_ShowsTheMessageAtTheEndDate_AndWritesNothing()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await DonorTrackAppFactory.PostFormAsync(browser, $"/Grants/Create?funderId={_foundation}", "/Grants/Create",
            GrantFields(_foundation, starts: "2026-06-01", ends: "2026-05-31"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.That(page, Does.Match("data-valmsg-for=\"Input.EndsOn\"[^>]*>The term cannot end before it starts."));
        Assert.That(Count("grants") + Count("grant_installments") + Count("grant_report_deadlines"), Is.Zero);
    }

    [Test]
    public async Task CreateGrant_ExplicitScheduleNotAddingUpToTheAward_NamesBothSums_AndWritesNothing()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var fields = GrantFields(_foundation, amount: "30000");
        fields["Input.ScheduleKind"] = "explicit";
        fields["Input.Schedule[0].DueOn"] = "2026-01-15";
        fields["Input.Schedule[0].Amount"] = "10000";
        fields["Input.Schedule[1].DueOn"] = "";
        fields["Input.Schedule[1].Amount"] = "";
        fields["Input.Schedule[2].DueOn"] = "2027-01-15";
        fields["Input.Schedule[2].Amount"] = "15000";

        var response = await DonorTrackAppFactory.PostFormAsync(browser, $"/Grants/Create?funderId={_foundation}", "/Grants/Create", fields);

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page, Does.Match("data-valmsg-for=\"Input.Schedule\"[^>]*>The installments add up to 25000.00; they must add up to the amount awarded of 30000.00."));
        Assert.That(Count("grants") + Count("grant_installments") + Count("grant_report_deadlines"), Is.Zero);
    }

    [Test]
    public async Task CreateGrant_ZeroAmountOnAScheduleRow_PutsTheMessageOnThatRow()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var fields = GrantFields(_foundation, amount: "30000");
        fields["Input.ScheduleKind"] = "explicit";
        fields["Input.Schedule[0].DueOn"] = "2026-01-15";
        fields["Input.Schedule[0].Amount"] = "30000";
        fields["Input.Schedule[1].DueOn"] = "";
        fields["Input.Schedule[1].Amount"] = "";
        fields["Input.Schedule[2].DueOn"] = "2027-01-15";
        fields["Input.Schedule[2].Amount"] = "0";

        var response = await DonorTrackAppFactory.PostFormAsync(browser, $"/Grants/Create?funderId={_foundation}", "/Grants/Create", fields);

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.That(page, Does.Match("name=\"Input.Schedule\\[2\\].Amount\"[^>]*/>\\s*<span class=\"field-error\"[^>]*>Each installment must be more than zero.</span>"));
        Assert.That(Count("grants"), Is.Zero);
    }

    [Test]
    public async Task CreateGrant_NegativeAmount_IsRefusedAtTheAmount()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await DonorTrackAppFactory.PostFormAsync(browser, $"/Grants/Create?funderId={_foundation}", "/Grants/Create",
            GrantFields(_foundation, amount: "-5"));

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.That(page, Does.Match("data-valmsg-for=\"Input.Amount\"[^>]*>[^<]+</span>"));
        Assert.That(Count("grants"), Is.Zero);
    }

    [Test]
    public async Task CreateGrant_FromAnIndividual_NeedsTheConfirmationBox()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var form = await browser.GetStringAsync($"/Grants/Create?funderId={_person}");

        var refused = await DonorTrackAppFactory.PostFormAsync(browser, $"/Grants/Create?funderId={_person}", "/Grants/Create", GrantFields(_person));
        var fields = GrantFields(_person);
        fields["Input.ConfirmIndividualFunder"] = "true";
        var accepted = await DonorTrackAppFactory.PostFormAsync(browser, $"/Grants/Create?funderId={_person}", "/Grants/Create", fields);

        Assert.That(form, Does.Contain("name=\"Input.ConfirmIndividualFunder\""));
        Assert.That(WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), Does.Contain("this funder is an individual. Confirm an individual funder"));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(Count("grants"), Is.EqualTo(1));
    }

    [Test]
    public async Task FunderSearch_ListsOrganizationsApartFromIndividuals()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var page = await browser.GetStringAsync("/Grants/Create?funderSearch=Bush");

        Assert.That(page, Does.Contain($"href=\"/Grants/Create?funderId={_foundation}\">Bush Foundation</a>"));
        Assert.That(page, Does.Not.Contain("individual-matches"));
    }

    [Test]
    public async Task EditGrant_ReplacesTheScheduleAndKeepsThePayments()
    {
        var grant = Grant();
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var fields = GrantFields(_foundation, amount: "24000", starts: "2025-09-01", ends: "2027-08-31");
        fields["Input.ScheduleKind"] = "explicit";
        fields["Input.Schedule[0].DueOn"] = "2025-09-01";
        fields["Input.Schedule[0].Amount"] = "4000";
        fields["Input.Schedule[1].DueOn"] = "2026-09-01";
        fields["Input.Schedule[1].Amount"] = "20000";

        var response = await DonorTrackAppFactory.PostFormAsync(browser, $"/Grants/Edit/{grant}", $"/Grants/Edit/{grant}", fields);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var detail = _app.Get<GrantService>().Find(Actor.System(_ours), grant)!;
        Assert.That(detail.Installments.Select(i => i.AmountCents), Is.EqualTo(new[] { 4_000_00L, 20_000_00L }));
        Assert.That(detail.Grant.Name, Is.EqualTo("General support 2026–2027"));
    }

    [Test]
    public async Task GrantDetails_ShowsOnePaymentAcrossTwoInstallments_AndTheDeadlineToggleIsAudited()
    {
        var grant = Grant();
        var actor = Actor.System(_ours);
        var gift = _app.Get<GiftService>().Record(actor, new GiftInput
        {
            DonorId = _foundation, AmountCents = 15_000_00, ReceivedOn = new DateOnly(2025, 9, 5), Method = GiftMethod.Ach, Category = GiftCategory.Foundation, GrantId = grant,
        });
        var deadline = _app.Get<GrantService>().Find(actor, grant)!.Deadlines.Single().Id;
        var browser = await _app.SignedInAs(_app.AddUser(_ours, Role.Entry));

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"/Grants/Details/{grant}"));
        var toggled = await DonorTrackAppFactory.PostFormAsync(browser, $"/Grants/Details/{grant}", $"/Grants/Details/{grant}?handler=Deadline",
            new() { ["deadlineId"] = deadline.ToString(), ["done"] = "true" });

        Assert.That(page, Does.Match(@"<td>Sep 1, 2025</td><td>\$12,000.00</td>\s*<td>\$12,000.00</td><td>\$0.00</td><td>Paid</td>"));
        Assert.That(page, Does.Match(@"<td>Sep 1, 2026</td><td>\$12,000.00</td>\s*<td>\$3,000.00</td><td>\$9,000.00</td><td>Partly paid</td>"));
        Assert.That(page, Does.Contain($"href=\"/Gifts/Details/{gift}\""));
        Assert.That(toggled.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(_app.Get<GrantService>().Find(actor, grant)!.Deadlines.Single().Done, Is.True);
        Assert.That(_app.Get<GrantService>().History(actor, grant).Select(e => e.Action), Does.Contain("report_done"));
    }

    [Test]
    public async Task GrantPages_AnotherOrganizationsGrant_AnswerNotFound()
    {
        var theirs = _app.CreateOrganization("Other Union");
        var theirFunder = _app.Get<DonorService>().Create(Actor.System(theirs), new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Their Fund" });
        var theirGrant = _app.Get<GrantService>().Create(Actor.System(theirs), new GrantInput
        {
            FunderDonorId = theirFunder, Name = "Theirs", AmountCents = 100_00, StartsOn = new DateOnly(2026, 1, 1), EndsOn = new DateOnly(2026, 12, 31),
            Restriction = GrantRestriction.GeneralOperating, Status = GrantStatus.Awarded,
        });
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        Assert.That((await browser.GetAsync($"/Grants/Details/{theirGrant}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await browser.GetAsync($"/Grants/Edit/{theirGrant}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task GrantCreate_ForDataEntry_IsDenied()
    {
        var browser = await _app.SignedInAs(_app.AddUser(_ours, Role.Entry));

        var response = await browser.GetAsync("/Grants/Create");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Does.Contain("/Account/Denied"));
    }

    [Test]
    public async Task GiftForm_OffersTheFundersOpenGrant_AndRefusesAnOverpaymentNamingTheBalance()
    {
        var grant = Grant();
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var form = await browser.GetStringAsync($"/Gifts/Create?donorId={_foundation}&grantId={grant}");
        var gifts = Count("gifts");

        var response = await DonorTrackAppFactory.PostFormAsync(browser, $"/Gifts/Create?donorId={_foundation}", "/Gifts/Create", new()
        {
            ["Input.DonorId"] = _foundation.ToString(), ["Input.Amount"] = "24000.01", ["Input.ReceivedOn"] = "2026-06-01", ["Input.Method"] = "check",
            ["Input.Category"] = "foundation", ["Input.GrantId"] = grant.ToString(),
        });

        Assert.That(form, Does.Contain($"<option value=\"{grant}\" selected=\"selected\">Tenant organizing grant (open $24,000.00)</option>"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()),
            Does.Match("data-valmsg-for=\"Input.Amount\"[^>]*>This payment is more than the grant's open balance of 24000.00."));
        Assert.That(Count("gifts"), Is.EqualTo(gifts));
    }

    [Test]
    public async Task GiftForm_PaymentOnAPledge_IsLinkedAndTheGiftLinksBack()
    {
        var pledge = _app.Get<PledgeService>().Create(Actor.System(_ours), new PledgeInput
        {
            DonorId = _person, AmountCents = 600_00, PledgedOn = new DateOnly(2026, 6, 1), Category = GiftCategory.Individual, InstallmentCount = 3, IntervalMonths = 1,
        });
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await DonorTrackAppFactory.PostFormAsync(browser, $"/Gifts/Create?donorId={_person}", "/Gifts/Create", new()
        {
            ["Input.DonorId"] = _person.ToString(), ["Input.Amount"] = "200", ["Input.ReceivedOn"] = "2026-06-10", ["Input.Method"] = "check",
            ["Input.Category"] = "individual", ["Input.PledgeId"] = pledge.ToString(),
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var giftPage = await browser.GetStringAsync(response.Headers.Location!.ToString());
        Assert.That(giftPage, Does.Contain($"href=\"/Grants/Pledges/Details/{pledge}\""));
        Assert.That(_app.Get<PledgeService>().Find(Actor.System(_ours), pledge)!.PaidCents, Is.EqualTo(200_00));
    }

    [Test]
    public async Task CreatePledge_InThreeInstallments_IsRecorded()
    {
        var browser = await _app.SignedInAs(_app.AddUser(_ours, Role.Entry));

        var response = await DonorTrackAppFactory.PostFormAsync(browser, $"/Grants/Pledges/Create?donorId={_person}", "/Grants/Pledges/Create", new()
        {
            ["Input.DonorId"] = _person.ToString(), ["Input.Amount"] = "1000", ["Input.PledgedOn"] = "2026-06-01", ["Input.Category"] = "individual",
            ["Input.FirstDueOn"] = "2026-07-01", ["Input.InstallmentCount"] = "3", ["Input.IntervalMonths"] = "1",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var detail = _app.Get<PledgeService>().Find(Actor.System(_ours), IdFrom(response))!;
        Assert.That(detail.Installments.Select(i => (i.DueOn, i.AmountCents)), Is.EqualTo(new[]
        {
            (new DateOnly(2026, 7, 1), 333_33L), (new DateOnly(2026, 8, 1), 333_33L), (new DateOnly(2026, 9, 1), 333_34L),
        }));
    }

    [Test]
    public async Task CreatePledge_ZeroAmount_ShowsTheMessage_AndWritesNothing()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await DonorTrackAppFactory.PostFormAsync(browser, $"/Grants/Pledges/Create?donorId={_person}", "/Grants/Pledges/Create", new()
        {
            ["Input.DonorId"] = _person.ToString(), ["Input.Amount"] = "0", ["Input.PledgedOn"] = "2026-06-01", ["Input.Category"] = "individual",
            ["Input.InstallmentCount"] = "1", ["Input.IntervalMonths"] = "1",
        });

        Assert.That(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()),
            Does.Match("data-valmsg-for=\"Input.Amount\"[^>]*>The pledged amount must be more than zero."));
        Assert.That(Count("pledges") + Count("pledge_installments"), Is.Zero);
    }

    [Test]
    public async Task PledgeWriteOff_LargerThanTheBalance_IsRefusedAtTheAmount_AndAValidOneIsKeptInHistory()
    {
        var actor = Actor.System(_ours);
        var pledge = _app.Get<PledgeService>().Create(actor, new PledgeInput
        {
            DonorId = _person, AmountCents = 600_00, PledgedOn = new DateOnly(2026, 6, 1), Category = GiftCategory.Individual, InstallmentCount = 3, IntervalMonths = 1,
        });
        _app.Get<GiftService>().Record(actor, new GiftInput
        {
            DonorId = _person, AmountCents = 200_00, ReceivedOn = new DateOnly(2026, 6, 2), Method = GiftMethod.Check, Category = GiftCategory.Individual, PledgeId = pledge,
        });
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var url = $"/Grants/Pledges/Details/{pledge}";

        var refused = await DonorTrackAppFactory.PostFormAsync(browser, url, $"{url}?handler=WriteOff", new() { ["WriteOffAmount"] = "400.01", ["WriteOffReason"] = "Moved away", ["Confirmed"] = "true" });
        var writtenOffAfterRefusal = Count("pledge_write_offs");
        var accepted = await DonorTrackAppFactory.PostFormAsync(browser, url, $"{url}?handler=WriteOff", new() { ["WriteOffAmount"] = "", ["WriteOffReason"] = "Moved away", ["Confirmed"] = "true" });
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync(url));

        Assert.That(WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()),
            Does.Match("data-valmsg-for=\"WriteOffAmount\"[^>]*>The pledge's unpaid balance is 400.00; a write-off cannot be larger."));
        Assert.That(writtenOffAfterRefusal, Is.Zero);
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(page, Does.Contain("<td>$400.00</td><td>Moved away</td>"));
        Assert.That(page, Does.Contain("Written off</dd>").Or.Contain("id=\"pledge-balance\">$0.00"));
    }

    [Test]
    public async Task PledgeWriteOff_WithoutAReason_IsRefusedAtTheReason()
    {
        var pledge = _app.Get<PledgeService>().Create(Actor.System(_ours), new PledgeInput
        {
            DonorId = _person, AmountCents = 600_00, PledgedOn = new DateOnly(2026, 6, 1), Category = GiftCategory.Individual, InstallmentCount = 1, IntervalMonths = 1,
        });
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var url = $"/Grants/Pledges/Details/{pledge}";

        var refused = await DonorTrackAppFactory.PostFormAsync(browser, url, $"{url}?handler=WriteOff", new() { ["WriteOffAmount"] = "100", ["WriteOffReason"] = " ", ["Confirmed"] = "true" });

        Assert.That(WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), Does.Match("data-valmsg-for=\"WriteOffReason\"[^>]*>Say why the balance is written off"));
        Assert.That(Count("pledge_write_offs"), Is.Zero);
    }

    [Test]
    public async Task ReceivablesPage_DrawsASegmentPerSourceAndMonth_AndLeavesWrittenOffBalancesOut()
    {
        var actor = Actor.System(_ours);
        Grant(); // 24,000 in two yearly installments from Sep 1, 2025: 12,000 still open on Sep 1, 2026
        var pledge = _app.Get<PledgeService>().Create(actor, new PledgeInput
        {
            DonorId = _person, AmountCents = 600_00, PledgedOn = new DateOnly(2026, 6, 1), Category = GiftCategory.Individual,
            FirstDueOn = new DateOnly(2026, 7, 1), InstallmentCount = 3, IntervalMonths = 1,
        });
        _app.Get<PledgeService>().WriteOff(actor, pledge, new PledgeWriteOffInput(200_00, "Moved away"));
        var browser = await _app.SignedInAs(_app.AddUser(_ours, Role.Viewer));

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/Grants/Receivables"));
        var csv = await browser.GetStringAsync("/Grants/Receivables?handler=Csv");

        Assert.That(page, Does.Contain("<title>September 2026, Grants: $12,000.00</title>"));
        Assert.That(page, Does.Contain("<title>July 2026, Pledges: $200.00</title>"));
        Assert.That(page, Does.Contain("<title>August 2026, Pledges: $200.00</title>"));
        Assert.That(page, Does.Not.Contain("September 2026, Pledges"));
        Assert.That(page, Does.Match("y=\"10\" width=\"[0-9.]+\" height=\"210\" fill=\"#2f6f9f\"><title>September 2026"), "the tallest month fills the plot");
        Assert.That(page, Does.Contain("<th scope=\"row\">Total</th><td>$12,000.00</td><td>$400.00</td>"));
        Assert.That(page, Does.Not.Match("<script(?![^>]*\\bsrc=)"));
        Assert.That(csv, Does.Contain("2026-09,12000.00,0.00,"));
    }
}
