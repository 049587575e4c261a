namespace DonorTrack.Core.Dues;

/// <summary>
/// What changing a membership to another plan on a date does to the money: the unused value of what was paid,
/// the credit that opens the new term, where that credit leaves the new term, and arrears left on the old plan.
/// </summary>
public sealed record PlanChangeQuote(
    DateOnly ChangeOn,
    long UnusedPaidCents,
    long CarriedCreditCents,
    long OpeningCreditCents,
    DuesStanding NewTermStanding,
    DuesArrears ArrearsLeftOnOldPlan)
{
    public string RuleText => PlanChangeRules.RuleText;
}

/// <summary>
/// Plan change with pro-rating. A membership term has one plan and one anchor; a change closes the current term on the
/// change date and opens a new term on the new plan anchored on that date, whose first "payment" is the opening credit.
/// </summary>
public static class PlanChangeRules
{
    public const string RuleText =
        "When a membership changes plan, the new plan starts on the day of the change. What was paid on the old plan and not "
        + "yet used becomes credit on the new plan: every paid period that has not started yet at the price paid for it, plus "
        + "the unused days of the current period in proportion to its length in days (rounded down to the cent), plus any "
        + "credit already held. That credit pays the new plan's periods in full where it can; the rest stays as credit. "
        + "Dues already overdue on the old plan stay owed on the old plan.";

    public static PlanChangeQuote Quote(
        DuesSchedule current,
        IReadOnlyCollection<DuesPayment> payments,
        DateOnly changeOn,
        DuesInterval newInterval,
        long newPeriodCents)
    {
        var standing = DuesLedger.Replay(current, payments, out var paidRuns);
        var unused = UnusedPaidCents(current, paidRuns, changeOn);
        var opening = checked(unused + standing.CreditCents);
        var newSchedule = new DuesSchedule(changeOn, newInterval, newPeriodCents);
        var newStanding = DuesLedger.Replay(newSchedule, opening > 0 ? [new DuesPayment(changeOn, opening)] : []);
        return new PlanChangeQuote(
            changeOn,
            unused,
            standing.CreditCents,
            opening,
            newStanding,
            DuesOutlook.Arrears(current, standing, changeOn));
    }

    /// <summary>Paid periods starting on or after the change date count in full; the one running through it, by unused days.</summary>
    internal static long UnusedPaidCents(DuesSchedule schedule, IReadOnlyList<PaidPeriodRun> paidRuns, DateOnly changeOn)
    {
        // Periods 0 .. started-1 began before the change date; period started-1 may still be running on it.
        var started = DuesCalendar.CountDueBefore(schedule.StartsOn, schedule.Interval, changeOn);
        var unused = 0L;
        foreach (var run in paidRuns)
        {
            var runEnd = run.FirstPeriodIndex + run.Count;
            var notStarted = runEnd - Math.Max(run.FirstPeriodIndex, started);
            if (notStarted > 0)
                unused = checked(unused + notStarted * run.PeriodCents);
            var runningIndex = started - 1;
            if (runningIndex >= run.FirstPeriodIndex && runningIndex < runEnd)
            {
                var periodStart = schedule.DueDate(runningIndex);
                var periodEnd = schedule.DueDate(started);
                var unusedDays = periodEnd.DayNumber - changeOn.DayNumber;
                var periodDays = periodEnd.DayNumber - periodStart.DayNumber;
                unused = checked(unused + run.PeriodCents * unusedDays / periodDays);
            }
        }
        return unused;
    }
}

/// <summary>What reinstating a lapsed or cancelled membership does: resume the same term, or start a new one.</summary>
public sealed record ReinstatementQuote(
    bool ResumesSameTerm,
    DateOnly NextDueOn,
    long CarriedCreditCents,
    DuesArrears WaivedArrears)
{
    public string RuleText => ReinstatementRules.RuleText;
}

/// <summary>
/// Reinstatement rule: a member who stopped paying is not billed for the months they were not a member. Reinstating a
/// lapsed (or cancelled and unpaid) membership starts a new term anchored on the reinstatement date, due that day; the
/// credit carries over and the old term's arrears are waived (reported, not collected). A cancelled membership that is
/// still paid ahead simply resumes its term.
/// </summary>
public static class ReinstatementRules
{
    public const string RuleText =
        "Reinstating a lapsed membership starts it again from the reinstatement date: the first dues are due that day, any "
        + "credit carries over, and dues missed while lapsed are written off, not charged. A cancelled membership that was "
        + "paid ahead resumes where it was and is next due on its paid-through date.";

    public static bool CanReinstate(MembershipStatus status) =>
        status is MembershipStatus.Lapsed or MembershipStatus.Cancelled;

    public static ReinstatementQuote Quote(DuesSchedule schedule, DuesStanding standing, MembershipStatus status, DateOnly reinstateOn, DateOnly? cancelledOn = null)
    {
        if (!CanReinstate(status))
            throw new InvalidOperationException($"Only a lapsed or cancelled membership can be reinstated; this one is {status.ToString().ToLowerInvariant()}.");
        if (standing.PaidThrough >= reinstateOn)
            return new ReinstatementQuote(true, standing.PaidThrough, standing.CreditCents, DuesArrears.None);
        var waived = DuesOutlook.Arrears(schedule, standing, reinstateOn, cancelledOn);
        return new ReinstatementQuote(false, reinstateOn, standing.CreditCents, waived);
    }
}
