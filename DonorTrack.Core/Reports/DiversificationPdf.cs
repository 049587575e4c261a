using System.Globalization;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Grants;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Pdf;
using DonorTrack.Core.Reports.Charts;
using static DonorTrack.Core.Reports.DiversificationText;

using DonorTrack.Core.Data;
using DonorTrack.Core.Money;

namespace DonorTrack.Core.Reports;

/// <summary>The board-ready PDF of a report: summary and mix, trend and retention, then the follow-up lists (three pages in practice).</summary>
public static class DiversificationPdf
{
    /// <summary>How many LYBUNT and SYBUNT donors the board copy names; the CSV has them all.</summary>
    public const int ListedDonors = 12;

    public static PdfDocumentModel Build(Organization organization, DiversificationReport report, DateTimeOffset generatedAt)
    {
        var money = MoneyIn(organization.Currency, organization.Culture);
        var (c, p) = (report.Current, report.Prior);
        var blocks = new List<PdfBlock>
        {
            new PdfParagraph("Funding diversification and retention", 18, bold: true),
            new PdfParagraph($"{organization.Name} · {c.Period} compared with {p.Period}") { SpaceAfter = 10 },
        };
        if (c.NoGifts)
            blocks.Add(new PdfParagraph(DiversificationReport.NoGiftsMessage, 13, bold: true));
        foreach (var warning in report.Warnings)
            blocks.Add(new PdfParagraph([new PdfTextRun("Warning: ") { Bold = true, Color = new PdfColor(160, 90, 0) }, new PdfTextRun(warning)]));

        blocks.Add(new PdfTable(
            [new("Figure", PdfWidth.Relative(2)), new("This period", PdfWidth.Relative(), PdfAlignment.Right), new("Prior period", PdfWidth.Relative(), PdfAlignment.Right), new("Change", PdfWidth.Relative(), PdfAlignment.Right)],
            [
                Row("Revenue (net of refunds)", money(c.TotalCents), money(p.TotalCents), Change(report.Change.TotalCents, money)),
                Row("Donors", N(c.DonorCount), N(p.DonorCount), (report.Change.DonorCount >= 0 ? "+" : "−") + N(Math.Abs(report.Change.DonorCount))),
                Row("Gifts", N(c.GiftCount), N(p.GiftCount), ""),
                Row("Median gift", M(c.MedianGiftCents, money), M(p.MedianGiftCents, money), report.Change.MedianGiftCents is { } m ? Change(m, money) : "—"),
                Row("Mean gift", M(c.MeanGiftCents, money), M(p.MeanGiftCents, money), ""),
                Row("Concentration (HHI)", DiversificationText.Hhi(c.Hhi), DiversificationText.Hhi(p.Hhi), report.Change.Hhi is { } h ? h.ToString("+0.000;−0.000", CultureInfo.InvariantCulture) : "—"),
                Row("Effective number of sources", E(c.EffectiveSources), E(p.EffectiveSources), ""),
                Row("Top donor's share", Percent(c.TopDonorShare?.Top1), Percent(p.TopDonorShare?.Top1), ""),
                Row("Top 5 donors' share", Percent(c.TopDonorShare?.Top5), Percent(p.TopDonorShare?.Top5), ""),
                Row("Top 10 donors' share", Percent(c.TopDonorShare?.Top10), Percent(p.TopDonorShare?.Top10), ""),
                Row("Donor retention", Percent(c.RetentionRate), Percent(p.RetentionRate), Points(report.Change.RetentionPoints)),
            ]));
        blocks.Add(new PdfParagraph(Meaning(c) + " HHI is the sum of squared category shares: 1 means one source, 1/n means n equal sources."));
        var mix = ReportCharts.CategoryMix(c, money);
        blocks.Add(new PdfImage(PngChartWriter.Write(mix), 504, 205));
        blocks.Add(new PdfParagraph($"Chart: {mix.Description}", 8));

        blocks.Add(new PdfPageBreak());
        blocks.Add(new PdfParagraph("Revenue by category", 14, bold: true));
        blocks.Add(new PdfTable(
            [new("Category", PdfWidth.Relative(2)), new("This period", PdfWidth.Relative(), PdfAlignment.Right), new("Share", PdfWidth.Relative(), PdfAlignment.Right),
             new("Prior period", PdfWidth.Relative(), PdfAlignment.Right), new("Share", PdfWidth.Relative(), PdfAlignment.Right), new("Change in share", PdfWidth.Relative(), PdfAlignment.Right)],
            [.. report.Change.Categories.Select(x => Row(DomainWords.Label(x.Category), money(x.Cents), Percent(x.Share), money(x.PriorCents), Percent(x.PriorShare), Points(x.SharePoints))),
             new PdfTableRow(["Total", money(c.TotalCents), c.NoGifts ? "—" : "100%", money(p.TotalCents), p.NoGifts ? "—" : "100%", ""]) { IsTotal = true }]));
        var trend = ReportCharts.CategoryTrend(report.Trend);
        blocks.Add(new PdfImage(PngChartWriter.Write(trend), 504, 260));
        blocks.Add(new PdfParagraph($"Chart: {trend.Description}", 8));
        if (report.FundingCliff is { } cliff)
            FundingCliffBlocks(blocks, cliff, money);
        DuesAndCampaignsBlocks(blocks, report.DuesAndCampaigns, money);

        blocks.Add(new PdfPageBreak());
        blocks.Add(new PdfParagraph("Keeping our donors", 14, bold: true));
        var r = report.Retention;
        blocks.Add(new PdfParagraph(
            $"Retention (Fundraising Effectiveness Project): {Percent(r.RetentionRate)} — {N(r.RetainedDonors)} of {N(r.PriorDonors)} prior-period donors gave again. " +
            $"New-donor retention: {Percent(r.NewDonorRetentionRate)} — {N(r.RetainedNewDonors)} of {N(r.PriorNewDonors)} first-time donors of the prior period gave again."));
        blocks.Add(new PdfTable(
            [new("Gains and losses", PdfWidth.Relative(3)), new("Donors", PdfWidth.Relative(), PdfAlignment.Right), new("Revenue change", PdfWidth.Relative(), PdfAlignment.Right)],
            [.. r.Flows.Select(f => Row(FlowLabel(f.Kind), N(f.Donors), Change(f.ChangeCents, money)))]) { FontSize = 9 });
        var line = ReportCharts.RetentionLine(report.RetentionTrend);
        blocks.Add(new PdfImage(PngChartWriter.Write(line), 504, 197));
        blocks.Add(new PdfParagraph($"Chart: {line.Description}", 8));

        var follow = report.FollowUp;
        blocks.Add(new PdfParagraph($"LYBUNT — gave in {follow.LastYearLabel}, not yet in {follow.ThisYearLabel}: {DisplayFormat.Count(follow.Lybunt.Count, "donor")}", 11, bold: true));
        blocks.Add(Donors(follow.Lybunt, money, lastYear: true));
        if (follow.LybuntLeftOut > 0)
            blocks.Add(new PdfParagraph($"{N(follow.LybuntLeftOut)} {DonorFollowUp.LeftOutNote}."));
        blocks.Add(new PdfParagraph($"SYBUNT — gave in an earlier year, not in {follow.LastYearLabel} nor {follow.ThisYearLabel}: {DisplayFormat.Count(follow.Sybunt.Count, "donor")}", 11, bold: true));
        blocks.Add(Donors(follow.Sybunt, money, lastYear: false));
        if (follow.SybuntLeftOut > 0)
            blocks.Add(new PdfParagraph($"{N(follow.SybuntLeftOut)} {DonorFollowUp.LeftOutNote}."));

        return new PdfDocumentModel
        {
            Metadata = new PdfMetadata($"Funding diversification {c.Period}", organization.Name, "Funding diversification and retention") { CreatedAt = generatedAt },
            Blocks = blocks,
            Footer = new PdfFooter($"{organization.Name} · generated {DisplayFormat.Date(organization.LocalDate(generatedAt))} · amounts net of refunds, voided gifts excluded, soft credits not counted as revenue"),
        };
    }

