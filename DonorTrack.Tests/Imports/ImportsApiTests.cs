using System.Net.Http.Headers;

namespace DonorTrack.Tests.Imports;

public sealed class ImportsApiTests : ApiFixture
{
    private const string GiftsCsv = "External ID,First Name,Last Name,Email,Amount,Date,Method,Gift Reference\r\n"
        + "A-1,Mai,Nguyễn,mai@example.org,\"1,234.50\",2026-03-14,check,G-1\r\n"
        + "A-2,Lars,Brekke,lars@example.org,$25,3/14/2026,card,G-2\r\n";

    [Test]
    public async Task DryRun_AnswersThePreviewAsJson_AndWritesNothing()
    {
        var organization = NewOrganization();
        var api = ApiFor(organization, Role.Treasurer);

        var response = await api.PostAsync("/api/v1/imports/gifts?dryRun=true", Csv(GiftsCsv));
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(preview.GetProperty("valid").GetBoolean(), Is.True);
        Assert.That(preview.GetProperty("giftsToAdd").GetInt32(), Is.EqualTo(2));
        Assert.That(preview.GetProperty("totalCents").GetInt64(), Is.EqualTo(125_950));
        Assert.That(preview.GetProperty("committed").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Count(organization, "gifts") + Count(organization, "donors"), Is.Zero);
    }

    [Test]
    public async Task Commit_Answers201WithCounts_AndPostingTheSameFileAgainAddsNothing()
    {
        var organization = NewOrganization();
        var api = ApiFor(organization, Role.Treasurer);

        var first = await api.PostAsync("/api/v1/imports/gifts", Csv(GiftsCsv));
        var again = await api.PostAsync("/api/v1/imports/gifts", Csv(GiftsCsv));
        var committed = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("committed");
        var repeat = await again.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(committed.GetProperty("giftsCreated").GetInt32(), Is.EqualTo(2));
        Assert.That(committed.GetProperty("donorsCreated").GetInt32(), Is.EqualTo(2));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a file whose rows carry ids is idempotent, not a conflict");
        Assert.That(repeat.GetProperty("committed").GetProperty("giftsCreated").GetInt32(), Is.Zero);
        Assert.That(repeat.GetProperty("skipped").GetArrayLength(), Is.EqualTo(2));
        Assert.That((Count(organization, "gifts"), Count(organization, "donors")), Is.EqualTo((2L, 2L)));
    }

