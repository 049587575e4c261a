using System.Globalization;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Imports.Presets;

/// <summary>The source layouts an import understands without a mapping: Stripe's payments export, PayPal's activity download, a donor tool's export.</summary>
[DomainWords]
public enum ImportPresetName
{
    Stripe,
    Paypal,
    DonorTool,
}

/// <summary>One record of the source file, read by the source's own header names (case, spaces and punctuation ignored).</summary>
public sealed class SourceRecord(SourceHeader header, CsvRecord record)
{
    public int Row => record.Row;

    /// <summary>The trimmed cell under a header; null when the file has no such column or the cell is blank.</summary>
    public string? this[string name] =>
        header.IndexOf(name) is { } i && i < record.Cells.Count && !string.IsNullOrWhiteSpace(record.Cells[i]) ? record.Cells[i].Trim() : null;
}

/// <summary>A source file's header, looked up by name the way <see cref="ImportColumns"/> matches names.</summary>
public sealed class SourceHeader
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public SourceHeader(IReadOnlyList<string> cells)
    {
        Cells = cells;
        for (var i = 0; i < cells.Count; i++)
            _index.TryAdd(Key(cells[i]), i);
    }

    public IReadOnlyList<string> Cells { get; }

    public int? IndexOf(string name) => _index.TryGetValue(Key(name), out var i) ? i : null;

    public bool Has(string name) => _index.ContainsKey(Key(name));

    /// <summary>The header as the file spells it; the name asked for when the file lacks it.</summary>
    public string Spelled(string name) => IndexOf(name) is { } i ? Cells[i] : name;

    public static string Key(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}

/// <summary>What a preset made of one source record: the import's fields (with the source column each came from), or why the row is skipped.</summary>
public sealed class PresetRow
{
    public Dictionary<ImportField, string> Fields { get; } = [];

    /// <summary>The source header each field was read from, for error messages that name the file's own column.</summary>
    public Dictionary<ImportField, string> SourceColumns { get; } = [];

    public List<(string Column, string Message)> Errors { get; } = [];

    public string? SkipReason { get; private set; }

    public static PresetRow Skip(string reason) => new() { SkipReason = reason };

    public PresetRow Set(ImportField field, string? value, string sourceColumn)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            Fields[field] = value.Trim();
            SourceColumns[field] = sourceColumn;
        }
        return this;
    }
}

/// <summary>
/// Maps a payment processor's or donor tool's export onto the import's own fields, row by row: which column is the amount,
/// the fee, the donor's email, and which rows are not gifts (refunds, failed or pending payments), each skipped with a reason.
/// </summary>
public abstract class ImportPreset
{
    public abstract ImportPresetName Name { get; }

    /// <summary>Headers the source always has; a file without them is not this source's export.</summary>
    protected abstract IReadOnlyList<string> RequiredHeaders { get; }

    /// <summary>The preset's reading of one record; <paramref name="currency"/> is the organization's (every gift is in it).</summary>
    public abstract PresetRow Read(SourceHeader header, SourceRecord record, string currency);

    public static ImportPreset For(ImportPresetName name) => name switch
    {
        ImportPresetName.Stripe => new StripePaymentsPreset(),
        ImportPresetName.Paypal => new PaypalActivityPreset(),
        _ => new DonorToolPreset(),
    };

    public IReadOnlyList<string> MissingHeaders(SourceHeader header) => RequiredHeaders.Where(h => !header.Has(h)).ToList();

    /// <summary>"Mai Nguyễn" → first "Mai", last "Nguyễn"; one word is a last name (the form needs a first or last name).</summary>
    protected static (string? First, string? Last) SplitName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return (null, null);
        var trimmed = name.Trim();
        var space = trimmed.LastIndexOf(' ');
        return space < 0 ? (null, trimmed) : (trimmed[..space].Trim(), trimmed[(space + 1)..]);
    }

    /// <summary>A processor's amount ("-1.03", "1,250.00") without its sign; null when it is not a plain decimal.</summary>
    protected static string? Unsigned(string? amount) => amount?.Trim().TrimStart('-').Trim();

    protected static bool IsNegative(string? amount) => amount?.Trim().StartsWith('-') == true;

    protected static bool IsZero(string? amount) =>
        amount is null || (decimal.TryParse(amount.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value == 0);

    protected static void CheckCurrency(PresetRow row, SourceHeader header, SourceRecord record, string column, string currency)
    {
        if (record[column] is { } given && !given.Equals(currency, StringComparison.OrdinalIgnoreCase))
            row.Errors.Add((header.Spelled(column), $"This payment is in {given.ToUpperInvariant()}; this organization keeps its books in {currency}. Import it by hand in {currency}."));
    }
}

