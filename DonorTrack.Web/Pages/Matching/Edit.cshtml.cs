using DonorTrack.Core.Matching;

namespace DonorTrack.Web.Pages.Matching;

/// <summary>Sets up a campaign, or edits one; an edit after gifts were matched shows how allocations change and waits for a confirmation.</summary>
[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class EditModel(MatchingCampaignService campaigns, DonorService donors) : PageModel
{
    [BindProperty]
    public MatchingForm Input { get; set; } = new();

    public long? Id { get; private set; }

    public IReadOnlyList<(long Id, string Name)> Choices { get; private set; } = [];

    /// <summary>The donor who pays the matches, found by name, email or postal code.</summary>
    public DonorField Funder { get; private set; } = null!;

    public MatchingChangePreview? Preview { get; private set; }

    public IActionResult OnGet(long? id)
    {
        var actor = User.ToActor();
        if (id is { } campaignId)
        {
            if (campaigns.Find(actor, campaignId) is not { } campaign || campaign.OrganizationId != actor.OrganizationId)
                return NotFound();
            // Named organizations still waiting to accept stay on the form, so saving an edit does not drop their invitation.
            Input = MatchingForm.From(campaign, campaigns.Participants(actor, campaignId).Concat(campaigns.ParticipantsNotTakingPart(actor, campaignId)));
        }
        else
        {
            Input.Participants = [actor.OrganizationId];
        }
        Load(actor, id);
        return Page();
    }

    public IActionResult OnPost(long? id)
    {
        var actor = User.ToActor();
        if (DonorField.IsFindRequest(Request))
        {
            ModelState.Clear();
            Load(actor, id);
            return Page();
        }
        var input = Input.ToInput();
        IActionResult? answer = null;
        if (ModelState.TryRun(() => answer = Save(actor, id, input), property => $"Input.{Input.FormField(property, input)}") && answer is not null)
            return answer;
        Load(actor, id);
        return Page();
    }

    /// <summary>Creates or edits the campaign; null when the edit needs confirming first (<see cref="Preview"/> says what it changes).</summary>
    private IActionResult? Save(Actor actor, long? id, MatchingCampaignInput input)
    {
        if (id is not { } campaignId)
        {
            var created = campaigns.Create(actor, input);
            TempData["Notice"] = "Campaign set up.";
            return Redirect($"/Matching/Details/{created}");
        }
        var outcome = campaigns.Edit(actor, campaignId, input, Input.Confirmed);
        if (outcome is null)
            return NotFound();
        if (outcome.Applied)
        {
            TempData["Notice"] = "Campaign rules changed; allocations re-run.";
            return Redirect($"/Matching/Details/{campaignId}");
        }
        Preview = outcome.Preview;
        return null;
    }

    private void Load(Actor actor, long? id)
    {
        Id = id;
        Choices = campaigns.ParticipantChoices(actor);
        Funder = DonorField.For(Request, donors, actor, "Input.FunderDonorId", "Funder", Input.FunderDonorId);
    }
}
