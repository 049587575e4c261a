using DonorTrack.Core.Csv;
using DonorTrack.Core.Imports;
using DonorTrack.Web.Hosting;

namespace DonorTrack.Web.Pages.Imports;

/// <summary>Upload a CSV of donors and gifts, see every row checked, then import it all at once (treasurer or admin).</summary>
[Authorize(Policy = RolePolicies.Treasurer)]
[RequestSizeLimit(ImportUploads.MaximumBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = ImportUploads.MaximumBytes + 1024 * 1024)]
public sealed class IndexModel(ImportService imports, IConfiguration configuration) : PageModel
{
    private readonly ImportUploads _uploads = new(DataDirectory.Resolve(configuration));

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public bool CreateMissingDesignations { get; set; }

    [BindProperty]
    public bool ConfirmDuplicate { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public ImportPreview? Preview { get; private set; }

    public IReadOnlyList<PreviousImport> Recent { get; private set; } = [];

    public IActionResult OnGet()
    {
        var actor = User.ToActor();
        if (Token is not null)
        {
            if (_uploads.Find(actor.OrganizationId, Token) is not { } staged)
                return NotFound();
            Preview = imports.Preview(actor, staged.FileName, staged.Bytes, new ImportOptions(staged.CreateMissingDesignations));
        }
        Recent = imports.Recent(actor);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync()
    {
        var actor = User.ToActor();
        if (Upload is null || Upload.Length == 0)
            ModelState.AddModelError(nameof(Upload), "Choose a CSV file to upload; the file you chose is empty.");
        else if (Upload.Length > ImportUploads.MaximumBytes)
            ModelState.AddModelError(nameof(Upload), "The file is larger than 10 MB; split it into smaller files and import them one after another.");
        if (!ModelState.IsValid)
        {
            Recent = imports.Recent(actor);
            return Page();
        }
        using var copy = new MemoryStream();
        await Upload!.CopyToAsync(copy);
        var fileName = Path.GetFileName(Upload.FileName);
        var token = _uploads.Save(actor.OrganizationId, string.IsNullOrWhiteSpace(fileName) ? "import.csv" : fileName, CreateMissingDesignations, copy.ToArray());
        return RedirectToPage(new { token });
    }

    public IActionResult OnPostCommit()
    {
        var actor = User.ToActor();
        if (_uploads.Find(actor.OrganizationId, Token) is not { } staged)
        {
            TempData["Notice"] = "That upload is gone (imported or discarded already); upload the file again.";
            return RedirectToPage();
        }
        try
        {
            var result = imports.Commit(actor, staged.FileName, staged.Bytes, new ImportOptions(staged.CreateMissingDesignations, ConfirmDuplicate));
            _uploads.Remove(actor.OrganizationId, staged.Token);
            TempData["Notice"] = $"Imported {staged.FileName}: {result.DonorsCreated.Count:N0} new donors, {result.DonorsMatched.Count:N0} matched, "
                + $"{result.GiftIds.Count:N0} gifts totalling {PageSupport.Money(result.TotalCents)}.";
            return RedirectToPage();
        }
        catch (ImportRefusedException refused)
        {
            Preview = refused.Preview;
            ModelState.AddModelError("", refused.Message);
            Recent = imports.Recent(actor);
            return Page();
        }
    }

    public IActionResult OnPostDiscard()
    {
        var actor = User.ToActor();
        if (Token is not null)
            _uploads.Remove(actor.OrganizationId, Token);
        TempData["Notice"] = "Upload discarded; nothing was imported.";
        return RedirectToPage();
    }

    public IActionResult OnGetTemplate() => File(ImportTemplate(), "text/csv; charset=utf-8", "donortrack-import-template.csv");

    private static byte[] ImportTemplate()
    {
        var csv = new CsvWriter().Row(ImportColumns.Vocabulary.Select(v => CsvCell.Text(v.Names[0])));
        string[][] examples =
        [
            ["", "A-1001", "individual", "Thị Mai", "Nguyễn", "", "mai@example.org", "555-0100", "12 Rice St", "", "Saint Paul", "MN", "55104", "US", "",
                "volunteer; tenant", "no", "", "1,234.50", "2026-03-14", "check", "individual", "", "", "2041", "", "", "", "", "", "Spring appeal reply"],
            ["", "A-1002", "organization", "", "", "Frogtown Hardware", "", "", "", "", "", "", "", "", "corporate",
                "", "", "", "$250", "3/14/2026", "card", "corporate", "", "", "", "ch_123", "80.00", "Gala dinner", "", "7.55", ""],
        ];
        foreach (var example in examples)
            csv.Row(example.Select(CsvCell.Text));
        return csv.ToUtf8WithBom();
    }
}