    [Test]
    public async Task DonorsFileWithExternalIds_PostedTwice_CreatesEachDonorOnce()
    {
        var organization = NewOrganization();
        var api = ApiFor(organization, Role.Treasurer);
        const string donors = "External ID,First Name,Last Name\nA-1,Mai,Nguyễn\nA-2,Lars,Brekke\n";

        var first = await api.PostAsync("/api/v1/imports/donors", Csv(donors));
        var again = await api.PostAsync("/api/v1/imports/donors", Csv(donors));

        Assert.That((first.StatusCode, again.StatusCode), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.Created)));
        Assert.That((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("committed").GetProperty("donorsCreated").GetInt32(), Is.Zero);
        Assert.That(Count(organization, "donors"), Is.EqualTo(2));
    }

    [Test]
    public async Task FileWithoutIds_PostedAgain_IsAConflictUnlessConfirmed()
    {
        var organization = NewOrganization();
        var api = ApiFor(organization, Role.Treasurer);
        const string csv = "Last Name,Amount,Date,Method\nVang,10,2026-01-05,cash\n";

        await api.PostAsync("/api/v1/imports/gifts", Csv(csv));
        var again = await api.PostAsync("/api/v1/imports/gifts", Csv(csv));
        var confirmed = await api.PostAsync("/api/v1/imports/gifts?confirmDuplicate=true", Csv(csv));

        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(again.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(Count(organization, "gifts"), Is.EqualTo(2));
    }

    [Test]
    public async Task FileWithBadRows_Answers422ListingEachRowAndColumn_AndWritesNothing()
    {
        var organization = NewOrganization();
        var api = ApiFor(organization, Role.Treasurer);
        const string csv = "Last Name,Amount,Date,Method,Fund\nVang,10,2026-01-05,cash,\nLee,12.345,2026-01-05,cash,\nRuiz,-4,2026-01-05,cash,Roof Fund\n";

        var response = await api.PostAsync("/api/v1/imports/gifts", Csv(csv));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).ToList();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(errors, Is.EqualTo(new[] { (3, "Amount"), (4, "Amount"), (4, "Fund") }));
        Assert.That(Count(organization, "gifts") + Count(organization, "donors"), Is.Zero);
    }

    [TestCase("", "The file is empty")]
    [TestCase("Last Name,Amount,Date,Method\r\n", "header row but no rows")]
    [TestCase("Shoe Size,Amount,Date,Method\r\n44,10,2026-01-05,cash\r\n", "No column names the donor")]
    public async Task EmptyHeaderOnlyOrNoDonorColumn_Answers422NamingTheFile(string csv, string message)
    {
        var organization = NewOrganization();
        var api = ApiFor(organization, Role.Treasurer);

        var response = await api.PostAsync("/api/v1/imports/gifts", Csv(csv));
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()), Is.EqualTo((0, "File")));
        Assert.That(error.GetProperty("message").GetString(), Does.Contain(message));
    }

    [Test]
    public async Task InvalidUtf8OrBinaryBody_Answers400_AndWritesNothing()
    {
        var organization = NewOrganization();
        var api = ApiFor(organization, Role.Treasurer);
        byte[] brokenUtf8 = [.. Encoding.UTF8.GetBytes("Last Name,Amount,Date,Method\nNguyễn,10,2026-01-05,cash\nVang"), 0xC3, 0x28, .. "\n"u8];
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];

        var broken = await api.PostAsync("/api/v1/imports/gifts", Csv(brokenUtf8));
        var binary = await api.PostAsync("/api/v1/imports/gifts", Csv(png));

        Assert.That((broken.StatusCode, binary.StatusCode), Is.EqualTo((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest)));
        Assert.That((await broken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), Does.Contain("not valid UTF-8"));
        Assert.That(Count(organization, "gifts") + Count(organization, "donors"), Is.Zero);
    }

    [Test]
    public async Task BodyOverTenMegabytes_Answers413()
    {
        var api = ApiFor(NewOrganization(), Role.Treasurer);
        var csv = "Last Name,Notes\nVang,\"" + new string('x', DonorTrack.Web.Api.ImportsApi.MaximumBytes) + "\"\n";

        var response = await api.PostAsync("/api/v1/imports/donors", Csv(csv));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task JsonBody_Answers415_AndAnUnknownPreset_Answers400NamingIt()
    {
        var api = ApiFor(NewOrganization(), Role.Treasurer);

        var json = await api.PostAsJsonAsync("/api/v1/imports/gifts", new { lastName = "Vang" });
        var preset = await api.PostAsync("/api/v1/imports/gifts?preset=square", Csv(GiftsCsv));

        Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(preset.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await preset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("preset")[0].GetString(), Does.Contain("stripe, paypal, donor_tool"));
    }

    [TestCase(Role.Entry)]
    [TestCase(Role.Viewer)]
    public async Task KeysBelowTreasurer_AreForbidden(Role role)
    {
        var organization = NewOrganization();

        var response = await ApiFor(organization, role).PostAsync("/api/v1/imports/gifts", Csv(GiftsCsv));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(Count(organization, "gifts"), Is.Zero);
    }

    [Test]
    public async Task StripePreset_ThroughTheApi_SkipsRefundsAndNamesThemWithTheirRows()
    {
        var organization = NewOrganization();
        var api = ApiFor(organization, Role.Treasurer);
        var sample = File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Imports", "Samples", "stripe-payments.csv"));

        var response = await api.PostAsync("/api/v1/imports/gifts?preset=stripe", Csv(sample));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(body.GetProperty("skipped").EnumerateArray().Select(s => s.GetProperty("row").GetInt32()), Is.EqualTo(new[] { 4, 5 }));
        Assert.That(Count(organization, "gifts"), Is.EqualTo(2));
    }

    [Test]
    public async Task SavedMapping_IsUsedByName()
    {
        var organization = NewOrganization();
        var api = ApiFor(organization, Role.Treasurer);

        var saved = await api.PutAsJsonAsync("/api/v1/imports/mappings/Old%20CRM", new { columns = new Dictionary<string, string> { ["Surname"] = "Last Name", ["Gift Amt"] = "Amount" } });
        var used = await api.PostAsync("/api/v1/imports/gifts?mapping=old%20crm", Csv("Surname,Gift Amt,Date,Method\nVang,10,2026-01-05,cash\n"));
        var unknown = await api.PostAsync("/api/v1/imports/gifts?mapping=nope", Csv("Surname\nVang\n"));

        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(used.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Count(organization, "gifts"), Is.EqualTo(1));
    }

    private static ByteArrayContent Csv(string text) => Csv(Encoding.UTF8.GetBytes(text));

    private static ByteArrayContent Csv(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }

    private long Count(long organizationId, string table)
    {
        using var connection = App.Get<IDbConnectionFactory>().Open();
        return connection.ExecuteScalar<long>($"SELECT count(*) FROM {table} WHERE organization_id = @organizationId", new { organizationId });
    }
}
