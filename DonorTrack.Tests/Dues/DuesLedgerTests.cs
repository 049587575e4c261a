namespace DonorTrack.Tests.Dues;

public sealed class DuesLedgerTests
{
    private static readonly DateOnly Jan31 = new(2025, 1, 31);
    private static readonly DuesSchedule MonthlyTenDollarsFromJan31 = new(Jan31, DuesInterval.Month, 1000);

    [Test]
    public void Replay_NoPayments_PaidThroughIsTheStartDate()
    {
        var standing = DuesLedger.Replay(MonthlyTenDollarsFromJan31, []);

        Assert.That(standing, Is.EqualTo(new DuesStanding(0, Jan31, 0)));
    }

    [Test]
    public void Replay_PaymentOfTwoAndAHalfPeriods_ExtendsByTwoPeriodsAndKeepsHalfAsCredit()
    {
        var standing = DuesLedger.Replay(MonthlyTenDollarsFromJan31, [new DuesPayment(Jan31, 2500)]);

        Assert.That(standing, Is.EqualTo(new DuesStanding(2, new DateOnly(2025, 3, 31), 500)));
    }

    [Test]
    public void Replay_CreditThenAnotherHalfPeriod_CombineIntoOneMorePeriodWithNoCreditLeft()
    {
        var standing = DuesLedger.Replay(MonthlyTenDollarsFromJan31,
            [new DuesPayment(Jan31, 2500), new DuesPayment(new DateOnly(2025, 3, 1), 500)]);

        Assert.That(standing, Is.EqualTo(new DuesStanding(3, new DateOnly(2025, 4, 30), 0)));
    }

    [Test]
    public void Replay_PartialPaymentsUnderOnePeriod_AccumulateAsCreditWithoutLosingCents()
    {
        var standing = DuesLedger.Replay(MonthlyTenDollarsFromJan31,
            [new DuesPayment(Jan31, 333), new DuesPayment(Jan31, 333), new DuesPayment(new DateOnly(2025, 2, 1), 333)]);

        Assert.That(standing, Is.EqualTo(new DuesStanding(0, Jan31, 999)));
    }

    [Test]
    public void Replay_SecondPaymentRefundedInFull_RollsPaidThroughBackOnePeriod()
    {
        DuesPayment[] paid = [new(Jan31, 1000), new(new DateOnly(2025, 2, 28), 1000), new(new DateOnly(2025, 3, 31), 1000)];
        DuesPayment[] afterRefund = [paid[0], paid[1] with { NetCents = 0 }, paid[2]];

        var before = DuesLedger.Replay(MonthlyTenDollarsFromJan31, paid);
        var after = DuesLedger.Replay(MonthlyTenDollarsFromJan31, afterRefund);

        Assert.That(before.PaidThrough, Is.EqualTo(new DateOnly(2025, 4, 30)));
        Assert.That(after, Is.EqualTo(new DuesStanding(2, new DateOnly(2025, 3, 31), 0)));
    }

    [Test]
    public void Replay_PaymentPartlyRefunded_RollsBackAndKeepsTheRemainingCentsAsCredit()
    {
        DuesPayment[] afterRefund = [new(Jan31, 1000), new(new DateOnly(2025, 2, 28), 600), new(new DateOnly(2025, 3, 31), 1000)];

        var standing = DuesLedger.Replay(MonthlyTenDollarsFromJan31, afterRefund);

        Assert.That(standing, Is.EqualTo(new DuesStanding(2, new DateOnly(2025, 3, 31), 600)));
    }

    [Test]
    public void Replay_PaymentsGivenOutOfOrder_GiveTheSameStandingAsInDateOrder()
    {
        DuesPayment[] inOrder = [new(Jan31, 700), new(new DateOnly(2025, 3, 5), 1800), new(new DateOnly(2025, 6, 1), 2500)];

        Assert.That(DuesLedger.Replay(MonthlyTenDollarsFromJan31, inOrder.Reverse()),
            Is.EqualTo(DuesLedger.Replay(MonthlyTenDollarsFromJan31, inOrder)));
    }

    [Test]
    public void Replay_QuarterlyPaymentOfAYear_PaysFourQuartersFromTheAnchor()
    {
        var schedule = new DuesSchedule(new DateOnly(2024, 11, 30), DuesInterval.Quarter, 7500);

        var standing = DuesLedger.Replay(schedule, [new DuesPayment(new DateOnly(2024, 11, 20), 30000)]);

        Assert.That(standing, Is.EqualTo(new DuesStanding(4, new DateOnly(2025, 11, 30), 0)));
    }

    [Test]
    public void Replay_YearlyFromFeb29_PaidThroughIsFeb28NextYear()
    {
        var schedule = new DuesSchedule(new DateOnly(2024, 2, 29), DuesInterval.Year, 5000);

        var standing = DuesLedger.Replay(schedule, [new DuesPayment(new DateOnly(2024, 2, 29), 5000)]);

        Assert.That(standing.PaidThrough, Is.EqualTo(new DateOnly(2025, 2, 28)));
    }

    [Test]
    public void Replay_YearPaidAheadBeforePriceRise_KeepsTheOldPriceForPrepaidPeriods()
    {
        var schedule = new DuesSchedule(new DateOnly(2025, 1, 1), DuesInterval.Month,
            [new DuesRate(new DateOnly(2025, 1, 1), 1000), new DuesRate(new DateOnly(2025, 7, 1), 1500)]);

        var standing = DuesLedger.Replay(schedule, [new DuesPayment(new DateOnly(2025, 1, 1), 12000)]);

        Assert.That(standing, Is.EqualTo(new DuesStanding(12, new DateOnly(2026, 1, 1), 0)));
    }

    [Test]
    public void Replay_OverduePeriodsPaidAfterPriceRise_CostThePriceOfTheirDueDates()
    {
        var schedule = new DuesSchedule(new DateOnly(2025, 1, 1), DuesInterval.Month,
            [new DuesRate(new DateOnly(2025, 1, 1), 1000), new DuesRate(new DateOnly(2025, 7, 1), 1500)]);

        // Jan..Jun at 1000 and Jul, Aug at 1500 are overdue on Aug 15.
        var standing = DuesLedger.Replay(schedule, [new DuesPayment(new DateOnly(2025, 8, 15), 9000)]);

        Assert.That(standing, Is.EqualTo(new DuesStanding(8, new DateOnly(2025, 9, 1), 0)));
    }

    [Test]
    public void Replay_NegativeNetAmount_IsRefused()
    {
        Assert.That(() => DuesLedger.Replay(MonthlyTenDollarsFromJan31, [new DuesPayment(Jan31, -1)]), Throws.ArgumentException);
    }

    [Test]
    public void Schedule_ZeroRate_IsRefused()
    {
        Assert.That(() => new DuesSchedule(Jan31, DuesInterval.Month, 0), Throws.ArgumentException);
    }
}
