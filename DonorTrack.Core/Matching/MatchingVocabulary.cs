using System.Collections.Frozen;

namespace DonorTrack.Core.Matching;

/// <summary>The gift and donor words of DESIGN.md (as stored and sent over the API) that matching rules refer to, and the campaign defaults.</summary>
public static class MatchingVocabulary
{
    public static IReadOnlySet<string> Methods { get; } = Set("card", "check", "cash", "ach", "in_kind", "stock", "other");

    public static IReadOnlySet<string> Categories { get; } =
        Set("individual", "membership_dues", "foundation", "government", "corporate", "events", "earned", "matching", "other");

    public static IReadOnlySet<string> DonorKinds { get; } = Set("individual", "organization");

    /// <summary>Statuses whose money was received and kept (net of any refund); pending, failed, refunded and voided gifts never count.</summary>
    public static IReadOnlySet<string> CountedStatuses { get; } = Set("completed", "partially_refunded");

    /// <summary>Money gifts only: in-kind gifts carry no receipted value, and stock is a large non-cash gift a funder opts into explicitly.</summary>
    public static IReadOnlySet<string> DefaultEligibleMethods { get; } = Set("card", "check", "cash", "ach", "other");

    public static IReadOnlySet<string> DefaultEligibleCategories { get; } = Set("individual", "membership_dues");

    /// <summary>Individuals only: businesses and foundations (donor kind "organization") are not matched unless the funder says so.</summary>
    public static IReadOnlySet<string> DefaultEligibleDonorKinds { get; } = Set("individual");

    internal static IReadOnlySet<string> Set(IEnumerable<string> words) => words.ToFrozenSet(StringComparer.Ordinal);

    private static IReadOnlySet<string> Set(params string[] words) => words.ToFrozenSet(StringComparer.Ordinal);
}
