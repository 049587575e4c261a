using System.Diagnostics;
using DonorTrack.Core.Dues;

namespace DonorTrack.Tests.Dues;

/// <summary>Not a timed test: run on demand and read the printed figure (issue 3 asks ≤ 200 ms for 20,000 memberships).</summary>
[Explicit("Measurement; prints timings instead of asserting them.")]
public sealed class DuesRecomputeMeasurement
{
    [Test]
    public void RecomputeStatusAndArrears_TwentyThousandMemberships_PrintsElapsedTime()
    {
        var today = new DateOnly(2026, 6, 15);
        var random = new Random(20_000);
        var memberships = Enumerable.Range(0, 20_000).Select(_ =>
        {
            var interval = (DuesInterval)random.Next(3);
            var start = new DateOnly(2019, 1, 1).AddDays(random.Next(2_500));
            var price = 500L * random.Next(1, 40);
            var schedule = random.Next(10) == 0
                ? new DuesSchedule(start, interval, [new DuesRate(start, price), new DuesRate(start.AddYears(2), price + 500)])
                : new DuesSchedule(start, interval, price);
            var payments = Enumerable.Range(0, random.Next(0, 36))
                .Select(i => new DuesPayment(start.AddDays(i * 30 + random.Next(20)), price * random.Next(1, 3) / 2 + random.Next(2) * price))
                .ToArray();
            return (Schedule: schedule, Payments: payments, GraceDays: random.Next(0, 60));
        }).ToArray();

        var perStatus = new int[4];
        long owed = 0;
        for (var round = 0; round < 4; round++)
        {
            Array.Clear(perStatus);
            owed = 0;
            var clock = Stopwatch.StartNew();
            foreach (var m in memberships)
            {
                var standing = DuesLedger.Replay(m.Schedule, m.Payments);
                perStatus[(int)MembershipStatusRules.Derive(standing.PaidThrough, m.GraceDays, today)]++;
                owed += DuesOutlook.Arrears(m.Schedule, standing, today).OwedCents;
            }
            clock.Stop();
            TestContext.Out.WriteLine($"round {round}: 20,000 memberships, {memberships.Sum(m => m.Payments.Length):N0} payments replayed, status + arrears in {clock.Elapsed.TotalMilliseconds:F1} ms");
        }
        TestContext.Out.WriteLine($"active {perStatus[0]}, grace {perStatus[1]}, lapsed {perStatus[2]}; arrears owed {owed:N0} cents");
        Assert.That(perStatus.Sum(), Is.EqualTo(20_000));
    }
}
