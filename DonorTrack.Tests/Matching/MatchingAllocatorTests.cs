using static DonorTrack.Tests.Matching.MatchingExamples;

namespace DonorTrack.Tests.Matching;

public sealed class MatchingAllocatorTests
{
    private static readonly RecurringInstallment MonthlyStartingInWindow = new(RecurringDonationId: 70, DonationStartsOn: Start);
    private static readonly RecurringInstallment MonthlyStartedLastYear = new(RecurringDonationId: 71, DonationStartsOn: new DateOnly(2024, 6, 1));

    private static IEnumerable<TestCaseData> AllocationCases()
    {
        yield return Case(
            "Allocate_RatioTwoToOneWithPerGiftCap_DoublesEachGiftUpToTheCap",
            Rules with { Ratio = new MatchingRatio(2, 1), PerGiftCapCents = 15_000 },
            [Gift(1, 10_000), Gift(2, 3_000, on: End)],
            (1, 15_000), (2, 6_000));

        yield return Case(
            "Allocate_PerDonorCapAcrossSeveralGifts_StopsThatDonorOnlyAtTheCap",
            Rules with { PerDonorCapCents = 10_000 },
            [Gift(1, 4_000, Start, donor: 7), Gift(2, 4_000, Mid, donor: 7), Gift(3, 4_000, Mid, donor: 8), Gift(4, 4_000, End, donor: 7)],
            (1, 4_000), (2, 4_000), (3, 4_000), (4, 2_000));

        yield return Case(
            "Allocate_SameDonorIdInTwoOrganizations_HasASeparateCapInEach",
            Rules with { PerDonorCapCents = 5_000 },
            [Gift(1, 5_000, donor: 7, organization: 1), Gift(2, 5_000, donor: 7, organization: 2)],
            (1, 5_000), (2, 5_000));

        yield return Case(
            "Allocate_PoolExhaustedMidGift_MatchesPartiallyAndLaterGiftsGetZero",
            Rules with { PoolCents = 10_000 },
            [Gift(1, 6_000, Start), Gift(2, 6_000, Mid, donor: 2), Gift(3, 3_000, End, donor: 3)],
            (1, 6_000), (2, 4_000), (3, 0));

        yield return Case(
            "Allocate_OrganizationCapReachedWhilePoolRemains_OtherOrganizationsKeepMatching",
            Rules with { Participants = [new MatchingParticipant(1, CapCents: 5_000), new MatchingParticipant(2)] },
            [Gift(1, 3_000, Start), Gift(2, 3_000, Mid, donor: 2), Gift(3, 3_000, Mid, donor: 9, organization: 2), Gift(4, 1_000, End, donor: 3)],
            (1, 3_000), (2, 2_000), (3, 3_000), (4, 0));

        yield return Case(
            "Allocate_GiftsAroundTheWindow_MatchesBothBoundaryDaysAndNothingOutside",
            Rules,
            [Gift(1, 1_000, Start.AddDays(-1)), Gift(2, 1_000, Start), Gift(3, 1_000, End), Gift(4, 1_000, End.AddDays(1))],
            (2, 1_000), (3, 1_000));

        yield return Case(
            "Allocate_VoidedGift_IsIgnoredAndItsPoolGoesToTheNextGift",
            Rules with { PoolCents = 5_000 },
            [Gift(1, 5_000, Start, status: "voided"), Gift(2, 5_000, End, donor: 2)],
            (2, 5_000));

        yield return Case(
            "Allocate_PendingFailedAndFullyRefundedGifts_AreNotMatched",
            Rules,
            [Gift(1, 1_000, status: "pending"), Gift(2, 1_000, status: "failed"), Gift(3, 1_000, status: "refunded", refunded: 1_000), Gift(4, 1_000)],
            (4, 1_000));

        yield return Case(
            "Allocate_EarlyGiftBeforeRefund_TakesMostOfThePool",
            Rules with { PoolCents = 10_000 },
            [Gift(1, 8_000, Start), Gift(2, 8_000, End, donor: 2)],
            (1, 8_000), (2, 2_000));

        yield return Case(
            "Allocate_EarlyGiftPartiallyRefunded_FreesPoolToTheNextGiftInOrder",
            Rules with { PoolCents = 10_000 },
            [Gift(1, 8_000, Start, status: "partially_refunded", refunded: 5_000), Gift(2, 8_000, End, donor: 2)],
            (1, 3_000), (2, 7_000));

        yield return Case(
            "Allocate_EarlyGiftFullyRefunded_LeavesTheWholePoolToTheNextGift",
            Rules with { PoolCents = 10_000 },
            [Gift(1, 8_000, Start, status: "refunded", refunded: 8_000), Gift(2, 8_000, End, donor: 2)],
            (2, 8_000));

        yield return Case(
            "Allocate_TiesOnReceivedDate_AreWalkedInGiftIdOrder",
            Rules with { PoolCents = 10_000 },
            [Gift(9, 4_000, donor: 1), Gift(3, 4_000, donor: 2), Gift(5, 4_000, donor: 3)],
            (3, 4_000), (5, 4_000), (9, 2_000));

        yield return Case(
            "Allocate_LaterDateWithLowerId_IsStillWalkedAfterEarlierDates",
            Rules with { PoolCents = 5_000 },
            [Gift(1, 5_000, End, donor: 1), Gift(2, 5_000, Start, donor: 2)],
            (2, 5_000), (1, 0));

        yield return Case(
            "Allocate_RatioOneToTwo_RoundsDownToTheCent",
            Rules with { Ratio = new MatchingRatio(1, 2) },
            [Gift(1, 1_001), Gift(2, 1, donor: 2), Gift(3, 3, donor: 3)],
            (1, 500), (2, 0), (3, 1));

        yield return Case(
            "Allocate_RatioThreeToTwo_RoundsDownToTheCent",
            Rules with { Ratio = new MatchingRatio(3, 2) },
            [Gift(1, 1_001)],
            (1, 1_501));

        yield return Case(
            "Allocate_DeductiblePortionOnly_MatchesTicketOnItsAmountMinusBenefit",
            Rules,
            [Gift(1, 20_000) with { BenefitValueCents = 8_000 }],
            (1, 12_000));

        yield return Case(
            "Allocate_DeductiblePortionOff_MatchesTheWholeTicket",
            Rules with { DeductiblePortionOnly = false },
            [Gift(1, 20_000) with { BenefitValueCents = 8_000 }],
            (1, 20_000));

        yield return Case(
            "Allocate_BenefitWorthMoreThanTheGift_MatchesZeroNotANegativeAmount",
            Rules,
            [Gift(1, 5_000) with { BenefitValueCents = 9_000 }],
            (1, 0));

        yield return Case(
            "Allocate_BusinessAndFoundationDonorsByDefault_AreNotMatched",
            Rules,
            [
                Gift(1, 1_000, donor: 1) with { DonorKind = "organization" },
                Gift(2, 1_000, donor: 2) with { Category = "foundation" },
                Gift(3, 1_000, donor: 3) with { Category = "corporate" },
                Gift(4, 1_000, donor: 4),
            ],
            (4, 1_000));

        yield return Case(
            "Allocate_OrganizationDonorsWhenTheFunderIncludesThem_AreMatched",
            Rules with { EligibleDonorKinds = MatchingVocabulary.DonorKinds },
            [Gift(1, 1_000, donor: 1) with { DonorKind = "organization" }],
            (1, 1_000));

        yield return Case(
            "Allocate_DefaultMethodsAndCategories_MatchMoneyGiftsAndDuesButNotInKindStockOrEvents",
            Rules,
            [
                Gift(1, 1_000, donor: 1) with { Method = "in_kind" },
                Gift(2, 1_000, donor: 2) with { Method = "stock" },
                Gift(3, 1_000, donor: 3) with { Category = "events" },
                Gift(4, 1_000, donor: 4) with { Category = "membership_dues", Method = "ach" },
                Gift(5, 1_000, donor: 5) with { Method = "check" },
            ],
            (4, 1_000), (5, 1_000));

        yield return Case(
            "Allocate_GiftToANonParticipatingOrganization_IsIgnored",
            Rules,
            [Gift(1, 1_000, organization: 3), Gift(2, 1_000, organization: 2)],
            (2, 1_000));

        yield return Case(
            "Allocate_FirstMonthlyInstallmentTimesTwelve_IsCappedByPerDonorCapAndLaterInstallmentGetsZero",
            Rules with { RecurringMultiplier = 12, PerDonorCapCents = 20_000, EndsOn = new DateOnly(2025, 4, 30) },
            [
                Gift(1, 2_500, Start) with { Recurring = MonthlyStartingInWindow },
                Gift(2, 2_500, new DateOnly(2025, 4, 1)) with { Recurring = MonthlyStartingInWindow },
            ],
            (1, 20_000), (2, 0));

        yield return Case(
            "Allocate_LaterInstallmentOfAMultipliedDonationWithCapsToSpare_StillGetsZero",
            Rules with { RecurringMultiplier = 12, EndsOn = new DateOnly(2025, 4, 30) },
            [
                Gift(1, 2_500, Start) with { Recurring = MonthlyStartingInWindow },
                Gift(2, 2_500, new DateOnly(2025, 4, 1)) with { Recurring = MonthlyStartingInWindow },
                Gift(3, 2_500, new DateOnly(2025, 4, 2)),
            ],
            (1, 30_000), (2, 0), (3, 2_500));

        yield return Case(
            "Allocate_FirstMonthlyInstallmentTimesTwelve_IsAlsoCappedPerGift",
            Rules with { RecurringMultiplier = 12, PerGiftCapCents = 25_000 },
            [Gift(1, 2_500, Start) with { Recurring = MonthlyStartingInWindow }],
            (1, 25_000));

        yield return Case(
            "Allocate_FirstInstallmentVoided_MakesTheNextInstallmentTheFirst",
            Rules with { RecurringMultiplier = 12, EndsOn = new DateOnly(2025, 4, 30) },
            [
                Gift(1, 1_000, Start, status: "voided") with { Recurring = MonthlyStartingInWindow },
                Gift(2, 1_000, new DateOnly(2025, 4, 1)) with { Recurring = MonthlyStartingInWindow },
            ],
            (2, 12_000));

        yield return Case(
            "Allocate_InstallmentsOfADonationStartedBeforeTheWindow_AreMatchedAsOrdinaryGifts",
            Rules with { RecurringMultiplier = 12 },
            [Gift(1, 1_000, Start) with { Recurring = MonthlyStartedLastYear }, Gift(2, 1_000, End) with { Recurring = MonthlyStartedLastYear }],
            (1, 1_000), (2, 1_000));

        yield return Case(
            "Allocate_RecurringRuleOff_MatchesEveryInstallmentOnItsOwnAmount",
            Rules with { RecurringMultiplier = 1 },
            [Gift(1, 1_000, Start) with { Recurring = MonthlyStartingInWindow }, Gift(2, 1_000, End) with { Recurring = MonthlyStartingInWindow }],
            (1, 1_000), (2, 1_000));
    }

