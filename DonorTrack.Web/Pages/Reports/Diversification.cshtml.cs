using System.Text;
using DonorTrack.Core.Reports;
using DonorTrack.Core.Reports.Charts;

namespace DonorTrack.Web.Pages.Reports;

public sealed class DiversificationModel(DiversificationService reports, OrganizationService organizations) : PageModel
{
    public DiversificationReport Report { get; private set; } = null!;

    public Organization Organization { get; private set; } = null!;

    public DateOnly? From { get; private set; }

    public DateOnly? To { get; private set; }

    public Func<long, string> Money { get; private set; } = c => PageSupport.Money(c);

    public string MixSvg { get; private set; } = "";

    public string TrendSvg { get; private set; } = "";

    public string RetentionSvg { get; private set; } = "";

    public bool IsAlliance { get; private set; }

    public IReadOnlyList<ReportPeriod> FiscalYears { get; private set; } = [];

    public void OnGet(DateOnly? from, DateOnly? to, DateOnly? fy)
    {
        var actor = User.ToActor();
        Organization = organizations.Find(actor.OrganizationId)!;
        var calendar = new FiscalCalendar((int)Organization.FiscalYearStartMonth);
        var current = reports.Resolve(actor, new ReportPeriodInput(null, null));
        FiscalYears = [.. Enumerable.Range(0, 6).Select(i => calendar.YearOf(current.From.AddYears(-i)))];
        if (fy is { } year)
            (from, to) = (calendar.YearOf(year).From, calendar.YearOf(year).To);
        Money = DiversificationText.MoneyIn(Organization.Currency, Organization.Culture);
        (From, To) = (from, to);
        if (!ModelState.TryRun(() => Report = reports.Report(actor, new ReportPeriodInput(from, to)), prefix: ""))
        {
            (From, To) = (null, null);
            Report = reports.Report(actor, new ReportPeriodInput(null, null));
        }
        MixSvg = SvgChartWriter.Write(ReportCharts.CategoryMix(Report.Current, Money), "mix");
        TrendSvg = SvgChartWriter.Write(ReportCharts.CategoryTrend(Report.Trend), "trend");
        RetentionSvg = SvgChartWriter.Write(ReportCharts.RetentionLine(Report.RetentionTrend), "retention");
        IsAlliance = organizations.Members(actor.OrganizationId).Any(m => m.LeftOn is null);
    }

    /// <summary>The whole report, or the LYBUNT or SYBUNT list, as CSV.</summary>
    public IActionResult OnGetCsv(DateOnly? from, DateOnly? to, string? list)
    {
        var report = reports.Report(User.ToActor(), new ReportPeriodInput(from, to));
        var (name, text) = list switch
        {
            "lybunt" => ("lybunt", DiversificationCsv.Donors(report.FollowUp.Lybunt)),
            "sybunt" => ("sybunt", DiversificationCsv.Donors(report.FollowUp.Sybunt)),
            _ => ("diversification", DiversificationCsv.Report(report)),
        };
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray(), "text/csv; charset=utf-8",
            $"{name}-{report.Current.Period.From:yyyy-MM-dd}-{report.Current.Period.To:yyyy-MM-dd}.csv");
    }

    public IActionResult OnGetPdf(DateOnly? from, DateOnly? to)
    {
        var actor = User.ToActor();
        var input = new ReportPeriodInput(from, to);
        var period = reports.Resolve(actor, input);
        return File(reports.Pdf(actor, input), "application/pdf", $"diversification-{period.From:yyyy-MM-dd}-{period.To:yyyy-MM-dd}.pdf");
    }

    public string YearLabel(ReportPeriod year) => new FiscalCalendar((int)Organization.FiscalYearStartMonth).Label(year.From);

    public string Query(string? handler = null, string? list = null) =>
        $"?handler={handler}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}" + (list is null ? "" : $"&list={list}");
}
