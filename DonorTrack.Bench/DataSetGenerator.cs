using System.Diagnostics;
using DonorTrack.Core.Data;
using DonorTrack.Core.Demo;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;

namespace DonorTrack.Bench;

/// <summary>A gift row of the data set, for one organization.</summary>
internal sealed record BenchGift(long OrganizationId, GiftInput Input);

/// <summary>
/// Builds the deterministic data set: organizations, funds and campaigns through their services, donors
/// through <see cref="DonorRepository.Insert"/> in large transactions, and the stream of gift rows.
/// </summary>
internal sealed class DataSetGenerator(BenchDatabase database, BenchOptions options, DateOnly today)
{
    public const int Years = 5;

    private static readonly string[] PostalCodes =
        Enumerable.Range(55101, 30).Concat(Enumerable.Range(55401, 50)).Select(n => n.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static readonly string[] Tags = ["volunteer", "monthly", "board", "event-2025", "neighbor", "major-donor"];

    // Donor shares of the organizations: one large group and smaller ones, as on a shared alliance instance.
    private double[] Shares => options.Organizations == 1 ? [1.0]
        : [.. Enumerable.Range(0, options.Organizations).Select(i => i == 0 ? 0.6 : 0.4 / (options.Organizations - 1))];

    /// <summary>Creates organizations, funds, campaigns and donors, and reports the donor insert rate.</summary>
    public (BenchDataSet DataSet, BenchResult DonorRate) CreateOrganizationsAndDonors(DateTimeOffset now)
    {
        var organizations = database.Get<OrganizationService>();
        var designations = database.Get<DesignationService>();
        var repository = database.Get<DonorRepository>();
        var random = new Random(20_260_701);

        var created = new List<(long Id, Actor Actor, long[] Funds, long[] Campaigns)>();
        for (var o = 0; o < options.Organizations; o++)
        {
            var id = organizations.Create(new OrganizationInput { Name = $"Bench Group {o + 1}", City = "Minneapolis", Region = "MN" });
            var actor = Actor.System(id, "bench");
            var funds = new[] { "General Operating", "Rent Relief", "Youth Programs", "Building Fund" }
                .Select((name, i) => designations.SaveFund(actor, null, new FundInput(name, Restricted: i > 0, null))).ToArray();
            var campaigns = Enumerable.Range(0, Years).SelectMany(y => new[] { $"Spring Appeal {today.Year - y}", $"Year-End {today.Year - y}" })
                .Select(name => designations.SaveCampaign(actor, null, new CampaignInput(name, 2_500_000, null, null))).ToArray();
            created.Add((id, actor, funds, campaigns));
        }

        var donorIds = created.Select(_ => new List<long>()).ToList();
        var shares = Shares;
        var stopwatch = new Stopwatch();
        for (var start = 0; start < options.Donors; start += options.BatchSize)
        {
            var batch = Enumerable.Range(start, Math.Min(options.BatchSize, options.Donors - start))
                .Select(n => (Org: OrganizationOf(n, shares), Input: NewDonor(random, n))).ToList();
            stopwatch.Start();
            using (var db = database.Connections.BeginTransaction())
            {
                foreach (var (org, input) in batch)
                    donorIds[org].Add(repository.Insert(db, created[org].Id, input, now));
                db.Commit();
            }
            stopwatch.Stop();
        }
        var dataSet = new BenchDataSet(created.Select((c, i) => new BenchOrganization(c.Id, c.Actor, donorIds[i].ToArray(), c.Funds, c.Campaigns)).ToList());
        var rate = new BenchResult("Data set", $"Donor insert via DonorRepository.Insert ({BenchResult.Count(options.Donors)} rows, FTS trigger)",
            BenchResult.Count(options.Donors / stopwatch.Elapsed.TotalSeconds) + " rows/s");
        return (dataSet, rate);
    }

    /// <summary>The gifts of the data set in batches: five years ending today, the same rows on every run.</summary>
    public IEnumerable<IReadOnlyList<BenchGift>> GiftBatches(BenchDataSet dataSet)
    {
        var random = new Random(5_000_001);
        var firstDay = today.AddYears(-Years).AddDays(1);
        var days = today.DayNumber - firstDay.DayNumber + 1;
        var shares = Shares;
        for (var start = 0; start < options.Gifts; start += options.BatchSize)
        {
            var batch = new List<BenchGift>(options.BatchSize);
            for (var n = start; n < Math.Min(start + options.BatchSize, options.Gifts); n++)
            {
                var org = dataSet.Organizations[OrganizationOf(random.Next(options.Donors), shares)];
                batch.Add(new BenchGift(org.Id, NewGift(random, n, org, firstDay.AddDays(random.Next(days)))));
            }
            yield return batch;
        }
    }

    private static int OrganizationOf(int n, double[] shares)
    {
        var position = (n * 0.6180339887) % 1.0;
        for (var i = 0; i < shares.Length; i++)
        {
            if (position < shares[i])
                return i;
            position -= shares[i];
        }
        return shares.Length - 1;
    }

    private static DonorInput NewDonor(Random random, int n)
    {
        if (random.Next(100) < 4)
        {
            return new DonorInput
            {
                Kind = DonorKind.Organization,
                OrganizationName = $"{DemoNames.Pick(random).LastName} Family Foundation {n}",
                Email = $"grants{n}@example.org",
                PostalCode = PostalCodes[random.Next(PostalCodes.Length)],
                City = "Minneapolis", Region = "MN", Country = "US", DefaultCategory = "foundation",
            };
        }
        var name = DemoNames.Pick(random);
        return new DonorInput
        {
            Kind = DonorKind.Individual,
            FirstName = name.FirstName,
            LastName = name.LastName,
            Email = random.Next(100) < 85 ? $"{name.EmailLocalPart}{n}@{(n % 2 == 0 ? "example.org" : "example.com")}" : null,
            Phone = random.Next(100) < 60 ? $"612-555-01{random.Next(100):D2}" : null,
            AddressLine1 = $"{random.Next(100, 4000)} {(random.Next(2) == 0 ? "Cedar" : "Bloomington")} Ave",
            City = "Minneapolis", Region = "MN", Country = "US",
            PostalCode = PostalCodes[random.Next(PostalCodes.Length)],
            Tags = random.Next(100) < 20 ? [Tags[random.Next(Tags.Length)]] : [],
        };
    }

    private static GiftInput NewGift(Random random, int n, BenchOrganization org, DateOnly receivedOn)
    {
        // Squaring the uniform draw makes low-index donors give far more often, as real giving is concentrated.
        var donorId = org.DonorIds[(int)(Math.Pow(random.NextDouble(), 2) * org.DonorIds.Length)];
        var roll = random.Next(100);
        var (category, amount) = roll switch
        {
            < 55 => ("individual", SmallAmount(random)),
            < 75 => ("membership_dues", random.Next(2) == 0 ? 1_000L : 6_000L),
            < 83 => ("events", 2_500L * random.Next(1, 9)),
            < 87 => ("foundation", 100_000L * random.Next(5, 250)),
            < 90 => ("corporate", 10_000L * random.Next(5, 100)),
            < 92 => ("government", 500_000L * random.Next(1, 20)),
            < 97 => ("earned", 500L * random.Next(1, 40)),
            _ => ("other", SmallAmount(random)),
        };
        var inKind = category is "individual" or "corporate" && random.Next(100) < 2;
        var method = inKind ? "in_kind" : random.Next(100) switch { < 55 => "card", < 75 => "check", < 85 => "cash", _ => "ach" };
        return new GiftInput
        {
            DonorId = donorId,
            AmountCents = amount,
            ReceivedOn = receivedOn,
            Method = DomainWords.Parse<GiftMethod>(method),
            Category = DomainWords.Parse<GiftCategory>(category),
            FundId = random.Next(100) < 30 ? org.FundIds[random.Next(org.FundIds.Length)] : null,
            CampaignId = random.Next(100) < 25 ? org.CampaignIds[random.Next(org.CampaignIds.Length)] : null,
            BenefitValueCents = category == "events" ? amount / 3 : null,
            BenefitDescription = category == "events" ? "Dinner at the spring gala" : null,
            InKindDescription = inKind ? "Donated printer paper and toner" : null,
            CheckNumber = method == "check" ? (1000 + n % 9000).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            ExternalId = method == "card" ? $"ch_bench_{n:D8}" : null,
            FeeCents = method == "card" ? amount * 29 / 1000 + 30 : null,
        };
    }

    private static long SmallAmount(Random random) => random.Next(100) switch
    {
        < 30 => 2_500,
        < 55 => 5_000,
        < 70 => 10_000,
        < 80 => 1_000,
        < 90 => 25_000,
        < 97 => 50_000,
        _ => 100_000L * random.Next(1, 10),
    };
}