    private static void FundingCliffBlocks(List<PdfBlock> blocks, FundingCliff cliff, Func<long, string> money)
    {
        blocks.Add(new PdfParagraph("Funding cliff", 14, bold: true));
        if (cliff.ExceedsThreshold)
            blocks.Add(new PdfParagraph([new PdfTextRun("Warning: ") { Bold = true, Color = new PdfColor(160, 90, 0) },
                new PdfTextRun($"{Percent(cliff.ShareAtRisk)} of the last 12 months' revenue came from grants ending within the next 12 months (warning above {Percent(cliff.ThresholdShare)}).")]));
        blocks.Add(new PdfParagraph(
            $"{money(cliff.AtRiskCents)} of {money(cliff.Last12MonthsCents)} received in the 12 months to {DisplayFormat.Date(cliff.Today)} ({Percent(cliff.ShareAtRisk)}) came from grants ending by {DisplayFormat.Date(cliff.Today.AddMonths(12).AddDays(-1))}."));
        if (cliff.Grants.Count > 0)
            blocks.Add(new PdfTable(
                [new("Grant", PdfWidth.Relative(3)), new("Funder", PdfWidth.Relative(2)), new("Ends", PdfWidth.Relative()), new("Last 12 months", PdfWidth.Relative(), PdfAlignment.Right),
                 new("Monthly loss", PdfWidth.Relative(), PdfAlignment.Right)],
                [.. cliff.Grants.Select(g => Row(g.Name, g.FunderName, DisplayFormat.Date(g.EndsOn), money(g.Last12MonthsCents), money(g.MonthlyCents)))]) { FontSize = 9 });
        foreach (var due in cliff.ReportsDue)
            blocks.Add(new PdfParagraph($"Grant report {(due.Overdue ? "overdue since" : "due")} {DisplayFormat.Date(due.DueOn)}: {due.Description} ({due.GrantName})"));
        blocks.Add(new PdfParagraph(DiversificationReport.FundingCliffNote + " Monthly loss = the grant's receipts over the last 12 months ÷ 12.", 8));
    }

