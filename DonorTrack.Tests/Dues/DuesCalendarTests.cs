namespace DonorTrack.Tests.Dues;

public sealed class DuesCalendarTests
{
    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd");

    [Test]
    public void DueDate_MonthlyStartedJan31_ClampsToMonthEndEachMonthWithoutDriftingOverTwelveMonths()
    {
        var dueDates = Enumerable.Range(0, 13).Select(k => DuesCalendar.DueDate(D("2025-01-31"), DuesInterval.Month, k));

        Assert.That(dueDates, Is.EqualTo(new[]
        {
            D("2025-01-31"), D("2025-02-28"), D("2025-03-31"), D("2025-04-30"), D("2025-05-31"), D("2025-06-30"), D("2025-07-31"),
            D("2025-08-31"), D("2025-09-30"), D("2025-10-31"), D("2025-11-30"), D("2025-12-31"), D("2026-01-31"),
        }));
    }

    [Test]
    public void DueDate_MonthlyStartedJan31InLeapYear_FallsDueFeb29ThenMar31()
    {
        Assert.That(DuesCalendar.DueDate(D("2024-01-31"), DuesInterval.Month, 1), Is.EqualTo(D("2024-02-29")));
        Assert.That(DuesCalendar.DueDate(D("2024-01-31"), DuesInterval.Month, 2), Is.EqualTo(D("2024-03-31")));
    }

    [Test]
    public void DueDate_MonthlyStartedJan30_FebruaryClampsButMarchReturnsTo30()
    {
        Assert.That(DuesCalendar.DueDate(D("2025-01-30"), DuesInterval.Month, 1), Is.EqualTo(D("2025-02-28")));
        Assert.That(DuesCalendar.DueDate(D("2025-01-30"), DuesInterval.Month, 2), Is.EqualTo(D("2025-03-30")));
    }

    [TestCase("2024-11-30", 1, "2025-02-28")]
    [TestCase("2024-11-30", 2, "2025-05-30")]
    [TestCase("2024-08-31", 1, "2024-11-30")]
    [TestCase("2024-08-31", 2, "2025-02-28")]
    [TestCase("2024-08-31", 3, "2025-05-31")]
    [TestCase("2023-11-30", 1, "2024-02-29")]
    public void DueDate_Quarterly_IsThreeMonthsPerPeriodFromTheAnchor(string start, int index, string expected)
    {
        Assert.That(DuesCalendar.DueDate(D(start), DuesInterval.Quarter, index), Is.EqualTo(D(expected)));
    }

    [TestCase("2024-02-29", 1, "2025-02-28")]
    [TestCase("2024-02-29", 3, "2027-02-28")]
    [TestCase("2024-02-29", 4, "2028-02-29")]
    [TestCase("2025-06-15", 2, "2027-06-15")]
    public void DueDate_Yearly_IsTwelveMonthsPerPeriodAndFeb29ReturnsInLeapYears(string start, int index, string expected)
    {
        Assert.That(DuesCalendar.DueDate(D(start), DuesInterval.Year, index), Is.EqualTo(D(expected)));
    }

    [TestCase("2025-01-30", 0)]
    [TestCase("2025-01-31", 1)]
    [TestCase("2025-02-27", 1)]
    [TestCase("2025-02-28", 2)]
    [TestCase("2025-03-30", 2)]
    [TestCase("2025-03-31", 3)]
    [TestCase("2026-01-31", 13)]
    public void CountDueOnOrBefore_MonthlyFromJan31_CountsDueDatesUpToAndIncludingTheDate(string date, int expected)
    {
        Assert.That(DuesCalendar.CountDueOnOrBefore(D("2025-01-31"), DuesInterval.Month, D(date)), Is.EqualTo(expected));
    }

    [Test]
    public void CountDueOnOrBefore_EveryDayForTwoYears_AgreesWithWalkingTheDueDates()
    {
        foreach (var interval in Enum.GetValues<DuesInterval>())
        {
            var anchor = D("2024-01-31");
            for (var day = anchor.AddDays(-3); day < anchor.AddYears(2); day = day.AddDays(1))
            {
                var walked = 0;
                while (DuesCalendar.DueDate(anchor, interval, walked) <= day)
                    walked++;
                Assert.That(DuesCalendar.CountDueOnOrBefore(anchor, interval, day), Is.EqualTo(walked), $"{interval} on {day}");
            }
        }
    }
}
