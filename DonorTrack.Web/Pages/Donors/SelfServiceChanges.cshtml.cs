using DonorTrack.Core.SelfService;

namespace DonorTrack.Web.Pages.Donors;

/// <summary>The staff review list of donors' own changes on the donor page.</summary>
[Authorize(Policy = RolePolicies.Entry)]
public sealed class SelfServiceChangesModel(SelfServiceChangeReview review) : PageModel
{
    public IReadOnlyList<SelfServiceChange> Changes { get; private set; } = [];

    public void OnGet() => Changes = review.Pending(User.ToActor());

    public IActionResult OnPostReviewed(long id) =>
        review.MarkReviewed(User.ToActor(), id) ? RedirectToPage() : NotFound();
}
