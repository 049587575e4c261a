using System.Globalization;

namespace DonorTrack.Bench;

/// <summary>What the command line asked for: data-set size, where it lives, and which benchmarks to run.</summary>
internal sealed record BenchOptions(int Donors, int Gifts, int Organizations, string DataDirectory, string? Only, int BatchSize, int Queries, int BudgetSeconds)
{
    public int Clients { get; init; } = 8;
    public int Seconds { get; init; } = 60;

    public const string Usage = """
        usage: dotnet run -c Release --project DonorTrack.Bench -- [options]
          --donors N     donors in the data set (default 100000)
          --gifts N      gifts in the data set, over five years (default 1000000)
          --orgs N       organizations sharing the database (default 3)
          --data DIR     where the benchmark databases live (default: <temp>/donortrack-bench)
          --only NAME    run one benchmark: {0}
          --batch N      rows per transaction when loading (default 10000)
          --queries N    measured queries per latency benchmark (default 1000)
          --budget S     stop a latency benchmark after S seconds, reporting what it measured (default 120)
          --clients N    concurrent clients of the load soak (default 8)
          --seconds S    how long the load soak runs (default 60)
        """;

    public bool Runs(string benchmark) => Only is null || Only == benchmark;

    /// <summary>Parses the arguments; null (after printing why and the usage) when they make no sense.</summary>
    public static BenchOptions? Parse(string[] args, IReadOnlyList<string> benchmarkNames, TextWriter error)
    {
        var options = new BenchOptions(100_000, 1_000_000, 3, Path.Combine(Path.GetTempPath(), "donortrack-bench"), null, 10_000, 1_000, 120);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            BenchOptions? next = args[i] switch
            {
                "--donors" => Positive(value) is { } n ? options with { Donors = n } : null,
                "--gifts" => Positive(value) is { } n ? options with { Gifts = n } : null,
                "--orgs" => Positive(value) is { } n ? options with { Organizations = n } : null,
                "--batch" => Positive(value) is { } n ? options with { BatchSize = n } : null,
                "--queries" => Positive(value) is { } n ? options with { Queries = n } : null,
                "--budget" => Positive(value) is { } n ? options with { BudgetSeconds = n } : null,
                "--clients" => Positive(value) is { } n ? options with { Clients = n } : null,
                "--seconds" => Positive(value) is { } n ? options with { Seconds = n } : null,
                "--data" => string.IsNullOrWhiteSpace(value) ? null : options with { DataDirectory = Path.GetFullPath(value) },
                "--only" => value is not null && benchmarkNames.Contains(value) ? options with { Only = value } : null,
                _ => null,
            };
            if (next is null)
            {
                error.WriteLine($"Cannot use '{string.Join(' ', args.Skip(i).Take(2))}'.");
                error.WriteLine(string.Format(CultureInfo.InvariantCulture, Usage, string.Join(", ", benchmarkNames)));
                return null;
            }
            options = next;
            i++;
        }
        if (options.Donors < options.Organizations)
        {
            error.WriteLine("Every organization needs at least one donor: use more --donors than --orgs.");
            return null;
        }
        return options;
    }

    private static int? Positive(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
}
