using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;

namespace DonorTrack.Core.Receipts;

/// <summary>An issued receipt row: its number, what it covers, its totals and whether it was voided or replaces another.</summary>
public sealed record Receipt(
    long Id,
    long OrganizationId,
    string Number,
    long SequenceYear,
    long SequenceNumber,
    string Kind,
    long DonorId,
    long? GiftId,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    string Currency,
    long TotalCents,
    long BenefitCents,
    long DeductibleCents,
    DateTimeOffset IssuedAt,
    string IssuedBy,
    long? ReplacesReceiptId,
    DateTimeOffset? VoidedAt,
    string? VoidedBy,
    string? VoidReason,
    string ContentHash,
    string ContentJson)
{
    public bool IsVoided => VoidedAt is not null;

    public string FileName => ReceiptFiles.FileName(Number);
}

/// <summary>One row of the receipts list, with the donor's name.</summary>
public sealed record ReceiptListItem(
    long Id, string Number, string Kind, long DonorId, DonorKind DonorKind, string? DonorFirstName, string? DonorLastName, string? DonorOrganizationName,
    long? GiftId, DateOnly? PeriodStart, DateOnly? PeriodEnd, string Currency, long TotalCents, long DeductibleCents, DateTimeOffset IssuedAt,
    long? ReplacesReceiptId, DateTimeOffset? VoidedAt, string? VoidReason)
{
    public bool IsVoided => VoidedAt is not null;

    public string DonorName => Donors.DonorNames.Display(DonorKind, DonorFirstName, DonorLastName, DonorOrganizationName);
}

/// <summary>The words for receipt kinds and numbering years.</summary>
public static class ReceiptTerms
{
    public const string Gift = "gift";
    public const string Annual = "annual";
    public const string CalendarYear = "calendar";
    public const string FiscalYear = "fiscal";
    public static readonly IReadOnlyList<string> NumberingYears = [CalendarYear, FiscalYear];
}

/// <summary>File names and number text shared by every place a receipt leaves the system.</summary>
public static class ReceiptFiles
{
    public static string Number(long year, long sequence) => $"{year}-{sequence:000000}";

    public static string FileName(string number) => $"receipt-{number}.pdf";
}

/// <summary>
/// An organization's receipt settings: which year numbers run in, whether year-end statements skip gifts already receipted,
/// signatory title and logo, and whether year-end statements go to each person or to each household.
/// </summary>
public sealed record ReceiptSettings(
    string NumberingYear, bool ExcludeReceiptedFromAnnual, string? SignatoryTitle, byte[]? LogoPng,
    AnnualStatementAddressee AnnualStatements = AnnualStatementAddressee.PerPerson)
{
    public static ReceiptSettings Default { get; } = new(ReceiptTerms.CalendarYear, false, null, null);
}

/// <summary>Who a year-end statement is addressed to (words: per_person, per_household).</summary>
[DomainWords]
public enum AnnualStatementAddressee
{
    /// <summary>Every donor gets their own statement.</summary>
    PerPerson,

    /// <summary>Members of a household get one statement, addressed to the household, each gift under the member who gave it.</summary>
    PerHousehold,
}

/// <summary>The IRS limits for one tax year under which benefits to a donor are insubstantial (all in cents).</summary>
public sealed record InsubstantialBenefitLimits(long TaxYear, long LowCostArticleCents, long MinimumPaymentCents, long BenefitCapCents)
{
    // Rev. Proc. 2023-34 (2024) and Rev. Proc. 2024-40 (2025).
    private static readonly IReadOnlyDictionary<long, InsubstantialBenefitLimits> Published = new Dictionary<long, InsubstantialBenefitLimits>
    {
        [2024] = new(2024, 1320, 6600, 13200),
        [2025] = new(2025, 1360, 6800, 13600),
    };

    /// <summary>The published limits for a year, or the latest known year's when the year is not (yet) published.</summary>
    public static InsubstantialBenefitLimits PublishedFor(long taxYear) =>
        Published.TryGetValue(taxYear, out var limits) ? limits : Published[taxYear < 2024 ? 2024 : 2025] with { TaxYear = taxYear };

