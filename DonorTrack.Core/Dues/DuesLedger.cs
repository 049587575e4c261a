namespace DonorTrack.Core.Dues;

/// <summary>One dues payment as the ledger sees it: the date received and the net amount after refunds.</summary>
public readonly record struct DuesPayment(DateOnly ReceivedOn, long NetCents);

/// <summary>
/// Where a membership term stands after its payments. <see cref="PaidThrough"/> is the date dues are next due:
/// the due date of the first unpaid period (a term with no payment has PaidThrough = its start date).
/// The member is covered up to and including that day; <see cref="CreditCents"/> is paid money not yet
/// enough for a whole period.
/// </summary>
public sealed record DuesStanding(int PaidPeriods, DateOnly PaidThrough, long CreditCents);

/// <summary>A run of consecutive paid periods that cost the same price (kept so plan changes can value unused periods).</summary>
public readonly record struct PaidPeriodRun(int FirstPeriodIndex, int Count, long PeriodCents);

/// <summary>
/// Replays a membership term's whole payment history into its standing. The service always replays, never patches:
/// a refund lowers a payment's net amount and the replay rolls PaidThrough back by itself.
/// </summary>
public static class DuesLedger
{
    /// <summary>
    /// The pricing rule, as the page states it.
    /// </summary>
    public const string PricingRuleText =
        "Payments are added up in the order received. Each whole period's price paid moves the paid-through date on by one "
        + "period; anything less than a period's price is kept as credit and counts toward the next payment. A period costs "
        + "the price in effect on its due date, or on the day it was paid for if that was earlier, so paying ahead keeps "
        + "today's price and overdue dues cost what they cost when they fell due.";

    public static DuesStanding Replay(DuesSchedule schedule, IEnumerable<DuesPayment> payments) =>
        Replay(schedule, payments, paidRuns: null);

    /// <summary>Replay that also reports what each paid period cost.</summary>
    public static DuesStanding Replay(DuesSchedule schedule, IEnumerable<DuesPayment> payments, out IReadOnlyList<PaidPeriodRun> paidRuns)
    {
        var runs = new List<PaidPeriodRun>();
        var standing = Replay(schedule, payments, runs);
        paidRuns = runs;
        return standing;
    }

    private static DuesStanding Replay(DuesSchedule schedule, IEnumerable<DuesPayment> payments, List<PaidPeriodRun>? paidRuns)
    {
        var paidPeriods = 0;
        var credit = 0L;
        // OrderBy is stable; payments on the same day are priced on the same day, so their order among themselves never matters.
        foreach (var payment in payments.OrderBy(p => p.ReceivedOn))
        {
            if (payment.NetCents < 0)
                throw new ArgumentException($"A dues payment's net amount cannot be negative (payment of {payment.ReceivedOn:yyyy-MM-dd}).", nameof(payments));
            credit = checked(credit + payment.NetCents);
            (paidPeriods, credit) = BuyPeriods(schedule, paidPeriods, credit, payment.ReceivedOn, paidRuns);
        }
        return new DuesStanding(paidPeriods, schedule.DueDate(paidPeriods), credit);
    }

    private static (int PaidPeriods, long Credit) BuyPeriods(DuesSchedule schedule, int paidPeriods, long credit, DateOnly paidOn, List<PaidPeriodRun>? paidRuns)
    {
        while (true)
        {
            var dueOn = schedule.DueDate(paidPeriods);
            if (dueOn > paidOn)
            {
                // Every remaining period is bought ahead at the price of the payment day: one division, however large the payment.
                var aheadPrice = schedule.PeriodCentsOn(paidOn);
                var count = checked((int)(credit / aheadPrice));
                if (count > 0)
                    Record(paidRuns, paidPeriods, count, aheadPrice);
                return (checked(paidPeriods + count), credit - count * aheadPrice);
            }
            var overduePrice = schedule.PeriodCentsOn(dueOn);
            if (credit < overduePrice)
                return (paidPeriods, credit);
            Record(paidRuns, paidPeriods, 1, overduePrice);
            credit -= overduePrice;
            paidPeriods++;
        }
    }

    private static void Record(List<PaidPeriodRun>? paidRuns, int firstIndex, int count, long price)
    {
        if (paidRuns is null)
            return;
        if (paidRuns.Count > 0 && paidRuns[^1] is var last && last.PeriodCents == price && last.FirstPeriodIndex + last.Count == firstIndex)
            paidRuns[^1] = last with { Count = last.Count + count };
        else
            paidRuns.Add(new PaidPeriodRun(firstIndex, count, price));
    }
}
