namespace DonorTrack.Web.Pages.Grants;

[Authorize(Policy = RolePolicies.Viewer)]
public sealed class IndexModel(GrantService grants, PledgeService pledges, ReceivablesService receivables) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? EndingWithinMonths { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    public Paged<GrantListItem> Grants { get; private set; } = null!;

    public Paged<PledgeListItem> OpenPledges { get; private set; } = null!;

    public Receivables Receivables { get; private set; } = null!;

    public void OnGet()
    {
        var actor = User.ToActor();
        var status = DomainWords.TryParse<GrantStatus>(Status, out var parsed) ? parsed : (GrantStatus?)null;
        Grants = grants.List(actor, new GrantQuery { Status = status, EndingWithinMonths = EndingWithinMonths is > 0 and <= GrantQuery.MaximumMonths ? EndingWithinMonths : null, Page = new PageRequest(PageNumber) });
        OpenPledges = pledges.List(actor, new PledgeQuery { OpenOnly = true, Page = new PageRequest(1, 50) });
        Receivables = receivables.Receivables(actor);
    }

    public IActionResult OnGetCsv()
    {
        var report = receivables.Receivables(User.ToActor());
        return File(System.Text.Encoding.UTF8.GetBytes(Api.GrantsApi.ReceivablesCsv(report)), "text/csv; charset=utf-8", $"expected-revenue-{report.Today:yyyy-MM-dd}.csv");
    }
}