/// <summary>
/// Stripe Dashboard → Payments → Export (the unified payments CSV): id, Description, Created (UTC), Amount, Amount Refunded,
/// Currency, Fee, Status, Customer ID, Customer Email, Captured, Card Name, Card Address Line1 … Card Address Zip. Only "Paid"
/// (captured, not refunded) rows are gifts; the card is the method, the payment id the gift reference, the customer id the donor's external id.
/// </summary>
public sealed class StripePaymentsPreset : ImportPreset
{
    public override ImportPresetName Name => ImportPresetName.Stripe;

    protected override IReadOnlyList<string> RequiredHeaders => ["id", "Created (UTC)", "Amount", "Status"];

    public override PresetRow Read(SourceHeader header, SourceRecord record, string currency)
    {
        var status = record["Status"] ?? "";
        if (!status.Equals("Paid", StringComparison.OrdinalIgnoreCase) && !status.Equals("succeeded", StringComparison.OrdinalIgnoreCase))
            return PresetRow.Skip($"Stripe status “{status}”: only paid payments are gifts.");
        if (record["Captured"] is { } captured && captured.Equals("false", StringComparison.OrdinalIgnoreCase))
            return PresetRow.Skip("Not captured in Stripe: no money was taken.");
        if (!IsZero(record["Amount Refunded"]))
            return PresetRow.Skip($"Refunded in Stripe ({record["Amount Refunded"]} of {record["Amount"]}): record the gift and its refund on the gift page if it should count.");

        var row = new PresetRow();
        CheckCurrency(row, header, record, "Currency", currency);
        var (first, last) = SplitName(record["Card Name"] ?? record["Customer Description"]);
        var created = record["Created (UTC)"];
        return row
            .Set(ImportField.GiftReference, record["id"], header.Spelled("id"))
            .Set(ImportField.ReceivedOn, created, header.Spelled("Created (UTC)"))
            .Set(ImportField.Amount, record["Amount"], header.Spelled("Amount"))
            .Set(ImportField.Fee, record["Fee"], header.Spelled("Fee"))
            .Set(ImportField.Method, "card", header.Spelled("Status"))
            .Set(ImportField.ExternalId, record["Customer ID"], header.Spelled("Customer ID"))
            .Set(ImportField.Email, record["Customer Email"], header.Spelled("Customer Email"))
            .Set(ImportField.FirstName, first, header.Spelled(record["Card Name"] is null ? "Customer Description" : "Card Name"))
            .Set(ImportField.LastName, last, header.Spelled(record["Card Name"] is null ? "Customer Description" : "Card Name"))
            .Set(ImportField.AddressLine1, record["Card Address Line1"], header.Spelled("Card Address Line1"))
            .Set(ImportField.AddressLine2, record["Card Address Line2"], header.Spelled("Card Address Line2"))
            .Set(ImportField.City, record["Card Address City"], header.Spelled("Card Address City"))
            .Set(ImportField.Region, record["Card Address State"], header.Spelled("Card Address State"))
            .Set(ImportField.PostalCode, record["Card Address Zip"], header.Spelled("Card Address Zip"))
            .Set(ImportField.Country, record["Card Address Country"], header.Spelled("Card Address Country"))
            .Set(ImportField.GiftNotes, record["Description"], header.Spelled("Description"));
    }
}

/// <summary>
/// PayPal → Activity → Download (CSV): Date, Time, TimeZone, Name, Type, Status, Currency, Gross, Fee, Net, From Email Address,
/// Transaction ID, Balance Impact, and the payer's address columns. Only completed money coming in is a gift; refunds,
/// withdrawals, holds, conversions and memo rows are skipped. PayPal writes its fee as a negative amount; it is kept as the gift's fee.
/// </summary>
public sealed class PaypalActivityPreset : ImportPreset
{
    private static readonly string[] NotGiftTypes = ["refund", "reversal", "withdrawal", "hold", "authorization", "transfer", "conversion", "fee", "chargeback"];

    public override ImportPresetName Name => ImportPresetName.Paypal;

    protected override IReadOnlyList<string> RequiredHeaders => ["Date", "Name", "Type", "Status", "Gross", "Transaction ID"];

