using System.Diagnostics;
using Dapper;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;

namespace DonorTrack.Bench;

/// <summary>What opening a donor's page costs: the donor, the giving summary and the first page of their gifts.</summary>
internal sealed class DonorPageBenchmark(BenchDatabase database, BenchOptions options)
{
    public const string Name = "donor-page";
    private const int WarmUpPages = 3;

    public IReadOnlyList<BenchResult> Run(BenchDataSet dataSet)
    {
        var donors = database.Get<DonorService>();
        var gifts = database.Get<GiftService>();
        var organization = dataSet.Largest;
        var actor = organization.Actor;
        // Donors with at least one gift: GiftRepository.List cannot yet map an empty first result (see docs/benchmarks.md),
        // and a giver's page is the one worth timing.
        using (var db = database.Connections.Open())
            organization = organization with
            {
                DonorIds = db.Query<long>("SELECT DISTINCT donor_id FROM gifts WHERE organization_id = @id ORDER BY donor_id", new { id = organization.Id }).ToArray(),
            };
        var service = Measure(organization, donorId =>
        {
            var found = donors.Find(actor, donorId) ?? throw new InvalidOperationException($"Donor {donorId} vanished from the data set.");
            var summary = donors.GivingSummary(actor, donorId);
            gifts.List(actor, new GiftQuery { DonorId = donorId });
            return summary.GiftCount;
        });
        return
        [
            new(Name, $"p50 (DonorService.Find + GivingSummary + GiftService.List page 1, {service.Sample.Count:N0} pages)", BenchResult.Milliseconds(service.Sample.Percentile(0.50))),
            new(Name, "p95", BenchResult.Milliseconds(service.Sample.Percentile(0.95))),
            new(Name, "max", BenchResult.Milliseconds(service.Sample.Max)),
            new(Name, "mean gifts per donor opened", BenchResult.Count(service.MeanGifts)),
        ];
    }

    private (LatencySample Sample, double MeanGifts) Measure(BenchOrganization organization, Func<long, long> openPage)
    {
        var random = new Random(2_000);
        var sample = new LatencySample();
        var stopwatch = new Stopwatch();
        var budget = new Stopwatch();
        var giftsShown = 0L;
        for (var i = 0; i < WarmUpPages + options.Queries && budget.Elapsed.TotalSeconds < options.BudgetSeconds; i++)
        {
            // Same skew as the generated gifts: frequent givers are opened more often, and have the longest histories.
            var donorId = organization.DonorIds[(int)(Math.Pow(random.NextDouble(), 2) * organization.DonorIds.Length)];
            stopwatch.Restart();
            var giftCount = openPage(donorId);
            stopwatch.Stop();
            if (i < WarmUpPages)
                continue;
            budget.Start();
            sample.Add(stopwatch.Elapsed);
            giftsShown += giftCount;
        }
        return (sample, giftsShown / (double)Math.Max(1, sample.Count));
    }
}
