using Dapper;
using DonorTrack.Core.Csv;
using DonorTrack.Core.Data;
using DonorTrack.Core.Imports;
using DonorTrack.Core.Security;

namespace DonorTrack.Core.Exports;

/// <summary>
/// The organization's donors and gifts as CSV in the import's own column names, so an export can be re-imported elsewhere or
/// here. Every text cell goes through <see cref="CsvWriter"/>, which neutralises formulas (=, +, -, @, tab, CR) as the dues CSVs do.
/// Merged and erased donors are left out: the first lives on in the donor it was merged into, the second holds no personal data.
/// </summary>
public sealed class DataExportService(IDbConnectionFactory connections)
{
    private static readonly ImportField[] DonorColumns =
    [
        ImportField.DonorId, ImportField.Kind, ImportField.FirstName, ImportField.LastName, ImportField.OrganizationName, ImportField.Email,
        ImportField.Phone, ImportField.AddressLine1, ImportField.AddressLine2, ImportField.City, ImportField.Region, ImportField.PostalCode,
        ImportField.Country, ImportField.DefaultCategory, ImportField.Tags, ImportField.DoNotContact, ImportField.DonorNotes,
    ];

    private static readonly ImportField[] GiftColumns =
    [
        ImportField.DonorId, ImportField.FirstName, ImportField.LastName, ImportField.OrganizationName, ImportField.Email, ImportField.Amount,
        ImportField.ReceivedOn, ImportField.Method, ImportField.Category, ImportField.Fund, ImportField.Campaign, ImportField.CheckNumber,
        ImportField.GiftReference, ImportField.BenefitValue, ImportField.BenefitDescription, ImportField.InKindDescription, ImportField.Fee,
        ImportField.GiftNotes,
    ];

    /// <summary>Writes every donor of the organization, oldest first; returns how many.</summary>
    public int WriteDonors(Actor actor, TextWriter output)
    {
        actor.Require(Role.Treasurer);
        const string sql = """
            SELECT d.id, d.kind, d.first_name, d.last_name, d.organization_name, d.email, d.phone, d.address_line1, d.address_line2, d.city,
                   d.region, d.postal_code, d.country, d.default_category,
                   (SELECT group_concat(t.tag, '; ') FROM (SELECT tag FROM donor_tags WHERE organization_id = d.organization_id AND donor_id = d.id ORDER BY tag) t) AS tags,
                   d.do_not_contact, d.notes
            FROM donors d
            WHERE d.organization_id = @organizationId AND d.merged_into_id IS NULL AND d.erased_at IS NULL
            ORDER BY d.id
            """;
        var csv = new CsvWriter(output).Row(DonorColumns.Select(f => CsvCell.Text(ImportColumns.Canonical(f))));
        using var db = connections.Read();
        var count = 0;
        foreach (var d in db.Connection.Query<DonorRow>(sql, new { organizationId = actor.OrganizationId }, buffered: false))
        {
            csv.Row(CsvCell.Number(d.Id), d.Kind, d.FirstName, d.LastName, d.OrganizationName, d.Email, d.Phone, d.AddressLine1, d.AddressLine2,
                d.City, d.Region, d.PostalCode, d.Country, d.DefaultCategory, d.Tags, d.DoNotContact ? "yes" : "no", d.Notes);
            count++;
        }
        return count;
    }

    /// <summary>Writes the organization's completed and refunded gifts received in the range (either end open), oldest first; voided gifts are left out. Returns how many.</summary>
    public int WriteGifts(Actor actor, DateOnly? from, DateOnly? to, TextWriter output)
    {
        actor.Require(Role.Treasurer);
        const string sql = """
            SELECT g.donor_id, d.first_name, d.last_name, d.organization_name, d.email, g.amount_cents, g.received_on, g.method, g.category,
                   f.name AS fund, c.name AS campaign, g.check_number, g.external_id, g.benefit_value_cents, g.benefit_description,
                   g.in_kind_description, g.fee_cents, g.notes, g.status, g.refunded_cents
            FROM gifts g
            JOIN donors d ON d.organization_id = g.organization_id AND d.id = g.donor_id
            LEFT JOIN funds f ON f.organization_id = g.organization_id AND f.id = g.fund_id
            LEFT JOIN campaigns c ON c.organization_id = g.organization_id AND c.id = g.campaign_id
            WHERE g.organization_id = @organizationId AND g.status <> 'voided'
              AND (@from IS NULL OR g.received_on >= @from) AND (@to IS NULL OR g.received_on <= @to)
            ORDER BY g.received_on, g.id
            """;
        var csv = new CsvWriter(output).Row(GiftColumns.Select(f => CsvCell.Text(ImportColumns.Canonical(f))).Concat([CsvCell.Text("Status"), CsvCell.Text("Refunded")]));
        using var db = connections.Read();
        var count = 0;
        foreach (var g in db.Connection.Query<GiftRow>(sql, new { organizationId = actor.OrganizationId, from, to }, buffered: false))
        {
            csv.Row(CsvCell.Number(g.DonorId), g.FirstName, g.LastName, g.OrganizationName, g.Email, CsvCell.Amount(g.AmountCents),
                CsvCell.Date(DapperConfiguration.ParseDate(g.ReceivedOn)), g.Method, g.Category, g.Fund, g.Campaign, g.CheckNumber, g.ExternalId,
                g.BenefitValueCents > 0 ? CsvCell.Amount(g.BenefitValueCents) : CsvCell.Empty, g.BenefitDescription, g.InKindDescription,
                g.FeeCents > 0 ? CsvCell.Amount(g.FeeCents) : CsvCell.Empty, g.Notes, g.Status, CsvCell.Amount(g.RefundedCents));
            count++;
        }
        return count;
    }

    // Properties rather than a constructor: Dapper then converts the tag list, which SQLite types by its value (NULL without tags).
    private sealed class DonorRow
    {
        public long Id { get; init; }
        public string Kind { get; init; } = "";
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
        public string? Tags { get; init; }
        public bool DoNotContact { get; init; }
        public string? Notes { get; init; }
    }

    private sealed record GiftRow(
        long DonorId, string? FirstName, string? LastName, string? OrganizationName, string? Email, long AmountCents, string ReceivedOn, string Method,
        string Category, string? Fund, string? Campaign, string? CheckNumber, string? ExternalId, long BenefitValueCents, string? BenefitDescription,
        string? InKindDescription, long FeeCents, string? Notes, string Status, long RefundedCents);
}
