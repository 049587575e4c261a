using DonorTrack.Core.Merging;

namespace DonorTrack.Web.Pages.Donors;

[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class DuplicatesModel(DonorMergeService merges) : PageModel
{
    public Paged<DonorDuplicatePair> Pairs { get; private set; } = null!;

    public void OnGet(int? p) => Pairs = merges.FindLikelyDuplicates(User.ToActor(), new PageRequest(p, 50));

    public IActionResult OnPostNotDuplicate(long donorId, long otherDonorId, int? p)
    {
        if (!merges.MarkNotDuplicate(User.ToActor(), donorId, otherDonorId))
            return NotFound();
        TempData["Notice"] = "Marked as not duplicates; the pair no longer appears here.";
        return RedirectToPage(new { p });
    }
}
