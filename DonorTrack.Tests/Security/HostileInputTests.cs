using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DonorTrack.Tests.Support.Stripe;
using DonorTrack.Web.Payments;

namespace DonorTrack.Tests.Security;

/// <summary>
/// Issue 12 item 5: a fixed-seed sweep of hostile values through every API field and every form field the pages render.
/// Every answer is below 500 and shows no stack trace, a 4xx carries a message, and nothing stored runs as script on any page.
/// </summary>
public sealed partial class HostileInputTests
{
    private const int Seed = 20261205;

    private static readonly HtmlParser Html = new();

    private DonorTrackAppFactory _app = null!;
    private long _organization;
    private SeededRecords _records = null!;
    private long _newMember;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory { StripeApiBase = "http://127.0.0.1:9" };
        _organization = _app.SetUpFirstOrganization("Frogtown Tenants Union");
        _records = SeededRecords.In(_app, _organization, "Warsame");
        _newMember = _app.Get<DonorService>().Create(Actor.System(_organization), new DonorInput { FirstName = "Xee", LastName = "Yang" });
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    [Test]
    public async Task EveryApiFieldAndQueryParameter_GivenThousandsOfHostileValues_Answers4xxWithAMessageOrTakesIt_NeverA5xxOrAStackTrace()
    {
        var api = _app.Api(_app.CreateApiKey(_organization, Role.Admin));
        var openApi = JsonNode.Parse(await _app.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var values = new HostileValues(Seed);
        var strings = values.Strings(generated: 40).ToList();
        var failures = new List<string>();
        var sent = 0;
        var fieldsSwept = 0;

        foreach (var (path, operations) in openApi["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                var endpoint = new EndpointKey(method.ToUpperInvariant(), path.Replace("{id}", "{id:long}", StringComparison.Ordinal));
                var url = AccessMatrixTests.Url(endpoint, _records);
                foreach (var parameter in (operation!["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.GetValue<string>() == "query"))
                {
                    var name = parameter!["name"]!.GetValue<string>();
                    foreach (var value in strings.Where(s => s.Length < 2_000))
                    {
                        // With the operation's own method: POST /api/v1/imports/… takes its options in the query.
                        var response = await api.SendAsync(new HttpRequestMessage(new HttpMethod(endpoint.Method), $"{url}?{name}={Uri.EscapeDataString(Utf8Safe(value))}"));
                        await Check(failures, $"{endpoint} ?{name}={Shown(value)}", response, api: true);
                        sent++;
                    }
                }

                if (endpoint.Method == "GET")
                    continue;
                var fields = RequestFields(openApi, operation!);
                fieldsSwept += fields.Count;
                if (operation!["requestBody"] is not null && fields.Count == 0)
                    failures.Add($"{endpoint}: its request body has no fields in the OpenAPI document to sweep");
                var valid = ValidBodies.GetValueOrDefault(endpoint.ToString(), "{}");
                foreach (var (field, isList) in fields)
                {
                    foreach (var value in strings)
                    {
                        await Post(JsonWith(valid, field, isList ? $"[{JsonString(value)}]" : JsonString(value)), $"{endpoint} {field}={Shown(value)}");
                    }

                    foreach (var wrong in HostileValues.WrongJson())
                        await Post(JsonWith(valid, field, wrong?.ToJsonString() ?? "null"), $"{endpoint} {field}={wrong?.ToJsonString()[..Math.Min(40, wrong.ToJsonString().Length)] ?? "null"}");
                }

                foreach (var broken in HostileValues.BrokenBodies())
                {
                    var response = await api.SendAsync(new HttpRequestMessage(new HttpMethod(endpoint.Method), url) { Content = Json(broken) });
                    await Check(failures, $"{endpoint} body {Convert.ToHexString(broken)[..Math.Min(20, broken.Length * 2)]}", response, api: true);
                    sent++;
                }

                async Task Post(string body, string what)
                {
                    var response = await api.SendAsync(new HttpRequestMessage(new HttpMethod(endpoint.Method), url) { Content = Json(Encoding.UTF8.GetBytes(body)) });
                    await Check(failures, what, response, api: true);
                    sent++;
                }
            }
        }

        Assert.That(sent, Is.GreaterThan(2_000), "the sweep sent too few requests to mean anything");
        Assert.That(fieldsSwept, Is.GreaterThan(100), "the OpenAPI document named too few request fields to mean anything");
        TestContext.Out.WriteLine(string.Join("\n", failures));
        Assert.That(failures.Take(40).ToList(), Is.Empty, $"{failures.Count} of {sent} hostile requests answered badly");
        await AssertNothingRunsAsScript(await _app.SignedInAs(DonorTrackAppFactory.AdminEmail));
    }

    [Test]
    public async Task EveryFormFieldOnEveryPage_GivenHostileValues_AnswersWithoutA5xxOrAStackTrace_AndNoPageReflectsAHostileQueryStringAsScript()
    {
        // With keys saved the public donation page shows its form; the Stripe it would call is a closed local port.
        _app.Get<PaymentKeyStore>().Save(Actor.System(_organization), new PaymentKeysInput("pk_test_fake_donortrack", "sk_test_fake_donortrack", StripeWebhookSigner.DefaultSecret));
        var admin = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var values = new HostileValues(Seed);
        var failures = new List<string>();
        var sent = 0;
        var forms = new Dictionary<string, PageForm>();
        foreach (var url in PageUrls())
        {
            var response = await admin.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
                continue;
            foreach (var form in PageForm.AllOn(Html.ParseDocument(await response.Content.ReadAsStringAsync()), url))
                forms.TryAdd(form.Shape, form);

            foreach (var (parameter, index) in QueryParameters.Select((p, i) => (p, i)))
            {
                var value = index < HostileValues.Script.Length ? HostileValues.Script[index] : values.Sample(1).Single();
                var hostile = await admin.GetAsync($"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{parameter}={PercentEncoded(Encoding.UTF8.GetBytes(Utf8Safe(value)))}");
                await Check(failures, $"GET {url} ?{parameter}={Shown(value)}", hostile, api: false);
                if (hostile.Content.Headers.ContentType?.MediaType == "text/html")
                    failures.AddRange(ScriptsRunIn(Html.ParseDocument(await hostile.Content.ReadAsStringAsync())).Select(s => $"GET {url} ?{parameter}= reflects: {s}"));
                sent++;
            }
        }

        Assert.That(forms, Has.Count.GreaterThan(25), "too few forms were found on the pages to mean anything");
        Assert.That(forms.Keys, Has.Some.StartsWith("/give/"), "the public donation form was not found");
        var token = await AntiforgeryToken(admin);
        foreach (var form in forms.Values.Where(f => f.Fields.Count > 0))
        {
            foreach (var field in form.Fields.Keys)
            {
                var hostile = values.Sample(6).Select(v => Encoding.UTF8.GetBytes(Utf8Safe(v)))
                    .Concat([[0x00], [0x00, 0x41], [0xC3, 0x28], [0xFF, 0xFE, 0x00], [0xED, 0xA0, 0x80]]);
                foreach (var bytes in hostile)
                {
                    var body = string.Join('&', form.Fields.Where(f => f.Key == field || f.Value is not null)
                                   .Select(f => $"{Uri.EscapeDataString(f.Key)}={(f.Key == field ? PercentEncoded(bytes) : Uri.EscapeDataString(f.Value!))}"))
                        + $"&__RequestVerificationToken={Uri.EscapeDataString(token)}";
                    var response = await admin.PostAsync(form.Action, new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"));
                    var what = $"POST {form.Action} {field}={Shown(Encoding.UTF8.GetString(bytes))}";
                    await Check(failures, what, response, api: false);
                    if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/Account/SignIn", StringComparison.Ordinal))
                        Assert.Fail($"{what} ended the admin's session; the sweep cannot go on");
                    sent++;
                }
            }
        }

        Assert.That(sent, Is.GreaterThan(1_000), "the sweep sent too few requests to mean anything");
        TestContext.Out.WriteLine(string.Join("\n", failures));
        Assert.That(failures.Take(40).ToList(), Is.Empty, $"{failures.Count} of {sent} hostile requests answered badly");
        await AssertNothingRunsAsScript(admin);
    }

    [Test]
    public async Task ScriptStoredInEveryTextField_RenderedOnEveryPageAndTheDonationPage_NeverRunsAsScript()
    {
        var admin = Actor.System(_organization);
        var script = HostileValues.Script;
        var organizations = _app.Get<OrganizationService>();
        var organization = organizations.Find(_organization)!;
        organizations.Update(admin, OrganizationInput.From(organization) with
        {
            Name = $"Frogtown {script[0]}", LegalName = script[1], AddressLine1 = script[2], City = script[3], Mission = script[4], ReceiptStatement = script[5],
        });
        var donors = _app.Get<DonorService>();
        var donor = donors.Create(admin, new DonorInput
        {
            FirstName = script[0], LastName = script[1], Email = null, AddressLine1 = script[2], City = script[3], Region = script[4],
            Notes = string.Join("\n", script), Tags = [.. script.Take(4)],
        });
        donors.Create(admin, new DonorInput { Kind = DonorKind.Organization, OrganizationName = script[6] });
        var gift = _app.Get<GiftService>().Record(admin, new GiftInput
        {
            DonorId = donor, AmountCents = 12_500, ReceivedOn = new DateOnly(2026, 6, 2), Method = GiftMethod.InKind, Category = GiftCategory.Individual,
            InKindDescription = script[7], Notes = script[8], BenefitDescription = script[5], BenefitValueCents = 1_000, CheckNumber = script[3],
        });
        _app.Get<GiftService>().Void(admin, _records.Gift, new VoidGiftInput(script[2]));
        _app.Get<GrantService>().Create(admin, new GrantInput
        {
            FunderDonorId = _records.Funder, Name = script[4], AmountCents = 100_000, StartsOn = new DateOnly(2026, 1, 1), EndsOn = new DateOnly(2026, 12, 31),
            Restriction = GrantRestriction.Project, Purpose = script[6], Status = GrantStatus.Awarded, Notes = script[5],
        });
        _app.Get<MatchingCampaignService>().Create(admin, new MatchingCampaignInput
        {
            Name = script[0], PoolCents = 10_000, Ratio = "1:1", StartsOn = new DateOnly(2026, 6, 1), EndsOn = new DateOnly(2026, 6, 30),
            FunderDonorId = donor, Participants = [new() { OrganizationId = _organization }],
        });
        Assert.That(gift, Is.GreaterThan(0));
        var designations = _app.Get<DesignationService>();
        designations.SaveFund(admin, null, new FundInput(script[4], Restricted: true, Description: script[5]));
        designations.SaveCampaign(admin, null, new CampaignInput(script[6], 100_000, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)));
        _app.Get<DonorTrack.Core.Dues.MembershipService>().CreatePlan(admin, new DonorTrack.Core.Dues.MembershipPlanInput
        {
            Name = script[7], MemberKind = DonorTrack.Core.Dues.MemberKind.Individual, Interval = DonorTrack.Core.Dues.DuesInterval.Year,
            PricingKind = DonorTrack.Core.Dues.DuesPricingKind.Fixed, AmountCents = 5_000, GraceDays = 30, BenefitsDescription = script[8],
        });

        var donationPage = await _app.CreateClient().GetStringAsync($"/give/{_records.Slug}");
        Assert.That(donationPage, Does.Contain(HostileValues.ScriptMarker), "the public donation page shows the organization's name");
        await AssertNothingRunsAsScript(await _app.SignedInAs(DonorTrackAppFactory.AdminEmail), minimumShowingTheMarker: 10);
    }

    [Test]
    public async Task StripeWebhook_CorrectlySignedEventsWithHostileFieldsAndSignedBrokenBodies_AnswerWithoutA5xxOrAStackTrace()
    {
        _app.Get<PaymentKeyStore>().Save(Actor.System(_organization), new PaymentKeysInput("pk_test_fake_donortrack", "sk_test_fake_donortrack", StripeWebhookSigner.DefaultSecret));
        var signer = new StripeWebhookSigner(StripeWebhookSigner.DefaultSecret, _app.Clock);
        var stripe = _app.CreateClient();
        var values = new HostileValues(Seed);
        var failures = new List<string>();
        var sent = 0;
        var session = StripeFixtures.CompletedCheckoutSession("cs_hostile", "payment", 5_000, "hostile@example.org",
            new PaymentMetadata { OrganizationId = _organization, Kind = "donation", DonorFirstName = "Linh", DonorLastName = "Trần" }.ToStripe());

        var spoilings = new List<(string What, JsonObject Session)>();
        foreach (var field in session.Select(p => p.Key).ToList())
        {
            foreach (var value in values.Sample(3).Select(v => (JsonNode?)JsonValue.Create(Utf8Safe(v))).Concat(HostileValues.WrongJson().Take(6)))
                spoilings.Add(($"{field}={Shown(value?.ToJsonString() ?? "null")}", With(session, s => s[field] = value?.DeepClone())));
        }
        foreach (var key in session["metadata"]!.AsObject().Select(p => p.Key).ToList())
        {
            foreach (var value in values.Sample(8))
                spoilings.Add(($"metadata.{key}={Shown(value)}", With(session, s => s["metadata"]![key] = Utf8Safe(value))));
        }

        foreach (var (what, spoiled) in spoilings)
            await Deliver(signer.EventJson("checkout.session.completed", spoiled), $"checkout.session.completed {what}");
        foreach (var type in values.Sample(10))
            await Deliver(signer.EventJson(Utf8Safe(type), session), $"event type {Shown(type)}");
        foreach (var broken in HostileValues.BrokenBodies())
            await Deliver(Encoding.UTF8.GetString(broken), $"body {Convert.ToHexString(broken)[..Math.Min(20, broken.Length * 2)]}");

        Assert.That(sent, Is.GreaterThan(200), "the sweep sent too few events to mean anything");
        TestContext.Out.WriteLine(string.Join("\n", failures));
        Assert.That(failures.Take(40).ToList(), Is.Empty, $"{failures.Count} of {sent} hostile events answered badly");

        async Task Deliver(string payload, string what)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/stripe/webhook/{_records.Slug}") { Content = Json(Encoding.UTF8.GetBytes(payload)) };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeWebhookSigner.Header(payload, _app.Clock.GetUtcNow(), StripeWebhookSigner.DefaultSecret));
            await Check(failures, what, await stripe.SendAsync(request), api: true);
            sent++;
        }

        static JsonObject With(JsonObject session, Action<JsonObject> spoil)
        {
            var copy = session.DeepClone().AsObject();
            spoil(copy);
            return copy;
        }
    }

    /// <summary>Renders every page (and the public donation page) and fails on any stored script payload that would run.</summary>
    private async Task AssertNothingRunsAsScript(HttpClient admin, int minimumShowingTheMarker = 0)
    {
        var running = new List<string>();
        var showing = 0;
        foreach (var url in PageUrls())
        {
            var response = await admin.GetAsync(url);
            if ((int)response.StatusCode >= 500)
                running.Add($"GET {url}: {(int)response.StatusCode}");
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
                continue;
            var html = await response.Content.ReadAsStringAsync();
            if (html.Contains(HostileValues.ScriptMarker, StringComparison.Ordinal))
                showing++;
            running.AddRange(ScriptsRunIn(Html.ParseDocument(html)).Select(s => $"GET {url}: {s}"));
        }

        Assert.That(running, Is.Empty);
        Assert.That(showing, Is.GreaterThanOrEqualTo(minimumShowingTheMarker), "the stored payloads were not on the pages, so the check proved nothing");
    }

    /// <summary>Places in a parsed page where a payload calling the marker would run: a script, an event handler, a javascript: URL, a srcdoc.</summary>
    internal static IEnumerable<string> ScriptsRunIn(IDocument page)
    {
        foreach (var element in page.All)
        {
            if (element.LocalName == "script" && element.TextContent.Contains(HostileValues.ScriptMarker, StringComparison.Ordinal))
                yield return $"<script> runs {Shown(element.TextContent)}";
            foreach (var attribute in element.Attributes)
            {
                if (!attribute.Value.Contains(HostileValues.ScriptMarker, StringComparison.Ordinal))
                    continue;
                if (attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                    yield return $"<{element.LocalName} {attribute.Name}> runs {Shown(attribute.Value)}";
                else if (attribute.Name is "srcdoc" || (attribute.Name is "href" or "src" or "action" or "formaction" or "data"
                             && attribute.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)))
                    yield return $"<{element.LocalName} {attribute.Name}> runs {Shown(attribute.Value)}";
            }
        }
    }

    private static async Task Check(List<string> failures, string what, HttpResponseMessage response, bool api)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (status >= 500)
            failures.Add($"{what}: {status}");
        if (StackTrace().IsMatch(body))
            failures.Add($"{what}: the answer shows a stack trace");
        if (status is >= 400 and < 500 && !HasMessage(body, api))
            failures.Add($"{what}: {status} without a message");
    }

    private static bool HasMessage(string body, bool api)
    {
        if (!api)
            return Html.ParseDocument(body).Body?.TextContent.Trim().Length > 0;
        try
        {
            var problem = JsonNode.Parse(body);
            return problem?["title"]?.GetValue<string>() is { Length: > 0 } || problem?["detail"]?.GetValue<string>() is { Length: > 0 };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The JSON fields of an operation's request body, from the app's own OpenAPI document; a list gets its values as entries.</summary>
    private static List<(string Name, bool IsList)> RequestFields(JsonNode openApi, JsonNode operation)
    {
        var schema = Resolve(openApi, operation["requestBody"]?["content"]?["application/json"]?["schema"]);
        return schema?["properties"]?.AsObject()
            .Select(p => (p.Key, Resolve(openApi, p.Value)?["type"]?.ToJsonString().Contains("array", StringComparison.Ordinal) == true))
            .ToList() ?? [];
    }

    private static JsonNode? Resolve(JsonNode openApi, JsonNode? schema)
    {
        while (schema?["$ref"]?.GetValue<string>() is { } reference)
            schema = openApi["components"]!["schemas"]![reference.Split('/').Last()];
        return schema;
    }

    // A body each write route accepts, so that a hostile value in one field meets the rules and the database, not only
    // a missing neighbour. A route without one gets {} and still exercises reading and validating the field.
    private Dictionary<string, string> ValidBodies => new()
    {
        ["POST /api/v1/donors"] = """{"firstName":"Amina","lastName":"Abdi","email":"amina@example.org"}""",
        ["PUT /api/v1/donors/{id:long}"] = """{"firstName":"Hodan","lastName":"Warsame"}""",
        ["POST /api/v1/gifts"] = $$"""{"donorId":{{_records.Donor}},"amountCents":2500,"receivedOn":"2026-06-03","method":"check","category":"individual"}""",
        ["POST /api/v1/pledges"] = $$"""{"donorId":{{_records.Donor}},"amountCents":30000,"pledgedOn":"2026-06-03","category":"individual"}""",
        ["POST /api/v1/grants"] = $$"""{"funderDonorId":{{_records.Funder}},"name":"Capacity","amountCents":500000,"startsOn":"2026-01-01","endsOn":"2026-12-31","restriction":"project","status":"awarded"}""",
        ["PUT /api/v1/grants/{id:long}"] = $$"""{"funderDonorId":{{_records.Funder}},"name":"Capacity","amountCents":500000,"startsOn":"2026-01-01","endsOn":"2026-12-31","restriction":"project","status":"awarded"}""",
        ["POST /api/v1/membership-plans"] = """{"name":"Yearly","memberKind":"individual","interval":"year","pricingKind":"fixed","amountCents":3000,"graceDays":30}""",
        ["POST /api/v1/recurring-donations"] = $$"""{"donorId":{{_records.Donor}},"amountCents":1500,"interval":"month","startsOn":"2026-07-01"}""",
        ["POST /api/v1/gifts/{id:long}/void"] = """{"reason":"entered twice"}""",
        ["POST /api/v1/pledges/{id:long}/write-off"] = """{"reason":"donor moved away"}""",
        ["POST /api/v1/memberships"] = $$"""{"donorId":{{_newMember}},"planId":{{_records.Plan}},"startsOn":"2026-07-01"}""",
        ["POST /api/v1/memberships/{id:long}/cancel"] = """{"cancelledOn":"2026-06-20","reason":"moved away"}""",
        ["POST /api/v1/matching-campaigns"] = $$"""{"name":"Fall drive","funderDonorId":{{_records.Funder}},"poolCents":10000,"ratio":"1:1","startsOn":"2026-09-01","endsOn":"2026-09-30","participants":[{"organizationId":{{_organization}}}]}""",
        ["POST /api/v1/receipts/annual"] = $$"""{"year":2026,"donorId":{{_records.Donor}},"interim":true}""",
    };

    private static string JsonWith(string validBody, string field, string json)
    {
        var body = JsonNode.Parse(validBody)!.AsObject();
        body.Remove(field);
        var rest = body.ToJsonString();
        return rest == "{}" ? $"{{\"{field}\":{json}}}" : $"{rest[..^1]},\"{field}\":{json}}}";
    }

    /// <summary>A JSON string literal written by hand, so a lone surrogate goes over the wire as its \u escape.</summary>
    private static string JsonString(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
            builder.Append(c is '"' or '\\' || c < 0x20 || c > 0x7E ? $"\\u{(int)c:x4}" : c.ToString());
        return builder.Append('"').ToString();
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    private static string PercentEncoded(byte[] bytes) =>
        string.Concat(bytes.Select(b => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' ? ((char)b).ToString() : $"%{b:X2}"));

    /// <summary>Replaces lone surrogates, which no UTF-8 request can carry; invalid UTF-8 is sent as bytes on its own.</summary>
    private static string Utf8Safe(string value) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value));

    private static string Shown(string value)
    {
        var visible = Regex.Replace(value.Length > 40 ? value[..40] + $"…({value.Length})" : value, @"\p{C}", m => $"\\u{(int)m.Value[0]:x4}");
        return visible;
    }

    private static readonly string[] QueryParameters = ["q", "page", "sort", "from", "to", "year", "status", "donorId", "id", "handler", "returnUrl", "job", "EndingWithinMonths", "months", "p", "fy", "tag", "category", "method", "fundId", "campaignId", "entityType", "entityId", "donorSearch"];

    /// <summary>Every page the matrix lists that answers GET without a handler (the public donation page too), with this organization's ids.</summary>
    private IEnumerable<string> PageUrls() =>
        AccessMatrix.Rows.Where(r => r.Endpoint is { Method: "GET", Handler: null, IsApi: false } && r.Access != AccessMatrix.StripeSignature
                                     && !r.Endpoint.Path.StartsWith("/openapi", StringComparison.Ordinal))
            .Select(r => AccessMatrixTests.Url(r.Endpoint, _records))
            .Where(url => url is not "/Account/SignOut");

    private static async Task<string> AntiforgeryToken(HttpClient client)
    {
        var page = Html.ParseDocument(await client.GetStringAsync("/"));
        return page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }

    [GeneratedRegex(@"Exception\b|\.cs:line \d|^\s+at [\w.`<>]+\(", RegexOptions.Multiline)]
    private static partial Regex StackTrace();
}

/// <summary>A form a page renders: where it posts and the fields with the values it starts with.</summary>
/// <summary>A field whose value is null starts out unsent (an unticked box): it is sent only when it is the one being swept.</summary>
internal sealed record PageForm(string Action, Dictionary<string, string?> Fields)
{
    /// <summary>Forms of the same kind on one page (a remove button per row) count once.</summary>
    public string Shape => Regex.Replace(Action, @"\d+", "N") + " " + string.Join(",", Fields.Keys.Order(StringComparer.Ordinal));

    public static IEnumerable<PageForm> AllOn(IDocument page, string pageUrl)
    {
        foreach (var form in page.QuerySelectorAll("form").Where(f => string.Equals(f.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase)))
        {
            var fields = new Dictionary<string, string?>();
            foreach (var input in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
            {
                var name = input.GetAttribute("name")!;
                var type = input.GetAttribute("type")?.ToLowerInvariant();
                if (name == "__RequestVerificationToken" || type is "submit" or "button" or "file" || fields.ContainsKey(name))
                    continue;
                fields[name] = input.LocalName switch
                {
                    "select" => input.QuerySelector("option[selected]")?.GetAttribute("value") ?? input.QuerySelector("option")?.GetAttribute("value") ?? "",
                    "textarea" => input.TextContent,
                    _ when type is "checkbox" or "radio" => input.HasAttribute("checked") ? input.GetAttribute("value") ?? "on" : null,
                    _ => input.GetAttribute("value") ?? "",
                };
            }

            var action = form.GetAttribute("action") is { Length: > 0 } declared ? declared : pageUrl;
            if (action.StartsWith("/Account/SignOut", StringComparison.Ordinal) || action.StartsWith("/Account/Switch", StringComparison.Ordinal))
                continue;
            yield return new PageForm(action, fields);
            foreach (var button in form.QuerySelectorAll("button[formaction], input[formaction]"))
                yield return new PageForm(button.GetAttribute("formaction")!, fields);
        }
    }
}

/// <summary>The script check itself: it must find every payload left unescaped, and none once Razor has encoded them.</summary>
public sealed class ScriptDetectionTests
{
    [Test]
    public void EveryScriptPayload_PlacedUnescapedInTextOrAnAttribute_IsFound_AndEncodedIsNot()
    {
        var parser = new HtmlParser();
        foreach (var payload in HostileValues.Script)
        {
            var raw = parser.ParseDocument($"<div>{payload}</div><a href=\"{payload}\">x</a><input value=\"{payload}\"><input value='{payload}'>");
            var encoded = System.Text.Encodings.Web.HtmlEncoder.Default.Encode(payload);
            // Encoding does not make a javascript: link safe, so the encoded page puts the value in a link's text and title only.
            var safe = parser.ParseDocument($"<div>{encoded}</div><a href=\"/Donors\" title=\"{encoded}\">{encoded}</a><input value=\"{encoded}\"><input value='{encoded}'><script>var x = 1;</script>");

            Assert.That(HostileInputTests.ScriptsRunIn(raw).ToList(), Is.Not.Empty, payload);
            Assert.That(HostileInputTests.ScriptsRunIn(safe).ToList(), Is.Empty, payload);
        }
    }
}
