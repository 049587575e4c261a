using System.Text.RegularExpressions;

namespace DonorTrack.Tests.Security;

/// <summary>Issue 12 item 4: every endpoint, every role and API key, and another organization's ids, against <see cref="AccessMatrix"/>.</summary>
public sealed partial class AccessMatrixTests
{
    private static bool Includes(string roleWord, string leastRoleWord) =>
        DomainWords.Parse<Role>(roleWord).Includes(DomainWords.Parse<Role>(leastRoleWord));

    private DonorTrackAppFactory _app = null!;
    private long _organization;
    private long _member;
    private SeededRecords _own = null!;
    private SeededRecords _other = null!;

    [SetUp]
    public void SetUp()
    {
        // Nothing may leave the machine: an admin's "test the Stripe keys" goes to a closed local port.
        _app = new DonorTrackAppFactory { StripeApiBase = "http://127.0.0.1:9" };
        _organization = _app.SetUpFirstOrganization("Twin Cities Tenant Alliance");
        _member = _app.CreateOrganization("Northside Tenants");
        _app.Get<OrganizationService>().LinkAccepted(Actor.System(_organization), _member, new DateOnly(2025, 1, 1));
        _own = SeededRecords.In(_app, _organization, "Ownerly");
        _other = SeededRecords.In(_app, _member, "Xylocross");
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    [Test]
    public async Task EveryEndpointOfTheApp_HasExactlyOneRowInTheMatrix_AndEveryRowIsAnEndpoint()
    {
        var endpoints = await AccessMatrix.EndpointsOf(_app.Services);
        var rows = AccessMatrix.Rows.Select(r => r.Endpoint).ToList();
        Assert.That(endpoints, Has.Count.GreaterThan(100), "the endpoint enumeration found too few endpoints to be meaningful");

        var missing = endpoints.Except(rows).Select(e => $"no row for {e}: add a line to AccessMatrix.Table and docs/security.md § Access matrix");
        var stale = rows.Except(endpoints).Select(e => $"the row {e} names no endpoint of the app");
        var doubled = rows.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => $"{g.Key} has {g.Count()} rows");
        var unknownAccess = AccessMatrix.Rows.Where(r => r.LeastRole is { } role && !RoleRules.All.Select(r => r.Word()).Contains(role)).Select(r => $"{r.Endpoint}: unknown access {r.Access}");

        var problems = missing.Concat(stale).Concat(doubled).Concat(unknownAccess).ToList();
        Assert.That(problems, Is.Empty, string.Join("\n", problems));
    }

