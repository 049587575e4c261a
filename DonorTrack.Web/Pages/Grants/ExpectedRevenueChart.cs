using System.Globalization;

namespace DonorTrack.Web.Pages.Grants;

/// <summary>
/// The geometry of the expected-revenue chart: one stacked bar a month (grants, pledges, recurring, dues), drawn as inline
/// SVG with no script, scaled so the tallest month fills the plot.
/// </summary>
public sealed class ExpectedRevenueChart
{
    public const int Width = 720;
    public const int Height = 260;
    public const int PlotTop = 10;
    public const int PlotBottom = 220;
    public const int PlotLeft = 70;
    private const int PlotRight = Width - 10;

    /// <summary>The sources in stacking order, bottom first, with their fill and legend label.</summary>
    public static readonly IReadOnlyList<(string Key, string Label, string Fill)> Sources =
    [
        ("grants", "Grants", "#2f6f9f"), ("pledges", "Pledges", "#7fa7c9"), ("recurring", "Recurring", "#5b9a5b"), ("dues", "Dues", "#c9a23f"),
    ];

    private static readonly CultureInfo Display = CultureInfo.GetCultureInfo("en-US");

    public ExpectedRevenueChart(IReadOnlyList<ExpectedMonth> months)
    {
        MaxCents = months.Count == 0 ? 0 : months.Max(m => m.TotalCents);
        var slot = months.Count == 0 ? 0 : (PlotRight - PlotLeft) / (double)months.Count;
        var barWidth = slot * 0.7;
        var bars = new List<Bar>();
        var labels = new List<(double X, string Text)>();
        for (var i = 0; i < months.Count; i++)
        {
            var m = months[i];
            var x = PlotLeft + i * slot + (slot - barWidth) / 2;
            labels.Add((x + barWidth / 2, m.Month.ToString("MMM yy", Display)));
            var y = (double)PlotBottom;
            foreach (var (source, cents) in new[] { (0, m.GrantCents), (1, m.PledgeCents), (2, m.RecurringCents), (3, m.DuesCents) })
            {
                if (cents <= 0 || MaxCents <= 0)
                    continue;
                var height = (PlotBottom - PlotTop) * (double)cents / MaxCents;
                y -= height;
                bars.Add(new Bar(x, y, barWidth, height, Sources[source].Fill, $"{m.Month.ToString("MMMM yyyy", Display)}, {Sources[source].Label}: {PageSupport.Money(cents)}"));
            }
        }
        Bars = bars;
        MonthLabels = labels;
    }

    public long MaxCents { get; }

    public IReadOnlyList<Bar> Bars { get; }

    public IReadOnlyList<(double X, string Text)> MonthLabels { get; }

    /// <summary>A number in SVG attribute form (invariant, two decimals).</summary>
    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>One source's segment of one month's bar, with the text a screen reader or hover shows.</summary>
    public sealed record Bar(double X, double Y, double Width, double Height, string Fill, string Title);
}
