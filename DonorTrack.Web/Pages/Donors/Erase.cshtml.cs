using DonorTrack.Core.Privacy;

namespace DonorTrack.Web.Pages.Donors;

/// <summary>Erases a donor on request (admins): what is kept and what stops it, then the typed confirmation.</summary>
[Authorize(Policy = RolePolicies.Admin)]
public sealed class EraseModel(DonorPrivacyService privacy) : PageModel
{
    [BindProperty]
    public DonorErasureInput Input { get; set; } = new();

    public DonorErasurePreview Preview { get; private set; } = null!;

    public IActionResult OnGet(long id)
    {
        var preview = privacy.Preview(User.ToActor(), id);
        if (preview is null)
            return NotFound();
        Preview = preview;
        return Page();
    }

    public IActionResult OnPost(long id)
    {
        var actor = User.ToActor();
        DonorErasureResult? result = null;
        if (ModelState.TryRun(() => result = privacy.Erase(actor, id, Input)) && result is not null)
        {
            TempData["Notice"] = $"Donor {id} was erased: {PageSupport.Count(result.GiftsKept, "gift")} and {PageSupport.Count(result.ReceiptsKept, "issued receipt")} are kept for the books.";
            return RedirectToPage("/Donors/Details", new { id });
        }
        // Erase answers null for a donor not in the organization; the preview then does too.
        var preview = privacy.Preview(actor, id);
        if (preview is null)
            return NotFound();
        Preview = preview;
        return Page();
    }
}
