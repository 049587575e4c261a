using DonorTrack.Core.Dues;
using DonorTrack.Core.Email;
using DonorTrack.Core.Matching;
using DonorTrack.Web.Email;

namespace DonorTrack.Web.Pages.Email;

public sealed class NoticesModel(DonorNoticeMailing mailing, MembershipService memberships, MatchingCampaignService campaigns, OutboxWorker worker) : PageModel
{
    public DuesOverview Dues { get; private set; } = null!;

    public IReadOnlyList<MatchingCampaign> Campaigns { get; private set; } = [];

    [BindProperty]
    public List<long> MembershipIds { get; set; } = [];

    public IActionResult OnGet()
    {
        var actor = User.ToActor();
        if (!actor.Can(Role.Treasurer))
            return Forbid();
        Dues = memberships.Overview(actor, 0);
        Campaigns = campaigns.List(actor);
        return Page();
    }

    public IActionResult OnPostDueSoon() => Queue(() => mailing.QueueDuesReminders(User.ToActor(), EmailKind.DuesDueSoon, MembershipIds));

    public IActionResult OnPostLapsed() => Queue(() => mailing.QueueDuesReminders(User.ToActor(), EmailKind.DuesLapsed, MembershipIds));

    public IActionResult OnPostMatching(long campaignId) => Queue(() => mailing.QueueMatchingThanks(User.ToActor(), campaignId));

    private IActionResult Queue(Func<IReadOnlyList<QueuedEmail>> action)
    {
        if (!User.ToActor().Can(Role.Treasurer))
            return Forbid();
        IReadOnlyList<QueuedEmail> written = [];
        if (TempData.TryRun(() => written = action()))
        {
            worker.Request();
            var skipped = written.Count(w => !w.IsQueued);
            TempData["Notice"] = $"{PageSupport.Count(written.Count(w => w.IsQueued), "message")} queued" + (skipped > 0 ? $"; {skipped} skipped (see the outbox for why)." : ".");
        }
        return RedirectToPage();
    }
}
