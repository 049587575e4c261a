using DonorTrack.Core.Data;

namespace DonorTrack.Core.Donors;

/// <summary>A person or organization that gives: contact details, preferences, and the tags staff use to group them.</summary>
public sealed record Donor(
    long Id,
    long OrganizationId,
    DonorKind Kind,
    string? FirstName,
    string? LastName,
    string? OrganizationName,
    string SortName,
    string? Email,
    string? Phone,
    string? AddressLine1,
    string? AddressLine2,
    string? City,
    string? Region,
    string? PostalCode,
    string? Country,
    string? DefaultCategory,
    bool DoNotContact,
    bool Deceased,
    bool Anonymous,
    string? Notes,
    long? MergedIntoId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ErasedAt = null)
{
    public IReadOnlyList<string> Tags { get; init; } = [];

    public string DisplayName => DonorNames.Display(Kind, FirstName, LastName, OrganizationName);

    public bool IsErased => ErasedAt is not null;

    public IReadOnlyList<string> AddressLines => FormatAddress(AddressLine1, AddressLine2, City, Region, PostalCode, Country);

    /// <summary>A postal address as printed lines: street lines, "City, Region Postal", and the country unless it is the US.</summary>
    public static IReadOnlyList<string> FormatAddress(string? line1, string? line2, string? city, string? region, string? postalCode, string? country) =>
        new[] { line1, line2, string.Join(" ", new[] { city is null ? null : city + (region is null ? "" : ","), region, postalCode }.Where(p => !string.IsNullOrWhiteSpace(p))), country is "US" or null ? null : country }
            .Where(line => !string.IsNullOrWhiteSpace(line)).Select(line => line!).ToList();
}

/// <summary>Individual or organization.</summary>
[DomainWords]
public enum DonorKind
{
    Individual,
    Organization,
}

public static class DonorNames
{
    /// <summary>How a donor is named on every page, list and receipt: the organization's name, or first and last name.</summary>
    public static string Display(DonorKind kind, string? firstName, string? lastName, string? organizationName) =>
        kind == DonorKind.Organization
            ? organizationName ?? ""
            : string.Join(" ", new[] { firstName, lastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
}

/// <summary>What staff or the API send to create or change a donor.</summary>
public sealed record DonorInput
{
    public DonorKind? Kind { get; init; } = DonorKind.Individual;
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? OrganizationName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? AddressLine1 { get; init; }
    public string? AddressLine2 { get; init; }
    public string? City { get; init; }
    public string? Region { get; init; }
    public string? PostalCode { get; init; }
    public string? Country { get; init; }
    public string? DefaultCategory { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public bool DoNotContact { get; init; }
    public bool Deceased { get; init; }
    public bool Anonymous { get; init; }
    public string? Notes { get; init; }

    public static DonorInput From(Donor d) => new()
    {
        Kind = d.Kind, FirstName = d.FirstName, LastName = d.LastName, OrganizationName = d.OrganizationName, Email = d.Email,
        Phone = d.Phone, AddressLine1 = d.AddressLine1, AddressLine2 = d.AddressLine2, City = d.City, Region = d.Region,
        PostalCode = d.PostalCode, Country = d.Country, DefaultCategory = d.DefaultCategory, Tags = d.Tags,
        DoNotContact = d.DoNotContact, Deceased = d.Deceased, Anonymous = d.Anonymous, Notes = d.Notes,
    };

    /// <summary>Blank strings become null and text is trimmed, so "  " never lands in the database as a name.</summary>
    public DonorInput Normalized() => this with
    {
        FirstName = Clean(FirstName), LastName = Clean(LastName), OrganizationName = Clean(OrganizationName), Email = Clean(Email),
        Phone = Clean(Phone), AddressLine1 = Clean(AddressLine1), AddressLine2 = Clean(AddressLine2), City = Clean(City),
        Region = Clean(Region), PostalCode = Clean(PostalCode), Country = Clean(Country)?.ToUpperInvariant(),
        DefaultCategory = Clean(DefaultCategory), Notes = Clean(Notes),
        // A list with an empty (null) entry is left as sent, so the validator names the entry by the index the caller used.
        Tags = Tags is not null && Tags.Any(t => t is null)
            ? Tags
            : (Tags ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
    };

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>A donor's giving at a glance, as the donor page shows it (voided gifts excluded, refunds netted).</summary>
public sealed record DonorGivingSummary(long GiftCount, long LifetimeCents, DateOnly? FirstGiftOn, DateOnly? LastGiftOn, long LargestGiftCents);

/// <summary>One row of the donor list.</summary>
public sealed record DonorListItem(long Id, DonorKind Kind, string? FirstName, string? LastName, string? OrganizationName, string? Email, string? City, string? PostalCode, bool DoNotContact)
{
    public string DisplayName => DonorNames.Display(Kind, FirstName, LastName, OrganizationName);
}

/// <summary>Search text, sort and page for the donor list.</summary>
/// <param name="ExactTotal">Count every match of a broad search (the API's contract) instead of stopping at
/// <see cref="DonorRepository.SearchCountLimit"/>, which keeps the search box fast.</param>
public sealed record DonorQuery(string? Text, string? Sort, Data.PageRequest Page, string? Tag = null, bool ExactTotal = false);
