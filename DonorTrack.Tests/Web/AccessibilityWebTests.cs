using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DonorTrack.Tests.Security;

namespace DonorTrack.Tests.Web;

/// <summary>
/// Issue 17 item 10: every page in the access matrix, signed in as admin over seeded records, has a skip link, a label for
/// every control, a caption and scoped headers on every table and nothing a keyboard cannot reach; and a form posted with
/// errors marks each wrong field <c>aria-invalid</c> and points it at its message with <c>aria-describedby</c>.
/// </summary>
public sealed class AccessibilityWebTests : TwoOrganizationsWebFixture
{
    private static readonly HtmlParser Html = new();

    private static readonly string[] UnlabelledTypes = ["hidden", "submit", "button", "reset", "image"];

    /// <summary>Every page a person opens: the access matrix's GETs without a handler, with their ids filled from <paramref name="records"/>.</summary>
    internal static IEnumerable<string> PageUrls(SeededRecords records) =>
        AccessMatrix.Rows.Where(r => r.Endpoint is { Method: "GET", Handler: null, IsApi: false } && r.Access != AccessMatrix.StripeSignature
                                     && !r.Endpoint.Path.StartsWith("/openapi", StringComparison.Ordinal))
            .Select(r => AccessMatrixTests.Url(r.Endpoint, records))
            .Where(url => url is not "/Account/SignOut" and not "/Donors/Merge");

    /// <summary>Pages whose address needs a donor, and forms that show their fields once a donor is chosen.</summary>
    private static IEnumerable<string> FormsPastTheirFirstStep(SeededRecords records) =>
    [
        $"/Donors/Merge?survivorId={records.Donor}&q=warsame", $"/Donors/Merge?survivorId={records.Donor}&duplicateId={records.Funder}",
        $"/Gifts/Create?donorId={records.Donor}", $"/Gifts/Create?donorSearch=warsame", $"/Grants/Pledges/Create?donorId={records.Donor}",
        $"/Grants/Create?funderId={records.Funder}", $"/Grants/Create?funderSearch=warsame", $"/Dues/Enrol?donorId={records.Donor}",
        $"/Matching/Edit?id={records.Campaign}", $"/Email/Templates?kind=gift_thank_you",
    ];

