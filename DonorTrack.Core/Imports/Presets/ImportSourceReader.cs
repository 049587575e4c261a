using System.Text;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Imports.Presets;

/// <summary>What a file is imported as: donors only, gifts (with their donors), or, as on the Imports page, whichever the file holds.</summary>
[DomainWords]
public enum ImportKind
{
    Donors,
    Gifts,
}

/// <summary>A saved column mapping: which of a source file's headers (as it spells them) fills which import field.</summary>
public sealed record ColumnMapping(string Name, IReadOnlyDictionary<string, ImportField> Columns);

/// <summary>How to read one source file.</summary>
public sealed record ImportSourceRequest(string FileName)
{
    /// <summary>Donors or gifts; null reads the file as the Imports page does (donors, with gifts when it has gift columns).</summary>
    public ImportKind? Kind { get; init; }

    public ImportPresetName? Preset { get; init; }

    public ColumnMapping? Mapping { get; init; }

    public DateOrder DateOrder { get; init; } = DateOrder.MonthFirst;

    public bool CreateMissingDesignations { get; init; }

    /// <summary>Import a file without ids whose exact content was imported before.</summary>
    public bool ConfirmDuplicate { get; init; }
}

/// <summary>A source row that is not imported, and why (a refund, a failed payment, a gift imported before).</summary>
public sealed record SkippedRow(int Row, string Reason);

/// <summary>
/// A source file rewritten as the import's own CSV (canonical headers, ISO dates, one record per row), with the way back from
/// its rows to the source's, the rows skipped, and the problems found before the planner sees it.
/// </summary>
public sealed record SourceTranslation(
    byte[] CanonicalCsv,
    IReadOnlyDictionary<int, int> SourceRowOf,
    IReadOnlyDictionary<string, string> SourceColumnOf,
    IReadOnlyList<SkippedRow> Skipped,
    IReadOnlyList<ImportError> Errors,
    IReadOnlyList<string> IgnoredColumns,
    int SourceRowCount,
    string EncodingName,
    char Delimiter,
    bool EveryRowCarriesAnId)
{
    public int RowsToPlan => SourceRowOf.Count;
}

/// <summary>
/// The layer between a real-world file and <see cref="ImportService"/>: decodes it (<see cref="CsvTextDecoder"/>), maps its columns
/// through a preset or a saved mapping, reads its dates in the chosen order, skips rows that are not gifts or were imported
/// before, and refuses what the planner cannot see: over-long cells, duplicate ids within the file, gift columns in a donors file.
/// </summary>
public static class ImportSourceReader
{
    /// <summary>A cell longer than this is a broken file or an attack, not a donor's address: refused before any other check.</summary>
    public const int MaximumCellLength = 10_000;

    private static readonly ImportField[] RequiredGiftFields = [ImportField.Amount, ImportField.ReceivedOn, ImportField.Method];

