using DonorTrack.Core.Email;
using DonorTrack.Core.Receipts;
using DonorTrack.Web.Email;

namespace DonorTrack.Web.Pages.Email;

public sealed class StatementsModel(StatementMailingJobs jobs, OutboxService outbox, AcknowledgmentService acknowledgments) : PageModel
{
    public StatementMailingJob? Job { get; private set; }

    public OutboxBatchProgress? Sending { get; private set; }

    [BindProperty]
    public int? Year { get; set; }

    [BindProperty]
    public bool Interim { get; set; }

    public IActionResult OnGet()
    {
        var actor = User.ToActor();
        if (!actor.Can(Role.Treasurer))
            return Forbid();
        Load(actor);
        Year ??= acknowledgments.Today(actor).Year - 1;
        return Page();
    }

    public IActionResult OnPost()
    {
        var actor = User.ToActor();
        if (!actor.Can(Role.Treasurer))
            return Forbid();
        if (!ModelState.TryRun(() => jobs.Start(actor, new AnnualBatchInput(Year, Interim: Interim)), field => field == "MailSettings" ? "" : field))
        {
            Load(actor);
            return Page();
        }
        TempData["Notice"] = $"Year-end statements for {Year} are being issued and queued for email.";
        return RedirectToPage();
    }

    private void Load(Actor actor)
    {
        Job = jobs.Latest(actor.OrganizationId);
        Sending = Job?.Result is { } result ? outbox.BatchProgress(actor, result.Batch) : null;
    }
}
