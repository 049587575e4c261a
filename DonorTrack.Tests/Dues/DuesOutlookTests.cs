namespace DonorTrack.Tests.Dues;

public sealed class DuesOutlookTests
{
    private static readonly DuesSchedule MonthlyTenDollarsFromJan31 = new(new DateOnly(2025, 1, 31), DuesInterval.Month, 1000);

    private static DuesStanding PaidOnce(long cents = 1000) =>
        DuesLedger.Replay(MonthlyTenDollarsFromJan31, [new DuesPayment(new DateOnly(2025, 1, 31), cents)]);

    [TestCase("2025-02-28", 0, 0, TestName = "Arrears_OnPaidThroughDate_NothingIsPastDue")]
    [TestCase("2025-03-01", 1, 1000, TestName = "Arrears_DayAfterPaidThrough_OnePeriodPastDue")]
    [TestCase("2025-03-31", 1, 1000, TestName = "Arrears_OnNextDueDate_ThatPeriodIsNotPastDueYet")]
    [TestCase("2025-04-01", 2, 2000, TestName = "Arrears_DayAfterNextDueDate_TwoPeriodsPastDue")]
    [TestCase("2025-12-31", 10, 10000, TestName = "Arrears_OnDec31_TenMonthEndPeriodsPastDue")]
    public void Arrears_MonthlyPaidThroughFeb28(string today, int expectedPeriods, long expectedCents)
    {
        var arrears = DuesOutlook.Arrears(MonthlyTenDollarsFromJan31, PaidOnce(), DateOnly.ParseExact(today, "yyyy-MM-dd"));

        Assert.That((arrears.PeriodsPastDue, arrears.PastDueCents), Is.EqualTo((expectedPeriods, expectedCents)));
    }

    [Test]
    public void Arrears_WithCredit_OwedIsPastDueMinusCredit()
    {
        var arrears = DuesOutlook.Arrears(MonthlyTenDollarsFromJan31, PaidOnce(1300), new DateOnly(2025, 4, 1));

        Assert.That(arrears, Is.EqualTo(new DuesArrears(2, 2000, 300)));
        Assert.That(arrears.OwedCents, Is.EqualTo(1700));
    }

    [Test]
    public void Arrears_CancelledMidMonth_PeriodsDueAfterCancellationAreNotOwed()
    {
        var arrears = DuesOutlook.Arrears(MonthlyTenDollarsFromJan31, PaidOnce(), new DateOnly(2025, 5, 1), stopsOn: new DateOnly(2025, 3, 15));

        Assert.That(arrears.PeriodsPastDue, Is.EqualTo(1));
    }

    [Test]
    public void Arrears_AfterPriceRise_EachPeriodIsPricedOnItsDueDate()
    {
        var schedule = new DuesSchedule(new DateOnly(2025, 1, 1), DuesInterval.Month,
            [new DuesRate(new DateOnly(2025, 1, 1), 1000), new DuesRate(new DateOnly(2025, 7, 1), 1500)]);

        var arrears = DuesOutlook.Arrears(schedule, DuesLedger.Replay(schedule, []), new DateOnly(2025, 8, 15));

        Assert.That((arrears.PeriodsPastDue, arrears.PastDueCents), Is.EqualTo((8, 9000)));
    }

    [Test]
    public void Arrears_PayingExactlyTheOwedAmount_ClearsThemAndLeavesTheMemberActive()
    {
        var today = new DateOnly(2025, 6, 10);
        var owed = DuesOutlook.Arrears(MonthlyTenDollarsFromJan31, PaidOnce(1300), today).OwedCents;

        var standing = DuesLedger.Replay(MonthlyTenDollarsFromJan31,
            [new DuesPayment(new DateOnly(2025, 1, 31), 1300), new DuesPayment(today, owed)]);

        Assert.That(DuesOutlook.Arrears(MonthlyTenDollarsFromJan31, standing, today).PeriodsPastDue, Is.Zero);
        Assert.That(MembershipStatusRules.Derive(standing.PaidThrough, 0, today), Is.EqualTo(MembershipStatus.Active));
    }

