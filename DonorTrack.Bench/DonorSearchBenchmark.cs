using System.Diagnostics;
using System.Globalization;
using DonorTrack.Core.Data;
using DonorTrack.Core.Demo;
using DonorTrack.Core.Donors;

namespace DonorTrack.Bench;

/// <summary>Search-box latency: name prefixes, email prefixes and postal codes through <see cref="DonorService.Search"/>, first page with its total.</summary>
/// <remarks>
/// The search box counts up to <see cref="DonorRepository.SearchCountLimit"/> matches ("more than 1,000"); the API counts
/// every match, which is timed separately so the cost of an exact total stays visible.
/// </remarks>
internal sealed class DonorSearchBenchmark(BenchDatabase database, BenchOptions options)
{
    public const string Name = "donor-search";
    private const int WarmUpQueries = 50;

    public IReadOnlyList<BenchResult> Run(BenchDataSet dataSet)
    {
        var service = database.Get<DonorService>();
        var organization = dataSet.Largest;
        var queries = Queries(new Random(1_000), WarmUpQueries + options.Queries);
        var (all, byKind, meanHits) = Measure(queries, text => service.Search(organization.Actor, new DonorQuery(text, null, new PageRequest())).Total);
        var (exact, _, exactMeanHits) = Measure(queries, text => service.Search(organization.Actor, new DonorQuery(text, null, new PageRequest(), ExactTotal: true)).Total);

        var scope = $"{all.Count:N0} queries, {organization.DonorIds.Length:N0} donors in the org, {dataSet.DonorCount:N0} in the FTS index";
        var results = new List<BenchResult>
        {
            new(Name, $"p50 (DonorService.Search, {scope})", BenchResult.Milliseconds(all.Percentile(0.50))),
            new(Name, "p95, all queries", BenchResult.Milliseconds(all.Percentile(0.95)), "≤ 20 ms", all.Percentile(0.95) <= 20),
            new(Name, "max, all queries", BenchResult.Milliseconds(all.Max)),
            new(Name, $"mean matches per query (counted up to {DonorRepository.SearchCountLimit:N0})", BenchResult.Count(meanHits)),
        };
        results.AddRange(byKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => new BenchResult(
            Name, $"{k.Key}: p50 / p95 ({k.Value.Count:N0} queries)",
            $"{BenchResult.Milliseconds(k.Value.Percentile(0.50))} / {BenchResult.Milliseconds(k.Value.Percentile(0.95))}")));
        results.Add(new(Name, $"p50 / p95 with the exact total the API returns ({exact.Count:N0} queries, mean {exactMeanHits:N0} matches)",
            $"{BenchResult.Milliseconds(exact.Percentile(0.50))} / {BenchResult.Milliseconds(exact.Percentile(0.95))}"));
        return results;
    }

    private (LatencySample All, Dictionary<string, LatencySample> ByKind, double MeanHits) Measure(
        List<(string Kind, string Text)> queries, Func<string, long> search)
    {
        foreach (var (_, text) in queries.Take(WarmUpQueries))
            search(text);
        var byKind = new Dictionary<string, LatencySample>();
        var all = new LatencySample();
        var stopwatch = new Stopwatch();
        var budget = Stopwatch.StartNew();
        var totalHits = 0L;
        foreach (var (kind, text) in queries.Skip(WarmUpQueries))
        {
            if (budget.Elapsed.TotalSeconds >= options.BudgetSeconds)
                break;
            stopwatch.Restart();
            totalHits += search(text);
            stopwatch.Stop();
            all.Add(stopwatch.Elapsed);
            (byKind.TryGetValue(kind, out var sample) ? sample : byKind[kind] = new LatencySample()).Add(stopwatch.Elapsed);
        }
        return (all, byKind, totalHits / (double)Math.Max(1, all.Count));
    }

    /// <summary>Half name prefixes (2–5 characters, any script), a quarter email prefixes, a quarter postal codes or their first three digits.</summary>
    private static List<(string Kind, string Text)> Queries(Random random, int count)
    {
        var nameParts = DemoNames.AllNameParts();
        var queries = new List<(string, string)>(count);
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(4);
            if (roll < 2)
            {
                var part = nameParts[random.Next(nameParts.Count)].Split(' ')[0];
                var length = Math.Min(part.Length, random.Next(2, 6));
                queries.Add(("name prefix", part[..length]));
            }
            else if (roll == 2)
            {
                var local = DemoNames.Pick(random).EmailLocalPart;
                var dot = local.IndexOf('.', StringComparison.Ordinal);
                queries.Add(("email prefix", local[..Math.Min(local.Length, dot + 3)]));
            }
            else
            {
                var postal = (random.Next(2) == 0 ? 55101 + random.Next(30) : 55401 + random.Next(50)).ToString(CultureInfo.InvariantCulture);
                queries.Add(("postal code", random.Next(3) == 0 ? postal[..3] : postal));
            }
        }
        return queries;
    }
}
