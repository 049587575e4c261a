using System.Text;
using DonorTrack.Core.Reports;

namespace DonorTrack.Web.Api;

/// <summary>GET /api/v1/reports/diversification as JSON, CSV or PDF for the API key's organization.</summary>
public static class ReportsApi
{
    public static void MapReportsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/diversification", (HttpContext http, DiversificationService reports, DateOnly? from, DateOnly? to, string? format) =>
            {
                var actor = http.User.ToActor();
                var input = new ReportPeriodInput(from, to);
                switch (format?.ToLowerInvariant())
                {
                    case null or "" or "json":
                        return Results.Ok(DiversificationDto.Of(reports.Report(actor, input)));
                    case "csv":
                        var report = reports.Report(actor, input);
                        return Results.File(Encoding.UTF8.GetBytes(DiversificationCsv.Report(report)), "text/csv; charset=utf-8",
                            $"diversification-{report.Current.Period.From:yyyy-MM-dd}-{report.Current.Period.To:yyyy-MM-dd}.csv");
                    case "pdf":
                        var period = reports.Resolve(actor, input);
                        return Results.File(reports.Pdf(actor, input), "application/pdf", $"diversification-{period.From:yyyy-MM-dd}-{period.To:yyyy-MM-dd}.pdf");
                    default:
                        throw Core.Validation.InputValidation.FieldError("format", "Choose json, csv or pdf.");
                }
            })
            .Produces<DiversificationDto>().WithName("DiversificationReport")
            .WithSummary("Funding diversification and retention for a period (fiscal year by default) and the prior period of the same length; format=csv or pdf for files.");
    }
}

/// <summary>The JSON contract of the diversification report; ratios are 0–1 and null (never NaN) when a period has no gifts.</summary>
public sealed record DiversificationDto(
    DateOnly From, DateOnly To, long TotalCents, IReadOnlyList<CategoryShareDto> Categories, double? Hhi, double? EffectiveSources,
    TopDonorShareDto? TopDonorShare, long DonorCount, long? MedianGiftCents, double? RetentionRate, bool NoGifts, long GiftCount, long? MeanGiftCents,
    double? NewDonorRetentionRate, IReadOnlyList<string> Warnings, DiversificationPriorDto Prior,
    DuesCollectionDto? Dues, IReadOnlyList<CampaignProgressDto> Campaigns, IReadOnlyList<MatchingPoolDto> MatchingCampaigns)
{
    /// <summary>The funding cliff as of today, in the shape of GET /api/v1/reports/funding-cliff.</summary>
    public FundingCliffDto? FundingCliff { get; init; }

    public static DiversificationDto Of(DiversificationReport report)
    {
        var c = report.Current;
        return new DiversificationDto(
            c.Period.From, c.Period.To, c.TotalCents, CategoryShareDto.From(c), c.Hhi, c.EffectiveSources, TopDonorShareDto.From(c.TopDonorShare),
            c.DonorCount, c.MedianGiftCents, c.RetentionRate, c.NoGifts, c.GiftCount, c.MeanGiftCents, report.Retention.NewDonorRetentionRate, report.Warnings,
            DiversificationPriorDto.Of(report.Prior), DuesCollectionDto.Of(report.DuesAndCampaigns.Dues),
            [.. report.DuesAndCampaigns.Campaigns.Select(x => new CampaignProgressDto(x.CampaignId, x.Name, x.GoalCents, x.RaisedCents, x.Share))],
            [.. report.DuesAndCampaigns.Matching.Select(x => new MatchingPoolDto(x.CampaignId, x.Name, x.StartsOn, x.EndsOn, x.PoolCents, x.MatchedCents, x.OrganizationMatchedCents, x.Share))])
        {
            FundingCliff = FundingCliffDto.Of(report.FundingCliff),
        };
    }
}

