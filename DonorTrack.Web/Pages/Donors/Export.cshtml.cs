using DonorTrack.Core.Privacy;

namespace DonorTrack.Web.Pages.Donors;

/// <summary>Downloads everything held about one donor, for a privacy request: ?format=json (default) or ?format=csv (a ZIP of one CSV per table).</summary>
[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class ExportModel(DonorPrivacyService privacy) : PageModel
{
    public IActionResult OnGet(long id, string? format)
    {
        if (format is not (null or "json" or "csv"))
            return BadRequest();
        var export = privacy.Export(User.ToActor(), id);
        if (export is null)
            return NotFound();
        return format == "csv"
            ? File(DonorDataFiles.ToZip(export), "application/zip", DonorDataFiles.ZipFileName(export))
            : File(DonorDataFiles.ToJson(export), "application/json", DonorDataFiles.JsonFileName(export));
    }
}