    /// <summary>
    /// True when the benefit is at most 2% of the payment and at most the year's cap. The token-item test
    /// (payment over the minimum, items bearing the logo costing under the low-cost limit) needs facts a gift
    /// record does not hold, so it is not applied automatically.
    /// </summary>
    public bool AreInsubstantial(long paymentCents, long benefitCents) =>
        benefitCents > 0 && benefitCents * 50 <= paymentCents && benefitCents <= BenefitCapCents;
}

/// <summary>Continuity of one numbering year: the range handed out, how many are voided, and any number missing.</summary>
public sealed record ReceiptGapYear(long Year, long Issued, long Voided, long FirstNumber, long LastNumber, IReadOnlyList<string> Missing, IReadOnlyList<string> Duplicated)
{
    public bool IsContinuous => Missing.Count == 0 && Duplicated.Count == 0;
}

/// <summary>What the treasurer sends to void a receipt (and, optionally, issue its replacement).</summary>
public sealed record VoidReceiptInput(string? Reason);

/// <summary>
/// Which donor and fiscal year a year-end statement is for; the year is the one the fiscal year ends in. A year not over
/// yet is refused unless <paramref name="Interim"/> asks for an interim statement, which says so.
/// </summary>
public sealed record AnnualStatementInput(int? Year, long? DonorId, bool Interim = false);

/// <summary>Which household and fiscal year a household's year-end statement is for; see <see cref="AnnualStatementInput"/>.</summary>
public sealed record HouseholdStatementInput(int? Year, long? HouseholdId, bool Interim = false);

/// <summary>
/// Which fiscal year to run year-end statements for, for every donor; with <paramref name="Combined"/> a combined PDF for
/// printing comes with the ZIP, from the same statements; <paramref name="Interim"/> allows a year not over yet.
/// </summary>
public sealed record AnnualBatchInput(int? Year, bool Combined = false, bool Interim = false);

/// <summary>What an admin sends to change receipt settings; a null <paramref name="AnnualStatements"/> keeps the current choice.</summary>
public sealed record ReceiptSettingsInput(string? NumberingYear, bool ExcludeReceiptedFromAnnual, string? SignatoryTitle, AnnualStatementAddressee? AnnualStatements = null);

/// <summary>
/// Everything the receipt settings page saves at once: numbering, year-end exclusion, signatory, an optional new logo
/// (PNG or JPEG bytes; null keeps the current one) and optionally one tax year's insubstantial-benefit limits.
/// </summary>
public sealed record ReceiptSettingsForm
{
    public string? NumberingYear { get; init; } = ReceiptTerms.CalendarYear;
    public bool ExcludeReceiptedFromAnnual { get; init; }
    public AnnualStatementAddressee? AnnualStatements { get; init; }
    public string? SignatoryName { get; init; }
    public string? SignatoryTitle { get; init; }
    public byte[]? Logo { get; init; }
    public bool RemoveLogo { get; init; }
    public int? LimitsTaxYear { get; init; }
    public long? LowCostArticleCents { get; init; }
    public long? MinimumPaymentCents { get; init; }
    public long? BenefitCapCents { get; init; }
}

/// <summary>What an admin sends to override the insubstantial-benefit limits of one tax year.</summary>
public sealed record InsubstantialBenefitLimitsInput(int? TaxYear, long? LowCostArticleCents, long? MinimumPaymentCents, long? BenefitCapCents);

/// <summary>A rendered receipt ready to download or attach: file name, PDF bytes and whether it is a copy.</summary>
public sealed record ReceiptPdf(Receipt Receipt, string FileName, byte[] Pdf, bool IsCopy);

/// <summary>One line of the CSV index that travels with a batch of year-end statements.</summary>
public sealed record ReceiptBatchEntry(string Number, long DonorId, string DonorName, string FileName, long TotalCents, long DeductibleCents, bool IsCopy);

/// <summary>How far a batch of year-end statements has got.</summary>
public readonly record struct ReceiptBatchProgress(int Done, int Total);

/// <summary>A gift large enough to need a written acknowledgment that no standing receipt covers yet.</summary>
public sealed record GiftAwaitingReceipt(long GiftId, long DonorId, DateOnly ReceivedOn, long AmountCents)
{
    /// <summary>$250: from this amount a donor needs a written acknowledgment to deduct a gift (IRS Publication 1771).</summary>
    public const long WrittenAcknowledgmentCents = 25_000;
}
