namespace DonorTrack.Web.Pages.Households;

/// <summary>The household form of the create and edit pages; blank addressee and salutation are generated from the members.</summary>
public sealed class HouseholdForm
{
    public string? Name { get; set; }
    public string? FormalAddressee { get; set; }
    public string? InformalSalutation { get; set; }
    public string? AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public string? City { get; set; }
    public string? Region { get; set; }
    public string? PostalCode { get; set; }
    public string? Country { get; set; }
    public string? Notes { get; set; }

    /// <summary>On creation: the donor the household starts with (the primary contact).</summary>
    public long? DonorId { get; set; }

    public HouseholdInput ToInput() => new()
    {
        Name = Name, FormalAddressee = FormalAddressee, InformalSalutation = InformalSalutation, AddressLine1 = AddressLine1, AddressLine2 = AddressLine2,
        City = City, Region = Region, PostalCode = PostalCode, Country = Country, Notes = Notes, MemberDonorIds = DonorId is { } id ? [id] : null,
    };

    public static HouseholdForm From(Household h) => new()
    {
        Name = h.Name, FormalAddressee = h.FormalAddressee, InformalSalutation = h.InformalSalutation, AddressLine1 = h.AddressLine1, AddressLine2 = h.AddressLine2,
        City = h.City, Region = h.Region, PostalCode = h.PostalCode, Country = h.Country, Notes = h.Notes,
    };

    /// <summary>The form field of an input property; a refused first member is shown at the donor.</summary>
    public static string FieldOf(string property) =>
        property.StartsWith(nameof(HouseholdInput.MemberDonorIds), StringComparison.Ordinal) ? $"Input.{nameof(DonorId)}" : $"Input.{property}";
}