    [TestCaseSource(nameof(AllocationCases))]
    public void Allocate_Table(MatchingRules rules, CandidateGift[] gifts, (long, long)[] expected)
    {
        var result = Allocate(rules, gifts);

        Assert.That(Matched(result), Is.EqualTo(expected));
    }

    [Test]
    public void Allocate_PoolExhaustedMidGift_LeavesNothingInThePool()
    {
        var result = Allocate(Rules with { PoolCents = 10_000 }, [Gift(1, 6_000, Start), Gift(2, 6_000, End, donor: 2)]);

        Assert.That(result.MatchedCents, Is.EqualTo(10_000));
        Assert.That(result.PoolRemainingCents, Is.Zero);
        Assert.That(result.OwedCents, Is.EqualTo(10_000));
    }

    [Test]
    public void Allocate_DeductiblePortionOnly_RecordsTheDeductibleAmountAsTheMatchableBase()
    {
        var result = Allocate(Rules, [Gift(1, 20_000) with { BenefitValueCents = 8_000 }]);

        Assert.That(result.Allocations.Single().MatchableBaseCents, Is.EqualTo(12_000));
        Assert.That(result.RaisedCents, Is.EqualTo(20_000), "raised counts the money received, not the deductible part");
    }

    [TestCase(9_999, false, 0, TestName = "Allocate_ChallengeThresholdMissedByOneCent_OwesNothing")]
    [TestCase(10_000, true, 10_000, TestName = "Allocate_ChallengeThresholdReachedExactly_OwesTheMatchedTotal")]
    [TestCase(12_000, true, 12_000, TestName = "Allocate_ChallengeThresholdExceeded_OwesTheMatchedTotal")]
    public void Allocate_Challenge(long raised, bool expectedMet, long expectedOwed)
    {
        var rules = Rules with { Kind = MatchingKind.Challenge, ThresholdCents = 10_000 };
        var gifts = new[] { Gift(1, raised - 1_000, Start, donor: 1), Gift(2, 1_000, End, donor: 2) };

        var result = Allocate(rules, gifts);

        Assert.That(result.RaisedCents, Is.EqualTo(raised));
        Assert.That(result.MatchedCents, Is.EqualTo(raised), "allocations are still computed, to show progress");
        Assert.That(result.ThresholdMet, Is.EqualTo(expectedMet));
        Assert.That(result.OwedCents, Is.EqualTo(expectedOwed));
        Assert.That(result.PerOrganization.Single(o => o.OrganizationId == 1).OwedCents, Is.EqualTo(expectedOwed));
    }

