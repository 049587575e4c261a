using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;

namespace DonorTrack.Core.Imports;

/// <summary>What the treasurer chose on the upload form.</summary>
/// <param name="CreateMissingDesignations">Create funds and campaigns the file names that do not exist yet, instead of refusing those rows.</param>
/// <param name="ConfirmDuplicate">Import a file whose exact bytes were imported before (refused otherwise).</param>
public sealed record ImportOptions(bool CreateMissingDesignations = false, bool ConfirmDuplicate = false);

/// <summary>One problem found in a file: its spreadsheet row (0 for the file as a whole), the column as the file names it, and what is wrong.</summary>
public sealed record ImportError(int Row, string Column, string Message)
{
    public override string ToString() => Row == 0 ? $"{Column}: {Message}" : $"Row {Row}, {Column}: {Message}";
}

/// <summary>An earlier import of the same bytes.</summary>
public sealed record PreviousImport(long Id, DateTimeOffset ImportedAt, string ImportedBy, string FileName);

/// <summary>How a row's donor was found: by DonorTrack id, by the previous system's id, by email, or created.</summary>
public enum ImportDonorAction
{
    Create,
    SameAsEarlierRow,
    MatchedById,
    MatchedByExternalId,
    MatchedByEmail,
}

/// <summary>One row as it will be imported, for the preview table.</summary>
public sealed record ImportPreviewRow(
    int Row, string DonorName, ImportDonorAction DonorAction, long? ExistingDonorId, long? AmountCents, DateOnly? ReceivedOn,
    GiftMethod? Method, GiftCategory? Category, string? Fund, string? Campaign);

/// <summary>
/// Everything the preview step found, with nothing written: the counts, the plan of the first rows and every error. The file can be
/// committed only when <see cref="Errors"/> is empty (and a repeat of an earlier file is confirmed).
/// </summary>
public sealed record ImportPreview(
    string FileName,
    string Sha256,
    int RowCount,
    int DonorsToCreate,
    int DonorsMatched,
    int GiftsToAdd,
    long TotalCents,
    IReadOnlyList<ImportError> Errors,
    IReadOnlyList<ImportPreviewRow> Rows,
    IReadOnlyList<string> IgnoredColumns,
    IReadOnlyList<string> FundsToCreate,
    IReadOnlyList<string> CampaignsToCreate,
    PreviousImport? AlreadyImported)
{
    /// <summary>How many planned rows <see cref="Rows"/> keeps: a file of a million rows is checked without holding a million rows.</summary>
    public const int RowsKept = 1000;

    public bool IsValid => Errors.Count == 0;

    /// <summary>How many rows have a plan (a donor found or created); <see cref="Rows"/> holds the first <see cref="RowsKept"/> of them.</summary>
    public int PlannedRowCount { get; init; }
}

/// <summary>A committed import: its id and what it wrote.</summary>
public sealed record ImportResult(
    long ImportId, IReadOnlyList<long> DonorsCreated, IReadOnlyList<long> DonorsMatched, IReadOnlyList<long> GiftIds, long TotalCents,
    int CampaignsReallocated);

/// <summary>The commit wrote nothing: the file has errors, or it was imported before and the repeat was not confirmed.</summary>
public sealed class ImportRefusedException(ImportPreview preview, string message) : Exception(message)
{
    public ImportPreview Preview { get; } = preview;
}
