using DonorTrack.Core.Email;
using DonorTrack.Web.Email;

namespace DonorTrack.Web.Pages.Email;

public sealed class OutboxModel(OutboxService outbox, OutboxWorker worker) : PageModel
{
    public Paged<OutboxListItem> Messages { get; private set; } = null!;

    public IReadOnlyDictionary<OutboxStatus, long> Counts { get; private set; } = new Dictionary<OutboxStatus, long>();

    public OutboxStatus? Status { get; private set; }

    public void OnGet(string? status, int? pageNumber)
    {
        var actor = User.ToActor();
        Status = DomainWords.TryParse<OutboxStatus>(status, out var chosen) ? chosen : null;
        Messages = outbox.List(actor, Status, new PageRequest(pageNumber, 100));
        Counts = outbox.Counts(actor);
    }

    public IActionResult OnPostRetry(long id)
    {
        if (!User.ToActor().Can(Role.Treasurer))
            return Forbid();
        if (TempData.TryRun(() => outbox.Retry(User.ToActor(), id), "The message is queued again."))
            worker.Request();
        return RedirectToPage();
    }
}
