using DonorTrack.Core.Data;

namespace DonorTrack.Core.Dues;

/// <summary>A recurring donation's state (API words: active, paused, failing, ended).</summary>
[DomainWords]
public enum RecurringDonationStatus
{
    Active,
    Paused,
    Failing,
    Ended,
}

/// <summary>
/// A recurring pledge's schedule: installment k is due on start + k intervals (month-end anchored, like dues);
/// <see cref="NextInstallment"/> is the index of the next one expected.
/// </summary>
public sealed record RecurringSchedule(DateOnly StartsOn, DuesInterval Interval, long AmountCents, int NextInstallment, RecurringDonationStatus Status)
{
    public static RecurringSchedule Start(DateOnly startsOn, DuesInterval interval, long amountCents) =>
        new(startsOn, interval, amountCents, 0, RecurringDonationStatus.Active);

    public DateOnly NextDueOn => DuesCalendar.DueDate(StartsOn, Interval, NextInstallment);

    public DateOnly InstallmentDueOn(int index) => DuesCalendar.DueDate(StartsOn, Interval, index);

    /// <summary>A received installment advances the schedule by one interval; a failing pledge becomes active again.</summary>
    public RecurringSchedule RecordPayment()
    {
        RefuseIfEnded();
        return this with
        {
            NextInstallment = checked(NextInstallment + 1),
            Status = Status == RecurringDonationStatus.Failing ? RecurringDonationStatus.Active : Status,
        };
    }

    /// <summary>A failed charge (e.g. Stripe's invoice.payment_failed) leaves the installment due and marks the pledge failing.</summary>
    public RecurringSchedule RecordFailure()
    {
        RefuseIfEnded();
        return Status == RecurringDonationStatus.Paused ? this : this with { Status = RecurringDonationStatus.Failing };
    }

    public RecurringSchedule Pause()
    {
        RefuseIfEnded();
        return this with { Status = RecurringDonationStatus.Paused };
    }

    /// <summary>Resuming skips the installments that fell due while paused: the next one expected is the first due on or after today.</summary>
    public RecurringSchedule Resume(DateOnly today)
    {
        RefuseIfEnded();
        if (Status != RecurringDonationStatus.Paused)
            return this;
        var firstNotPast = DuesCalendar.CountDueBefore(StartsOn, Interval, today);
        return this with { NextInstallment = Math.Max(NextInstallment, firstNotPast), Status = RecurringDonationStatus.Active };
    }

    public RecurringSchedule End() => this with { Status = RecurringDonationStatus.Ended };

    /// <summary>
    /// Installments due before today and not received, for an active or failing pledge (a paused or ended one expects none).
    /// An installment due today is not missed yet.
    /// </summary>
    public IReadOnlyList<DateOnly> MissedInstallments(DateOnly today)
    {
        if (Status is RecurringDonationStatus.Paused or RecurringDonationStatus.Ended)
            return [];
        var dueBefore = DuesCalendar.CountDueBefore(StartsOn, Interval, today);
        var missed = new List<DateOnly>(Math.Max(0, dueBefore - NextInstallment));
        for (var index = NextInstallment; index < dueBefore; index++)
            missed.Add(InstallmentDueOn(index));
        return missed;
    }

    private void RefuseIfEnded()
    {
        if (Status == RecurringDonationStatus.Ended)
            throw new InvalidOperationException("This recurring donation has ended; start a new one instead.");
    }
}

/// <summary>Monthly recurring revenue: pledges normalized to a month (quarter ÷ 3, year ÷ 12) in integer cents.</summary>
public static class RecurringRevenue
{
    public const string RoundingRuleText =
        "Monthly recurring revenue counts active and failing pledges (paused and ended ones are not expected to pay): "
        + "monthly amounts as they are, quarterly ÷ 3, yearly ÷ 12, added up exactly and rounded once to the nearest cent, "
        + "half a cent rounding up.";

    /// <summary>One pledge per month, rounded to the nearest cent, half up.</summary>
    public static long MonthlyCents(long amountCents, DuesInterval interval) =>
        RoundHalfUp(TwelfthsPerMonth(amountCents, interval), 12);

    /// <summary>The total is summed in twelfths of a cent and rounded once, so many small pledges do not drift.</summary>
    public static long MonthlyCents(IEnumerable<RecurringSchedule> pledges)
    {
        var twelfths = 0L;
        foreach (var pledge in pledges)
        {
            if (pledge.Status is RecurringDonationStatus.Active or RecurringDonationStatus.Failing)
                twelfths = checked(twelfths + TwelfthsPerMonth(pledge.AmountCents, pledge.Interval));
        }
        return RoundHalfUp(twelfths, 12);
    }

    private static long TwelfthsPerMonth(long amountCents, DuesInterval interval) =>
        checked(amountCents * (12 / interval.Months()));

    private static long RoundHalfUp(long numerator, long denominator) =>
        numerator >= 0
            ? (numerator + denominator / 2) / denominator
            : -((-numerator + denominator / 2) / denominator);
}
