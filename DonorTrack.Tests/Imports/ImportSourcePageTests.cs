using DonorTrack.Web.Pages;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace DonorTrack.Tests.Imports;

/// <summary>The Imports page with real-world files: a preset chosen on the form, skipped rows listed, a missing fund offered for creation.</summary>
public sealed partial class ImportSourcePageTests : ApiFixture
{
    [Test]
    public async Task StripeExportUploadedWithThePreset_ListsTheSkippedRows_AndImportsThePaidOnes()
    {
        var organization = NewOrganization();
        var client = await App.SignedInAs(App.AddUser(organization, Role.Treasurer));
        var sample = File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Imports", "Samples", "stripe-payments.csv"));

        var upload = await Upload(client, sample, "payments.csv", source: "stripe");
        var previewUrl = upload.Headers.Location!.ToString();
        var preview = WebUtility.HtmlDecode(await client.GetStringAsync(previewUrl));
        var commit = await DonorTrackAppFactory.PostFormAsync(client, previewUrl, "/Imports?handler=Commit", new() { ["Token"] = TokenIn().Match(previewUrl).Groups[1].Value });

        Assert.That(preview, Does.Contain("2 gifts totalling $1,300.00").And.Contain("Read as UTF-8, comma separated"));
        Assert.That(preview, Does.Contain("Stripe status “Failed”").And.Contain("Stripe status “Refunded”"));
        Assert.That(commit.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(Count(organization), Is.EqualTo(2));
    }

    [Test]
    public async Task PreviewNamingAMissingFund_OffersToCreateIt_AndTheNextPreviewCanBeImported()
    {
        var organization = NewOrganization();
        var client = await App.SignedInAs(App.AddUser(organization, Role.Treasurer));
        var csv = Encoding.UTF8.GetBytes("Last Name,Amount,Date,Method,Fund\nVang,10,2026-01-05,cash,Roof Repair\n");

        var upload = await Upload(client, csv, "gifts.csv");
        var previewUrl = upload.Headers.Location!.ToString();
        var first = WebUtility.HtmlDecode(await client.GetStringAsync(previewUrl));
        var token = TokenIn().Match(previewUrl).Groups[1].Value;
        var create = await DonorTrackAppFactory.PostFormAsync(client, previewUrl, "/Imports?handler=CreateMissing", new() { ["Token"] = token });
        var second = WebUtility.HtmlDecode(await client.GetStringAsync(create.Headers.Location!.ToString()));

        Assert.That(first, Does.Contain("Row 2, Fund: There is no fund named “Roof Repair”").And.Contain("handler=CreateMissing"));
        Assert.That(second, Does.Contain("New funds: Roof Repair").And.Contain("handler=Commit"));
        Assert.That(Count(organization), Is.Zero, "checking writes nothing");
    }

    [Test]
    public async Task DayFirstDatesChosenOnTheForm_AreReadDayFirst()
    {
        var organization = NewOrganization();
        var client = await App.SignedInAs(App.AddUser(organization, Role.Treasurer));

        var upload = await Upload(client, Encoding.UTF8.GetBytes("Last Name;Amount;Date;Method\nVang;10;03/04/2026;cash\n"), "eu.csv", dateOrder: "day_first");
        var preview = WebUtility.HtmlDecode(await client.GetStringAsync(upload.Headers.Location!.ToString()));

        Assert.That(preview, Does.Contain("semicolon separated"));
        Assert.That(preview, Does.Contain(PageSupport.Date(new DateOnly(2026, 4, 3))));
    }

    [Test]
    public async Task UnknownSourceOnTheForm_IsAFieldErrorAndNothingIsStaged()
    {
        var organization = NewOrganization();
        var client = await App.SignedInAs(App.AddUser(organization, Role.Treasurer));

        var response = await Upload(client, "Last Name\nVang\n"u8.ToArray(), "x.csv", source: "square");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), Does.Contain("Choose one of the listed sources."));
    }

    private static async Task<HttpResponseMessage> Upload(HttpClient client, byte[] bytes, string fileName, string source = "", string dateOrder = "month_first")
    {
        var page = await client.GetStringAsync("/Imports");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { file, "Upload", fileName }, { new StringContent(source), "Source" },
            { new StringContent(dateOrder), "DateOrder" },
        };
        return await client.PostAsync("/Imports?handler=Preview", form);
    }

    private long Count(long organizationId)
    {
        using var db = App.Get<IDbConnectionFactory>().Read();
        return db.Connection.ExecuteScalar<long>("SELECT count(*) FROM gifts WHERE organization_id = @organizationId", new { organizationId });
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("token=([0-9a-f]{32})")]
    private static partial Regex TokenIn();
}
