namespace DonorTrack.Web.Pages.Donors;

/// <summary>The donor form's fields: the donor input plus tags typed as comma-separated text.</summary>
public sealed class DonorForm
{
    public DonorKind? Kind { get; set; } = DonorKind.Individual;
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? OrganizationName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public string? City { get; set; }
    public string? Region { get; set; }
    public string? PostalCode { get; set; }
    public string? Country { get; set; }
    public string? DefaultCategory { get; set; }
    public string? Tags { get; set; }
    public bool DoNotContact { get; set; }
    public bool Deceased { get; set; }
    public bool Anonymous { get; set; }
    public string? Notes { get; set; }

    public DonorInput ToInput() => new()
    {
        Kind = Kind, FirstName = FirstName, LastName = LastName, OrganizationName = OrganizationName, Email = Email, Phone = Phone,
        AddressLine1 = AddressLine1, AddressLine2 = AddressLine2, City = City, Region = Region, PostalCode = PostalCode, Country = Country,
        DefaultCategory = DefaultCategory, DoNotContact = DoNotContact, Deceased = Deceased, Anonymous = Anonymous, Notes = Notes,
        Tags = (Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    };

    public static DonorForm From(Donor d) => new()
    {
        Kind = d.Kind, FirstName = d.FirstName, LastName = d.LastName, OrganizationName = d.OrganizationName, Email = d.Email, Phone = d.Phone,
        AddressLine1 = d.AddressLine1, AddressLine2 = d.AddressLine2, City = d.City, Region = d.Region, PostalCode = d.PostalCode,
        Country = d.Country, DefaultCategory = d.DefaultCategory, Tags = string.Join(", ", d.Tags), DoNotContact = d.DoNotContact,
        Deceased = d.Deceased, Anonymous = d.Anonymous, Notes = d.Notes,
    };
}
