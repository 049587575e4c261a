namespace DonorTrack.Tests.Dues;

public sealed class MembershipStatusRulesTests
{
    private static readonly DateOnly PaidThroughMar31 = new(2025, 3, 31);

    // Grace of 10 days after a Mar 31 paid-through: Apr 10 is the last grace day, Apr 11 the first lapsed day.
    [TestCase("2025-03-30", MembershipStatus.Active, TestName = "Derive_DayBeforePaidThrough_IsActive")]
    [TestCase("2025-03-31", MembershipStatus.Active, TestName = "Derive_OnPaidThrough_IsActive")]
    [TestCase("2025-04-01", MembershipStatus.Grace, TestName = "Derive_DayAfterPaidThrough_IsGrace")]
    [TestCase("2025-04-10", MembershipStatus.Grace, TestName = "Derive_LastGraceDay_IsGrace")]
    [TestCase("2025-04-11", MembershipStatus.Lapsed, TestName = "Derive_FirstDayAfterGrace_IsLapsed")]
    [TestCase("2026-01-01", MembershipStatus.Lapsed, TestName = "Derive_LongAfterGrace_IsLapsed")]
    public void Derive_WithTenGraceDays(string today, MembershipStatus expected)
    {
        Assert.That(MembershipStatusRules.Derive(PaidThroughMar31, 10, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)),
            Is.EqualTo(expected));
    }

    [Test]
    public void Derive_NoGraceDays_LapsesTheDayAfterPaidThrough()
    {
        Assert.That(MembershipStatusRules.Derive(PaidThroughMar31, 0, new DateOnly(2025, 3, 31)), Is.EqualTo(MembershipStatus.Active));
        Assert.That(MembershipStatusRules.Derive(PaidThroughMar31, 0, new DateOnly(2025, 4, 1)), Is.EqualTo(MembershipStatus.Lapsed));
    }

    [Test]
    public void Derive_GraceAcrossLeapDay_CountsFeb29()
    {
        // Paid through Feb 28, 2024 with 2 grace days: Feb 29 and Mar 1 are grace, Mar 2 lapsed.
        var paidThrough = new DateOnly(2024, 2, 28);

        Assert.That(MembershipStatusRules.Derive(paidThrough, 2, new DateOnly(2024, 3, 1)), Is.EqualTo(MembershipStatus.Grace));
        Assert.That(MembershipStatusRules.Derive(paidThrough, 2, new DateOnly(2024, 3, 2)), Is.EqualTo(MembershipStatus.Lapsed));
    }

    [Test]
    public void Derive_DayBeforeCancellationDate_IsStillDerivedFromPayments()
    {
        Assert.That(MembershipStatusRules.Derive(PaidThroughMar31, 10, new DateOnly(2025, 4, 4), cancelledOn: new DateOnly(2025, 4, 5)),
            Is.EqualTo(MembershipStatus.Grace));
    }

    [Test]
    public void Derive_OnCancellationDate_IsCancelledEvenWhenPaidAhead()
    {
        Assert.That(MembershipStatusRules.Derive(PaidThroughMar31, 10, new DateOnly(2025, 3, 1), cancelledOn: new DateOnly(2025, 3, 1)),
            Is.EqualTo(MembershipStatus.Cancelled));
    }

    [Test]
    public void Derive_NewMembershipWithoutPaymentOnItsStartDate_IsActiveThenGraceNextDay()
    {
        var start = new DateOnly(2025, 5, 1);
        var standing = DuesLedger.Replay(new DuesSchedule(start, DuesInterval.Month, 1000), []);

        Assert.That(MembershipStatusRules.Derive(standing.PaidThrough, 14, start), Is.EqualTo(MembershipStatus.Active));
        Assert.That(MembershipStatusRules.Derive(standing.PaidThrough, 14, start.AddDays(1)), Is.EqualTo(MembershipStatus.Grace));
    }
}
