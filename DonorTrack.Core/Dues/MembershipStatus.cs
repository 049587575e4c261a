using DonorTrack.Core.Data;

namespace DonorTrack.Core.Dues;

/// <summary>A membership's derived status (API words: active, grace, lapsed, cancelled).</summary>
[DomainWords]
public enum MembershipStatus
{
    Active,
    Grace,
    Lapsed,
    Cancelled,
}

/// <summary>Derives a membership's status from its paid-through date, the plan's grace days and the organization-local date.</summary>
public static class MembershipStatusRules
{
    /// <summary>
    /// Cancelled from the cancellation date on; otherwise active up to and including PaidThrough,
    /// in grace for the next <paramref name="graceDays"/> days, lapsed after that.
    /// </summary>
    public static MembershipStatus Derive(DateOnly paidThrough, int graceDays, DateOnly today, DateOnly? cancelledOn = null)
    {
        if (cancelledOn is { } cancelled && today >= cancelled)
            return MembershipStatus.Cancelled;
        var daysPastPaidThrough = today.DayNumber - paidThrough.DayNumber;
        if (daysPastPaidThrough <= 0)
            return MembershipStatus.Active;
        return daysPastPaidThrough <= graceDays ? MembershipStatus.Grace : MembershipStatus.Lapsed;
    }
}
