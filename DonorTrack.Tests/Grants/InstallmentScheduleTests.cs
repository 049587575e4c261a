namespace DonorTrack.Tests.Grants;

public sealed class InstallmentScheduleTests
{
    [Test]
    public void WithinTerm_FourInstallmentsInAYear_AreQuarterly_AndSumExactlyToTheAward()
    {
        var schedule = InstallmentSchedule.WithinTerm(10_000_03, 4, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));

        Assert.That(schedule.Select(i => i.DueOn), Is.EqualTo(new[] { new DateOnly(2026, 1, 1), new DateOnly(2026, 4, 1), new DateOnly(2026, 7, 1), new DateOnly(2026, 10, 1) }));
        Assert.That(schedule.Select(i => i.AmountCents), Is.EqualTo(new long?[] { 2_500_00, 2_500_00, 2_500_00, 2_500_03 }));
    }

    [Test]
    public void WithinTerm_ThreeInstallmentsInTwoYears_AreEightMonthsApart()
    {
        var schedule = InstallmentSchedule.WithinTerm(90_000_00, 3, new DateOnly(2025, 9, 1), new DateOnly(2027, 8, 31));

        Assert.That(schedule.Select(i => i.DueOn), Is.EqualTo(new[] { new DateOnly(2025, 9, 1), new DateOnly(2026, 5, 1), new DateOnly(2027, 1, 1) }));
    }

    [Test]
    public void WithinTerm_MoreInstallmentsThanMonths_SpreadsThemByDaysInsideTheTerm()
    {
        var end = new DateOnly(2026, 3, 15);

        var schedule = InstallmentSchedule.WithinTerm(1_000_00, 4, new DateOnly(2026, 3, 1), end);

        Assert.That(schedule.Select(i => i.DueOn), Is.EqualTo(new[] { new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 4), new DateOnly(2026, 3, 8), new DateOnly(2026, 3, 12) }));
        Assert.That(schedule.All(i => i.DueOn <= end), Is.True);
        Assert.That(schedule.Sum(i => i.AmountCents), Is.EqualTo(1_000_00));
    }

    [Test]
    public void WithinTerm_AOneDayTerm_PutsEveryInstallmentOnThatDay()
    {
        var day = new DateOnly(2026, 6, 30);

        var schedule = InstallmentSchedule.WithinTerm(100, 3, day, day);

        Assert.That(schedule.Select(i => i.DueOn), Is.All.EqualTo(day));
        Assert.That(schedule.Select(i => i.AmountCents), Is.EqualTo(new long?[] { 33, 33, 34 }));
    }
}