/// <summary>
/// The funding cliff: the share of the last 12 months' revenue from grants ending within the next 12 months, those grants,
/// and grant reports due within 30 days or late.
/// </summary>
public sealed record FundingCliffDto(
    DateOnly AsOf, double ShareAtRisk, double ThresholdShare, bool ExceedsThreshold, long Last12MonthsCents, long AtRiskCents,
    IReadOnlyList<FundingCliffGrantDto> Grants, IReadOnlyList<GrantReportDueDto> ReportsDue)
{
    public static FundingCliffDto? Of(Core.Grants.FundingCliff? cliff) => cliff is null ? null : new(
        cliff.Today, cliff.ShareAtRisk, cliff.ThresholdShare, cliff.ExceedsThreshold, cliff.Last12MonthsCents, cliff.AtRiskCents,
        [.. cliff.Grants.Select(g => new FundingCliffGrantDto(g.Id, g.FunderName, g.Name, g.EndsOn, g.Last12MonthsCents, g.MonthlyCents))],
        [.. cliff.ReportsDue.Select(r => new GrantReportDueDto(r.GrantId, r.GrantName, r.DueOn, r.Description, r.Overdue))]);
}

/// <summary>A grant ending within the next 12 months and the monthly revenue that disappears with it.</summary>
public sealed record FundingCliffGrantDto(long Id, string FunderName, string Name, DateOnly EndsOn, long Last12MonthsCents, long MonthlyCents);

/// <summary>A grant report not yet done, due within 30 days or overdue.</summary>
public sealed record GrantReportDueDto(long GrantId, string GrantName, DateOnly DueOn, string Description, bool Overdue);

/// <summary>Dues of the report's fiscal year: due, paid and paid ÷ due (null when nothing fell due); the whole object is null without dues plans.</summary>
public sealed record DuesCollectionDto(DateOnly FiscalYearFrom, DateOnly FiscalYearTo, int Memberships, long DueCents, long PaidCents, double? CollectionRate)
{
    public static DuesCollectionDto? Of(DuesCollection? dues) =>
        dues is null ? null : new(dues.FiscalYearStart, dues.FiscalYearEnd, dues.Memberships, dues.DueCents, dues.PaidCents, dues.Rate);
}

/// <summary>A campaign's net revenue to date against its goal; share null without a goal.</summary>
public sealed record CampaignProgressDto(long CampaignId, string Name, long? GoalCents, long RaisedCents, double? Share);

/// <summary>A matching campaign's matched total against its pool, and what was matched for this organization's gifts.</summary>
public sealed record MatchingPoolDto(long CampaignId, string Name, DateOnly StartsOn, DateOnly EndsOn, long PoolCents, long MatchedCents, long OrganizationMatchedCents, double? Share);

/// <summary>The prior period's figures, with the same names as the current period's.</summary>
public sealed record DiversificationPriorDto(
    DateOnly From, DateOnly To, long TotalCents, IReadOnlyList<CategoryShareDto> Categories, double? Hhi, double? EffectiveSources,
    TopDonorShareDto? TopDonorShare, long DonorCount, long? MedianGiftCents, double? RetentionRate, bool NoGifts)
{
    public static DiversificationPriorDto Of(PeriodMetrics p) =>
        new(p.Period.From, p.Period.To, p.TotalCents, CategoryShareDto.From(p), p.Hhi, p.EffectiveSources, TopDonorShareDto.From(p.TopDonorShare),
            p.DonorCount, p.MedianGiftCents, p.RetentionRate, p.NoGifts);
}

/// <summary>One category's cents and share.</summary>
public sealed record CategoryShareDto(string Category, long Cents, double Share)
{
    public static IReadOnlyList<CategoryShareDto> From(PeriodMetrics metrics) => [.. metrics.Categories.Select(c => new CategoryShareDto(c.Category, c.Cents, c.Share))];
}

/// <summary>Shares of the top 1, 5 and 10 donors.</summary>
public sealed record TopDonorShareDto(double Top1, double Top5, double Top10)
{
    public static TopDonorShareDto? From(TopDonorShare? top) => top is null ? null : new(top.Top1, top.Top5, top.Top10);
}
