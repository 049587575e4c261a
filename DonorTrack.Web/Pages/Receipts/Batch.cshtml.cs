using DonorTrack.Core.Receipts;
using DonorTrack.Web.Hosting;

namespace DonorTrack.Web.Pages.Receipts;

/// <summary>Runs year-end statements for every donor in the background and offers the ZIP (and the combined PDF from the same statements) when done.</summary>
public sealed class BatchModel(ReceiptBatchJobs jobs, TimeProvider clock) : PageModel
{
    [BindProperty]
    public int? Year { get; set; }

    [BindProperty]
    public bool Combined { get; set; }

    [BindProperty]
    public bool Interim { get; set; }

    public ReceiptBatchJob? Job { get; private set; }

    public IActionResult OnGet(string? job)
    {
        var actor = User.ToActor();
        if (!actor.Can(Role.Treasurer))
            return Forbid();
        Year ??= clock.GetUtcNow().Year - 1;
        if (job is not null && (Job = jobs.Find(actor, job)) is null)
            return NotFound();
        return Page();
    }

    public IActionResult OnPost()
    {
        var actor = User.ToActor();
        if (!actor.Can(Role.Treasurer))
            return Forbid();
        string? started = null;
        if (!ModelState.TryRun(() => started = jobs.Start(actor, new AnnualBatchInput(Year, Combined, Interim)).Id, prefix: ""))
            return Page();
        return RedirectToPage(new { job = started });
    }

    /// <summary>The finished batch's ZIP, or with <paramref name="file"/> = <c>pdf</c> its combined PDF.</summary>
    public IActionResult OnGetDownload(string? job, string? file)
    {
        var actor = User.ToActor();
        if (!actor.Can(Role.Treasurer))
            return Forbid();
        if (job is null || jobs.Find(actor, job) is not { Finished: true, Error: null } found)
            return NotFound();
        if (file == "pdf")
            return found.PdfPath is null ? NotFound() : PhysicalFile(found.PdfPath, "application/pdf", found.PdfFileName);
        return PhysicalFile(found.ZipPath, "application/zip", found.ZipFileName);
    }
}
