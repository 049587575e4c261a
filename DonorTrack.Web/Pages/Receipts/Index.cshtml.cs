using DonorTrack.Core.Receipts;
using DonorTrack.Core.Validation;

namespace DonorTrack.Web.Pages.Receipts;

public sealed class IndexModel(GiftReceiptService receipts) : PageModel
{
    public Paged<ReceiptListItem> Receipts { get; private set; } = null!;

    public IReadOnlyList<ReceiptGapYear> Gaps { get; private set; } = [];

    [BindProperty]
    public string? VoidReason { get; set; }

    [BindProperty]
    public bool Reissue { get; set; } = true;

    public IActionResult OnGet(int? p) => Load(p);

    /// <summary>Void (and by default reissue) one receipt: treasurers only, since the law allows no correction but a replacement.</summary>
    public IActionResult OnPostVoid(long id, int? p, bool confirmed)
    {
        var actor = User.ToActor();
        if (!actor.Can(Role.Treasurer))
            return Forbid();
        if (!confirmed)
        {
            if (!ModelState.TryRun(() => new VoidReceiptInputValidator().EnsureValid(new VoidReceiptInput(VoidReason)), prefix: "Void"))
                return Load(p);
            if (receipts.Find(actor, id) is not { IsVoided: false } receipt)
                return NotFound();
            return this.Confirm(new Confirmation($"Void receipt {receipt.Number}?",
            [
                $"Void receipt {receipt.Number} ({PageSupport.Money(receipt.TotalCents, receipt.Currency)}) with the reason \u201c{VoidReason!.Trim()}\u201d. Its number stays on record as void; a void cannot be undone.",
                Reissue
                    ? "Issue a replacement with the next number that says which receipt it replaces, from the gifts as they stand now."
                    : "Issue no replacement: the donor is left without a standing receipt for these gifts until one is issued.",
            ], Reissue ? "Void and reissue" : "Void receipt"));
        }

        var found = true;
        if (!ModelState.TryRun(() =>
            {
                var result = receipts.Void(actor, id, new VoidReceiptInput(VoidReason), Reissue);
                found = result is not null;
                if (result is not null)
                    TempData["Notice"] = Reissue ? $"Receipt voided; replacement {result.Number} issued." : $"Receipt {result.Number} voided; its number stays on record.";
            }, prefix: "Void"))
            return Load(p);
        if (!found)
            return NotFound();

        return RedirectToPage(new { p });
    }

    private IActionResult Load(int? p)
    {
        var actor = User.ToActor();
        Receipts = receipts.List(actor, null, new PageRequest(p));
        if (actor.Can(Role.Treasurer))
            Gaps = receipts.GapReport(actor);
        return Page();
    }
}
