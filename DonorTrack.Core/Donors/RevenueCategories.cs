namespace DonorTrack.Core.Donors;

/// <summary>
/// The revenue categories a gift is counted in. They live with donors, not gifts, because a donor's default category
/// (which new gifts start from) is checked against them and Donors sits below Gifts; <c>GiftTerms.Categories</c> is this list.
/// </summary>
public static class RevenueCategories
{
    public static readonly IReadOnlyList<string> All =
        ["individual", "membership_dues", "foundation", "government", "corporate", "events", "earned", "matching", "other"];
}