    [Test]
    public void Allocate_ChallengeWithIneligibleGiftsOverThreshold_CountsOnlyEligibleGiftsTowardIt()
    {
        var rules = Rules with { Kind = MatchingKind.Challenge, ThresholdCents = 10_000 };
        var gifts = new[] { Gift(1, 5_000), Gift(2, 50_000, donor: 2) with { Category = "foundation" } };

        var result = Allocate(rules, gifts);

        Assert.That(result.RaisedCents, Is.EqualTo(5_000));
        Assert.That(result.OwedCents, Is.Zero);
    }

    [Test]
    public void Allocate_NewDonorRule_MatchesDonorsWhosePriorGiftWasThirteenMonthsAgoButNotElevenMonthsAgo()
    {
        var prior = new[]
        {
            Gift(901, 5_000, Start.AddMonths(-11), donor: 11),
            Gift(902, 5_000, Start.AddMonths(-13), donor: 13),
        };
        var history = DonorPriorHistory.FromPriorGifts(prior, Start);
        var gifts = new[] { Gift(1, 1_000, donor: 11), Gift(2, 1_000, donor: 13), Gift(3, 1_000, donor: 99) };

        var result = Allocate(Rules with { Eligibility = MatchingEligibility.NewDonors }, gifts, history);

        Assert.That(Matched(result), Is.EqualTo(new (long, long)[] { (2, 1_000), (3, 1_000) }));
        Assert.That(result.RaisedCents, Is.EqualTo(2_000), "the returning donor's gift is not eligible, so it is not raised toward the drive");
    }

