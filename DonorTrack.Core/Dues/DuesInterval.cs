using DonorTrack.Core.Data;

namespace DonorTrack.Core.Dues;

/// <summary>How often dues or a recurring donation fall due (API words: month, quarter, year).</summary>
[DomainWords]
public enum DuesInterval
{
    Month,
    Quarter,
    Year,
}

/// <summary>Anchored due-date arithmetic shared by memberships and recurring donations.</summary>
public static class DuesCalendar
{
    /// <summary>"per month", "per quarter", "per year".</summary>
    public static string PerInterval(this DuesInterval interval) => "per " + interval.Word();

    public static int Months(this DuesInterval interval) => interval switch
    {
        DuesInterval.Month => 1,
        DuesInterval.Quarter => 3,
        DuesInterval.Year => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, "Unknown dues interval."),
    };

    /// <summary>
    /// The due date of period <paramref name="index"/> (0 = the anchor itself): anchor + index intervals,
    /// clamped to the month's last day. Always computed from the anchor, so Jan 31 gives Feb 28, Mar 31, Apr 30.
    /// </summary>
    public static DateOnly DueDate(DateOnly anchor, DuesInterval interval, int index) =>
        // DateOnly.AddMonths clamps to the last day of the target month, which is exactly month-end anchoring
        // as long as we never add to an already clamped date.
        anchor.AddMonths(checked(index * interval.Months()));

    /// <summary>How many due dates (index 0, 1, …) fall on or before <paramref name="date"/>.</summary>
    public static int CountDueOnOrBefore(DateOnly anchor, DuesInterval interval, DateOnly date)
    {
        if (date < anchor)
            return 0;
        var monthsBetween = (date.Year - anchor.Year) * 12 + date.Month - anchor.Month;
        var index = monthsBetween / interval.Months();
        // The candidate lies in date's month or earlier; only a same-month, later-day candidate overshoots.
        if (DueDate(anchor, interval, index) > date)
            index--;
        return index + 1;
    }

    /// <summary>How many due dates fall strictly before <paramref name="date"/>.</summary>
    public static int CountDueBefore(DateOnly anchor, DuesInterval interval, DateOnly date) =>
        date <= anchor ? 0 : CountDueOnOrBefore(anchor, interval, date.AddDays(-1));
}
