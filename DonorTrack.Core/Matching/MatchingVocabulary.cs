using System.Collections.Frozen;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;

namespace DonorTrack.Core.Matching;

/// <summary>The gift and donor words matching rules refer to (the gift enums' words, as stored and sent over the API), and the campaign defaults.</summary>
public static class MatchingVocabulary
{
    public static IReadOnlySet<string> Methods { get; } = Set(DomainWords.All<GiftMethod>());

    public static IReadOnlySet<string> Categories { get; } = Set(DomainWords.All<GiftCategory>());

    public static IReadOnlySet<string> DonorKinds { get; } = Set(DomainWords.All<DonorKind>());

    /// <summary>Money gifts only: in-kind gifts carry no receipted value, and stock is a large non-cash gift a funder opts into explicitly.</summary>
    public static IReadOnlySet<string> DefaultEligibleMethods { get; } =
        Set(DomainWords.Values<GiftMethod>().Where(m => m is not (GiftMethod.InKind or GiftMethod.Stock)).Select(m => m.Word()));

    public static IReadOnlySet<string> DefaultEligibleCategories { get; } = Set([GiftCategory.Individual.Word(), GiftCategory.MembershipDues.Word()]);

    /// <summary>Individuals only: businesses and foundations (donor kind "organization") are not matched unless the funder says so.</summary>
    public static IReadOnlySet<string> DefaultEligibleDonorKinds { get; } = Set([DonorKind.Individual.Word()]);

    internal static IReadOnlySet<string> Set(IEnumerable<string> words) => words.ToFrozenSet(StringComparer.Ordinal);
}
