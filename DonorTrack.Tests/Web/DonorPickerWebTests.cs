using AngleSharp.Html.Parser;
using DonorTrack.Tests.Security;

namespace DonorTrack.Tests.Web;

/// <summary>
/// Issue 17 item 3: wherever a form needs a donor the person finds them by name, email or postal code; the list as they type
/// comes from /Donors/Lookup (this organization's donors only), and without script the Find button and radio list do the same.
/// </summary>
public sealed class DonorPickerWebTests : TwoOrganizationsWebFixture
{
    private static readonly HtmlParser Html = new();

    [Test]
    public async Task Lookup_ByNameEmailOrPostalCode_ListsOurDonorsWithNameEmailAndPostalCode_NeverAnotherOrganizations()
    {
        var ours = App.Seed.Donor(Admin, "Mai", "Xiong", email: "mai@example.org", postalCode: "55104");
        App.Seed.Donor(Actor.System(Theirs), "Mai", "Xiong", email: "mai.other@example.org", postalCode: "55104");
        var admin = await App.SignedInAs(DonorTrackAppFactory.AdminEmail);

        foreach (var search in new[] { "xiong", "mai@example", "55104" })
        {
            var rows = await admin.GetFromJsonAsync<JsonElement[]>($"/Donors/Lookup?q={search}");

            Assert.That(rows, Has.Length.EqualTo(1), $"searching {search}");
            Assert.That(rows![0].GetProperty("id").GetInt64(), Is.EqualTo(ours));
            Assert.That(rows[0].GetProperty("name").GetString(), Is.EqualTo("Mai Xiong"));
            Assert.That(rows[0].GetProperty("email").GetString(), Is.EqualTo("mai@example.org"));
            Assert.That(rows[0].GetProperty("postalCode").GetString(), Is.EqualTo("55104"));
        }
        Assert.That(await admin.GetFromJsonAsync<JsonElement[]>("/Donors/Lookup?q="), Is.Empty, "a blank search lists nobody");
        Assert.That(await admin.GetFromJsonAsync<JsonElement[]>($"/Donors/Lookup?q=xiong&except={ours}"), Is.Empty, "the merge page's own donor is left out");
    }

