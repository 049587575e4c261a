using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using DonorTrack.Core.Privacy;

namespace DonorTrack.Tests.Web;

/// <summary>
/// Issue 17, item 6: a count of one reads "1 gift", never "1 gifts", and dates in messages read "Jun 15, 2026", never
/// ISO, on the pages a treasurer meets with a single donor, gift or imported row.
/// </summary>
public sealed partial class CountAndDateWordingWebTests : ApiFixture
{
    [Test]
    public async Task DonorWithOneGift_IsCountedInTheSingular_OnTheDonorGiftAndDonorListPages()
    {
        var organization = NewOrganization();
        var actor = Actor.System(organization);
        var donor = App.Seed.Donor(actor, "Ana", "Ruiz");
        App.Seed.Gift(actor, donor, 2_500);
        var client = await App.SignedInAs(App.AddUser(organization, Role.Treasurer));

        var details = WebUtility.HtmlDecode(await client.GetStringAsync($"/Donors/Details/{donor}"));
        var gifts = WebUtility.HtmlDecode(await client.GetStringAsync("/Gifts"));
        var donors = WebUtility.HtmlDecode(await client.GetStringAsync("/Donors"));

        Assert.Multiple(() =>
        {
            Assert.That(details, Does.Contain("(1 gift)"));
            Assert.That(gifts, Does.Contain("(1 gift)"));
            Assert.That(donors, Does.Contain(">1 donor</p>"));
            Assert.That(details + gifts + donors, Does.Not.Match(PluralAfterOne()));
        });
    }

    [Test]
    public async Task ImportOfOneRow_IsPreviewedAndReportedInTheSingular()
    {
        var organization = NewOrganization();
        var client = await App.SignedInAs(App.AddUser(organization, Role.Treasurer));

        var upload = await Upload(client, Encoding.UTF8.GetBytes("First Name,Last Name,Amount,Date,Method\nMai,Vang,10,2026-01-05,cash\n"), "one.csv");
        var previewUrl = upload.Headers.Location!.ToString();
        var preview = WebUtility.HtmlDecode(await client.GetStringAsync(previewUrl));
        var commit = await DonorTrackAppFactory.PostFormAsync(client, previewUrl, "/Imports?handler=Commit", new() { ["Token"] = ImportToken().Match(previewUrl).Groups[1].Value });
        var notice = WebUtility.HtmlDecode(await client.GetStringAsync(commit.Headers.Location!.ToString()));

        Assert.Multiple(() =>
        {
            Assert.That(preview, Does.Contain("<li>1 row</li>").And.Contain("1 new donor,").And.Contain("1 gift totalling $10.00").And.Contain("Import 1 row</button>"));
            Assert.That(notice, Does.Contain("1 new donor, 0 matched, 1 gift totalling $10.00"));
            Assert.That(preview + notice, Does.Not.Match(PluralAfterOne()));
        });
    }

    [Test]
    public async Task ErasePage_OfADonorErasedBefore_SaysWhenInTheDisplayDateStyle()
    {
        var organization = NewOrganization();
        var admin = Actor.System(organization) with { Role = Role.Admin };
        var donor = App.Seed.Donor(admin, "Ana", "Ruiz");
        App.Get<DonorPrivacyService>().Erase(admin, donor, new DonorErasureInput { Confirmation = $"Erase Donor {donor}" });
        var client = await App.SignedInAs(App.AddUser(organization, Role.Admin));

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/Donors/Erase/{donor}"));

        // The test clock stands at 17:00 UTC on June 15, 2026, the same day in the organization's zone.
        Assert.That(page, Does.Contain("This donor was already erased on Jun 15, 2026."));
        Assert.That(page, Does.Not.Contain("2026-06-15"));
    }

    private static async Task<HttpResponseMessage> Upload(HttpClient client, byte[] bytes, string fileName)
    {
        var page = await client.GetStringAsync("/Imports");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { file, "Upload", fileName }, { new StringContent(""), "Source" },
            { new StringContent("month_first"), "DateOrder" },
        };
        return await client.PostAsync("/Imports?handler=Preview", form);
    }

    /// <summary>"1 gifts", "1 rows", "1 donors": a count of exactly one followed by a plural noun.</summary>
    [GeneratedRegex(@"(?<![\d,.$])1 (new |existing )?(gift|row|donor|receipt|statement|membership|pledge|grant|problem)s\b")]
    private static partial Regex PluralAfterOne();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("token=([0-9a-f]{32})")]
    private static partial Regex ImportToken();
}
