using System.Globalization;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;

using DonorTrack.Core.Data;
using DonorTrack.Core.Money;

namespace DonorTrack.Core.Reports.Charts;

/// <summary>The report's three charts as drawings: category mix by year, this period's mix, retention by year.</summary>
public static class ReportCharts
{
    private const float Width = 640;

    /// <summary>The category's fixed fill, so a category looks the same in every chart.</summary>
    public static int FillOf(string category) => Math.Max(0, DomainWords.All<GiftCategory>().ToList().IndexOf(category));

    /// <summary>Stacked 100% bars, one per fiscal year, with share labels on segments large enough to hold them.</summary>
    public static ChartDrawing CategoryTrend(IReadOnlyList<YearMix> years)
    {
        const float left = 48, top = 34, plotHeight = 220, height = 330;
        var shapes = new List<ChartShape> { new ChartText(8, 20, "Revenue mix by fiscal year (share of each year's total)", 13, Bold: true) };
        var slot = (Width - left - 16) / Math.Max(1, years.Count);
        for (var tick = 0; tick <= 4; tick++)
        {
            var y = top + plotHeight - (plotHeight * tick / 4);
            shapes.Add(new ChartLine([new(left, y), new(Width - 16, y)], 0.5f, "#cccccc"));
            shapes.Add(new ChartText(left - 6, y + 4, $"{tick * 25}%", 10, ChartAnchor.End));
        }
        for (var i = 0; i < years.Count; i++)
        {
            var year = years[i];
            var x = left + (slot * i) + (slot * 0.2f);
            var barWidth = slot * 0.6f;
            var y = top + plotHeight;
            foreach (var category in year.Categories)
            {
                var h = (float)(category.Share * plotHeight);
                y -= h;
                shapes.Add(new ChartRect(x, y, barWidth, h, FillOf(category.Category)));
                if (h >= 14)
                    shapes.Add(new ChartText(x + (barWidth / 2), y + (h / 2) + 4, DiversificationCalculator.Percent(category.Share), 10, ChartAnchor.Middle, true, "#000000"));
            }
            if (year.TotalCents == 0)
                shapes.Add(new ChartText(x + (barWidth / 2), top + plotHeight - 6, "no gifts", 10, ChartAnchor.Middle, Color: "#666666"));
            shapes.Add(new ChartText(x + (barWidth / 2), top + plotHeight + 16, year.Label, 11, ChartAnchor.Middle));
        }
        shapes.AddRange(Legend(years.SelectMany(y => y.Categories).Select(c => c.Category).Distinct(), top + plotHeight + 34));
        var description = string.Join("; ", years.Select(y => y.TotalCents == 0
            ? $"{y.Label}: no gifts"
            : $"{y.Label}: " + string.Join(", ", y.Categories.Select(c => $"{DomainWords.Label(c.Category)} {DiversificationCalculator.Percent(c.Share)}"))));
        return new ChartDrawing(Width, height, "Revenue mix by fiscal year", description + ".", shapes);
    }

    /// <summary>A donut of this period's categories with a labelled legend of amounts and shares.</summary>
    public static ChartDrawing CategoryMix(PeriodMetrics metrics, Func<long, string> money)
    {
        const float height = 260, cx = 130, cy = 140, outer = 105, inner = 58;
        var shapes = new List<ChartShape> { new ChartText(8, 20, "This period's revenue mix", 13, Bold: true) };
        if (metrics.NoGifts)
        {
            shapes.Add(new ChartText(Width / 2, cy, DiversificationReport.NoGiftsMessage, 14, ChartAnchor.Middle));
            return new ChartDrawing(Width, height, "This period's revenue mix", DiversificationReport.NoGiftsMessage, shapes);
        }
        var start = 0f;
        foreach (var category in metrics.Categories)
        {
            var sweep = (float)(category.Share * 360);
            var wedge = new ChartWedge(cx, cy, outer, inner, start, sweep, FillOf(category.Category));
            shapes.Add(wedge);
            if (sweep >= 18)
            {
                var (lx, ly) = SvgChartWriter.Polar(wedge, (outer + inner) / 2, start + (sweep / 2));
                shapes.Add(new ChartText(lx, ly + 4, DiversificationCalculator.Percent(category.Share), 10, ChartAnchor.Middle, true, "#000000"));
            }
            start += sweep;
        }
        shapes.Add(new ChartText(cx, cy - 2, metrics.Categories.Count.ToString(CultureInfo.InvariantCulture), 20, ChartAnchor.Middle, true));
        shapes.Add(new ChartText(cx, cy + 16, metrics.Categories.Count == 1 ? "source" : "sources", 11, ChartAnchor.Middle));
        var y = 52f;
        foreach (var category in metrics.Categories)
        {
            shapes.Add(new ChartRect(270, y - 12, 16, 16, FillOf(category.Category)));
            shapes.Add(new ChartText(294, y, $"{DomainWords.Label(category.Category)} — {DiversificationCalculator.Percent(category.Share)} ({money(category.Cents)})", 12));
            y += 22;
        }
        var description = string.Join(", ", metrics.Categories.Select(c => $"{DomainWords.Label(c.Category)} {DiversificationCalculator.Percent(c.Share)} ({money(c.Cents)})"));
        return new ChartDrawing(Width, height, "This period's revenue mix", $"{description}.", shapes);
    }

