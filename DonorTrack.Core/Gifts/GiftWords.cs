using System.Collections.Frozen;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Gifts;

/// <summary>How a gift was paid.</summary>
[DomainWords]
public enum GiftMethod
{
    Card,
    Check,
    Cash,
    Ach,
    InKind,
    Stock,
    Other,
}

/// <summary>Where a gift stands.</summary>
[DomainWords]
public enum GiftStatus
{
    Pending,
    Completed,
    Failed,
    Refunded,
    PartiallyRefunded,
    Voided,
}

/// <summary>Why someone other than the payer is credited with a gift.</summary>
[DomainWords]
public enum SoftCreditKind
{
    InHonor,
    InMemory,
    Employer,
    Household,
    Solicitor,
    Other,
}

/// <summary>The one rule of which gifts count: their money was received and kept (net of any refund).</summary>
public static class GiftRules
{
    /// <summary>Statuses whose money the organization keeps (net of any refund); pending, failed, refunded and voided gifts never count.</summary>
    public static IReadOnlySet<GiftStatus> CountedStatuses { get; } = new[] { GiftStatus.Completed, GiftStatus.PartiallyRefunded }.ToFrozenSet();

    /// <summary>
    /// <see cref="CountedStatuses"/> as the SQL list every query interpolates: <c>g.status IN {{GiftRules.CountedStatusList}}</c>.
    /// The report triggers of migrations 0007, 0008 and 0018 spell the same list; a test keeps them equal.
    /// </summary>
    public const string CountedStatusList = "('completed', 'partially_refunded')";

    public static bool Counts(this GiftStatus status) => CountedStatuses.Contains(status);

    /// <summary>The same rule for a status read as its word (aggregates and rows that keep the word).</summary>
    public static bool Counts(string statusWord) => DomainWords.TryParse<GiftStatus>(statusWord, out var status) && status.Counts();
}
