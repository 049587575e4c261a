namespace DonorTrack.Core.Dues;

/// <summary>One membership's dues for a fiscal year: what fell due in it, what was paid in it, and arrears today.</summary>
public sealed record FiscalYearDuesSummary(
    DateOnly FiscalYearStart,
    DateOnly FiscalYearEnd,
    int PeriodsDue,
    long DueCents,
    long PaidCents,
    DuesArrears Arrears);

/// <summary>The alliance dues view: per member organization, the current fiscal year's dues, payments and arrears.</summary>
public static class FiscalYearDues
{
    /// <summary>The fiscal year (first and last day) that contains <paramref name="date"/>.</summary>
    public static (DateOnly Start, DateOnly End) YearContaining(DateOnly date, int fiscalYearStartMonth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fiscalYearStartMonth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fiscalYearStartMonth, 12);
        var startYear = date.Month >= fiscalYearStartMonth ? date.Year : date.Year - 1;
        var start = new DateOnly(startYear, fiscalYearStartMonth, 1);
        return (start, start.AddYears(1).AddDays(-1));
    }

    /// <summary>
    /// Due = periods whose due date falls in the fiscal year containing today, at the price in effect on each due date
    /// (before <paramref name="stopsOn"/>, if the term ends); paid = net dues payments received in that fiscal year,
    /// whichever periods they paid for; arrears as of today.
    /// </summary>
    public static FiscalYearDuesSummary Summarize(
        DuesSchedule schedule,
        IReadOnlyCollection<DuesPayment> payments,
        int fiscalYearStartMonth,
        DateOnly today,
        DateOnly? stopsOn = null)
    {
        var (start, end) = YearContaining(today, fiscalYearStartMonth);
        var lastCounted = stopsOn is { } stop && stop <= end ? stop.AddDays(-1) : end;
        var firstIndex = DuesCalendar.CountDueBefore(schedule.StartsOn, schedule.Interval, start);
        var afterLastIndex = lastCounted < start ? firstIndex : DuesCalendar.CountDueOnOrBefore(schedule.StartsOn, schedule.Interval, lastCounted);
        var dueCents = 0L;
        for (var index = firstIndex; index < afterLastIndex; index++)
            dueCents = checked(dueCents + schedule.PeriodCentsOn(schedule.DueDate(index)));
        var paidCents = payments.Where(p => p.ReceivedOn >= start && p.ReceivedOn <= end).Sum(p => p.NetCents);
        var standing = DuesLedger.Replay(schedule, payments);
        return new FiscalYearDuesSummary(
            start,
            end,
            Math.Max(0, afterLastIndex - firstIndex),
            dueCents,
            paidCents,
            DuesOutlook.Arrears(schedule, standing, today, stopsOn));
    }
}
