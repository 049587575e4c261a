using System.Globalization;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;

using DonorTrack.Core.Data;

namespace DonorTrack.Core.Reports;

/// <summary>The diversification and retention arithmetic: pure, from facts to report, no database and no clock.</summary>
public static class DiversificationCalculator
{
    public static DiversificationReport Calculate(ReportFacts facts, ReportSettings settings)
    {
        var currentDonors = DonorTotals(facts.Current.Donors);
        var priorDonors = DonorTotals(facts.Prior.Donors);
        var firstGifts = facts.History.ToDictionary(h => h.DonorId, h => h.FirstGiftOn);

        var counted = facts.Counted;
        var retention = counted is null ? Retention(facts, currentDonors, priorDonors, firstGifts) : Summary(counted.Flows);
        double? priorRetention;
        if (counted is null)
        {
            // A set, not the list as read: tens of thousands of prior donors against tens of thousands before them.
            var beforePrior = facts.DonorsBeforePrior.ToHashSet();
            priorRetention = Rate(priorDonors.Keys.Count(beforePrior.Contains), facts.DonorsBeforePrior.Count);
        }
        else
        {
            var intoLastYear = facts.RetentionByYear.Where(r => r.YearStart == facts.Prior.Period.From).ToList();
            priorRetention = Rate(intoLastYear.Sum(r => r.Retained), intoLastYear.Sum(r => r.PriorYearDonors));
        }
        var current = Metrics(facts.Current, currentDonors, counted?.Flows.Donors ?? currentDonors.Count, retention.RetentionRate);
        var prior = Metrics(facts.Prior, priorDonors, counted?.Flows.PriorDonors ?? priorDonors.Count, priorRetention);

        return new DiversificationReport(
            current,
            prior,
            Change(current, prior),
            retention,
            Trend(facts),
            RetentionTrend(facts),
            Warnings(current, settings),
            counted is null ? FollowUp(facts) : FollowUp(facts, counted.Lybunt, counted.Sybunt));
    }

    /// <summary>Σ sᵢ² over the shares: 1 for a single source, 1/n for n equal sources; null for no revenue.</summary>
    public static double? Hhi(IEnumerable<long> amounts)
    {
        var list = amounts.Where(a => a > 0).ToList();
        var total = list.Sum();
        if (total <= 0)
            return null;
        return list.Sum(a => (double)a / total * ((double)a / total));
    }

    /// <summary>The median of gift amounts given as (amount, count) pairs; halves round up to the cent.</summary>
    public static long? Median(IReadOnlyList<GiftAmountCount> amounts)
    {
        var sorted = amounts.Where(a => a.Count > 0).OrderBy(a => a.Cents).ToList();
        var n = sorted.Sum(a => a.Count);
        if (n == 0)
            return null;
        long At(long index)
        {
            foreach (var a in sorted)
            {
                if (index < a.Count)
                    return a.Cents;
                index -= a.Count;
            }
            throw new InvalidOperationException("Index beyond the gift count.");
        }
        return n % 2 == 1 ? At(n / 2) : (At((n / 2) - 1) + At(n / 2) + 1) / 2;
    }

    private static Dictionary<long, long> DonorTotals(IReadOnlyList<DonorCents> donors)
    {
        var totals = new Dictionary<long, long>(donors.Count);
        foreach (var d in donors.Where(d => d.Cents > 0))
            totals[d.DonorId] = totals.GetValueOrDefault(d.DonorId) + d.Cents;
        return totals;
    }

