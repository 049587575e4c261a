using DonorTrack.Core.Csv;
using DonorTrack.Core.Imports;
using DonorTrack.Core.Imports.Presets;
using DonorTrack.Web.Hosting;

namespace DonorTrack.Web.Pages.Imports;

/// <summary>Upload a CSV of donors and gifts, see every row checked, then import it all at once (treasurer or admin).</summary>
[Authorize(Policy = RolePolicies.Treasurer)]
[RequestSizeLimit(ImportUploads.MaximumBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = ImportUploads.MaximumBytes + 1024 * 1024)]
public sealed class IndexModel(ImportService imports, ImportSourceService sources, ImportMappingService mappings, IConfiguration configuration) : PageModel
{
    private const string MappingPrefix = "mapping:";

    private readonly ImportUploads _uploads = new(DataDirectory.Resolve(configuration));

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public bool CreateMissingDesignations { get; set; }

    [BindProperty]
    public bool ConfirmDuplicate { get; set; }

    /// <summary>Where the file comes from: blank for DonorTrack's own columns, a preset word, or "mapping:NAME".</summary>
    [BindProperty]
    public string? Source { get; set; }

    [BindProperty]
    public string? DateOrder { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public ImportPreview? Preview { get; private set; }

    /// <summary>The rows the preview leaves out, with why (refunds, failed payments, gifts imported before).</summary>
    public IReadOnlyList<SkippedRow> Skipped { get; private set; } = [];

    /// <summary>The encoding and separator the file was read with, e.g. "Windows-1252, semicolons".</summary>
    public string? ReadAs { get; private set; }

    /// <summary>The preview names a fund or campaign that does not exist, and creating them was not chosen yet.</summary>
    public bool OffersToCreateDesignations { get; private set; }

    public IReadOnlyList<(string Value, string Label)> Sources { get; private set; } = [];

    public IReadOnlyList<PreviousImport> Recent { get; private set; } = [];

    public IActionResult OnGet()
    {
        var actor = User.ToActor();
        if (Token is not null)
        {
            if (_uploads.Find(actor.OrganizationId, Token) is not { } staged)
                return NotFound();
            Show(sources.Preview(actor, SourceRequest(actor, staged), staged.Bytes), staged);
        }
        Recent = imports.Recent(actor);
        Sources = SourceChoices(actor);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync()
    {
        var actor = User.ToActor();
        if (Upload is null || Upload.Length == 0)
            ModelState.AddModelError(nameof(Upload), "Choose a CSV file to upload; the file you chose is empty.");
        else if (Upload.Length > ImportUploads.MaximumBytes)
            ModelState.AddModelError(nameof(Upload), "The file is larger than 10 MB; split it into smaller files and import them one after another.");
        Sources = SourceChoices(actor);
        if (!string.IsNullOrEmpty(Source) && Sources.All(s => s.Value != Source))
            ModelState.AddModelError(nameof(Source), "Choose one of the listed sources.");
        if (!string.IsNullOrEmpty(DateOrder) && !DomainWords.TryParse<DateOrder>(DateOrder, out _))
            ModelState.AddModelError(nameof(DateOrder), "Choose month/day/year or day/month/year.");
        if (!ModelState.IsValid)
        {
            Recent = imports.Recent(actor);
            return Page();
        }
        using var copy = new MemoryStream();
        await Upload!.CopyToAsync(copy);
        var fileName = Path.GetFileName(Upload.FileName);
        var token = _uploads.Save(actor.OrganizationId, string.IsNullOrWhiteSpace(fileName) ? "import.csv" : fileName, CreateMissingDesignations, copy.ToArray(),
            string.IsNullOrEmpty(Source) ? null : Source, string.IsNullOrEmpty(DateOrder) ? null : DateOrder);
        return RedirectToPage(new { token });
    }

    /// <summary>The preview named funds or campaigns that do not exist: create them at import, and check the file again.</summary>
    public IActionResult OnPostCreateMissing()
    {
        var actor = User.ToActor();
        if (!_uploads.AllowCreatingDesignations(actor.OrganizationId, Token))
        {
            TempData["Notice"] = "That upload is gone (imported or discarded already); upload the file again.";
            return RedirectToPage();
        }
        return RedirectToPage(new { token = Token });
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
            var result = sources.Commit(actor, SourceRequest(actor, staged) with { ConfirmDuplicate = ConfirmDuplicate }, staged.Bytes).Result!;
            _uploads.Remove(actor.OrganizationId, staged.Token);
            TempData["Notice"] = $"Imported {staged.FileName}: {PageSupport.Count(result.DonorsCreated.Count, "new donor")}, {result.DonorsMatched.Count:N0} matched, "
                + $"{PageSupport.Count(result.GiftIds.Count, "gift")} totalling {PageSupport.Money(result.TotalCents)}.";
            return RedirectToPage();
        }
        catch (ImportSourceRefusedException refused)
        {
            Show(refused.Report, staged);
            ModelState.AddModelError("", refused.Message);
            Recent = imports.Recent(actor);
            Sources = SourceChoices(actor);
            return Page();
        }
    }

    private void Show(ImportReport report, StagedImport staged)
    {
        Preview = report.Preview;
        Skipped = report.Skipped;
        ReadAs = $"{report.EncodingName}, " + report.Delimiter switch { '\t' => "tab separated", ';' => "semicolon separated", _ => "comma separated" };
        OffersToCreateDesignations = !staged.CreateMissingDesignations
            && report.Preview.Errors.Any(e => e.Message.StartsWith("There is no fund named", StringComparison.Ordinal) || e.Message.StartsWith("There is no campaign named", StringComparison.Ordinal));
    }

    private ImportSourceRequest SourceRequest(Actor actor, StagedImport staged)
    {
        var request = new ImportSourceRequest(staged.FileName)
        {
            CreateMissingDesignations = staged.CreateMissingDesignations,
            DateOrder = DomainWords.TryParse<DateOrder>(staged.DateOrder, out var order) ? order : Core.Imports.Presets.DateOrder.MonthFirst,
        };
        if (DomainWords.TryParse<ImportPresetName>(staged.Source, out var preset))
            return request with { Preset = preset };
        if (staged.Source is { } source && source.StartsWith(MappingPrefix, StringComparison.Ordinal))
            return request with { Mapping = mappings.Find(actor, source[MappingPrefix.Length..]) };
        return request;
    }

    private IReadOnlyList<(string Value, string Label)> SourceChoices(Actor actor) =>
    [
        ("", "DonorTrack's columns (or a file with the same names)"),
        ("stripe", "Stripe payments export"),
        ("paypal", "PayPal activity download"),
        ("donor_tool", "Donor tool export (name, email, address, amount, date, fund, campaign)"),
        .. mappings.List(actor).Select(m => (MappingPrefix + m.Name, "Saved mapping: " + m.Name)),
    ];

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
