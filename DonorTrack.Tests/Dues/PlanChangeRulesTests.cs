namespace DonorTrack.Tests.Dues;

public sealed class PlanChangeRulesTests
{
    private static readonly DuesSchedule MonthlyThirtyDollarsFromJan1 = new(new DateOnly(2025, 1, 1), DuesInterval.Month, 3000);

    [Test]
    public void Quote_MidPeriodWithOneMonthPaidAhead_CreditsUnusedDaysProRataPlusTheUnstartedMonth()
    {
        // Paid Jan, Feb, Mar. On Feb 11, 18 of February's 28 days are unused: 3000 × 18 / 28 = 1928.57 → 1928; March is unused in full.
        var quote = PlanChangeRules.Quote(MonthlyThirtyDollarsFromJan1, [new DuesPayment(new DateOnly(2025, 1, 1), 9000)],
            new DateOnly(2025, 2, 11), DuesInterval.Year, 4000);

        Assert.That(quote.UnusedPaidCents, Is.EqualTo(4928));
        Assert.That(quote.OpeningCreditCents, Is.EqualTo(4928));
        Assert.That(quote.NewTermStanding, Is.EqualTo(new DuesStanding(1, new DateOnly(2026, 2, 11), 928)));
        Assert.That(quote.ArrearsLeftOnOldPlan.PeriodsPastDue, Is.Zero);
    }

    [Test]
    public void Quote_MemberHoldingCredit_CarriesTheCreditToTheNewPlan()
    {
        var quote = PlanChangeRules.Quote(MonthlyThirtyDollarsFromJan1, [new DuesPayment(new DateOnly(2025, 1, 1), 9500)],
            new DateOnly(2025, 2, 11), DuesInterval.Year, 4000);

        Assert.That((quote.CarriedCreditCents, quote.OpeningCreditCents, quote.NewTermStanding.CreditCents), Is.EqualTo((500, 5428, 1428)));
    }

    [Test]
    public void Quote_OnADueDate_CreditsOnlyWholeUnstartedPeriods()
    {
        var quote = PlanChangeRules.Quote(MonthlyThirtyDollarsFromJan1, [new DuesPayment(new DateOnly(2025, 1, 1), 9000)],
            new DateOnly(2025, 3, 1), DuesInterval.Month, 2000);

        Assert.That(quote.UnusedPaidCents, Is.EqualTo(3000));
        Assert.That(quote.NewTermStanding, Is.EqualTo(new DuesStanding(1, new DateOnly(2025, 4, 1), 1000)));
    }

    [Test]
    public void Quote_PeriodsPrepaidBeforePriceRise_AreCreditedAtThePricePaid()
    {
        var schedule = new DuesSchedule(new DateOnly(2025, 1, 1), DuesInterval.Month,
            [new DuesRate(new DateOnly(2025, 1, 1), 1000), new DuesRate(new DateOnly(2025, 3, 1), 1500)]);

        var quote = PlanChangeRules.Quote(schedule, [new DuesPayment(new DateOnly(2025, 1, 1), 6000)], new DateOnly(2025, 4, 1), DuesInterval.Year, 10000);

        // Apr, May, Jun were bought at 1000 on Jan 1.
        Assert.That(quote.UnusedPaidCents, Is.EqualTo(3000));
    }

    [Test]
    public void Quote_MemberInArrears_LeavesArrearsOnOldPlanAndStartsNewPlanUnpaid()
    {
        var quote = PlanChangeRules.Quote(MonthlyThirtyDollarsFromJan1, [], new DateOnly(2025, 3, 15), DuesInterval.Month, 2000);

        Assert.That(quote.ArrearsLeftOnOldPlan, Is.EqualTo(new DuesArrears(3, 9000, 0)));
        Assert.That(quote.NewTermStanding, Is.EqualTo(new DuesStanding(0, new DateOnly(2025, 3, 15), 0)));
        Assert.That(quote.RuleText, Does.Contain("in proportion to its length in days"));
    }
}

public sealed class ReinstatementRulesTests
{
    private static readonly DuesSchedule MonthlyTenDollarsFromJan1 = new(new DateOnly(2025, 1, 1), DuesInterval.Month, 1000);

    [Test]
    public void Quote_LapsedMember_RestartsOnReinstatementDateWaivesArrearsAndKeepsCredit()
    {
        var standing = DuesLedger.Replay(MonthlyTenDollarsFromJan1, [new DuesPayment(new DateOnly(2025, 1, 1), 1200)]);

        var quote = ReinstatementRules.Quote(MonthlyTenDollarsFromJan1, standing, MembershipStatus.Lapsed, new DateOnly(2025, 6, 10));

        Assert.That(quote, Is.EqualTo(new ReinstatementQuote(false, new DateOnly(2025, 6, 10), 200, new DuesArrears(5, 5000, 200))));
    }

    [Test]
    public void Quote_CancelledWhilePaidAhead_ResumesTheSameTermAtItsPaidThrough()
    {
        var standing = DuesLedger.Replay(MonthlyTenDollarsFromJan1, [new DuesPayment(new DateOnly(2025, 1, 1), 12000)]);

        var quote = ReinstatementRules.Quote(MonthlyTenDollarsFromJan1, standing, MembershipStatus.Cancelled, new DateOnly(2025, 6, 10), new DateOnly(2025, 3, 1));

        Assert.That(quote, Is.EqualTo(new ReinstatementQuote(true, new DateOnly(2026, 1, 1), 0, DuesArrears.None)));
    }

    [TestCase(MembershipStatus.Active)]
    [TestCase(MembershipStatus.Grace)]
    public void Quote_MemberNotLapsedOrCancelled_IsRefused(MembershipStatus status)
    {
        var standing = DuesLedger.Replay(MonthlyTenDollarsFromJan1, []);

        Assert.That(() => ReinstatementRules.Quote(MonthlyTenDollarsFromJan1, standing, status, new DateOnly(2025, 1, 2)),
            Throws.InvalidOperationException);
    }
}