    [Test]
    public void SecurityDoc_AccessMatrixTable_IsTheMatrixTheTestsHold()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "security.md"));
        var section = doc.Split("\n## ").Single(s => s.StartsWith("Access matrix", StringComparison.Ordinal));
        var documented = DocRow().Matches(section)
            .Select(m => new AccessRow(new EndpointKey(m.Groups["method"].Value, m.Groups["route"].Value), m.Groups["access"].Value))
            .ToList();

        Assert.That(documented, Has.Count.GreaterThan(100), "the table in docs/security.md § Access matrix was not read");
        Assert.That(documented.Except(AccessMatrix.Rows).Select(r => $"only in the doc: {r.Endpoint} {r.Access}")
            .Concat(AccessMatrix.Rows.Except(documented).Select(r => $"only in the test: {r.Endpoint} {r.Access}")).ToList(), Is.Empty);
    }

    [Test]
    public async Task EveryEndpoint_ForAnonymousEveryRoleAndEveryApiKey_IsAllowedOrRefusedAsTheMatrixSays()
    {
        var principals = new Dictionary<string, HttpClient> { [AccessMatrix.Anonymous] = _app.Browser() };
        foreach (var role in RoleRules.All)
            principals[role.Word()] = await _app.SignedInAs(_app.AddUser(_organization, role));
        var keys = new Dictionary<string, HttpClient> { [AccessMatrix.Anonymous] = _app.CreateClient() };
        foreach (var role in RoleRules.All)
            keys[role.Word()] = _app.Api(_app.CreateApiKey(_organization, role));

        var failures = new List<string>();
        foreach (var row in AccessMatrix.Rows)
        {
            var url = Url(row.Endpoint, _own);
            if (row.IsForApiKeys)
            {
                foreach (var (who, client) in keys)
                {
                    var response = await Send(client, row.Endpoint, url, form: []);
                    var allowed = who != AccessMatrix.Anonymous && Includes(who, row.LeastRole!);
                    var refusal = who == AccessMatrix.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
                    Expect(failures, row, $"key {who}", response, allowed, refused: response.StatusCode == refusal);
                }

                var cookie = await Send(principals[Role.Admin.Word()], row.Endpoint, url, form: []);
                Expect(failures, row, "admin's sign-in cookie", cookie, allowed: false, refused: cookie.StatusCode == HttpStatusCode.Unauthorized);
                continue;
            }

            if (row.Access == AccessMatrix.DonorSession)
            {
                // No staff cookie or role opens the donor page: everyone without a donor session is sent to its sign-in page.
                foreach (var (who, client) in principals)
                {
                    var response = await Send(client, row.Endpoint, url, form: []);
                    Expect(failures, row, who, response, allowed: false, refused: RedirectsTo(response, $"/my/{_own.Slug}/signin"));
                }
                continue;
            }

            foreach (var (who, client) in principals)
            {
                var response = await Send(client, row.Endpoint, url, form: []);
                var allowed = row.LeastRole is null || (who != AccessMatrix.Anonymous && Includes(who, row.LeastRole));
                // A refusal sends the browser to sign in or to the denied page with a return URL; signing out lands on sign-in without one.
                var refusedTo = who == AccessMatrix.Anonymous ? "/Account/SignIn?" : "/Account/Denied?";
                Expect(failures, row, who, response, allowed, refused: RedirectsTo(response, refusedTo));
                if (row.Endpoint is { Method: "POST", Path: "/Account/SignOut" } && allowed && who != AccessMatrix.Anonymous)
                    principals[who] = await _app.SignedInAs(_app.AddUser(_organization, DomainWords.Parse<Role>(who)));
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task AllianceAdmin_AgainstAMembersIds_Gets404OnEveryPageAndApiRoute_SeesNoneOfItsDonors_AndChangesNothingOfIt()
    {
        var admin = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var key = _app.Api(_app.CreateApiKey(_organization, Role.Admin));
        var memberAuditBefore = AuditEntriesOf(_member);
        var failures = new List<string>();

        // Account and user/key pages act on people and keys, not records; sent these ids they could sign this admin out.
        // A backup is the installation's whole database, which its administrators (the first organization's admins, here the
        // alliance) hold by design (docs/security.md § Backups); it is not a view of one organization.
        foreach (var row in AccessMatrix.Rows.Where(r => r.LeastRole is not null && !r.Endpoint.Path.StartsWith("/Account/", StringComparison.Ordinal)
                     && r.Endpoint.Path is not ("/Admin/Users" or "/Admin/ApiKeys" or "/Admin/Backups")))
        {
            var client = row.IsForApiKeys ? key : admin;
            var url = Url(row.Endpoint, _other);
            var response = await Send(client, row.Endpoint, url, IdFieldsNaming(_other));
            if (row.Endpoint.Method == "GET" && response.StatusCode == HttpStatusCode.Redirect)
                response = await client.GetAsync(response.Headers.Location);
            var body = await response.Content.ReadAsStringAsync();
            var what = $"{row.Endpoint} as {url}";
            if ((int)response.StatusCode >= 500)
                failures.Add($"{what}: {(int)response.StatusCode}");
            if (body.Contains(_other.Marker, StringComparison.Ordinal))
                failures.Add($"{what}: shows the member's donor {_other.Marker}");
            if (row.Endpoint.Route.Contains("{id:long}", StringComparison.Ordinal) && row.Endpoint.Method == "GET" && response.StatusCode != HttpStatusCode.NotFound)
                failures.Add($"{what}: {(int)response.StatusCode}, not 404");
            if (row.IsForApiKeys && row.Endpoint.Route.Contains("{id:long}", StringComparison.Ordinal) && row.Endpoint.Method != "GET" && response.IsSuccessStatusCode)
                failures.Add($"{what}: {(int)response.StatusCode} for another organization's record");
        }

        // Pages that take a record from the query string (?donorId=, Matching/Edit?id=, Audit?entityId=) are given the member's.
        foreach (var row in AccessMatrix.Rows.Where(r => r.LeastRole is not null && !r.IsForApiKeys && r.Endpoint.Method == "GET"))
        {
            var url = Url(row.Endpoint, _other);
            url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + string.Join("&", QueryIdsNaming(_other));
            var response = await admin.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode >= 500)
                failures.Add($"GET {url}: {(int)response.StatusCode}");
            if (body.Contains(_other.Marker, StringComparison.Ordinal))
                failures.Add($"GET {url}: shows the member's {_other.Marker}");
        }

        var allianceReport = await admin.GetStringAsync("/Reports/Alliance");
        Assert.That(allianceReport, Does.Contain("Northside Tenants"), "the alliance report shows its accepted member's aggregates");
        Assert.That(failures, Is.Empty);
        Assert.That(AuditEntriesOf(_member), Is.EqualTo(memberAuditBefore), "nothing of the member organization was changed");
    }

    private static void Expect(List<string> failures, AccessRow row, string who, HttpResponseMessage response, bool allowed, bool refused)
    {
        var status = (int)response.StatusCode;
        var answer = response.Headers.Location is { } location ? $"{status} → {location}" : status.ToString();
        if (status >= 500)
            failures.Add($"{row.Endpoint} as {who}: {answer}");
        else if (allowed && (refused || status is 401 or 403 || RedirectsTo(response, "/Account/SignIn?") || RedirectsTo(response, "/Account/Denied?")))
            failures.Add($"{row.Endpoint} as {who}: refused ({answer}) but the matrix allows {row.Access}");
        else if (!allowed && !refused)
            failures.Add($"{row.Endpoint} as {who}: {answer}, not refused, but the matrix needs {row.Access}");
    }

    private static bool RedirectsTo(HttpResponseMessage response, string page) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains(page, StringComparison.OrdinalIgnoreCase);

    /// <summary>Sends the endpoint's request: a GET, a page form with the client's antiforgery token, or a JSON body.</summary>
    private async Task<HttpResponseMessage> Send(HttpClient client, EndpointKey endpoint, string url, Dictionary<string, string> form)
    {
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url);
        if (endpoint.Method != "GET" && endpoint.IsApi)
            request.Content = new StringContent(JsonOf(form), Encoding.UTF8, "application/json");
        else if (endpoint.Method != "GET" && !endpoint.Route.StartsWith("/stripe/", StringComparison.Ordinal))
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string>(form) { ["__RequestVerificationToken"] = await AntiforgeryTokenOf(client) });
        return await client.SendAsync(request);
    }

    private readonly Dictionary<HttpClient, string> _tokens = [];

    private async Task<string> AntiforgeryTokenOf(HttpClient client)
    {
        if (_tokens.TryGetValue(client, out var token))
            return token;
        var page = await client.GetStringAsync("/Account/SignIn");
        if (!AntiforgeryToken().Match(page).Success)
            page = await client.GetStringAsync("/");
        return _tokens[client] = AntiforgeryToken().Match(page).Groups[1].Value;
    }

    private static string JsonOf(Dictionary<string, string> fields) =>
        System.Text.Json.JsonSerializer.Serialize(fields.Where(f => !f.Key.Contains('.', StringComparison.Ordinal))
            .ToDictionary(f => char.ToLowerInvariant(f.Key[0]) + f.Key[1..], f => (object)(long.TryParse(f.Value, out var n) ? n : f.Value)));

    /// <summary>The id fields forms and API bodies name, all set to another organization's records.</summary>
    private static Dictionary<string, string> IdFieldsNaming(SeededRecords records) => new()
    {
        ["Id"] = records.Donor.ToString(),
        ["DonorId"] = records.Donor.ToString(),
        ["Input.DonorId"] = records.Donor.ToString(),
        ["Input.FunderDonorId"] = records.Donor.ToString(),
        ["SurvivorId"] = records.Donor.ToString(),
        ["DuplicateId"] = records.Donor.ToString(),
        ["OtherId"] = records.Donor.ToString(),
        ["GiftId"] = records.Gift.ToString(),
        ["ReceiptId"] = records.Receipt.ToString(),
        ["MembershipId"] = records.Membership.ToString(),
        ["PlanId"] = records.Plan.ToString(),
        ["Input.PlanId"] = records.Plan.ToString(),
        ["CampaignId"] = records.Campaign.ToString(),
        ["RecurringId"] = records.Recurring.ToString(),
        ["GrantId"] = records.Grant.ToString(),
        ["PledgeId"] = records.Pledge.ToString(),
    };

    private static IEnumerable<string> QueryIdsNaming(SeededRecords records) =>
    [
        $"donorId={records.Donor}", $"id={records.Campaign}", $"entityType=donor", $"entityId={records.Donor}", $"planId={records.Plan}",
        $"giftId={records.Gift}", $"membershipId={records.Membership}", $"grantId={records.Grant}", $"pledgeId={records.Pledge}",
    ];

    /// <summary>The endpoint's URL with its route values filled from one organization's records.</summary>
    internal static string Url(EndpointKey endpoint, SeededRecords records)
    {
        var url = endpoint.Route.Replace("{orgSlug}", records.Slug).Replace("{organization}", records.Slug).Replace("{documentName}", "v1");
        if (!url.Contains("{id:long}", StringComparison.Ordinal))
            return url;
        var path = endpoint.Path.StartsWith("/api/v1/", StringComparison.Ordinal) ? endpoint.Path["/api/v1/".Length..] : endpoint.Path.TrimStart('/');
        var kind = IdKinds.FirstOrDefault(k => path.StartsWith(k.Prefix, StringComparison.OrdinalIgnoreCase)).Kind
            ?? throw new AssertionException($"{endpoint}: say in AccessMatrixTests.IdKinds which record its {{id}} names.");
        return url.Replace("{id:long}", records.IdOf(kind).ToString());
    }

    // Which record a route's {id} names, by the start of its path (the API's without /api/v1/); the first match wins.
    private static readonly (string Prefix, string Kind)[] IdKinds =
    [
        ("Receipts/Gift/", "gift"), ("Receipts/Download/", "receipt"), ("my/", "receipt"), ("Dues/Membership/", "membership"),
        ("Donors/", "donor"), ("Gifts/", "gift"), ("Matching/", "campaign"), ("matching-campaigns/", "campaign"),
        ("Grants/", "grant"), ("Pledges/", "pledge"), ("memberships/", "membership"), ("membership-plans/", "plan"),
        ("recurring-donations/", "recurring"), ("Households/", "household"),
    ];

    private int AuditEntriesOf(long organizationId)
    {
        using var db = _app.Get<IDbConnectionFactory>().Read();
        return db.Connection.ExecuteScalar<int>("SELECT count(*) FROM audit_entries WHERE organization_id = @organizationId", new { organizationId });
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DonorTrack.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("DonorTrack.sln not found above the test directory.");
    }

    [GeneratedRegex(@"^\| (?<method>[A-Z]+) \| `(?<route>[^`]+)` \| (?<access>[a-z:-]+) \|", RegexOptions.Multiline)]
    private static partial Regex DocRow();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