    private static PeriodMetrics Metrics(PeriodFacts facts, Dictionary<long, long> donorTotals, long donorCount, double? retentionRate)
    {
        var byCategory = facts.Categories.Where(d => d.Cents > 0).GroupBy(d => d.Category)
            .Select(g => (Category: g.Key, Cents: g.Sum(d => d.Cents))).ToList();
        var total = byCategory.Sum(c => c.Cents);
        var gifts = facts.Amounts.Where(a => a.Cents > 0).Sum(a => a.Count);
        if (total <= 0 || gifts == 0)
            return new PeriodMetrics(facts.Period, 0, [], null, null, null, 0, 0, null, null, retentionRate);

        var categories = byCategory
            .OrderByDescending(c => c.Cents).ThenBy(c => CategoryOrder(c.Category))
            .Select(c => new CategoryShare(c.Category, c.Cents, (double)c.Cents / total)).ToList();
        var hhi = categories.Sum(c => c.Share * c.Share);
        // Only the ten largest matter; ordering with Take sorts partially.
        var ranked = donorTotals.Values.OrderByDescending(v => v).Take(10).ToList();
        double Top(int n) => (double)ranked.Take(n).Sum() / total;
        return new PeriodMetrics(
            facts.Period, total, categories, hhi, 1 / hhi, new TopDonorShare(Top(1), Top(5), Top(10)),
            donorCount, gifts, Median(facts.Amounts), (long)Math.Round((double)total / gifts, MidpointRounding.AwayFromZero), retentionRate);
    }

    private static int CategoryOrder(string category)
    {
        var index = DomainWords.All<GiftCategory>().ToList().IndexOf(category);
        return index < 0 ? int.MaxValue : index;
    }

    private static PeriodChange Change(PeriodMetrics current, PeriodMetrics prior)
    {
        var categories = current.Categories.Select(c => c.Category).Union(prior.Categories.Select(c => c.Category))
            .OrderBy(CategoryOrder)
            .Select(c => new CategoryChange(c, current.CentsOf(c), prior.CentsOf(c), current.ShareOf(c), prior.ShareOf(c)))
            .ToList();
        return new PeriodChange(
            current.TotalCents - prior.TotalCents,
            prior.TotalCents > 0 ? (double)(current.TotalCents - prior.TotalCents) / prior.TotalCents : null,
            current.DonorCount - prior.DonorCount,
            current.MedianGiftCents - prior.MedianGiftCents,
            current.Hhi - prior.Hhi,
            (current.RetentionRate - prior.RetentionRate) * 100,
            categories);
    }

    private static RetentionSummary Retention(
        ReportFacts facts, Dictionary<long, long> current, Dictionary<long, long> prior, Dictionary<long, DateOnly> firstGifts)
    {
        var retained = prior.Keys.Count(current.ContainsKey);
        var priorNew = prior.Keys.Where(id => firstGifts.TryGetValue(id, out var first) && first >= facts.Prior.Period.From).ToList();
        var retainedNew = priorNew.Count(current.ContainsKey);

        long newDonors = 0, newCents = 0, recaptured = 0, recapturedCents = 0, upgraded = 0, upgradedCents = 0;
        long same = 0, downgraded = 0, downgradedCents = 0, lapsed = 0, lapsedCents = 0;
        foreach (var (donor, cents) in current)
        {
            if (prior.TryGetValue(donor, out var before))
            {
                if (cents > before) { upgraded++; upgradedCents += cents - before; }
                else if (cents < before) { downgraded++; downgradedCents += cents - before; }
                else same++;
            }
            else if (firstGifts.TryGetValue(donor, out var first) && first < facts.Current.Period.From)
            {
                recaptured++;
                recapturedCents += cents;
            }
            else
            {
                newDonors++;
                newCents += cents;
            }
        }
        foreach (var (donor, cents) in prior)
        {
            if (!current.ContainsKey(donor))
            {
                lapsed++;
                lapsedCents += cents;
            }
        }
        return Summary(new DonorFlowCounts(
            current.Count, prior.Count, retained, priorNew.Count, retainedNew, newDonors, newCents, recaptured, recapturedCents,
            upgraded, upgradedCents, same, downgraded, downgradedCents, lapsed, lapsedCents));
    }

    private static RetentionSummary Summary(DonorFlowCounts c) => new(
        Rate(c.Retained, c.PriorDonors), c.PriorDonors, c.Retained,
        Rate(c.RetainedNew, c.PriorNew), c.PriorNew, c.RetainedNew,
        [
            new DonorFlow("new", c.New, c.NewCents),
            new DonorFlow("recaptured", c.Recaptured, c.RecapturedCents),
            new DonorFlow("upgraded", c.Upgraded, c.UpgradedCents),
            new DonorFlow("same", c.Same, 0),
            new DonorFlow("downgraded", c.Downgraded, c.DowngradedCents),
            new DonorFlow("lapsed", c.Lapsed, -c.LapsedCents),
        ]);

