using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace DonorTrack.Tests.Imports;

public sealed partial class ImportWebTests
{
    private DonorTrackAppFactory _app = null!;
    private long _organization;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _organization = _app.SetUpFirstOrganization();
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    [Test]
    public async Task Treasurer_UploadsPreviewsAndCommits_TheStagedFileIsImportedAndRemoved()
    {
        var client = await _app.SignedInAs(_app.AddUser(_organization, Role.Treasurer));
        var csv = "First Name,Last Name,Email,Amount,Date,Method\r\nMai,Nguyễn,mai@example.org,\"1,234.50\",3/14/2026,Check\r\n";

        var upload = await Upload(client, csv, "gifts.csv");
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var previewUrl = upload.Headers.Location!.ToString();
        var preview = WebUtility.HtmlDecode(await client.GetStringAsync(previewUrl));
        Assert.That(preview, Does.Contain("1 gift totalling $1,234.50").And.Contain("Nguyễn"));
        Assert.That(Directory.GetFiles(Path.Combine(_app.DataDirectory, "imports")), Has.Length.EqualTo(2));
        Assert.That(GiftCount(), Is.Zero, "the preview writes nothing");

        var token = TokenIn().Match(previewUrl).Groups[1].Value;
        var commit = await DonorTrackAppFactory.PostFormAsync(client, previewUrl, "/Imports?handler=Commit", new() { ["Token"] = token });

        Assert.That(commit.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(GiftCount(), Is.EqualTo(1));
        Assert.That(Directory.GetFiles(Path.Combine(_app.DataDirectory, "imports")), Is.Empty);
        Assert.That(WebUtility.HtmlDecode(await client.GetStringAsync("/Imports")), Does.Contain("Imported gifts.csv"));
    }

    [Test]
    public async Task PreviewWithABadRow_ShowsTheRowAndColumn_AndOffersNoImportButton()
    {
        var client = await _app.SignedInAs(_app.AddUser(_organization, Role.Treasurer));

        var upload = await Upload(client, "Last Name,Amount,Date,Method\nAna,12.345,2026-01-01,cash\n", "bad.csv");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(upload.Headers.Location!.ToString()));

        Assert.That(page, Does.Contain("Row 2, Amount: “12.345” is not an amount"));
        Assert.That(page, Does.Not.Contain("handler=Commit"));
    }

    [Test]
    public async Task EmptyUpload_ShowsAClearMessage()
    {
        var client = await _app.SignedInAs(_app.AddUser(_organization, Role.Treasurer));

        var response = await Upload(client, "", "empty.csv");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), Does.Contain("Choose a CSV file"));
    }

    [TestCase(Role.Entry)]
    [TestCase(Role.Viewer)]
    public async Task EntryAndViewer_CannotOpenOrPostTheImportPage(Role role)
    {
        var client = await _app.SignedInAs(_app.AddUser(_organization, role));

        var page = await client.GetAsync("/Imports");
        var post = await client.PostAsync("/Imports?handler=Preview", new MultipartFormDataContent { { new ByteArrayContent("Last Name\nAna\n"u8.ToArray()), "Upload", "x.csv" } });

        Assert.That(page.Headers.Location!.ToString(), Does.Contain("/Account/Denied"));
        Assert.That(post.StatusCode, Is.Not.EqualTo(HttpStatusCode.OK));
        Assert.That(Directory.Exists(Path.Combine(_app.DataDirectory, "imports")), Is.False, "nothing was staged");
    }

    [Test]
    public async Task UploadWithoutTheAntiforgeryToken_IsRejected()
    {
        var client = await _app.SignedInAs(_app.AddUser(_organization, Role.Treasurer));
        var form = new MultipartFormDataContent { { new ByteArrayContent("Last Name\nAna\n"u8.ToArray()), "Upload", "x.csv" } };

        var response = await client.PostAsync("/Imports?handler=Preview", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Directory.Exists(Path.Combine(_app.DataDirectory, "imports")), Is.False);
    }

    [Test]
    public async Task Template_DownloadsACsvWhoseHeaderEveryColumnIsRecognized()
    {
        var client = await _app.SignedInAs(_app.AddUser(_organization, Role.Treasurer));

        var response = await client.GetAsync("/Imports?handler=Template");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var table = DonorTrack.Core.Imports.CsvReader.Parse(bytes);
        DonorTrack.Core.Imports.ImportColumns.FromHeader(table.Header, out var problems);

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        Assert.That(problems, Is.Empty);
        Assert.That(DonorTrack.Core.Imports.ImportColumns.FromHeader(table.Header, out _).Unknown, Is.Empty);
        Assert.That(table.Records[0].Cells, Does.Contain("Nguyễn"));
    }

    private static async Task<HttpResponseMessage> Upload(HttpClient client, string csv, string fileName)
    {
        byte[] bytes = csv.Length == 0 ? [] : [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)];
        var page = await client.GetStringAsync("/Imports");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { file, "Upload", fileName } };
        return await client.PostAsync("/Imports?handler=Preview", form);
    }

    private long GiftCount()
    {
        using var db = _app.Get<IDbConnectionFactory>().Read();
        return db.Connection.ExecuteScalar<long>("SELECT count(*) FROM gifts");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("token=([0-9a-f]{32})")]
    private static partial Regex TokenIn();
}