/// <summary>One of each kind of record a route can name, in one organization; the donor's last name marks its pages.</summary>
internal sealed record SeededRecords(
    string Slug, string Marker, long Donor, long Funder, long Gift, long Receipt, long Plan, long Membership, long Recurring, long Grant, long Pledge, long Campaign,
    long Household)
{
    public long IdOf(string kind) => kind switch
    {
        "donor" => Donor, "gift" => Gift, "receipt" => Receipt, "plan" => Plan, "membership" => Membership,
        "recurring" => Recurring, "grant" => Grant, "pledge" => Pledge, "campaign" => Campaign, "household" => Household,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static SeededRecords In(DonorTrackAppFactory app, long organizationId, string marker)
    {
        var actor = Actor.System(organizationId);
        var donor = app.Get<DonorService>().Create(actor, new DonorInput { FirstName = "Hodan", LastName = marker });
        var funder = app.Get<DonorService>().Create(actor, new DonorInput { Kind = DonorKind.Organization, OrganizationName = $"{marker} Foundation" });
        var gift = app.Get<GiftService>().Record(actor, new GiftInput
        {
            DonorId = donor, AmountCents = 5_000, ReceivedOn = new DateOnly(2026, 6, 1), Method = GiftMethod.Check, Category = GiftCategory.Individual,
        });
        app.Get<GiftReceiptService>().ForGift(actor, gift);
        var receipt = app.Get<GiftReceiptService>().CurrentForGift(actor, gift)!.Id;
        var plan = app.Get<MembershipService>().CreatePlan(actor, new MembershipPlanInput
        {
            Name = $"{marker} monthly", MemberKind = MemberKind.Individual, Interval = DuesInterval.Month, PricingKind = DuesPricingKind.Fixed, AmountCents = 1_000, GraceDays = 30,
        });
        var membership = app.Get<MembershipService>().Enrol(actor, new MembershipEnrolmentInput { DonorId = donor, PlanId = plan, StartsOn = new DateOnly(2026, 6, 1) }).MembershipId;
        var recurring = app.Get<RecurringDonationService>().Create(actor, new RecurringDonationInput
        {
            DonorId = donor, AmountCents = 2_000, Interval = DuesInterval.Month, StartsOn = new DateOnly(2026, 6, 15),
        });
        var grant = app.Get<GrantService>().Create(actor, new GrantInput
        {
            FunderDonorId = funder, Name = $"{marker} operating support", AmountCents = 100_000, StartsOn = new DateOnly(2026, 1, 1), EndsOn = new DateOnly(2026, 12, 31),
            Restriction = GrantRestriction.GeneralOperating, Status = GrantStatus.Awarded,
        });
        var pledge = app.Get<PledgeService>().Create(actor, new PledgeInput { DonorId = donor, AmountCents = 50_000, PledgedOn = new DateOnly(2026, 3, 1), Category = GiftCategory.Individual });
        var campaign = app.Get<MatchingCampaignService>().Create(actor, new MatchingCampaignInput
        {
            Name = $"{marker} spring drive", PoolCents = 10_000, Ratio = "1:1", StartsOn = new DateOnly(2026, 6, 1), EndsOn = new DateOnly(2026, 6, 30),
            FunderDonorId = funder, Participants = [new() { OrganizationId = organizationId }],
        });
        var household = app.Get<DonorTrack.Core.Households.HouseholdService>().Create(actor, new DonorTrack.Core.Households.HouseholdInput { MemberDonorIds = [donor] });
        var slug = app.Get<OrganizationService>().Find(organizationId)!.Slug;
        return new SeededRecords(slug, marker, donor, funder, gift, receipt, plan, membership, recurring, grant, pledge, campaign, household);
    }
}
