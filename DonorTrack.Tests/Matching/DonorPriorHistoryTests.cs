using static DonorTrack.Tests.Matching.MatchingExamples;

namespace DonorTrack.Tests.Matching;

public sealed class DonorPriorHistoryTests
{
    [TestCase("2024-03-01", "2025-03-01", true, TestName = "FromPriorGifts_GiftTwelveMonthsBeforeStart_IsInTheLookBack")]
    [TestCase("2024-02-29", "2025-03-01", false, TestName = "FromPriorGifts_GiftTwelveMonthsAndOneDayBeforeStart_IsOutsideTheLookBack")]
    [TestCase("2025-02-28", "2025-03-01", true, TestName = "FromPriorGifts_GiftTheDayBeforeStart_IsInTheLookBack")]
    [TestCase("2025-03-01", "2025-03-01", false, TestName = "FromPriorGifts_GiftOnTheStartDay_BelongsToTheWindowNotTheLookBack")]
    [TestCase("2023-02-28", "2024-02-29", true, TestName = "FromPriorGifts_LeapDayStart_LooksBackToTheTwentyEighth")]
    [TestCase("2023-02-27", "2024-02-29", false, TestName = "FromPriorGifts_LeapDayStart_ExcludesTheDayBeforeTheTwentyEighth")]
    public void FromPriorGifts_LookBackBoundary(string receivedOn, string windowStartsOn, bool expectedInLookBack)
    {
        var history = DonorPriorHistory.FromPriorGifts([Gift(1, 1_000, DateOnly.Parse(receivedOn, System.Globalization.CultureInfo.InvariantCulture))],
            DateOnly.Parse(windowStartsOn, System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(history.Any(h => h.HadCompletedGift), Is.EqualTo(expectedInLookBack));
    }

    [Test]
    public void FromPriorGifts_MixedStatusesAndDonors_SumsKeptMoneyPerOrganizationAndDonor()
    {
        var lastYear = Start.AddMonths(-6);
        var gifts = new[]
        {
            Gift(1, 5_000, lastYear, donor: 7),
            Gift(2, 3_000, lastYear, donor: 7, status: "partially_refunded", refunded: 1_000),
            Gift(3, 9_000, lastYear, donor: 7, status: "refunded", refunded: 9_000),
            Gift(4, 9_000, lastYear, donor: 7, status: "voided"),
            Gift(5, 9_000, lastYear, donor: 7, status: "pending"),
            Gift(6, 4_000, lastYear, donor: 7, organization: 2) with { Method = "stock", Category = "corporate" },
            Gift(7, 9_000, lastYear, donor: 8, status: "failed"),
        };

        var history = DonorPriorHistory.FromPriorGifts(gifts, Start);

        Assert.That(history, Is.EqualTo(new[]
        {
            new DonorPriorHistory(1, 7, 7_000, true),
            new DonorPriorHistory(2, 7, 4_000, true),
        }));
    }
}
