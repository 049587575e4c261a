namespace DonorTrack.Web.Pages.Grants;

[Authorize(Policy = RolePolicies.Viewer)]
public sealed class ReceivablesModel(ReceivablesService receivables) : PageModel
{
    public Receivables Report { get; private set; } = null!;

    public ExpectedRevenueChart Chart { get; private set; } = null!;

    public void OnGet()
    {
        Report = receivables.Receivables(User.ToActor());
        Chart = new ExpectedRevenueChart(Report.Months);
    }

    public IActionResult OnGetCsv()
    {
        var report = receivables.Receivables(User.ToActor());
        return File(System.Text.Encoding.UTF8.GetBytes(Api.GrantsApi.ReceivablesCsv(report)), "text/csv; charset=utf-8", $"expected-revenue-{report.Today:yyyy-MM-dd}.csv");
    }
}
