using DonorTrack.Core.Matching;

namespace DonorTrack.Web.Pages.Admin;

public sealed class AllianceModel(OrganizationService organizations, MatchingCampaignService matching, TimeProvider clock) : PageModel
{
    public IReadOnlyList<AllianceMember> Members { get; private set; } = [];

    public IReadOnlyList<Organization> Candidates { get; private set; } = [];

    public IReadOnlyList<AllianceInvitation> InvitationsSent { get; private set; } = [];

    public IReadOnlyList<AllianceInvitation> InvitationsReceived { get; private set; } = [];

    public IReadOnlyList<AllianceMembershipOfMember> AlliancesWeBelongTo { get; private set; } = [];

    public IReadOnlyList<MatchingParticipationRequest> ParticipationRequests { get; private set; } = [];

    /// <summary>A one-time code just created, shown once for the admin to pass on.</summary>
    public string? NewCode { get; private set; }

    [BindProperty]
    public AllianceMemberInput Input { get; set; } = new(null, "member", null);

    [BindProperty]
    public string? Code { get; set; }

    public void OnGet()
    {
        var organization = organizations.Find(User.ToActor().OrganizationId)!;
        Input = Input with { JoinedOn = organization.LocalDate(clock.GetUtcNow()) };
        Load();
    }

    public IActionResult OnPostAdd()
    {
        AllianceInvitationIssued? issued = null;
        if (!ModelState.TryRun(() => issued = organizations.Invite(User.ToActor(), Input)))
        {
            Load();
            return Page();
        }
        if (issued!.Code is { } code)
        {
            // The code is shown once, on this response, and never stored: no redirect that would lose it.
            NewCode = code;
            Load();
            return Page();
        }
        TempData["Notice"] = "Invitation sent. The organization becomes a member once one of its admins accepts it under Admin → Alliance.";
        return RedirectToPage();
    }

    public IActionResult OnPostJoin()
    {
        if (!ModelState.TryRun(() => organizations.JoinWithCode(User.ToActor(), Code), prefix: ""))
        {
            Load();
            return Page();
        }
        TempData["Notice"] = "Joined the alliance. It now sees this organization's totals; you can leave at any time.";
        return RedirectToPage();
    }

    public IActionResult OnPostAccept(long id) =>
        Run(() => organizations.AcceptInvitation(User.ToActor(), id), "Invitation accepted: the alliance now sees this organization's totals.");

    public IActionResult OnPostDecline(long id) =>
        Run(() => organizations.DeclineInvitation(User.ToActor(), id), "Invitation declined.");

    public IActionResult OnPostWithdraw(long id) =>
        Run(() => organizations.WithdrawInvitation(User.ToActor(), id), "Invitation withdrawn.");

    public IActionResult OnPostLeave(long id, bool confirmed) => !confirmed
        ? this.Confirm(new Confirmation("Leave this alliance?",
        [
            "Stop sharing this organization's figures with the alliance from today, and take it out of the alliance's matching campaigns from now on.",
            "The history stays. Joining again needs a new invitation from the alliance's admin.",
        ], "Leave the alliance"))
        : Run(() => organizations.LeaveAlliance(User.ToActor(), id), "This organization has left the alliance; it no longer sees this organization's figures.");

    public IActionResult OnPostAcceptMatching(long id) =>
        Run(() => matching.AcceptParticipation(User.ToActor(), id), "This organization now takes part in the matching campaign.");

    public IActionResult OnPostDeclineMatching(long id) =>
        Run(() => matching.DeclineParticipation(User.ToActor(), id), "Declined: this organization does not take part in that campaign.");

    public IActionResult OnPostEnd(long id, DateOnly? leftOn, bool confirmed)
    {
        var actor = User.ToActor();
        if (!confirmed)
            return this.Confirm(new Confirmation("End this member's alliance membership?",
            [
                $"End the membership {(leftOn is { } on ? "on " + PageSupport.Date(on) : "today")}: the alliance stops seeing its figures after that day and its gifts stop counting in the alliance's matching campaigns.",
                "The history stays. It can only come back by a new invitation that its admin accepts.",
            ], "End membership"));
        return Run(() => organizations.EndMember(actor, id, leftOn ?? organizations.Find(actor.OrganizationId)!.LocalDate(clock.GetUtcNow())),
            "Membership ended; its history stays.");
    }

    private RedirectToPageResult Run(Action useCase, string notice)
    {
        TempData.TryRun(useCase, notice);
        return RedirectToPage();
    }

    private void Load()
    {
        var actor = User.ToActor();
        Members = organizations.Members(actor.OrganizationId);
        Candidates = organizations.LinkCandidates(actor);
        InvitationsSent = organizations.InvitationsSent(actor);
        InvitationsReceived = organizations.InvitationsReceived(actor);
        AlliancesWeBelongTo = organizations.AlliancesOf(actor);
        ParticipationRequests = matching.ParticipationRequests(actor);
    }
}