    /// <param name="knownGiftReferences">Which of the given gift references the organization already has, with the gift's id.</param>
    public static SourceTranslation Translate(
        byte[] bytes, ImportSourceRequest request, string currency, Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, long>> knownGiftReferences)
    {
        CsvText text;
        CsvTable table;
        try
        {
            text = CsvTextDecoder.Decode(bytes);
            table = CsvReader.Parse(text.Text, text.Delimiter);
        }
        catch (CsvFormatException bad)
        {
            return Refused(0, "", ',', bad.Message);
        }
        var errors = new List<ImportError>();
        var header = new SourceHeader(table.Header);
        for (var i = 0; i < table.Header.Count; i++)
        {
            if (table.Header[i].Length > MaximumCellLength)
                return Refused(table.Records.Count, text.EncodingName, text.Delimiter, $"Header cell {i + 1} has {table.Header[i].Length:N0} characters; a column name has at most {MaximumCellLength:N0}.");
        }
        if (table.Records.Count == 0)
            return Refused(0, text.EncodingName, text.Delimiter, "The file has a header row but no rows to import.");
        if (table.Records.Count > ImportPlanner.MaximumRows)
            return Refused(table.Records.Count, text.EncodingName, text.Delimiter, $"The file has {table.Records.Count:N0} rows; import at most {ImportPlanner.MaximumRows:N0} at a time.");

        var rows = new List<(CsvRecord Record, PresetRow Row)>(table.Records.Count);
        IReadOnlyList<string> ignored = [];
        var columnsPresent = new HashSet<ImportField>();
        var fileProblems = new List<string>();
        if (request.Preset is { } presetName)
        {
            var preset = ImportPreset.For(presetName);
            if (preset.MissingHeaders(header) is { Count: > 0 } missing)
                fileProblems.Add($"This is not a {presetName.Label()} file: the columns {string.Join(", ", missing.Select(m => $"“{m}”"))} are missing.");
            else
                rows.AddRange(table.Records.Select(r => (r, preset.Read(header, new SourceRecord(header, r), currency))));
        }
        else
        {
            var renamed = table.Header.Select(h => request.Mapping?.Columns.FirstOrDefault(m => SourceHeader.Key(m.Key) == SourceHeader.Key(h)) is { Key: not null } m
                ? ImportColumns.Canonical(m.Value) : h).ToList();
            var columns = ImportColumns.FromHeader(renamed, out var problems);
            fileProblems.AddRange(problems);
            ignored = table.Header.Where((_, i) => columns.Unknown.Contains(renamed[i])).ToList();
            var present = ImportColumns.Vocabulary.Where(v => columns.Has(v.Field)).Select(v => v.Field).ToList();
            columnsPresent.UnionWith(present);
            string SourceName(ImportField field) => table.Header[renamed.IndexOf(columns.NameOf(field))];
            foreach (var record in table.Records)
            {
                var row = new PresetRow();
                foreach (var field in present)
                    row.Set(field, columns.Cell(record, field), SourceName(field));
                rows.Add((record, row));
            }
        }

        columnsPresent.UnionWith(rows.SelectMany(r => r.Row.Fields.Keys));
        if (request.Kind == ImportKind.Donors && (request.Preset is not null || columnsPresent.Any(ImportColumns.GiftFields.Contains)))
            fileProblems.Add("A donors import takes no gift columns (" + string.Join(", ", GiftColumnsOf(rows)) + "); send the file as a gifts import, which adds its donors too.");
        if (request.Kind == ImportKind.Gifts && request.Preset is null && rows.Count > 0)
        {
            var missing = RequiredGiftFields.Where(f => !columnsPresent.Contains(f)).ToList();
            if (missing.Count > 0)
                fileProblems.Add($"A gifts import needs the columns {string.Join(", ", RequiredGiftFields.Select(ImportColumns.Canonical))}; missing: {string.Join(", ", missing.Select(ImportColumns.Canonical))}.");
        }
        if (fileProblems.Count > 0)
            return Refused(table.Records.Count, text.EncodingName, text.Delimiter, [.. fileProblems]);

        var skipped = new List<SkippedRow>();
        var kept = new List<(int Row, PresetRow Fields)>();
        var firstRowOfReference = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstRowOfExternalId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (record, row) in rows)
        {
            if (row.SkipReason is { } reason)
            {
                skipped.Add(new SkippedRow(record.Row, reason));
                continue;
            }
            if (row.Fields.Count == 0)
                continue;
            errors.AddRange(row.Errors.Select(e => new ImportError(record.Row, e.Column, e.Message)));
            foreach (var (field, value) in row.Fields.ToList())
            {
                if (value.Length > MaximumCellLength)
                {
                    errors.Add(new ImportError(record.Row, row.SourceColumns[field], $"This cell has {value.Length:N0} characters; a cell can hold at most {MaximumCellLength:N0}."));
                    row.Fields[field] = "…";
                }
            }
            if (row.Fields.TryGetValue(ImportField.ReceivedOn, out var dateText) && dateText.Length > 0)
            {
                if (ImportDates.TryParse(dateText, request.DateOrder, out var date))
                    row.Fields[ImportField.ReceivedOn] = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                else
                    errors.Add(new ImportError(record.Row, row.SourceColumns[ImportField.ReceivedOn], $"“{dateText}” is not a date; {ImportDates.Expected(request.DateOrder)}."));
            }
            if (row.Fields.TryGetValue(ImportField.GiftReference, out var reference) && reference.Length > 0 && !firstRowOfReference.TryAdd(reference, record.Row))
                errors.Add(new ImportError(record.Row, row.SourceColumns[ImportField.GiftReference],
                    $"Row {firstRowOfReference[reference]} has the same reference “{reference}”; one payment is one gift, so each reference appears once."));
            if (request.Kind == ImportKind.Donors && row.Fields.TryGetValue(ImportField.ExternalId, out var externalId) && externalId.Length > 0
                && !firstRowOfExternalId.TryAdd(externalId, record.Row))
                errors.Add(new ImportError(record.Row, row.SourceColumns[ImportField.ExternalId],
                    $"Row {firstRowOfExternalId[externalId]} has the same id “{externalId}”; a donors file lists each donor once."));
            kept.Add((record.Row, row));
        }

