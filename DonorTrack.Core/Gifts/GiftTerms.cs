using DonorTrack.Core.Donors;

namespace DonorTrack.Core.Gifts;

/// <summary>The words the database, API and pages use for gift methods, revenue categories and statuses.</summary>
public static class GiftTerms
{
    public static readonly IReadOnlyList<string> Methods = ["card", "check", "cash", "ach", "in_kind", "stock", "other"];

    public static readonly IReadOnlyList<string> Categories = RevenueCategories.All;

    public static readonly IReadOnlyList<string> Statuses = ["pending", "completed", "failed", "refunded", "partially_refunded", "voided"];

    public static readonly IReadOnlyList<string> SoftCreditKinds = ["in_honor", "in_memory", "employer", "household", "solicitor", "other"];

    /// <summary>Statuses whose money the organization keeps (net of any refund).</summary>
    public static readonly IReadOnlyList<string> CountedStatuses = ["completed", "partially_refunded"];

    public static string Label(string word) => word switch
    {
        "ach" => "ACH",
        "in_kind" => "In-kind",
        "membership_dues" => "Membership dues",
        "partially_refunded" => "Partially refunded",
        "in_honor" => "In honor of",
        "in_memory" => "In memory of",
        _ => char.ToUpperInvariant(word[0]) + word[1..].Replace('_', ' '),
    };
}
