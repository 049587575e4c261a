namespace DonorTrack.Core.Dues;

/// <summary>
/// Dues past due and unpaid: whole periods whose due date is before today and which no payment covers,
/// their price, and the credit that partly offsets them.
/// </summary>
public sealed record DuesArrears(int PeriodsPastDue, long PastDueCents, long CreditCents)
{
    public static readonly DuesArrears None = new(0, 0, 0);

    /// <summary>What the member still owes for past-due periods once their credit is counted.</summary>
    public long OwedCents => Math.Max(0, PastDueCents - CreditCents);
}

/// <summary>One unpaid period falling due soon, with what is left to pay after credit.</summary>
public sealed record UpcomingDues(int PeriodIndex, DateOnly DueOn, long PeriodCents, long OwedCents);

/// <summary>Arrears and upcoming dues of one membership term, as of an organization-local date.</summary>
public static class DuesOutlook
{
    /// <summary>
    /// A period is in arrears from the day after its due date (on the due date itself the member is still active).
    /// Periods due on or after <paramref name="stopsOn"/> (a cancellation or the end of a term) are never owed.
    /// Each past-due period is priced as a payment today would be charged: at the price in effect on its due date.
    /// </summary>
    public static DuesArrears Arrears(DuesSchedule schedule, DuesStanding standing, DateOnly today, DateOnly? stopsOn = null)
    {
        var cutoff = stopsOn is { } stop && stop < today ? stop : today;
        var dueBefore = DuesCalendar.CountDueBefore(schedule.StartsOn, schedule.Interval, cutoff);
        var periods = dueBefore - standing.PaidPeriods;
        if (periods <= 0)
            return new DuesArrears(0, 0, standing.CreditCents);
        long cents;
        if (schedule.HasSingleRate)
        {
            cents = checked(periods * schedule.Rates[0].PeriodCents);
        }
        else
        {
            cents = 0;
            for (var index = standing.PaidPeriods; index < dueBefore; index++)
                cents = checked(cents + schedule.PeriodCentsOn(schedule.DueDate(index)));
        }
        return new DuesArrears(periods, cents, standing.CreditCents);
    }

    /// <summary>
    /// Unpaid periods due from today to today + <paramref name="days"/> inclusive (the treasurer's "due in the next 30 days"),
    /// priced at today's price; credit left after arrears reduces the first of them.
    /// </summary>
    public static IReadOnlyList<UpcomingDues> DueWithin(DuesSchedule schedule, DuesStanding standing, DateOnly today, int days, DateOnly? stopsOn = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var arrears = Arrears(schedule, standing, today, stopsOn);
        var credit = Math.Max(0, standing.CreditCents - arrears.PastDueCents);
        var last = today.AddDays(days);
        var price = schedule.PeriodCentsOn(today);
        var upcoming = new List<UpcomingDues>();
        for (var index = Math.Max(standing.PaidPeriods, DuesCalendar.CountDueBefore(schedule.StartsOn, schedule.Interval, today)); ; index++)
        {
            var dueOn = schedule.DueDate(index);
            if (dueOn > last || stopsOn is { } stop && dueOn >= stop)
                return upcoming;
            var applied = Math.Min(credit, price);
            credit -= applied;
            upcoming.Add(new UpcomingDues(index, dueOn, price, price - applied));
        }
    }
}
