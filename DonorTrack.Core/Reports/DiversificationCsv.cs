using System.Globalization;
using System.Text;
using DonorTrack.Core.Money;

namespace DonorTrack.Core.Reports;

/// <summary>The report and its follow-up lists as CSV: plain cents and decimal shares, for spreadsheets.</summary>
public static class DiversificationCsv
{
    /// <summary>One row per figure: section, item, this period, prior period.</summary>
    public static string Report(DiversificationReport report)
    {
        var csv = new StringBuilder();
        Row(csv, "section", "item", "current", "prior");
        var (c, p) = (report.Current, report.Prior);
        Row(csv, "period", "from", D(c.Period.From), D(p.Period.From));
        Row(csv, "period", "to", D(c.Period.To), D(p.Period.To));
        Row(csv, "summary", "total_cents", L(c.TotalCents), L(p.TotalCents));
        Row(csv, "summary", "donor_count", L(c.DonorCount), L(p.DonorCount));
        Row(csv, "summary", "gift_count", L(c.GiftCount), L(p.GiftCount));
        Row(csv, "summary", "median_gift_cents", L(c.MedianGiftCents), L(p.MedianGiftCents));
        Row(csv, "summary", "mean_gift_cents", L(c.MeanGiftCents), L(p.MeanGiftCents));
        Row(csv, "summary", "hhi", R(c.Hhi), R(p.Hhi));
        Row(csv, "summary", "effective_sources", R(c.EffectiveSources), R(p.EffectiveSources));
        Row(csv, "summary", "top1_share", R(c.TopDonorShare?.Top1), R(p.TopDonorShare?.Top1));
        Row(csv, "summary", "top5_share", R(c.TopDonorShare?.Top5), R(p.TopDonorShare?.Top5));
        Row(csv, "summary", "top10_share", R(c.TopDonorShare?.Top10), R(p.TopDonorShare?.Top10));
        Row(csv, "summary", "retention_rate", R(c.RetentionRate), R(p.RetentionRate));
        Row(csv, "summary", "new_donor_retention_rate", R(report.Retention.NewDonorRetentionRate), "");
        if (c.NoGifts)
            Row(csv, "summary", "note", DiversificationReport.NoGiftsMessage, "");
        foreach (var category in report.Change.Categories)
        {
            Row(csv, "category_cents", category.Category, L(category.Cents), L(category.PriorCents));
            Row(csv, "category_share", category.Category, R(category.Share), R(category.PriorShare));
        }
        foreach (var flow in report.Retention.Flows)
        {
            Row(csv, "donor_flow_donors", flow.Kind, L(flow.Donors), "");
            Row(csv, "donor_flow_change_cents", flow.Kind, L(flow.ChangeCents), "");
        }
        foreach (var year in report.Trend)
        {
            Row(csv, "trend_total_cents", D(year.YearStart), L(year.TotalCents), "");
            foreach (var category in year.Categories)
                Row(csv, "trend_share", $"{D(year.YearStart)} {category.Category}", R(category.Share), "");
        }
        foreach (var point in report.RetentionTrend)
            Row(csv, "trend_retention_rate", D(point.YearStart), R(point.Rate), "");
        foreach (var warning in report.Warnings)
            Row(csv, "warning", warning, "", "");
        var progress = report.DuesAndCampaigns;
        if (progress.Dues is { } dues)
        {
            Row(csv, "dues", "fiscal_year_from", D(dues.FiscalYearStart), "");
            Row(csv, "dues", "due_cents", L(dues.DueCents), "");
            Row(csv, "dues", "paid_cents", L(dues.PaidCents), "");
            Row(csv, "dues", "collection_rate", R(dues.Rate), "");
        }
        else
        {
            Row(csv, "dues", "note", DuesAndCampaigns.NoDuesPlansMessage, "");
        }
        foreach (var campaign in progress.Campaigns)
        {
            Row(csv, "campaign_raised_cents", campaign.Name, L(campaign.RaisedCents), "");
            Row(csv, "campaign_goal_cents", campaign.Name, L(campaign.GoalCents), "");
            Row(csv, "campaign_goal_share", campaign.Name, R(campaign.Share), "");
        }
        if (progress.Campaigns.Count == 0)
            Row(csv, "campaign", "note", DuesAndCampaigns.NoCampaignsMessage, "");
        foreach (var pool in progress.Matching)
        {
            Row(csv, "matching_matched_cents", pool.Name, L(pool.MatchedCents), "");
            Row(csv, "matching_pool_cents", pool.Name, L(pool.PoolCents), "");
            Row(csv, "matching_pool_share", pool.Name, R(pool.Share), "");
            Row(csv, "matching_organization_matched_cents", pool.Name, L(pool.OrganizationMatchedCents), "");
        }
        return csv.ToString();
    }

    /// <summary>A LYBUNT or SYBUNT list: donor id and name, last gift, last fiscal year's and lifetime giving.</summary>
    public static string Donors(IReadOnlyList<LapsedDonor> donors)
    {
        var csv = new StringBuilder();
        Row(csv, "donor_id", "name", "last_gift_on", "last_fiscal_year_amount", "lifetime_amount");
        foreach (var d in donors)
            Row(csv, L(d.DonorId), d.Name, D(d.LastGiftOn), MoneyFormat.Plain(d.LastFiscalYearCents), MoneyFormat.Plain(d.LifetimeCents));
        return csv.ToString();
    }

    private static void Row(StringBuilder csv, params string[] cells) => csv.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");

    private static string Cell(string value)
    {
        // A leading = + - @ would run as a formula in a spreadsheet; names are user input.
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0]) && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string D(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string L(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string R(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture) ?? "";
}