    [Test]
    public void Arrears_QuarterlyUnpaidForAYear_CountsFourQuarters()
    {
        var schedule = new DuesSchedule(new DateOnly(2024, 11, 30), DuesInterval.Quarter, 7500);

        var arrears = DuesOutlook.Arrears(schedule, DuesLedger.Replay(schedule, []), new DateOnly(2025, 11, 30));

        Assert.That((arrears.PeriodsPastDue, arrears.PastDueCents), Is.EqualTo((4, 30000)));
    }

    [Test]
    public void DueWithin_ThirtyDays_ListsTheNextUnpaidDueDateWithCreditApplied()
    {
        var upcoming = DuesOutlook.DueWithin(MonthlyTenDollarsFromJan31, PaidOnce(1300), new DateOnly(2025, 2, 10), 30);

        Assert.That(upcoming, Is.EqualTo(new[] { new UpcomingDues(1, new DateOnly(2025, 2, 28), 1000, 700) }));
    }

    [Test]
    public void DueWithin_MemberInArrears_ListsOnlyPeriodsNotYetPastDue()
    {
        var upcoming = DuesOutlook.DueWithin(MonthlyTenDollarsFromJan31, PaidOnce(), new DateOnly(2025, 4, 15), 30);

        Assert.That(upcoming.Select(u => u.DueOn), Is.EqualTo(new[] { new DateOnly(2025, 4, 30) }));
    }

    [Test]
    public void DueWithin_PaidAheadBeyondTheWindow_ListsNothing()
    {
        var upcoming = DuesOutlook.DueWithin(MonthlyTenDollarsFromJan31, PaidOnce(6000), new DateOnly(2025, 2, 10), 30);

        Assert.That(upcoming, Is.Empty);
    }
}

public sealed class FiscalYearDuesTests
{
    private static readonly DuesSchedule QuarterlyAllianceDues = new(new DateOnly(2024, 8, 15), DuesInterval.Quarter, 5000);

    [TestCase("2025-03-01", 7, "2024-07-01", "2025-06-30")]
    [TestCase("2025-07-01", 7, "2025-07-01", "2026-06-30")]
    [TestCase("2025-06-30", 7, "2024-07-01", "2025-06-30")]
    [TestCase("2025-03-01", 1, "2025-01-01", "2025-12-31")]
    public void YearContaining_GivenStartMonth_ReturnsFirstAndLastDay(string date, int startMonth, string start, string end)
    {
        var year = FiscalYearDues.YearContaining(DateOnly.ParseExact(date, "yyyy-MM-dd"), startMonth);

        Assert.That(year, Is.EqualTo((DateOnly.ParseExact(start, "yyyy-MM-dd"), DateOnly.ParseExact(end, "yyyy-MM-dd"))));
    }

    [Test]
    public void Summarize_QuarterlyMemberOneQuarterBehind_ShowsYearsDuesPaidAndArrears()
    {
        DuesPayment[] payments = [new(new DateOnly(2024, 8, 20), 5000), new(new DateOnly(2024, 12, 1), 5000)];

        var summary = FiscalYearDues.Summarize(QuarterlyAllianceDues, payments, fiscalYearStartMonth: 7, today: new DateOnly(2025, 3, 1));

        Assert.That(summary, Is.EqualTo(new FiscalYearDuesSummary(
            new DateOnly(2024, 7, 1), new DateOnly(2025, 6, 30), 4, 20000, 10000, new DuesArrears(1, 5000, 0))));
    }

    [Test]
    public void Summarize_PaymentInThePreviousFiscalYear_IsNotCountedAsPaidThisYear()
    {
        DuesPayment[] payments = [new(new DateOnly(2024, 6, 20), 5000), new(new DateOnly(2024, 8, 20), 5000)];

        var summary = FiscalYearDues.Summarize(QuarterlyAllianceDues, payments, fiscalYearStartMonth: 7, today: new DateOnly(2024, 10, 1));

        Assert.That(summary.PaidCents, Is.EqualTo(5000));
        Assert.That(summary.Arrears.PeriodsPastDue, Is.Zero);
    }

    [Test]
    public void Summarize_MembershipCancelledMidYear_CountsOnlyPeriodsDueBeforeCancellation()
    {
        var summary = FiscalYearDues.Summarize(QuarterlyAllianceDues, [], 7, new DateOnly(2025, 3, 1), stopsOn: new DateOnly(2025, 1, 1));

        Assert.That((summary.PeriodsDue, summary.DueCents, summary.Arrears.PeriodsPastDue), Is.EqualTo((2, 10000, 2)));
    }
}
