using DonorTrack.Core.Matching;

namespace DonorTrack.Web.Pages.Matching;

/// <summary>A campaign's progress: everyone taking part sees the totals; only an organization's own users see its gifts and donors.</summary>
[Authorize(Policy = RolePolicies.Viewer)]
public sealed class DetailsModel(MatchingCampaignService campaigns) : PageModel
{
    public MatchingProgress Progress { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public IActionResult OnGet(long id)
    {
        var actor = User.ToActor();
        if (campaigns.Progress(actor, id) is not { } progress)
            return NotFound();
        Progress = progress;
        CanEdit = progress.ReaderOwnsCampaign && actor.Can(Role.Treasurer);
        return Page();
    }
}
