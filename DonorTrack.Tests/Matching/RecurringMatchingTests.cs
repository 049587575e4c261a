namespace DonorTrack.Tests.Matching;

public sealed class RecurringMatchingTests
{
    [Test]
    public void MonthlyGiftStartedInTheWindow_FirstInstallmentMatchedTimesTwelveUpToTheDonorCap_LaterOnesNotAgain()
    {
        using var db = new TestDatabase(new DateTimeOffset(2026, 6, 28, 17, 0, 0, TimeSpan.Zero));
        var org = db.NewOrganization();
        var donors = db.Get<DonorService>();
        var funder = donors.Create(org, new DonorInput { Kind = "organization", OrganizationName = "Lakes Fund" });
        var campaign = db.Get<MatchingCampaignService>().Create(org, new MatchingCampaignInput
        {
            Name = "Sustainer drive", FunderDonorId = funder, PoolCents = 1_000_000, Ratio = "1:1", PerDonorCapCents = 10_000, RecurringMultiplier = 12,
            StartsOn = new DateOnly(2026, 6, 1), EndsOn = new DateOnly(2026, 6, 30),
            Participants = [new MatchingParticipantInput { OrganizationId = org.OrganizationId }],
        });
        var sustainer = donors.Create(org, new DonorInput { FirstName = "Khadra", LastName = "Ali" });
        var pledges = db.Get<RecurringDonationService>();
        var pledge = pledges.Create(org, new RecurringDonationInput { DonorId = sustainer, AmountCents = 1_500, Interval = DuesInterval.Month, StartsOn = new DateOnly(2026, 6, 2) });

        var first = pledges.RecordPayment(org, pledge, new DateOnly(2026, 6, 2), GiftMethod.Card);
        var second = pledges.RecordPayment(org, pledge, new DateOnly(2026, 6, 27), GiftMethod.Card);

        var matched = db.Get<MatchingCampaignService>().Progress(org, campaign)!.OwnGifts.ToDictionary(g => g.GiftId, g => g.MatchedCents);
        Assert.That(matched[first], Is.EqualTo(10_000), "15.00 × 12 = 180.00, capped at the donor's 100.00");
        Assert.That(matched[second], Is.Zero);
    }
}
