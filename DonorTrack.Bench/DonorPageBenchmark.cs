using System.Diagnostics;
using Dapper;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;

namespace DonorTrack.Bench;

/// <summary>What opening a donor's page costs: the donor, the giving summary and the first page of their gifts.</summary>
/// <remarks>
/// Also times the gift list written with a plain <c>donor_id = @donorId</c> predicate (the form that can use
/// ix_gifts_donor), to show what the optional-filter SQL of GiftRepository.List costs.
/// </remarks>
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
        var indexed = Measure(organization, donorId =>
        {
            donors.Find(actor, donorId);
            var summary = donors.GivingSummary(actor, donorId);
            GiftsOfDonor(organization.Id, donorId);
            return summary.GiftCount;
        });
        return
        [
            new(Name, $"p50 (DonorService.Find + GivingSummary + GiftService.List page 1, {service.Sample.Count:N0} pages)", BenchResult.Milliseconds(service.Sample.Percentile(0.50))),
            new(Name, "p95", BenchResult.Milliseconds(service.Sample.Percentile(0.95))),
            new(Name, "max", BenchResult.Milliseconds(service.Sample.Max)),
            new(Name, "mean gifts per donor opened", BenchResult.Count(service.MeanGifts)),
            new(Name, $"p50 / p95 with the gift list as `donor_id = @donorId` (proposal, {indexed.Sample.Count:N0} pages)",
                $"{BenchResult.Milliseconds(indexed.Sample.Percentile(0.50))} / {BenchResult.Milliseconds(indexed.Sample.Percentile(0.95))}"),
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

    private void GiftsOfDonor(long organizationId, long donorId)
    {
        const string page = """
            SELECT g.id, g.donor_id,
                   coalesce(d.organization_name, trim(coalesce(d.first_name, '') || ' ' || coalesce(d.last_name, ''))) AS donor_name,
                   g.amount_cents, g.currency, g.received_on, g.method, g.category, f.name AS fund_name, c.name AS campaign_name,
                   g.status, g.refunded_cents
            FROM gifts g
            JOIN donors d ON d.id = g.donor_id
            LEFT JOIN funds f ON f.id = g.fund_id
            LEFT JOIN campaigns c ON c.id = g.campaign_id
            WHERE g.organization_id = @organizationId AND g.donor_id = @donorId
            ORDER BY g.received_on DESC, g.id DESC
            LIMIT 50
            """;
        const string totals = """
            SELECT count(*) AS gift_count,
                   coalesce(sum(CASE WHEN g.status IN ('completed', 'partially_refunded') THEN g.amount_cents - g.refunded_cents END), 0) AS net_cents,
                   count(CASE WHEN g.status IN ('completed', 'partially_refunded') THEN 1 END) AS counted
            FROM gifts g
            WHERE g.organization_id = @organizationId AND g.donor_id = @donorId
            """;
        using var db = database.Connections.Open();
        // Untyped rows: with no gifts SQLite types the donor_name expression as BLOB and typed mapping refuses it.
        db.Query(page, new { organizationId, donorId }).AsList();
        db.QuerySingle<(long, long, long)>(totals, new { organizationId, donorId });
    }
}