    public override PresetRow Read(SourceHeader header, SourceRecord record, string currency)
    {
        var status = record["Status"] ?? "";
        var type = record["Type"] ?? "";
        if (!status.Equals("Completed", StringComparison.OrdinalIgnoreCase))
            return PresetRow.Skip($"PayPal status “{status}”: only completed payments are gifts.");
        if (record["Balance Impact"] is { } impact && impact.Equals("Memo", StringComparison.OrdinalIgnoreCase))
            return PresetRow.Skip($"PayPal memo row ({type}): no money moved.");
        if (NotGiftTypes.Any(word => type.Contains(word, StringComparison.OrdinalIgnoreCase)) || IsNegative(record["Gross"]))
            return PresetRow.Skip($"PayPal “{type}” is not money received (refunds and withdrawals are not gifts).");

        var row = new PresetRow();
        CheckCurrency(row, header, record, "Currency", currency);
        var (first, last) = SplitName(record["Name"]);
        return row
            .Set(ImportField.GiftReference, record["Transaction ID"], header.Spelled("Transaction ID"))
            .Set(ImportField.ReceivedOn, record["Date"], header.Spelled("Date"))
            .Set(ImportField.Amount, record["Gross"], header.Spelled("Gross"))
            .Set(ImportField.Fee, Unsigned(record["Fee"]), header.Spelled("Fee"))
            .Set(ImportField.Method, "other", header.Spelled("Type"))
            .Set(ImportField.Email, record["From Email Address"], header.Spelled("From Email Address"))
            .Set(ImportField.FirstName, first, header.Spelled("Name"))
            .Set(ImportField.LastName, last, header.Spelled("Name"))
            .Set(ImportField.Phone, record["Contact Phone Number"], header.Spelled("Contact Phone Number"))
            .Set(ImportField.AddressLine1, record["Address Line 1"], header.Spelled("Address Line 1"))
            .Set(ImportField.AddressLine2, record["Address Line 2/District/Neighborhood"], header.Spelled("Address Line 2/District/Neighborhood"))
            .Set(ImportField.City, record["Town/City"], header.Spelled("Town/City"))
            .Set(ImportField.Region, record["State/Province/Region/County/Territory/Prefecture/Republic"], header.Spelled("State/Province/Region/County/Territory/Prefecture/Republic"))
            .Set(ImportField.PostalCode, record["Zip/Postal Code"], header.Spelled("Zip/Postal Code"))
            .Set(ImportField.Country, record["Country Code"], header.Spelled("Country Code"))
            .Set(ImportField.GiftNotes, Note(record), header.Spelled(record["Note"] is null ? "Item Title" : "Note"));
    }

    private static string? Note(SourceRecord record) => record["Note"] ?? record["Item Title"] ?? record["Subject"];
}

/// <summary>
/// The export of a generic donor tool: one row per donation with the donor's first and last name, email, address, amount,
/// date, fund, campaign and often a status and a payment method. Refunded, failed and pending donations are skipped; a missing
/// method is "other".
/// </summary>
public sealed class DonorToolPreset : ImportPreset
{
    private static readonly (ImportField Field, string[] Headers)[] Columns =
    [
        (ImportField.ExternalId, ["Donor ID", "Contact ID", "Constituent ID", "Supporter ID"]),
        (ImportField.FirstName, ["First Name", "Donor First Name", "First"]),
        (ImportField.LastName, ["Last Name", "Donor Last Name", "Last"]),
        (ImportField.OrganizationName, ["Company", "Organization", "Company Name"]),
        (ImportField.Email, ["Email", "Email Address", "Donor Email"]),
        (ImportField.Phone, ["Phone", "Phone Number"]),
        (ImportField.AddressLine1, ["Address", "Address 1", "Address Line 1", "Street Address"]),
        (ImportField.AddressLine2, ["Address 2", "Address Line 2"]),
        (ImportField.City, ["City"]),
        (ImportField.Region, ["State", "Province", "Region"]),
        (ImportField.PostalCode, ["Zip", "Zip Code", "Postal Code"]),
        (ImportField.Country, ["Country Code", "Country"]),
        (ImportField.Amount, ["Amount", "Donation Amount", "Gift Amount", "Total Amount"]),
        (ImportField.ReceivedOn, ["Date", "Donation Date", "Gift Date", "Received Date"]),
        (ImportField.Fund, ["Fund", "Designation", "Fund Name"]),
        (ImportField.Campaign, ["Campaign", "Appeal", "Campaign Name"]),
        (ImportField.Method, ["Payment Method", "Method", "Payment Type"]),
        (ImportField.GiftReference, ["Transaction ID", "Donation ID", "Gift ID"]),
        (ImportField.Fee, ["Fee", "Processing Fee", "Fees"]),
        (ImportField.CheckNumber, ["Check Number", "Check #"]),
        (ImportField.GiftNotes, ["Notes", "Comment", "Memo"]),
    ];

    private static readonly string[] NotGiftStatuses = ["refunded", "failed", "pending", "declined", "cancelled", "canceled", "voided"];

    public override ImportPresetName Name => ImportPresetName.DonorTool;

    protected override IReadOnlyList<string> RequiredHeaders => [];

    public override PresetRow Read(SourceHeader header, SourceRecord record, string currency)
    {
        if (record["Status"] is { } status && NotGiftStatuses.Any(s => status.Contains(s, StringComparison.OrdinalIgnoreCase)))
            return PresetRow.Skip($"Status “{status}”: only completed donations are gifts.");
        var row = new PresetRow();
        CheckCurrency(row, header, record, "Currency", currency);
        foreach (var (field, names) in Columns)
        {
            if (names.FirstOrDefault(header.Has) is { } name)
                row.Set(field, record[name], header.Spelled(name));
        }
        if (row.Fields.ContainsKey(ImportField.Amount) && !row.Fields.ContainsKey(ImportField.Method))
            row.Set(ImportField.Method, "other", "Payment Method");
        return row;
    }
}
