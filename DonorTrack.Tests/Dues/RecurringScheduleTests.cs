namespace DonorTrack.Tests.Dues;

public sealed class RecurringScheduleTests
{
    private static readonly RecurringSchedule MonthlyFromJan31 = RecurringSchedule.Start(new DateOnly(2025, 1, 31), DuesInterval.Month, 2500);

    [Test]
    public void RecordPayment_MonthlyFromJan31_AdvancesAnchoredToMonthEnd()
    {
        var afterTwo = MonthlyFromJan31.RecordPayment().RecordPayment();

        Assert.That(MonthlyFromJan31.NextDueOn, Is.EqualTo(new DateOnly(2025, 1, 31)));
        Assert.That(MonthlyFromJan31.RecordPayment().NextDueOn, Is.EqualTo(new DateOnly(2025, 2, 28)));
        Assert.That(afterTwo.NextDueOn, Is.EqualTo(new DateOnly(2025, 3, 31)));
    }

    [Test]
    public void RecordPayment_QuarterlyPledge_AdvancesThreeMonths()
    {
        var pledge = RecurringSchedule.Start(new DateOnly(2025, 8, 31), DuesInterval.Quarter, 9000).RecordPayment();

        Assert.That(pledge.NextDueOn, Is.EqualTo(new DateOnly(2025, 11, 30)));
    }

    [Test]
    public void RecordPayment_FailingPledge_BecomesActiveAgain()
    {
        var pledge = MonthlyFromJan31.RecordFailure().RecordPayment();

        Assert.That(pledge.Status, Is.EqualTo(RecurringDonationStatus.Active));
    }

    [Test]
    public void RecordPayment_EndedPledge_IsRefused()
    {
        Assert.That(() => MonthlyFromJan31.End().RecordPayment(), Throws.InvalidOperationException);
    }

    [Test]
    public void MissedInstallments_FirstPaidThenNothing_ListsEachPastDueDateButNotTodays()
    {
        var pledge = MonthlyFromJan31.RecordPayment();

        Assert.That(pledge.MissedInstallments(new DateOnly(2025, 4, 1)), Is.EqualTo(new[] { new DateOnly(2025, 2, 28), new DateOnly(2025, 3, 31) }));
        Assert.That(pledge.MissedInstallments(new DateOnly(2025, 3, 31)), Is.EqualTo(new[] { new DateOnly(2025, 2, 28) }));
    }

    [Test]
    public void MissedInstallments_PausedPledge_ListsNone()
    {
        Assert.That(MonthlyFromJan31.RecordPayment().Pause().MissedInstallments(new DateOnly(2025, 6, 1)), Is.Empty);
    }

    [Test]
    public void Resume_AfterPause_SkipsInstallmentsDueWhilePaused()
    {
        var resumed = MonthlyFromJan31.RecordPayment().Pause().Resume(new DateOnly(2025, 5, 10));

        Assert.That((resumed.Status, resumed.NextDueOn), Is.EqualTo((RecurringDonationStatus.Active, new DateOnly(2025, 5, 31))));
        Assert.That(resumed.MissedInstallments(new DateOnly(2025, 5, 10)), Is.Empty);
    }
}

public sealed class RecurringRevenueTests
{
    [TestCase(1000, DuesInterval.Month, 1000)]
    [TestCase(1000, DuesInterval.Quarter, 333)]
    [TestCase(500, DuesInterval.Quarter, 167)]
    [TestCase(1000, DuesInterval.Year, 83)]
    [TestCase(6, DuesInterval.Year, 1)]
    [TestCase(5, DuesInterval.Year, 0)]
    public void MonthlyCents_OnePledge_NormalizesAndRoundsHalfUp(long amountCents, DuesInterval interval, long expected)
    {
        Assert.That(RecurringRevenue.MonthlyCents(amountCents, interval), Is.EqualTo(expected));
    }

    [Test]
    public void MonthlyCents_ThreeQuarterlyPledges_RoundsTheTotalOnceSoNoCentDrifts()
    {
        var pledges = Enumerable.Repeat(RecurringSchedule.Start(new DateOnly(2025, 1, 1), DuesInterval.Quarter, 1000), 3);

        Assert.That(RecurringRevenue.MonthlyCents(pledges), Is.EqualTo(1000));
    }

    [Test]
    public void MonthlyCents_MixedStatuses_CountsActiveAndFailingOnly()
    {
        var start = new DateOnly(2025, 1, 1);
        RecurringSchedule[] pledges =
        [
            RecurringSchedule.Start(start, DuesInterval.Month, 2000),
            RecurringSchedule.Start(start, DuesInterval.Year, 12000).RecordFailure(),
            RecurringSchedule.Start(start, DuesInterval.Month, 5000).Pause(),
            RecurringSchedule.Start(start, DuesInterval.Month, 7000).End(),
        ];

        Assert.That(RecurringRevenue.MonthlyCents(pledges), Is.EqualTo(3000));
    }
}
