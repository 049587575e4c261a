namespace DonorTrack.Web.Pages;

/// <summary>
/// The "find the donor" step of a form that starts from a donor (record a gift, record a pledge): what was searched for,
/// the first donors it found, and the form's address each found donor links to.
/// </summary>
public sealed record DonorPicker(string? Search, IReadOnlyList<DonorListItem> Matches, string ChoosePath)
{
    public const int MatchesShown = 20;

    public static DonorPicker Find(DonorService donors, Actor actor, string? search, string choosePath) =>
        new(search, string.IsNullOrWhiteSpace(search) ? [] : donors.Search(actor, new DonorQuery(search, null, new PageRequest(1, MatchesShown))).Items, choosePath);
}