    private static void DuesAndCampaignsBlocks(List<PdfBlock> blocks, DuesAndCampaigns progress, Func<long, string> money)
    {
        blocks.Add(new PdfParagraph("Dues and campaigns", 14, bold: true));
        blocks.Add(new PdfParagraph(progress.Dues is { } dues
            ? $"Dues collected {DisplayFormat.Date(dues.FiscalYearStart)} – {DisplayFormat.Date(dues.FiscalYearEnd)}: {money(dues.PaidCents)} of {money(dues.DueCents)} due ({Percent(dues.Rate)}), {DisplayFormat.Count(dues.Memberships, "membership")}."
            : DuesAndCampaigns.NoDuesPlansMessage));
        if (progress.Campaigns.Count == 0)
            blocks.Add(new PdfParagraph(DuesAndCampaigns.NoCampaignsMessage));
        else
            blocks.Add(new PdfTable(
                [new("Campaign", PdfWidth.Relative(3)), new("Raised", PdfWidth.Relative(), PdfAlignment.Right), new("Goal", PdfWidth.Relative(), PdfAlignment.Right), new("Of goal", PdfWidth.Relative(), PdfAlignment.Right)],
                [.. progress.Campaigns.Select(x => Row(x.Name, money(x.RaisedCents), M(x.GoalCents, money), Percent(x.Share)))]) { FontSize = 9 });
        if (progress.Matching.Count > 0)
            blocks.Add(new PdfTable(
                [new("Matching campaign", PdfWidth.Relative(3)), new("Matched", PdfWidth.Relative(), PdfAlignment.Right), new("Pool", PdfWidth.Relative(), PdfAlignment.Right), new("Of pool", PdfWidth.Relative(), PdfAlignment.Right)],
                [.. progress.Matching.Select(x => Row(x.Name, money(x.MatchedCents), money(x.PoolCents), Percent(x.Share)))]) { FontSize = 9 });
    }

    private static PdfBlock Donors(IReadOnlyList<LapsedDonor> donors, Func<long, string> money, bool lastYear)
    {
        if (donors.Count == 0)
            return new PdfParagraph("None.");
        var rows = donors.Take(ListedDonors)
            .Select(d => Row(d.Name, DisplayFormat.Date(d.LastGiftOn), money(lastYear ? d.LastFiscalYearCents : d.LifetimeCents))).ToList();
        if (donors.Count > ListedDonors)
            rows.Add(Row($"… and {N(donors.Count - ListedDonors)} more (full list in the CSV export)", "", ""));
        return new PdfTable(
            [new("Donor", PdfWidth.Relative(3)), new("Last gift", PdfWidth.Relative(), PdfAlignment.Right), new(lastYear ? "Last fiscal year" : "Lifetime", PdfWidth.Relative(), PdfAlignment.Right)],
            rows) { FontSize = 9 };
    }

    private static PdfTableRow Row(params string[] cells) => new(cells);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string M(long? cents, Func<long, string> money) => cents is { } v ? money(v) : "—";

    private static string E(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "—";
}
