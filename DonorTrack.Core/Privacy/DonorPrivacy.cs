namespace DonorTrack.Core.Privacy;

/// <summary>Everything the database holds about one donor, table by table, as a privacy request answers it.</summary>
public sealed record DonorDataExport(long OrganizationId, long DonorId, DateTimeOffset ExportedAt, string ExportedBy, IReadOnlyList<DonorDataTable> Tables);

/// <summary>The rows of one table that concern the donor, with the table's own column names and stored values.</summary>
public sealed record DonorDataTable(string Name, string Selection, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>One table of the export: the donor-id columns it covers and how its rows are chosen (shown in the export).</summary>
public sealed record DonorDataSource(string Table, IReadOnlyList<string> DonorIdColumns, string Selection, string Sql);

/// <summary>What an admin sends to erase a donor: the typed confirmation phrase, <see cref="DonorErasure.ConfirmationPhrase"/>.</summary>
public sealed record DonorErasureInput
{
    public string? Confirmation { get; init; }
}

/// <summary>What an erasure would keep and what stops it, shown before the admin confirms.</summary>
/// <param name="DonorIds">The donor and the donors merged into it earlier: the same person's records are erased together.</param>
public sealed record DonorErasurePreview(
    long DonorId, string DisplayName, string ConfirmationPhrase, IReadOnlyList<long> DonorIds, long GiftCount, long ReceiptCount,
    IReadOnlyList<string> Blockers);

/// <summary>A completed erasure: what was replaced or removed, and what was kept for the books.</summary>
public sealed record DonorErasureResult(
    long DonorId, IReadOnlyList<long> DonorIds, DateTimeOffset ErasedAt, long GiftsKept, long ReceiptsKept, long TagsRemoved,
    long ImportKeysRemoved, long AuditEntriesRedacted);

/// <summary>The words of an erasure: the placeholder name and the phrase an admin types to confirm.</summary>
public static class DonorErasure
{
    /// <summary>"erase donor 12": typing the donor's number, not clicking, is what confirms that this donor is the one meant.</summary>
    public static string ConfirmationPhrase(long donorId) => $"erase donor {donorId}";

    public static bool IsConfirmed(long donorId, string? typed) =>
        string.Equals(typed?.Trim(), ConfirmationPhrase(donorId), StringComparison.OrdinalIgnoreCase);

    /// <summary>The name an erased donor is shown by, everywhere its gifts still appear.</summary>
    public static string Placeholder(long donorId) => $"Erased donor #{donorId}";
}
