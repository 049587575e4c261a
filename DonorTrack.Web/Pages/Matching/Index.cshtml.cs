using DonorTrack.Core.Matching;

namespace DonorTrack.Web.Pages.Matching;

[Authorize(Policy = RolePolicies.Viewer)]
public sealed class IndexModel(MatchingCampaignService campaigns) : PageModel
{
    public IReadOnlyList<MatchingCampaign> Campaigns { get; private set; } = [];

    public bool CanSetUp { get; private set; }

    public void OnGet()
    {
        var actor = User.ToActor();
        Campaigns = campaigns.List(actor);
        CanSetUp = actor.Can(Role.Treasurer);
    }
}