    [Test]
    public async Task Lookup_SignedOut_IsRefused()
    {
        App.Seed.Donor(Admin, "Mai", "Xiong");

        var response = await App.Browser().GetAsync("/Donors/Lookup?q=xiong");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Does.Contain("/Account/SignIn"));
    }

    [Test]
    public async Task Enrol_WithoutScript_FindThenChooseFromTheList_EnrolsTheChosenDonor()
    {
        App.Seed.Donor(Admin, "Kou", "Lor", email: "kou@example.org");
        var chosen = App.Seed.Donor(Admin, "Kou", "Lor", email: "kou.lor@example.net");
        var plan = App.Get<MembershipService>().CreatePlan(Admin, new MembershipPlanInput { Name = "Yearly dues", Interval = DuesInterval.Year, AmountCents = 5000, GraceDays = 30 });
        var admin = await App.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var found = await DonorTrackAppFactory.PostFormAsync(admin, "/Dues/Enrol", "/Dues/Enrol",
            new() { ["DonorIdSearch"] = "kou lor", [DonorTrack.Web.Pages.DonorField.FindButton] = "DonorId", ["PlanId"] = plan.ToString(), ["StartsOn"] = "2026-06-15" });

        Assert.That(found.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = Html.ParseDocument(await found.Content.ReadAsStringAsync());
        var choices = page.QuerySelectorAll("input[type=radio][name=DonorId]").Select(r => r.GetAttribute("value")).ToList();
        Assert.That(choices, Has.Count.EqualTo(2).And.Contains(chosen.ToString()));
        Assert.That(page.QuerySelector("#DonorId-error"), Is.Null, "finding is not a save: no error is shown");
        Assert.That(page.QuerySelector("select#PlanId option[selected]")?.GetAttribute("value"), Is.EqualTo(plan.ToString()), "the rest of the form is kept");
        Assert.That(App.Get<MembershipService>().All(Admin), Is.Empty, "Find saved nothing");

        var enrolled = await DonorTrackAppFactory.PostFormAsync(admin, "/Dues/Enrol", "/Dues/Enrol",
            new() { ["DonorIdSearch"] = "kou lor", ["DonorId"] = chosen.ToString(), ["PlanId"] = plan.ToString(), ["StartsOn"] = "2026-06-15" });

        Assert.That(enrolled.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await enrolled.Content.ReadAsStringAsync());
        var membership = long.Parse(enrolled.Headers.Location!.ToString().Split('/').Last());
        Assert.That(App.Get<MembershipService>().Find(Admin, membership)!.Row.DonorId, Is.EqualTo(chosen));
    }

    [Test]
    public async Task Enrol_SearchedButNoDonorChosen_SaysChooseTheDonorAtTheFieldAndListsTheMatches()
    {
        App.Seed.Donor(Admin, "Kou", "Lor");
        var plan = App.Get<MembershipService>().CreatePlan(Admin, new MembershipPlanInput { Name = "Yearly dues", Interval = DuesInterval.Year, AmountCents = 5000, GraceDays = 30 });
        var admin = await App.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await DonorTrackAppFactory.PostFormAsync(admin, "/Dues/Enrol", "/Dues/Enrol",
            new() { ["DonorIdSearch"] = "lor", ["PlanId"] = plan.ToString(), ["StartsOn"] = "2026-06-15" });

        var page = Html.ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.That(page.QuerySelector("#DonorId-error")?.TextContent, Is.EqualTo("Choose the donor to enrol."));
        var box = page.QuerySelector("#DonorId_search")!;
        Assert.That(box.GetAttribute("aria-invalid"), Is.EqualTo("true"));
        Assert.That(box.GetAttribute("aria-describedby")!.Split(' '), Does.Contain("DonorId-error"));
        Assert.That(page.QuerySelectorAll("input[type=radio][name=DonorId]"), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Enrol_AnotherOrganizationsDonorPosted_IsRefusedAndNotShown()
    {
        var theirs = App.Seed.Donor(Actor.System(Theirs), "Hidden", "Elsewhere");
        var plan = App.Get<MembershipService>().CreatePlan(Admin, new MembershipPlanInput { Name = "Yearly dues", Interval = DuesInterval.Year, AmountCents = 5000, GraceDays = 30 });
        var admin = await App.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await DonorTrackAppFactory.PostFormAsync(admin, "/Dues/Enrol", "/Dues/Enrol",
            new() { ["DonorId"] = theirs.ToString(), ["PlanId"] = plan.ToString(), ["StartsOn"] = "2026-06-15" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("Elsewhere"));
    }

    [Test]
    public async Task NewRecurringDonation_DonorChosenFromTheList_IsCreatedForThatDonor()
    {
        var donor = App.Seed.Donor(Admin, "Pa", "Vang", postalCode: "55106");
        var admin = await App.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var found = await DonorTrackAppFactory.PostFormAsync(admin, "/Dues/Recurring", "/Dues/Recurring",
            new() { ["DonorIdSearch"] = "55106", [DonorTrack.Web.Pages.DonorField.FindButton] = "DonorId", ["Amount"] = "25.00", ["Interval"] = "month" });
        var radio = Html.ParseDocument(await found.Content.ReadAsStringAsync()).QuerySelector("input[type=radio][name=DonorId]");
        Assert.That(radio?.GetAttribute("value"), Is.EqualTo(donor.ToString()));

        var created = await DonorTrackAppFactory.PostFormAsync(admin, "/Dues/Recurring", "/Dues/Recurring",
            new() { ["DonorId"] = radio!.GetAttribute("value")!, ["Amount"] = "25.00", ["Interval"] = "month", ["StartsOn"] = "2026-07-01" });

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await created.Content.ReadAsStringAsync());
        Assert.That(App.Get<RecurringDonationService>().List(Admin).Single().Row.DonorId, Is.EqualTo(donor));
    }

    [Test]
    public async Task GiftSoftCredit_And_MatchingFunder_And_TemplatePreview_ChooseADonorFromTheSearch()
    {
        var donor = App.Seed.Donor(Admin, "Ana", "Lopez");
        var spouse = App.Seed.Donor(Admin, "Luis", "Lopez", email: "luis@example.org");
        var funder = App.Seed.OrganizationDonor(Admin, "Bremer Foundation");
        var admin = await App.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var giftPage = await DonorTrackAppFactory.PostFormAsync(admin, $"/Gifts/Create?donorId={donor}", "/Gifts/Create",
            new() { ["Input.DonorId"] = donor.ToString(), ["Input.SoftCreditDonorIdSearch"] = "luis@example", [DonorTrack.Web.Pages.DonorField.FindButton] = "Input.SoftCreditDonorId" });
        Assert.That(Html.ParseDocument(await giftPage.Content.ReadAsStringAsync()).QuerySelectorAll("input[type=radio][name='Input.SoftCreditDonorId']")
            .Select(r => r.GetAttribute("value")), Is.EqualTo(new[] { spouse.ToString(), "" }), "the spouse, and nobody");

        var matchingPage = await DonorTrackAppFactory.PostFormAsync(admin, "/Matching/Edit", "/Matching/Edit",
            new() { ["Input.FunderDonorIdSearch"] = "bremer", [DonorTrack.Web.Pages.DonorField.FindButton] = "Input.FunderDonorId" });
        Assert.That(Html.ParseDocument(await matchingPage.Content.ReadAsStringAsync()).QuerySelector("input[type=radio][name='Input.FunderDonorId']")?.GetAttribute("value"),
            Is.EqualTo(funder.ToString()));

        var templatePage = await DonorTrackAppFactory.PostFormAsync(admin, "/Email/Templates", "/Email/Templates",
            new() { ["Input.Kind"] = "gift_thank_you", ["Input.Language"] = "en", ["PreviewDonorIdSearch"] = "ana lopez", [DonorTrack.Web.Pages.DonorField.FindButton] = "PreviewDonorId" });
        Assert.That(templatePage.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Html.ParseDocument(await templatePage.Content.ReadAsStringAsync()).QuerySelector("input[type=radio][name=PreviewDonorId]")?.GetAttribute("value"),
            Is.EqualTo(donor.ToString()));
    }

    [Test]
    public async Task EveryPage_AsksForNoDonorNumber_AndEveryDonorSearchBoxIsWiredToTheLookup()
    {
        var records = SeededRecords.In(App, Ours, "Warsame");
        var admin = await App.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var typedIds = new List<string>();
        var searchBoxes = 0;

        foreach (var url in AccessibilityWebTests.PageUrls(records))
        {
            var response = await admin.GetAsync(url);
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
                continue;
            var page = Html.ParseDocument(await response.Content.ReadAsStringAsync());
            foreach (var field in page.QuerySelectorAll("input:not([type=hidden]):not([type=radio]):not([type=checkbox]), select"))
            {
                var name = field.GetAttribute("name") ?? "";
                if (name.EndsWith("donorid", StringComparison.OrdinalIgnoreCase) || name.EndsWith("funderid", StringComparison.OrdinalIgnoreCase)
                    || name.EndsWith("duplicateid", StringComparison.OrdinalIgnoreCase))
                    typedIds.Add($"{url}: a {field.LocalName} named {name}");
            }
            foreach (var label in page.QuerySelectorAll("label"))
            {
                if (System.Text.RegularExpressions.Regex.IsMatch(label.TextContent, @"donor (number|id)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
                    typedIds.Add($"{url}: label “{label.TextContent.Trim()}”");
            }
            searchBoxes += page.QuerySelectorAll("input[data-donor-lookup]").Length;
        }

        Assert.That(typedIds, Is.Empty);
        Assert.That(searchBoxes, Is.GreaterThanOrEqualTo(6), "the pages that choose a donor (gift, pledge, grant, enrolment, recurring, matching, templates) show the picker");
    }
}