    private static double? Rate(long part, long whole) => whole == 0 ? null : (double)part / whole;

    private static List<YearMix> Trend(ReportFacts facts) =>
        facts.TrendYears.Select(year =>
        {
            var rows = facts.Trend.Where(t => t.YearStart == year && t.Cents > 0).ToList();
            var total = rows.Sum(r => r.Cents);
            var shares = rows.GroupBy(r => r.Category)
                .Select(g => new CategoryShare(g.Key, g.Sum(r => r.Cents), (double)g.Sum(r => r.Cents) / total))
                .OrderBy(c => CategoryOrder(c.Category)).ToList();
            return new YearMix(year, facts.Calendar.Label(year), total, shares);
        }).ToList();

    private static List<RetentionPoint> RetentionTrend(ReportFacts facts) =>
        facts.TrendYears.Select(year =>
        {
            // Summed, because an alliance's facts hold one count per member and year.
            var counts = facts.RetentionByYear.Where(r => r.YearStart == year).ToList();
            return new RetentionPoint(year, facts.Calendar.Label(year), Rate(counts.Sum(r => r.Retained), counts.Sum(r => r.PriorYearDonors)));
        }).ToList();

    private static List<string> Warnings(PeriodMetrics current, ReportSettings settings)
    {
        var warnings = new List<string>();
        if (current.NoGifts)
            return warnings;
        foreach (var category in current.Categories.Where(c => c.Share > settings.ConcentrationWarningShare))
            warnings.Add($"{DomainWords.Label(category.Category)} brings {Percent(category.Share)} of revenue, more than the {Percent(settings.ConcentrationWarningShare)} we warn at.");
        if (current.TopDonorShare is { } top && top.Top1 > settings.ConcentrationWarningShare)
            warnings.Add($"One donor gave {Percent(top.Top1)} of revenue, more than the {Percent(settings.ConcentrationWarningShare)} we warn at.");
        if (current.Hhi > settings.HhiWarning)
            warnings.Add($"Revenue is highly concentrated: HHI {current.Hhi:0.00} is above {settings.HhiWarning:0.00}, as concentrated as {current.EffectiveSources:0.0} equal sources.");
        return warnings;
    }

    private static DonorFollowUp FollowUp(ReportFacts facts)
    {
        var thisYear = facts.ThisFiscalYear;
        var lastYear = facts.LastFiscalYear;
        var lapsed = facts.History.Where(h => h.LastGiftOn < thisYear.From).ToList();
        var lybunt = lapsed.Where(h => h.LastGiftOn >= lastYear.From)
            .OrderByDescending(h => h.LastFiscalYearCents).ThenBy(h => h.DonorId)
            .Select(h => new LapsedDonor(h.DonorId, h.LastGiftOn, h.LastFiscalYearCents, h.LifetimeCents)).ToList();
        var sybunt = lapsed.Where(h => h.LastGiftOn < lastYear.From)
            .OrderByDescending(h => h.LifetimeCents).ThenBy(h => h.DonorId)
            .Select(h => new LapsedDonor(h.DonorId, h.LastGiftOn, h.LastFiscalYearCents, h.LifetimeCents)).ToList();
        return FollowUp(facts, lybunt, sybunt);
    }

    private static DonorFollowUp FollowUp(ReportFacts facts, IReadOnlyList<LapsedDonor> lybunt, IReadOnlyList<LapsedDonor> sybunt) =>
        new(facts.ThisFiscalYear, facts.Calendar.Label(facts.ThisFiscalYear.From), facts.LastFiscalYear, facts.Calendar.Label(facts.LastFiscalYear.From), lybunt, sybunt);

    /// <summary>A share as a whole-number or one-decimal percentage: "62%" or "12.5%".</summary>
    public static string Percent(double share)
    {
        var value = Math.Round(share * 100, 1, MidpointRounding.AwayFromZero);
        return value.ToString(value % 1 == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + "%";
    }
}