    [Test]
    public void Allocate_NewDonorRuleWithPriorGiftToAnotherOrganization_StillCountsTheDonorAsNew()
    {
        var history = DonorPriorHistory.FromPriorGifts([Gift(901, 5_000, Start.AddMonths(-2), donor: 7, organization: 2)], Start);

        var result = Allocate(Rules with { Eligibility = MatchingEligibility.NewDonors }, [Gift(1, 1_000, donor: 7, organization: 1)], history);

        Assert.That(Matched(result), Is.EqualTo(new (long, long)[] { (1, 1_000) }));
    }

    [Test]
    public void Allocate_NewOrIncreased_MatchesOnlyTheIncreaseOverLastYearAcrossTheDonorsGifts()
    {
        var history = new[] { new DonorPriorHistory(1, 7, PriorTwelveMonthNetCents: 10_000, HadCompletedGift: true) };
        var gifts = new[] { Gift(1, 6_000, Start, donor: 7), Gift(2, 6_000, Mid, donor: 7), Gift(3, 3_000, End, donor: 7), Gift(4, 3_000, End, donor: 8) };

        var result = Allocate(Rules with { Eligibility = MatchingEligibility.NewOrIncreased }, gifts, history);

        Assert.That(Matched(result), Is.EqualTo(new (long, long)[] { (1, 0), (2, 2_000), (3, 3_000), (4, 3_000) }));
        Assert.That(result.RaisedCents, Is.EqualTo(18_000));
    }

