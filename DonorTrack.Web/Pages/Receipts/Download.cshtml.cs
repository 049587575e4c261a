using DonorTrack.Core.Receipts;

namespace DonorTrack.Web.Pages.Receipts;

/// <summary>Downloads a stored receipt, reprinted from its stored content and marked as a copy (or void).</summary>
public sealed class DownloadModel(GiftReceiptService receipts) : PageModel
{
    public IActionResult OnGet(long id) =>
        receipts.Reprint(User.ToActor(), id) is { } pdf ? File(pdf.Pdf, "application/pdf", pdf.FileName) : NotFound();
}
