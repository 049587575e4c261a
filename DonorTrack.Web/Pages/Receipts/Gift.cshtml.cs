using DonorTrack.Core.Receipts;

namespace DonorTrack.Web.Pages.Receipts;

/// <summary>The gift page's Receipt button: issues the gift's receipt the first time, returns a copy afterwards.</summary>
public sealed class GiftModel(GiftReceiptService receipts) : PageModel
{
    public IActionResult OnGet(long id) => RedirectToPage("/Gifts/Details", new { id });

    public IActionResult OnPost(long id)
    {
        var actor = User.ToActor();
        if (!actor.Can(Role.Entry))
            return Forbid();
        IActionResult answer = NotFound();
        if (!TempData.TryRun(() => answer = receipts.ForGift(actor, id) is { } pdf ? File(pdf.Pdf, "application/pdf", pdf.FileName) : NotFound()))
            return RedirectToPage("/Gifts/Details", new { id });
        return answer;
    }
}