    [Test]
    public void Allocate_NewOrIncreasedWithMonthlyGiftTimesTwelve_MatchesTheAnnualIncrease()
    {
        // Last year $60 in total; a new $10 monthly gift is worth $120 a year, so $60 is the increase.
        var history = new[] { new DonorPriorHistory(1, 7, 6_000, true) };
        var rules = Rules with { Eligibility = MatchingEligibility.NewOrIncreased, RecurringMultiplier = 12 };

        var result = Allocate(rules, [Gift(1, 1_000, Start, donor: 7) with { Recurring = MonthlyStartingInWindow }], history);

        Assert.That(Matched(result), Is.EqualTo(new (long, long)[] { (1, 6_000) }));
    }

    [Test]
    public void Allocate_OrganizationTotals_CountRaisedMatchedDonorsAndGiftsPerParticipant()
    {
        var rules = Rules with { Participants = [new MatchingParticipant(2), new MatchingParticipant(1, CapCents: 2_500)] };
        var gifts = new[] { Gift(1, 1_000, donor: 5), Gift(2, 2_000, donor: 5), Gift(3, 3_000, donor: 6), Gift(4, 4_000, organization: 2, donor: 5) };

        var result = Allocate(rules, gifts);

        Assert.That(result.PerOrganization, Is.EqualTo(new[]
        {
            new OrganizationMatchingTotals(2, RaisedCents: 4_000, MatchedCents: 4_000, OwedCents: 4_000, DonorCount: 1, GiftCount: 1),
            new OrganizationMatchingTotals(1, RaisedCents: 6_000, MatchedCents: 2_500, OwedCents: 2_500, DonorCount: 2, GiftCount: 3),
        }));
        Assert.That(result.MatchedCents, Is.EqualTo(6_500));
        Assert.That(result.PoolRemainingCents, Is.EqualTo(1_000_000 - 6_500));
    }

    [Test]
    public void Allocate_GiftIdGivenTwice_IsRefused()
    {
        Assert.That(() => Allocate(Rules, [Gift(1, 1_000), Gift(1, 2_000, donor: 2)]), Throws.ArgumentException);
    }

    [Test]
    public void Allocate_RulesWithNegativePool_AreRefused()
    {
        Assert.That(() => Allocate(Rules with { PoolCents = -1 }, [Gift(1, 1_000)]), Throws.ArgumentException);
    }

    [Test]
    public void Allocate_HugeAmountsAtTheMaximumRatio_DoNotOverflowAndStayWithinThePool()
    {
        var rules = Rules with { PoolCents = long.MaxValue, Ratio = new MatchingRatio(MatchingRatio.MaxTerm, 1) };

        var result = Allocate(rules, [Gift(1, long.MaxValue / 2)]);

        Assert.That(result.MatchedCents, Is.EqualTo(long.MaxValue));
        Assert.That(result.PoolRemainingCents, Is.Zero);
    }

    private static TestCaseData Case(string name, MatchingRules rules, CandidateGift[] gifts, params (long GiftId, long MatchedCents)[] expected) =>
        new TestCaseData(rules, gifts, expected).SetName(name);
}
