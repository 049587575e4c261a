namespace DonorTrack.Tests.Gifts;

public sealed class FeaturedCampaignTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    [Test]
    public void SeveralRunningWithGoals_FeaturesTheOneEndingSoonest_OpenEndLast()
    {
        var openEnded = new Campaign(1, "Building fund", 100_000, new DateOnly(2026, 1, 1), null, true);
        var endsJuly = new Campaign(2, "Summer drive", 50_000, new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 31), true);
        var endsJune = new Campaign(3, "Rent strike fund", 20_000, null, new DateOnly(2026, 6, 30), true);

        Assert.That(Campaign.Featured([openEnded, endsJuly, endsJune], Today), Is.SameAs(endsJune));
        Assert.That(Campaign.Featured([openEnded, endsJuly], Today), Is.SameAs(endsJuly));
        Assert.That(Campaign.Featured([openEnded], Today), Is.SameAs(openEnded));
    }

    [Test]
    public void NoGoal_NotStarted_Ended_OrInactive_IsNeverFeatured()
    {
        var noGoal = new Campaign(1, "General", null, null, null, true);
        var notStarted = new Campaign(2, "Fall gala", 50_000, new DateOnly(2026, 6, 16), null, true);
        var ended = new Campaign(3, "Spring drive", 50_000, null, new DateOnly(2026, 6, 14), true);
        var inactive = new Campaign(4, "Paused", 50_000, null, null, false);

        Assert.That(Campaign.Featured([noGoal, notStarted, ended, inactive], Today), Is.Null);
    }

    [Test]
    public void FirstAndLastDay_AreBothInsideTheCampaign()
    {
        var june = new Campaign(1, "June", 10_000, new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30), true);

        Assert.That(june.RunsOn(new DateOnly(2026, 6, 1)), Is.True);
        Assert.That(june.RunsOn(new DateOnly(2026, 6, 30)), Is.True);
        Assert.That(june.RunsOn(new DateOnly(2026, 7, 1)), Is.False);
    }
}