        var references = kept.Select(k => k.Fields.Fields.GetValueOrDefault(ImportField.GiftReference)).OfType<string>().Where(r => r.Length > 0).ToHashSet(StringComparer.Ordinal);
        var known = references.Count == 0 ? new Dictionary<string, long>() : knownGiftReferences(references);
        if (known.Count > 0)
        {
            kept.RemoveAll(k =>
            {
                if (!k.Fields.Fields.TryGetValue(ImportField.GiftReference, out var reference) || !known.TryGetValue(reference, out var giftId))
                    return false;
                skipped.Add(new SkippedRow(k.Row, $"Already imported: gift {giftId} has the reference “{reference}”."));
                return true;
            });
            skipped.Sort((a, b) => a.Row.CompareTo(b.Row));
        }

        var everyRowCarriesAnId = rows.Count > 0 && kept.All(k => request.Kind == ImportKind.Donors || (request.Kind is null && !k.Fields.Fields.Keys.Any(ImportColumns.GiftFields.Contains))
            ? k.Fields.Fields.ContainsKey(ImportField.ExternalId)
            : k.Fields.Fields.ContainsKey(ImportField.GiftReference));
        var (csv, sourceRowOf, sourceColumnOf) = Canonical(kept);
        return new SourceTranslation(csv, sourceRowOf, sourceColumnOf, skipped, errors, ignored, table.Records.Count, text.EncodingName, text.Delimiter, everyRowCarriesAnId);
    }

    private static IEnumerable<string> GiftColumnsOf(List<(CsvRecord Record, PresetRow Row)> rows) =>
        rows.SelectMany(r => r.Row.SourceColumns.Where(c => ImportColumns.GiftFields.Contains(c.Key)).Select(c => c.Value)).Distinct().Take(5).DefaultIfEmpty("Amount");

    /// <summary>The kept rows as the import's own CSV: canonical headers in the template's order, one record per row (row n + 1 is the n-th kept row).</summary>
    private static (byte[] Csv, Dictionary<int, int> SourceRowOf, Dictionary<string, string> SourceColumnOf) Canonical(List<(int Row, PresetRow Fields)> kept)
    {
        var fields = ImportColumns.Vocabulary.Select(v => v.Field).Where(f => kept.Any(k => k.Fields.Fields.ContainsKey(f))).ToList();
        var sourceColumnOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
            sourceColumnOf[ImportColumns.Canonical(field)] = kept.First(k => k.Fields.SourceColumns.ContainsKey(field)).Fields.SourceColumns[field];
        var output = new StringBuilder();
        output.AppendJoin(',', fields.Select(f => Quote(ImportColumns.Canonical(f)))).Append("\r\n");
        var sourceRowOf = new Dictionary<int, int>();
        foreach (var (row, values) in kept)
        {
            output.AppendJoin(',', fields.Select(f => Quote(values.Fields.GetValueOrDefault(f) ?? ""))).Append("\r\n");
            sourceRowOf[sourceRowOf.Count + 2] = row;
        }
        return (Encoding.UTF8.GetBytes(output.ToString()), sourceRowOf, sourceColumnOf);
    }

    // This file is read only by the planner, never opened in a spreadsheet: cells are quoted, not formula-neutralised.
    private static string Quote(string cell) => "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static SourceTranslation Refused(int rowCount, string encoding, char delimiter, params string[] problems) => new(
        [], new Dictionary<int, int>(), new Dictionary<string, string>(), [], problems.Select(p => new ImportError(0, "File", p)).ToList(), [], rowCount, encoding, delimiter, false);
}
