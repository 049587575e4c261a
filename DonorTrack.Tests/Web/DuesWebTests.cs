namespace DonorTrack.Tests.Web;

public sealed class DuesWebTests
{
    private DonorTrackAppFactory _app = null!;
    private long _ours;
    private long _theirs;
    private HttpClient _api = null!;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _ours = _app.SetUpFirstOrganization();
        _theirs = _app.CreateOrganization("Somali Mothers Network");
        _api = _app.Api(_app.CreateApiKey(_ours, Role.Admin));
    }

    [TearDown]
    public void TearDown()
    {
        _api.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task Api_PlanEnrolAndDuesGift_AnswerWithTheContractFields()
    {
        var donor = _app.Get<DonorService>().Create(Actor.System(_ours), new DonorInput { FirstName = "Xee", LastName = "Yang" });

        var planResponse = await _api.PostAsJsonAsync("/api/v1/membership-plans", new
        {
            name = "Monthly members", memberKind = "individual", interval = "month", amountCents = 1000, graceDays = 15,
            benefitsDescription = "Newsletter", benefitValueCents = 0,
        });
        Assert.That(planResponse.StatusCode, Is.EqualTo(HttpStatusCode.Created), await planResponse.Content.ReadAsStringAsync());
        var plan = await planResponse.Content.ReadFromJsonAsync<JsonElement>();
        var enrolResponse = await _api.PostAsJsonAsync("/api/v1/memberships", new { donorId = donor, planId = plan.GetProperty("id").GetInt64(), startsOn = "2026-06-01" });
        Assert.That(enrolResponse.StatusCode, Is.EqualTo(HttpStatusCode.Created), await enrolResponse.Content.ReadAsStringAsync());
        var membershipId = (await enrolResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var gift = await _api.PostAsJsonAsync("/api/v1/gifts", new
        {
            donorId = donor, amountCents = 2500, receivedOn = "2026-06-01", method = "card", category = "membership_dues", membershipId,
        });
        Assert.That(gift.StatusCode, Is.EqualTo(HttpStatusCode.Created), await gift.Content.ReadAsStringAsync());

        var membership = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/memberships/{membershipId}");

        Assert.That(plan.GetProperty("interval").GetString(), Is.EqualTo("month"));
        Assert.That(plan.GetProperty("memberKind").GetString(), Is.EqualTo("individual"));
        Assert.That(plan.GetProperty("amountCents").GetInt64(), Is.EqualTo(1000));
        Assert.That(plan.GetProperty("graceDays").GetInt32(), Is.EqualTo(15));
        Assert.That(membership.GetProperty("donorId").GetInt64(), Is.EqualTo(donor));
        Assert.That(membership.GetProperty("startsOn").GetString(), Is.EqualTo("2026-06-01"));
        Assert.That(membership.GetProperty("paidThrough").GetString(), Is.EqualTo("2026-08-01"));
        Assert.That(membership.GetProperty("creditCents").GetInt64(), Is.EqualTo(500));
        Assert.That(membership.GetProperty("status").GetString(), Is.EqualTo("active"));
    }

    [Test]
    public async Task Api_PlanWithZeroDuesAndGrace366_AnswersPerFieldMessages()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/membership-plans", new { name = "Broken", interval = "month", amountCents = 0, graceDays = 366 });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.GetProperty("amountCents")[0].GetString(), Does.Contain("more than $0"));
        Assert.That(errors.GetProperty("graceDays")[0].GetString(), Is.EqualTo("Grace days must be from 0 to 365."));
    }

    [Test]
    public async Task Api_AnotherOrganizationsMembership_Answers404OnReadAndCancel()
    {
        var theirs = Actor.System(_theirs);
        var donor = _app.Get<DonorService>().Create(theirs, new DonorInput { FirstName = "Hodan", LastName = "Ali" });
        var plan = _app.Get<MembershipService>().CreatePlan(theirs, new MembershipPlanInput { Name = "Dues", Interval = DuesInterval.Year, AmountCents = 5000, GraceDays = 30 });
        var membership = _app.Get<MembershipService>().Enrol(theirs, new MembershipEnrolmentInput { DonorId = donor, PlanId = plan, StartsOn = new DateOnly(2026, 6, 1) }).MembershipId;

        var read = await _api.GetAsync($"/api/v1/memberships/{membership}");
        var cancel = await _api.PostAsJsonAsync($"/api/v1/memberships/{membership}/cancel", new { cancelledOn = "2026-06-15", reason = "test" });
        var list = await _api.GetFromJsonAsync<JsonElement>("/api/v1/memberships");

        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(list.GetProperty("total").GetInt64(), Is.Zero);
        Assert.That(_app.Get<MembershipService>().Find(theirs, membership)!.Summary.Status, Is.Not.EqualTo(MembershipStatus.Cancelled));
    }

    [Test]
    public async Task Api_CancelAndRecurringDonation_AnswerTheirFields()
    {
        var actor = Actor.System(_ours);
        var donor = _app.Get<DonorService>().Create(actor, new DonorInput { FirstName = "Xee", LastName = "Yang" });
        var plan = _app.Get<MembershipService>().CreatePlan(actor, new MembershipPlanInput { Name = "Dues", Interval = DuesInterval.Year, AmountCents = 5000, GraceDays = 30 });
        var membership = _app.Get<MembershipService>().Enrol(actor, new MembershipEnrolmentInput { DonorId = donor, PlanId = plan, StartsOn = new DateOnly(2026, 6, 1) }).MembershipId;

        var cancelled = await (await _api.PostAsJsonAsync($"/api/v1/memberships/{membership}/cancel", new { cancelledOn = "2026-06-15", reason = "Moved away" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var created = await _api.PostAsJsonAsync("/api/v1/recurring-donations", new { donorId = donor, amountCents = 3000, interval = "quarter", startsOn = "2026-06-15" });
        var pledges = await _api.GetFromJsonAsync<JsonElement>("/api/v1/recurring-donations");

        Assert.That(cancelled.GetProperty("status").GetString(), Is.EqualTo("cancelled"));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var pledge = pledges.GetProperty("items")[0];
        Assert.That(pledge.GetProperty("interval").GetString(), Is.EqualTo("quarter"));
        Assert.That(pledge.GetProperty("status").GetString(), Is.EqualTo("active"));
        Assert.That(pledge.GetProperty("nextDueOn").GetString(), Is.EqualTo("2026-06-15"));
    }

    [Test]
    public async Task Api_DuesGiftForAnotherOrganizationsMembership_IsRefused()
    {
        var theirs = Actor.System(_theirs);
        var theirDonor = _app.Get<DonorService>().Create(theirs, new DonorInput { FirstName = "Hodan", LastName = "Ali" });
        var plan = _app.Get<MembershipService>().CreatePlan(theirs, new MembershipPlanInput { Name = "Dues", Interval = DuesInterval.Year, AmountCents = 5000, GraceDays = 30 });
        var membership = _app.Get<MembershipService>().Enrol(theirs, new MembershipEnrolmentInput { DonorId = theirDonor, PlanId = plan, StartsOn = new DateOnly(2026, 6, 1) }).MembershipId;
        var ourDonor = _app.Get<DonorService>().Create(Actor.System(_ours), new DonorInput { FirstName = "Xee", LastName = "Yang" });

        var response = await _api.PostAsJsonAsync("/api/v1/gifts", new
        {
            donorId = ourDonor, amountCents = 5000, receivedOn = "2026-06-01", method = "card", category = "membership_dues", membershipId = membership,
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.GetProperty("membershipId")[0].GetString(), Is.EqualTo("There is no such membership in this organization."));
    }

    [Test]
    public async Task DuesPages_ForATreasurer_ShowOverviewMembershipAndDonorHistory()
    {
        var actor = Actor.System(_ours);
        var donor = _app.Get<DonorService>().Create(actor, new DonorInput { FirstName = "Thị Minh", LastName = "Nguyễn" });
        var plan = _app.Get<MembershipService>().CreatePlan(actor, new MembershipPlanInput { Name = "Yearly dues", Interval = DuesInterval.Year, AmountCents = 5000, GraceDays = 30 });
        var membership = _app.Get<MembershipService>().Enrol(actor, new MembershipEnrolmentInput { DonorId = donor, PlanId = plan, StartsOn = new DateOnly(2026, 6, 1) }).MembershipId;
        var browser = await _app.SignedInAs(_app.AddUser(_ours, Role.Treasurer));

        var overview = WebUtility.HtmlDecode(await browser.GetStringAsync("/Dues"));
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"/Dues/Membership/{membership}"));
        var donorPage = await browser.GetStringAsync($"/Donors/Details/{donor}");
        var plans = await browser.GetStringAsync("/Dues/Plans");

        Assert.That(overview, Does.Contain("In grace").And.Contain("Nguyễn").And.Contain("id=\"arrears-total\">$50.00"));
        Assert.That(page, Does.Contain("id=\"paid-through\">Jun 1, 2026").And.Contain(PlanChangeRules.RuleText[..40]));
        Assert.That(donorPage, Does.Contain("donor-memberships").And.Contain("Yearly dues").And.Contain("Recurring commitments"));
        Assert.That(plans, Does.Contain("Yearly dues"));
    }

    [Test]
    public async Task RecordingADuesPaymentOnTheMembershipPage_ExtendsPaidThrough()
    {
        var actor = Actor.System(_ours);
        var donor = _app.Get<DonorService>().Create(actor, new DonorInput { FirstName = "Xee", LastName = "Yang" });
        var plan = _app.Get<MembershipService>().CreatePlan(actor, new MembershipPlanInput { Name = "Yearly dues", Interval = DuesInterval.Year, AmountCents = 5000, GraceDays = 30 });
        var membership = _app.Get<MembershipService>().Enrol(actor, new MembershipEnrolmentInput { DonorId = donor, PlanId = plan, StartsOn = new DateOnly(2026, 6, 1) }).MembershipId;
        var browser = await _app.SignedInAs(_app.AddUser(_ours, Role.Treasurer));
        var url = $"/Dues/Membership/{membership}";

        var response = await DonorTrackAppFactory.PostFormAsync(browser, url, $"{url}?handler=Payment",
            new() { ["Amount"] = "50.00", ["On"] = "2026-06-10", ["Method"] = "check" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        Assert.That(_app.Get<MembershipService>().Find(actor, membership)!.Summary.PaidThrough, Is.EqualTo(new DateOnly(2027, 6, 1)));
    }

    [Test]
    public async Task EnrolPage_IndividualOnAnOrganizationPlan_ShowsTheMessage()
    {
        var actor = Actor.System(_ours);
        var donor = _app.Get<DonorService>().Create(actor, new DonorInput { FirstName = "Xee", LastName = "Yang" });
        var plan = _app.Get<MembershipService>().CreatePlan(actor, new MembershipPlanInput
        {
            Name = "Member groups", MemberKind = MemberKind.Organization, Interval = DuesInterval.Year, AmountCents = 5000, GraceDays = 30,
        });
        var browser = await _app.SignedInAs(_app.AddUser(_ours, Role.Treasurer));

        var response = await DonorTrackAppFactory.PostFormAsync(browser, "/Dues/Enrol", "/Dues/Enrol",
            new() { ["DonorId"] = donor.ToString(), ["PlanId"] = plan.ToString(), ["StartsOn"] = "2026-06-15" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), Does.Contain("an individual cannot be enrolled on it"));
    }

    [Test]
    public async Task CsvExport_IsUtf8WithByteOrderMark_AndListsTheMembers()
    {
        var actor = Actor.System(_ours);
        var donor = _app.Get<DonorService>().Create(actor, new DonorInput { FirstName = "محمد", LastName = "الأحمد" });
        var plan = _app.Get<MembershipService>().CreatePlan(actor, new MembershipPlanInput { Name = "Yearly dues", Interval = DuesInterval.Year, AmountCents = 5000, GraceDays = 30 });
        _app.Get<MembershipService>().Enrol(actor, new MembershipEnrolmentInput { DonorId = donor, PlanId = plan, StartsOn = new DateOnly(2026, 6, 1) });
        var browser = await _app.SignedInAs(_app.AddUser(_ours, Role.Treasurer));

        var response = await browser.GetAsync("/Dues?handler=Csv&list=grace");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[1], Does.Contain("محمد الأحمد,no,no,Yearly dues,grace,2026-06-01,2026-06-01,2026-07-02,50.00,0.00,50.00"));
    }

    [Test]
    public async Task DuesPage_DoNotContactMemberInGrace_IsListedWithADoNotContactFlag()
    {
        var actor = Actor.System(_ours);
        var donor = _app.Get<DonorService>().Create(actor, new DonorInput { FirstName = "Quiet", LastName = "Member", DoNotContact = true });
        var plan = _app.Get<MembershipService>().CreatePlan(actor, new MembershipPlanInput { Name = "Yearly dues", Interval = DuesInterval.Year, AmountCents = 5000, GraceDays = 30 });
        _app.Get<MembershipService>().Enrol(actor, new MembershipEnrolmentInput { DonorId = donor, PlanId = plan, StartsOn = new DateOnly(2026, 6, 1) });
        var browser = await _app.SignedInAs(_app.AddUser(_ours, Role.Treasurer));

        var page = await browser.GetStringAsync("/Dues");

        Assert.That(page, Does.Contain("Quiet Member</a> <span class=\"badge danger contact-flag\">do not contact</span>"));
    }

    [Test]
    public async Task DuesPages_ForAViewer_AreForbidden()
    {
        var browser = await _app.SignedInAs(_app.AddUser(_ours, Role.Viewer));

        var response = await browser.GetAsync("/Dues");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Does.Contain("/Account/Denied"));
    }
}
