using System.Diagnostics;
using DonorTrack.Core.Matching;

namespace DonorTrack.Tests.Matching;

/// <summary>A measurement to read, not a timing assertion: run it on purpose with --filter "FullyQualifiedName~MatchingAllocatorMeasurement".</summary>
[Explicit("Prints how long a full allocation of 200k gifts takes; not part of the regular run.")]
public sealed class MatchingAllocatorMeasurement
{
    [Test]
    public void Allocate_TwoHundredThousandGiftsAcrossTwentyOrganizations_PrintsElapsedTime()
    {
        const int giftCount = 200_000;
        var start = new DateOnly(2025, 11, 1);
        var random = new Random(2025);
        var rules = new MatchingRules
        {
            PoolCents = 500_000_000,
            Ratio = new MatchingRatio(2, 1),
            PerGiftCapCents = 100_000,
            PerDonorCapCents = 200_000,
            StartsOn = start,
            EndsOn = start.AddDays(60),
            Eligibility = MatchingEligibility.NewOrIncreased,
            RecurringMultiplier = 12,
            Participants = Enumerable.Range(1, 20).Select(o => new MatchingParticipant(o, o % 4 == 0 ? 30_000_000 : null)).ToList(),
        };
        var gifts = Enumerable.Range(1, giftCount).Select(id => new CandidateGift(
            id, random.Next(1, 21), random.Next(1, 5_000), "individual", random.Next(500, 50_000), 0, 0,
            start.AddDays(random.Next(0, 61)), "card", "individual", "completed",
            random.Next(10) == 0 ? new RecurringInstallment(random.Next(1, 2_000), start) : null)).ToArray();
        random.Shuffle(gifts);
        var history = Enumerable.Range(1, 20).SelectMany(o => Enumerable.Range(1, 2_500).Select(d => new DonorPriorHistory(o, d, random.Next(0, 20_000), true))).ToList();

        MatchingAllocator.Allocate(rules, gifts, history);
        var process = Process.GetCurrentProcess();
        var wall = new List<double>();
        var cpu = new List<double>();
        MatchingResult? result = null;
        for (var run = 0; run < 7; run++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            result = MatchingAllocator.Allocate(rules, gifts, history);
            wall.Add(stopwatch.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }

        // Wall time on a shared machine mostly measures the neighbours; process CPU time is the steadier figure.
        TestContext.Out.WriteLine($"Allocate, {giftCount:N0} gifts, 20 organizations, 7 runs after warm-up: " +
            $"wall min {wall.Min():F0} ms / median {wall.Order().ElementAt(3):F0} ms; process CPU median {cpu.Order().ElementAt(3):F0} ms; " +
            $"load average {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a")} on {Environment.ProcessorCount} cores");
        Assert.That(result!.Allocations, Has.Count.EqualTo(giftCount));
    }
}
