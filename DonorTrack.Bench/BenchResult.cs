using System.Globalization;

namespace DonorTrack.Bench;

/// <summary>One line of the results table: a measured figure and, where the issue sets one, its target and whether it was met.</summary>
internal sealed record BenchResult(string Benchmark, string Measure, string Value, string Target = "", bool? Met = null)
{
    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Milliseconds(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + " ms";

    public static string Percent(double ratio) => (ratio * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    public static string Megabytes(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    /// <summary>Prints the results as a markdown table, ready to paste into docs/benchmarks.md.</summary>
    public static void PrintTable(IEnumerable<BenchResult> results, TextWriter output)
    {
        output.WriteLine("| Benchmark | Measure | Value | Target | Met |");
        output.WriteLine("|---|---|---:|---|---|");
        foreach (var r in results)
            output.WriteLine($"| {r.Benchmark} | {r.Measure} | {r.Value} | {r.Target} | {r.Met switch { true => "yes", false => "**no**", null => "" }} |");
    }
}

/// <summary>Latencies of repeated operations, summarized by nearest-rank percentiles.</summary>
internal sealed class LatencySample
{
    private readonly List<double> _milliseconds = [];

    public int Count => _milliseconds.Count;

    public void Add(TimeSpan elapsed) => _milliseconds.Add(elapsed.TotalMilliseconds);

    public double Percentile(double fraction)
    {
        if (_milliseconds.Count == 0)
            return double.NaN;
        var sorted = _milliseconds.Order().ToList();
        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public double Max => _milliseconds.Count == 0 ? double.NaN : _milliseconds.Max();
}
