namespace DonorTrack.Core.Imports;

/// <summary>The fields an import file can fill; docs/imports.md lists each with its accepted header names.</summary>
public enum ImportField
{
    DonorId,
    ExternalId,
    Kind,
    FirstName,
    LastName,
    OrganizationName,
    Email,
    Phone,
    AddressLine1,
    AddressLine2,
    City,
    Region,
    PostalCode,
    Country,
    DefaultCategory,
    Tags,
    DoNotContact,
    DonorNotes,
    Amount,
    ReceivedOn,
    Method,
    Category,
    Fund,
    Campaign,
    CheckNumber,
    GiftReference,
    BenefitValue,
    BenefitDescription,
    InKindDescription,
    Fee,
    GiftNotes,
    Household,
}

/// <summary>
/// Maps a file's header cells to <see cref="ImportField"/>s by name: case, spaces, underscores, hyphens and dots do not
/// matter ("First Name", "first_name", "FIRSTNAME"), and the synonyms other donor systems export are accepted.
/// </summary>
public sealed class ImportColumns
{
    /// <summary>Every field with its canonical header (first) and synonyms, in the order of the template file.</summary>
    public static readonly IReadOnlyList<(ImportField Field, string[] Names)> Vocabulary =
    [
        (ImportField.DonorId, ["Donor ID", "DonorTrack ID"]),
        (ImportField.ExternalId, ["External ID", "Constituent ID", "Account ID", "Contact ID", "Legacy ID"]),
        (ImportField.Kind, ["Donor Type", "Kind", "Type", "Constituent Type"]),
        (ImportField.FirstName, ["First Name", "Given Name", "First"]),
        (ImportField.LastName, ["Last Name", "Surname", "Family Name", "Last"]),
        (ImportField.OrganizationName, ["Organization Name", "Organization", "Organisation", "Company", "Company Name", "Business Name"]),
        (ImportField.Email, ["Email", "Email Address", "Primary Email"]),
        (ImportField.Phone, ["Phone", "Phone Number", "Primary Phone", "Telephone"]),
        (ImportField.AddressLine1, ["Address Line 1", "Address", "Street", "Street Address", "Address 1"]),
        (ImportField.AddressLine2, ["Address Line 2", "Address 2", "Street 2"]),
        (ImportField.City, ["City", "Town"]),
        (ImportField.Region, ["State", "Region", "Province", "State/Province"]),
        (ImportField.PostalCode, ["Postal Code", "ZIP", "ZIP Code", "Postcode"]),
        (ImportField.Country, ["Country", "Country Code"]),
        (ImportField.DefaultCategory, ["Default Category"]),
        (ImportField.Tags, ["Tags", "Groups"]),
        (ImportField.DoNotContact, ["Do Not Contact", "Do Not Email", "Do Not Mail"]),
        (ImportField.DonorNotes, ["Donor Notes"]),
        (ImportField.Amount, ["Amount", "Gift Amount", "Donation Amount", "Total"]),
        (ImportField.ReceivedOn, ["Date", "Gift Date", "Received On", "Received", "Donation Date", "Close Date"]),
        (ImportField.Method, ["Method", "Payment Method", "Payment Type", "Gift Type"]),
        (ImportField.Category, ["Category", "Revenue Category", "Gift Category"]),
        (ImportField.Fund, ["Fund", "Fund Name"]),
        (ImportField.Campaign, ["Campaign", "Campaign Name", "Appeal"]),
        (ImportField.CheckNumber, ["Check Number", "Check No", "Check #", "Cheque Number"]),
        (ImportField.GiftReference, ["Gift Reference", "Transaction ID", "Gift External ID", "Reference"]),
        (ImportField.BenefitValue, ["Benefit Value", "Goods and Services Value", "Non-Deductible Amount"]),
        (ImportField.BenefitDescription, ["Benefit Description", "Goods and Services Description"]),
        (ImportField.InKindDescription, ["In-Kind Description"]),
        (ImportField.Fee, ["Fee", "Processor Fee", "Processing Fee"]),
        (ImportField.GiftNotes, ["Gift Notes", "Notes", "Memo"]),
        (ImportField.Household, ["Household", "Household Name"]),
    ];

    /// <summary>Fields that make a row carry a gift; a file with none of them imports donors only.</summary>
    public static readonly IReadOnlySet<ImportField> GiftFields = new HashSet<ImportField>
    {
        ImportField.Amount, ImportField.ReceivedOn, ImportField.Method, ImportField.Category, ImportField.Fund, ImportField.Campaign,
        ImportField.CheckNumber, ImportField.GiftReference, ImportField.BenefitValue, ImportField.BenefitDescription,
        ImportField.InKindDescription, ImportField.Fee, ImportField.GiftNotes,
    };

    private static readonly Dictionary<string, ImportField> ByKey = Vocabulary
        .SelectMany(entry => entry.Names.Select(name => (Key: Key(name), entry.Field)))
        .ToDictionary(x => x.Key, x => x.Field);

    private readonly Dictionary<ImportField, int> _index;
    private readonly IReadOnlyList<string> _header;

    private ImportColumns(IReadOnlyList<string> header, Dictionary<ImportField, int> index, IReadOnlyList<string> unknown)
    {
        _header = header;
        _index = index;
        Unknown = unknown;
    }

    /// <summary>Header cells that name no field; shown in the preview and ignored.</summary>
    public IReadOnlyList<string> Unknown { get; }

    public bool HasGifts => _index.Keys.Any(GiftFields.Contains);

    public bool Has(ImportField field) => _index.ContainsKey(field);

    /// <summary>Reads the header; a field named twice is refused, since either column could be the one meant.</summary>
    public static ImportColumns FromHeader(IReadOnlyList<string> header, out IReadOnlyList<string> problems)
    {
        var index = new Dictionary<ImportField, int>();
        var unknown = new List<string>();
        var found = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(header[i]))
                continue;
            if (!ByKey.TryGetValue(Key(header[i]), out var field))
                unknown.Add(header[i]);
            else if (index.TryGetValue(field, out var first))
                found.Add($"The columns “{header[first]}” and “{header[i]}” both mean {Canonical(field)}; keep one.");
            else
                index[field] = i;
        }
        var columns = new ImportColumns(header, index, unknown);
        if (!index.ContainsKey(ImportField.DonorId) && !index.ContainsKey(ImportField.ExternalId) && !index.ContainsKey(ImportField.Email)
            && !index.ContainsKey(ImportField.FirstName) && !index.ContainsKey(ImportField.LastName) && !index.ContainsKey(ImportField.OrganizationName))
            found.Add("No column names the donor: include First Name and Last Name, Organization Name, Email, External ID or Donor ID.");
        problems = found;
        return columns;
    }

    /// <summary>The trimmed cell of a field in a record; null when the column is absent or the cell blank.</summary>
    public string? Cell(CsvRecord record, ImportField field) =>
        _index.TryGetValue(field, out var i) && i < record.Cells.Count && !string.IsNullOrWhiteSpace(record.Cells[i]) ? record.Cells[i].Trim() : null;

    /// <summary>The column's name as the file spells it, for error messages; the canonical name when the file lacks it.</summary>
    public string NameOf(ImportField field) => _index.TryGetValue(field, out var i) ? _header[i] : Canonical(field);

    public static string Canonical(ImportField field) => Vocabulary.First(v => v.Field == field).Names[0];

    private static string Key(string name) =>
        new(name.Where(c => char.IsLetterOrDigit(c) || c == '#' || c == '/').Select(char.ToLowerInvariant).ToArray());
}
