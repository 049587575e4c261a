using DonorTrack.Core.Reports.Bookkeeping;

namespace DonorTrack.Web.Pages.Reports;

/// <summary>
/// The bookkeeping export: gifts received in a date range as a journal by fund and revenue category, with one deposit line per
/// Stripe payout or per day and method, shown here and downloaded as a summary or for QuickBooks Online or Xero (treasurer or admin).
/// </summary>
[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class BookkeepingModel(BookkeepingExport bookkeeping) : PageModel
{
    public DateOnly? From { get; private set; }

    public DateOnly? To { get; private set; }

    public BookkeepingJournal? Journal { get; private set; }

    public void OnGet(DateOnly? from, DateOnly? to)
    {
        (From, To) = (from, to);
        if (from is null && to is null)
            return;
        ModelState.TryRun(() => Journal = bookkeeping.Journal(User.ToActor(), new BookkeepingInput(from, to)), prefix: "");
    }

    /// <summary>The journal as a CSV file in the chosen layout; dates or a layout that do not validate show the page with the messages.</summary>
    public IActionResult OnGetDownload(DateOnly? from, DateOnly? to, string? layout)
    {
        (From, To) = (from, to);
        var input = new BookkeepingInput(from, to, DomainWords.ParseInput<JournalLayout>(layout ?? "summary"));
        byte[]? csv = null;
        if (!ModelState.TryRun(() => csv = bookkeeping.Csv(User.ToActor(), input), prefix: ""))
            return Page();
        return File(csv!, "text/csv; charset=utf-8", BookkeepingExport.FileName(input));
    }

    public string Download(JournalLayout layout) =>
        $"/Reports/Bookkeeping?handler=Download&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&layout={layout.Word()}";
}
