using DonorTrack.Core.Csv;

namespace DonorTrack.Core.Reports;

/// <summary>The report and its follow-up lists as CSV: plain cents and decimal shares, for spreadsheets.</summary>
public static class DiversificationCsv
{
    /// <summary>One row per figure: section, item, this period, prior period.</summary>
    public static string Report(DiversificationReport report)
    {
        var csv = new CsvWriter();
        csv.Row("section", "item", "current", "prior");
        var (c, p) = (report.Current, report.Prior);
        csv.Row("period", "from", D(c.Period.From), D(p.Period.From));
        csv.Row("period", "to", D(c.Period.To), D(p.Period.To));
        csv.Row("summary", "total_cents", L(c.TotalCents), L(p.TotalCents));
        csv.Row("summary", "donor_count", L(c.DonorCount), L(p.DonorCount));
        csv.Row("summary", "gift_count", L(c.GiftCount), L(p.GiftCount));
        csv.Row("summary", "median_gift_cents", L(c.MedianGiftCents), L(p.MedianGiftCents));
        csv.Row("summary", "mean_gift_cents", L(c.MeanGiftCents), L(p.MeanGiftCents));
        csv.Row("summary", "hhi", R(c.Hhi), R(p.Hhi));
        csv.Row("summary", "effective_sources", R(c.EffectiveSources), R(p.EffectiveSources));
        csv.Row("summary", "top1_share", R(c.TopDonorShare?.Top1), R(p.TopDonorShare?.Top1));
        csv.Row("summary", "top5_share", R(c.TopDonorShare?.Top5), R(p.TopDonorShare?.Top5));
        csv.Row("summary", "top10_share", R(c.TopDonorShare?.Top10), R(p.TopDonorShare?.Top10));
        csv.Row("summary", "retention_rate", R(c.RetentionRate), R(p.RetentionRate));
        csv.Row("summary", "new_donor_retention_rate", R(report.Retention.NewDonorRetentionRate), "");
        if (c.NoGifts)
            csv.Row("summary", "note", DiversificationReport.NoGiftsMessage, "");
        foreach (var category in report.Change.Categories)
        {
            csv.Row("category_cents", category.Category, L(category.Cents), L(category.PriorCents));
            csv.Row("category_share", category.Category, R(category.Share), R(category.PriorShare));
        }
        foreach (var flow in report.Retention.Flows)
        {
            csv.Row("donor_flow_donors", flow.Kind, L(flow.Donors), "");
            csv.Row("donor_flow_change_cents", flow.Kind, L(flow.ChangeCents), "");
        }
        foreach (var year in report.Trend)
        {
            csv.Row("trend_total_cents", D(year.YearStart), L(year.TotalCents), "");
            foreach (var category in year.Categories)
                csv.Row("trend_share", D(year.YearStart).Value + " " + category.Category, R(category.Share), "");
        }
        foreach (var point in report.RetentionTrend)
            csv.Row("trend_retention_rate", D(point.YearStart), R(point.Rate), "");
        foreach (var warning in report.Warnings)
            csv.Row("warning", warning, "", "");
        var progress = report.DuesAndCampaigns;
        if (progress.Dues is { } dues)
        {
            csv.Row("dues", "fiscal_year_from", D(dues.FiscalYearStart), "");
            csv.Row("dues", "due_cents", L(dues.DueCents), "");
            csv.Row("dues", "paid_cents", L(dues.PaidCents), "");
            csv.Row("dues", "collection_rate", R(dues.Rate), "");
        }
        else
        {
            csv.Row("dues", "note", DuesAndCampaigns.NoDuesPlansMessage, "");
        }
        foreach (var campaign in progress.Campaigns)
        {
            csv.Row("campaign_raised_cents", campaign.Name, L(campaign.RaisedCents), "");
            csv.Row("campaign_goal_cents", campaign.Name, L(campaign.GoalCents), "");
            csv.Row("campaign_goal_share", campaign.Name, R(campaign.Share), "");
        }
        if (progress.Campaigns.Count == 0)
            csv.Row("campaign", "note", DuesAndCampaigns.NoCampaignsMessage, "");
        foreach (var pool in progress.Matching)
        {
            csv.Row("matching_matched_cents", pool.Name, L(pool.MatchedCents), "");
            csv.Row("matching_pool_cents", pool.Name, L(pool.PoolCents), "");
            csv.Row("matching_pool_share", pool.Name, R(pool.Share), "");
            csv.Row("matching_organization_matched_cents", pool.Name, L(pool.OrganizationMatchedCents), "");
        }
        if (report.FundingCliff is { } cliff)
        {
            csv.Row("funding_cliff", "as_of", D(cliff.Today), "");
            csv.Row("funding_cliff", "last_12_months_cents", L(cliff.Last12MonthsCents), "");
            csv.Row("funding_cliff", "at_risk_cents", L(cliff.AtRiskCents), "");
            csv.Row("funding_cliff", "share_at_risk", R(cliff.ShareAtRisk), "");
            csv.Row("funding_cliff", "threshold_share", R(cliff.ThresholdShare), "");
            csv.Row("funding_cliff", "exceeds_threshold", cliff.ExceedsThreshold ? "true" : "false", "");
            foreach (var grant in cliff.Grants)
            {
                csv.Row("funding_cliff_grant_ends_on", $"{grant.Id} {grant.Name} ({grant.FunderName})", D(grant.EndsOn), "");
                csv.Row("funding_cliff_grant_last_12_months_cents", $"{grant.Id} {grant.Name} ({grant.FunderName})", L(grant.Last12MonthsCents), "");
                csv.Row("funding_cliff_grant_monthly_cents", $"{grant.Id} {grant.Name} ({grant.FunderName})", L(grant.MonthlyCents), "");
            }
            foreach (var due in cliff.ReportsDue)
                csv.Row(due.Overdue ? "grant_report_overdue" : "grant_report_due", $"{due.GrantName}: {due.Description}", D(due.DueOn), "");
        }
        return csv.ToString();
    }

    /// <summary>A LYBUNT or SYBUNT list: donor id and name, last gift, last fiscal year's and lifetime giving.</summary>
    public static string Donors(IReadOnlyList<LapsedDonor> donors)
    {
        var csv = new CsvWriter();
        csv.Row("donor_id", "name", "last_gift_on", "last_fiscal_year_amount", "lifetime_amount");
        foreach (var d in donors)
            csv.Row(L(d.DonorId), d.Name, D(d.LastGiftOn), CsvCell.Amount(d.LastFiscalYearCents), CsvCell.Amount(d.LifetimeCents));
        return csv.ToString();
    }

    private static CsvCell D(DateOnly date) => CsvCell.Date(date);

    private static CsvCell L(long? value) => CsvCell.Number(value);

    private static CsvCell R(double? value) => CsvCell.Decimal(value);
}
