using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;

namespace DonorTrack.Core.Households;

/// <summary>
/// Individual donors who live and give together: one formal addressee ("Ana and Luis Ruiz"), one informal salutation
/// ("Ana and Luis"), one mailing address. A null addressee or salutation is generated from the members' names.
/// </summary>
public sealed record Household(
    long Id,
    long OrganizationId,
    string Name,
    string? FormalAddressee,
    string? InformalSalutation,
    string? AddressLine1,
    string? AddressLine2,
    string? City,
    string? Region,
    string? PostalCode,
    string? Country,
    string? ExternalId,
    string? Notes,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public IReadOnlyList<string> AddressLines => Donor.FormatAddress(AddressLine1, AddressLine2, City, Region, PostalCode, Country);
}

/// <summary>A member of a household: the donor, their name as every page shows it, and whether they are the primary contact.</summary>
public sealed record HouseholdMember(long DonorId, string? FirstName, string? LastName, bool PrimaryContact, DateTimeOffset JoinedAt)
{
    public string DisplayName => DonorNames.Display(DonorKind.Individual, FirstName, LastName, null);
}

/// <summary>A household with its members (primary contact first) and the addressee and salutation it is written to.</summary>
public sealed record HouseholdDetail(Household Household, IReadOnlyList<HouseholdMember> Members)
{
    public string FormalAddressee => Household.FormalAddressee ?? HouseholdNames.FormalAddressee(Members);

    public string InformalSalutation => Household.InformalSalutation ?? HouseholdNames.InformalSalutation(Members);

    public HouseholdMember? PrimaryContact => Members.FirstOrDefault(m => m.PrimaryContact);

    /// <summary>The household's own address, or the primary contact's when the household has none.</summary>
    public IReadOnlyList<string> MailingAddress(Donor? primaryContact) =>
        Household.AddressLines.Count > 0 || primaryContact is null ? Household.AddressLines : primaryContact.AddressLines;
}

/// <summary>
/// A household's giving: the members' counted gifts (the report rule), per member and together, plus soft credits members
/// received for gifts of donors outside the household. A soft credit to a member for another member's gift is the same money
/// and is not counted again.
/// </summary>
public sealed record HouseholdGiving(
    IReadOnlyList<MemberGiving> Members, long SoftCreditCents, long SoftCreditGiftCount, IReadOnlyList<HouseholdGift> RecentGifts)
{
    public long TotalCents => Members.Sum(m => m.TotalCents);

    public long GiftCount => Members.Sum(m => m.GiftCount);

    public DateOnly? FirstGiftOn => Members.Select(m => m.FirstGiftOn).Where(d => d is not null).Min();

    public DateOnly? LastGiftOn => Members.Select(m => m.LastGiftOn).Where(d => d is not null).Max();
}

/// <summary>One member's counted giving.</summary>
public sealed record MemberGiving(long DonorId, string Name, long GiftCount, long TotalCents, DateOnly? FirstGiftOn, DateOnly? LastGiftOn);

/// <summary>One counted gift of a member, for the household's giving history.</summary>
public sealed record HouseholdGift(long GiftId, long DonorId, string DonorName, DateOnly ReceivedOn, GiftCategory Category, long NetCents);

/// <summary>What staff or the API send to create or change a household. Blank addressee or salutation: generated from the members.</summary>
public sealed record HouseholdInput
{
    public string? Name { get; init; }
    public string? FormalAddressee { get; init; }
    public string? InformalSalutation { get; init; }
    public string? AddressLine1 { get; init; }
    public string? AddressLine2 { get; init; }
    public string? City { get; init; }
    public string? Region { get; init; }
    public string? PostalCode { get; init; }
    public string? Country { get; init; }
    public string? Notes { get; init; }

    /// <summary>On creation only: the first members, the first of them the primary contact.</summary>
    public IReadOnlyList<long>? MemberDonorIds { get; init; }

    public static HouseholdInput From(Household h) => new()
    {
        Name = h.Name, FormalAddressee = h.FormalAddressee, InformalSalutation = h.InformalSalutation, AddressLine1 = h.AddressLine1,
        AddressLine2 = h.AddressLine2, City = h.City, Region = h.Region, PostalCode = h.PostalCode, Country = h.Country, Notes = h.Notes,
    };

    /// <summary>Blank strings become null and text is trimmed.</summary>
    public HouseholdInput Normalized() => this with
    {
        Name = Clean(Name), FormalAddressee = Clean(FormalAddressee), InformalSalutation = Clean(InformalSalutation),
        AddressLine1 = Clean(AddressLine1), AddressLine2 = Clean(AddressLine2), City = Clean(City), Region = Clean(Region),
        PostalCode = Clean(PostalCode), Country = Clean(Country)?.ToUpperInvariant(), Notes = Clean(Notes),
    };

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>One row of the household list.</summary>
public sealed record HouseholdListItem(long Id, string Name, string? FormalAddressee, string? City, long MemberCount, string? PrimaryContactName);

/// <summary>Search text and page for the household list.</summary>
public sealed record HouseholdQuery(string? Text, PageRequest Page);

/// <summary>Where a donor belongs: the household, its name and whether the donor is its primary contact.</summary>
public sealed record DonorHousehold(long HouseholdId, string Name, bool PrimaryContact);

/// <summary>The addressee and salutation a household gets when staff leave them blank, from its members' names.</summary>
public static class HouseholdNames
{
    /// <summary>"Ana and Luis Ruiz"; "Ana Ruiz and Luis Ortega"; "Ana, Luis and Sofía Ruiz": members grouped by last name, in order.</summary>
    public static string FormalAddressee(IReadOnlyList<HouseholdMember> members)
    {
        var groups = members
            .GroupBy(m => m.LastName ?? "", StringComparer.CurrentCultureIgnoreCase)
            .Select(g => g.Key.Length == 0
                ? Join(g.Select(m => m.DisplayName).ToList())
                : $"{Join(g.Select(m => m.FirstName).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!).ToList())} {g.First().LastName}".Trim())
            .ToList();
        return Join(groups);
    }

    /// <summary>"Ana and Luis": the members' first names (a member with none, by full name).</summary>
    public static string InformalSalutation(IReadOnlyList<HouseholdMember> members) =>
        Join(members.Select(m => string.IsNullOrWhiteSpace(m.FirstName) ? m.DisplayName : m.FirstName!).ToList());

    /// <summary>"Ruiz household"; "Ruiz and Ortega household"; a member's name when no one has a last name.</summary>
    public static string Name(IReadOnlyList<HouseholdMember> members)
    {
        var lastNames = members.Select(m => m.LastName).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.CurrentCultureIgnoreCase).ToList();
        return lastNames.Count > 0 ? $"{Join(lastNames!)} household" : members.Count > 0 ? $"{members[0].DisplayName} household" : "";
    }

    private static string Join(IReadOnlyList<string> parts) => parts.Count switch
    {
        0 => "",
        1 => parts[0],
        _ => $"{string.Join(", ", parts.Take(parts.Count - 1))} and {parts[^1]}",
    };
}