    /// <summary>A line of year-over-year donor retention with each point labelled.</summary>
    public static ChartDrawing RetentionLine(IReadOnlyList<RetentionPoint> points)
    {
        const float left = 48, top = 34, plotHeight = 180, height = 250;
        var shapes = new List<ChartShape> { new ChartText(8, 20, "Donor retention by fiscal year (gave again ÷ gave the year before)", 13, Bold: true) };
        var slot = (Width - left - 16) / Math.Max(1, points.Count);
        for (var tick = 0; tick <= 4; tick++)
        {
            var y = top + plotHeight - (plotHeight * tick / 4);
            shapes.Add(new ChartLine([new(left, y), new(Width - 16, y)], 0.5f, "#cccccc"));
            shapes.Add(new ChartText(left - 6, y + 4, $"{tick * 25}%", 10, ChartAnchor.End));
        }
        var line = new List<ChartPoint>();
        for (var i = 0; i < points.Count; i++)
        {
            var x = left + (slot * i) + (slot / 2);
            shapes.Add(new ChartText(x, top + plotHeight + 16, points[i].Label, 11, ChartAnchor.Middle));
            if (points[i].Rate is not { } rate)
            {
                shapes.Add(new ChartText(x, top + plotHeight - 6, "n/a", 10, ChartAnchor.Middle, Color: "#666666"));
                continue;
            }
            var y = top + plotHeight - (float)(rate * plotHeight);
            line.Add(new ChartPoint(x, y));
            shapes.Add(new ChartText(x, y - 10, DiversificationCalculator.Percent(rate), 11, ChartAnchor.Middle, true));
        }
        if (line.Count > 1)
            shapes.Add(new ChartLine(line, 2.5f, "#0072B2"));
        shapes.AddRange(line.Select(p => new ChartMarker(p.X, p.Y, 4)));
        var description = string.Join("; ", points.Select(p => $"{p.Label}: {(p.Rate is { } r ? DiversificationCalculator.Percent(r) : "no donors the year before")}"));
        return new ChartDrawing(Width, height, "Donor retention by fiscal year", description + ".", shapes);
    }

    /// <summary>Stacked bars of net revenue by category, one a month, scaled to the largest month: the dashboard's trend.</summary>
    public static ChartDrawing MonthlyRevenue(IReadOnlyList<MonthRevenue> months, Func<long, string> money)
    {
        const float left = 72, top = 34, plotHeight = 200, height = 310;
        var shapes = new List<ChartShape> { new ChartText(8, 20, $"Revenue by month and category, last {months.Count} months", 13, Bold: true) };
        var max = months.Count == 0 ? 0 : months.Max(m => m.TotalCents);
        for (var tick = 0; tick <= 2; tick++)
        {
            var y = top + plotHeight - (plotHeight * tick / 2);
            shapes.Add(new ChartLine([new(left, y), new(Width - 16, y)], 0.5f, "#cccccc"));
            shapes.Add(new ChartText(left - 6, y + 4, money(max * tick / 2), 10, ChartAnchor.End));
        }
        var slot = (Width - left - 16) / Math.Max(1, months.Count);
        for (var i = 0; i < months.Count; i++)
        {
            var month = months[i];
            var x = left + (slot * i) + (slot * 0.15f);
            var barWidth = slot * 0.7f;
            var y = top + plotHeight;
            foreach (var category in month.Categories.Where(c => c.Cents > 0).OrderBy(c => FillOf(c.Category)))
            {
                var h = max > 0 ? (float)((double)category.Cents / max * plotHeight) : 0;
                y -= h;
                shapes.Add(new ChartRect(x, y, barWidth, h, FillOf(category.Category)));
            }
            shapes.Add(new ChartText(x + (barWidth / 2), top + plotHeight + 14, month.Month.ToString("MMM", CultureInfo.InvariantCulture), 10, ChartAnchor.Middle));
            if (i == 0 || month.Month.Month == 1)
                shapes.Add(new ChartText(x + (barWidth / 2), top + plotHeight + 26, month.Month.Year.ToString(CultureInfo.InvariantCulture), 10, ChartAnchor.Middle, Color: "#666666"));
        }
        shapes.AddRange(Legend(months.SelectMany(m => m.Categories).Where(c => c.Cents > 0).Select(c => c.Category).Distinct(), top + plotHeight + 50));
        var description = string.Join("; ", months.Select(m => m.TotalCents == 0
            ? $"{DisplayFormat.Month(m.Month)}: no gifts"
            : $"{DisplayFormat.Month(m.Month)}: {money(m.TotalCents)} (" + string.Join(", ", m.Categories.Where(c => c.Cents > 0).Select(c => $"{DomainWords.Label(c.Category)} {money(c.Cents)}")) + ")"));
        return new ChartDrawing(Width, height, "Revenue by month and category", description + ".", shapes);
    }

    private static IEnumerable<ChartShape> Legend(IEnumerable<string> categories, float y)
    {
        var x = 48f;
        foreach (var category in categories.OrderBy(FillOf))
        {
            var label = DomainWords.Label(category);
            var width = 28 + (label.Length * 6.5f);
            if (x + width > Width - 8)
            {
                x = 48;
                y += 20;
            }
            yield return new ChartRect(x, y - 11, 14, 14, FillOf(category));
            yield return new ChartText(x + 18, y, label, 11);
            x += width;
        }
    }
}
