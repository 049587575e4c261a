using DonorTrack.Core.Data;

namespace DonorTrack.Core.Donors;

/// <summary>
/// The revenue category a gift is reported under. It lives with donors, not gifts, because a donor's default category (which
/// new gifts start from) is one of these and Donors sits below Gifts.
/// </summary>
[DomainWords]
public enum GiftCategory
{
    Individual,
    MembershipDues,
    Foundation,
    Government,
    Corporate,
    Events,
    Earned,
    Matching,
    Other,
}