    [Test]
    public async Task EveryPage_HasSkipLink_LabelledControls_CaptionedTablesWithScopedHeaders_AndNothingOutOfKeyboardReach()
    {
        var records = SeededRecords.In(App, Ours, "Warsame");
        App.Seed.Donor(Admin, "Hodan", "Warsame", email: "hodan@example.org");
        var admin = await App.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var problems = new List<string>();
        var pages = 0;
        var tables = 0;
        var controls = 0;

        foreach (var url in PageUrls(records).Concat(FormsPastTheirFirstStep(records)))
        {
            var response = await admin.GetAsync(url);
            Assert.That((int)response.StatusCode, Is.LessThan(500), url);
            // Setup answers 404 once the installation is set up; a JSON endpoint is no page.
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
                continue;
            var page = Html.ParseDocument(await response.Content.ReadAsStringAsync());
            pages++;
            tables += page.QuerySelectorAll("table").Length;
            controls += page.QuerySelectorAll("input, select, textarea").Length;
            problems.AddRange(ProblemsOn(page).Select(problem => $"{url}: {problem}"));
        }

        Assert.That(pages, Is.GreaterThan(60), "too few pages were checked to mean anything");
        Assert.That(tables, Is.GreaterThan(30), "too few tables were seen to mean anything");
        Assert.That(controls, Is.GreaterThan(200), "too few form controls were seen to mean anything");
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public async Task FormsPostedWithErrors_MarkEachWrongFieldInvalid_AndDescribeItByItsMessage()
    {
        var donor = App.Seed.Donor(Admin, "Hodan", "Warsame");
        var funder = App.Seed.OrganizationDonor(Admin, "Bremer Foundation");
        var plan = App.Get<MembershipService>().CreatePlan(Admin, new MembershipPlanInput { Name = "Yearly dues", Interval = DuesInterval.Year, AmountCents = 5000, GraceDays = 30 });
        var membership = App.Get<MembershipService>().Enrol(Admin, new MembershipEnrolmentInput { DonorId = donor, PlanId = plan, StartsOn = new DateOnly(2026, 6, 1) }).MembershipId;
        var admin = await App.SignedInAs(DonorTrackAppFactory.AdminEmail);
        (string Page, string Action, Dictionary<string, string> Fields)[] posts =
        [
            // Pages whose messages are written by hand (field-message-for), with errors filed under other keys than the field's name.
            ($"/Dues/Membership/{membership}", $"/Dues/Membership/{membership}?handler=Payment", new() { ["Amount"] = "abc", ["On"] = "2026-06-10", ["Method"] = "check" }),
            ($"/Dues/Membership/{membership}", $"/Dues/Membership/{membership}?handler=Cancel", new() { ["On"] = "", ["Reason"] = "" }),
            ("/Designations", "/Designations?handler=Campaign", new() { ["CampaignName"] = "", ["CampaignGoal"] = "lots" }),
            ("/Dues/Plans", "/Dues/Plans", new() { ["Input.Name"] = "", ["Input.Amount"] = "-3", ["Input.GraceDays"] = "-1" }),
            ($"/Donors/Erase/{funder}", $"/Donors/Erase/{funder}", new() { ["Input.Confirmation"] = "not the phrase" }),
            ("/Donors/Create", "/Donors/Create", new() { ["Input.Kind"] = "individual", ["Input.Email"] = "not an email" }),
            ($"/Gifts/Create?donorId={donor}", "/Gifts/Create", new() { ["Input.DonorId"] = donor.ToString(), ["Input.Amount"] = "twelve", ["Input.ReceivedOn"] = "2026-06-01" }),
            ("/Dues/Enrol", "/Dues/Enrol", new() { ["PlanId"] = "0" }),
            ("/Dues/Recurring", "/Dues/Recurring", new() { ["Amount"] = "-5", ["Interval"] = "month" }),
            ($"/Grants/Create?funderId={funder}", "/Grants/Create", new() { ["Input.FunderDonorId"] = funder.ToString(), ["Input.Amount"] = "1000" }),
            ("/Matching/Edit", "/Matching/Edit", new() { ["Input.Ratio"] = "one to one" }),
        ];
        var problems = new List<string>();

        foreach (var (formPage, action, fields) in posts)
        {
            var response = await DonorTrackAppFactory.PostFormAsync(admin, formPage, action, fields);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{action} was meant to be refused");
            var page = Html.ParseDocument(await response.Content.ReadAsStringAsync());
            var invalid = page.QuerySelectorAll("[aria-invalid=true]");
            if (invalid.Length == 0)
                problems.Add($"{action}: no field is marked aria-invalid");
            foreach (var field in invalid)
            {
                var messages = (field.GetAttribute("aria-describedby") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(id => page.GetElementById(id)).ToList();
                if (!messages.Any(m => m is not null && m.ClassList.Contains("field-error") && m.TextContent.Trim().Length > 0))
                    problems.Add($"{action}: {Describe(field)} is invalid but aria-describedby names no message shown on the page");
                if (messages.Any(m => m is null))
                    problems.Add($"{action}: {Describe(field)} aria-describedby names an element that does not exist");
            }
            var describedIds = page.QuerySelectorAll("[aria-describedby]").SelectMany(e => e.GetAttribute("aria-describedby")!.Split(' ')).ToHashSet();
            foreach (var message in page.QuerySelectorAll(".field-error").Where(m => m.TextContent.Trim().Length > 0 && m.Closest(".error-summary") is null))
            {
                if (message.Id is null || !describedIds.Contains(message.Id))
                    problems.Add($"{action}: the message “{message.TextContent.Trim()}” is tied to no field");
            }
            problems.AddRange(ProblemsOn(page).Select(problem => $"{action} (after the post): {problem}"));
        }

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void TheChecks_FindEachProblemTheyLookFor()
    {
        var page = Html.ParseDocument("""
            <html><body><main id="main">
            <input name="a"><select name="b"></select><label>Wrapped <textarea name="c"></textarea></label><input id="d" name="d"><label for="d">D</label>
            <input name="e" aria-labelledby="nowhere"><input type="hidden" name="f"><button type="submit">Go</button>
            <table><thead><tr><th>Name</th></tr></thead></table><table><caption>Fine</caption><tr><th scope="col">X</th></tr></table>
            <a>no target</a><span tabindex="3">jumps the queue</span>
            </main></body></html>
            """);

        var problems = ProblemsOn(page).ToList();

        Assert.That(problems, Has.Some.Contains("skip link"));
        Assert.That(problems, Has.Some.Contains("input name=a"));
        Assert.That(problems, Has.Some.Contains("select name=b"));
        Assert.That(problems, Has.Some.Contains("input name=e"));
        Assert.That(problems, Has.None.Contains("name=c").And.None.Contains("name=d").And.None.Contains("name=f"));
        Assert.That(problems, Has.Some.Contains("table without a caption"));
        Assert.That(problems, Has.Some.Contains("th “Name” without scope"));
        Assert.That(problems, Has.Some.Contains("a link without href"));
        Assert.That(problems, Has.Some.Contains("tabindex=3"));
        Assert.That(problems, Has.Count.EqualTo(8));
    }

    private static IEnumerable<string> ProblemsOn(IDocument page)
    {
        if (page.QuerySelector("a.skip-link[href^='#']") is not { } skip || page.GetElementById(skip.GetAttribute("href")![1..]) is null)
            yield return "no skip link to the page's content";
        foreach (var control in page.QuerySelectorAll("input, select, textarea"))
        {
            if (control.LocalName == "input" && UnlabelledTypes.Contains(control.GetAttribute("type") ?? "text"))
                continue;
            if (!IsLabelled(page, control))
                yield return $"{Describe(control)} has no label";
        }
        foreach (var table in page.QuerySelectorAll("table"))
        {
            if (table.QuerySelector("caption") is not { } caption || caption.TextContent.Trim().Length == 0)
                yield return $"table without a caption ({Describe(table)})";
        }
        foreach (var header in page.QuerySelectorAll("th").Where(th => th.GetAttribute("scope") is not ("col" or "row" or "colgroup" or "rowgroup")))
            yield return $"th “{header.TextContent.Trim()}” without scope";
        foreach (var link in page.QuerySelectorAll("a:not([href])").Where(a => a.GetAttribute("name") is null))
            yield return $"a link without href: “{link.TextContent.Trim()}”";
        foreach (var jumper in page.QuerySelectorAll("[tabindex]").Where(e => int.TryParse(e.GetAttribute("tabindex"), out var order) && order > 0))
            yield return $"{Describe(jumper)} has tabindex={jumper.GetAttribute("tabindex")}, out of the page's reading order";
    }

    private static bool IsLabelled(IDocument page, IElement control)
    {
        if (!string.IsNullOrWhiteSpace(control.GetAttribute("aria-label")))
            return true;
        if (control.GetAttribute("aria-labelledby") is { } labelledBy)
            return labelledBy.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(id => page.GetElementById(id) is { } label && label.TextContent.Trim().Length > 0);
        if (control.Closest("label") is { } wrapping && wrapping.TextContent.Trim().Length > 0)
            return true;
        return control.Id is { Length: > 0 } id && page.QuerySelectorAll("label").Any(l => l.GetAttribute("for") == id && l.TextContent.Trim().Length > 0);
    }

    private static string Describe(IElement element) =>
        element.LocalName + (element.Id is { Length: > 0 } id ? $"#{id}" : "") + (element.GetAttribute("name") is { } name ? $" name={name}" : "")
        + (element.GetAttribute("type") is { } type ? $" type={type}" : "") + (element.ClassName is { Length: > 0 } css ? $" class={css}" : "");
}
