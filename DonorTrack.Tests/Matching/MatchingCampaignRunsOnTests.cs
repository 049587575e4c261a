namespace DonorTrack.Tests.Matching;

public sealed class MatchingCampaignRunsOnTests
{
    [TestCase("2026-03-31", false)]
    [TestCase("2026-04-01", true)]
    [TestCase("2026-04-30", true)]
    [TestCase("2026-05-01", false)]
    public void RunsOn_FirstThroughLastDayIncluded(string day, bool runs)
    {
        var april = new MatchingCampaign(1, 1, "April match", 1, 100_000, 1, 1, null, null, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30),
            "all", "", "", "", null, false, "match", null, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        Assert.That(april.RunsOn(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(runs));
    }
}
