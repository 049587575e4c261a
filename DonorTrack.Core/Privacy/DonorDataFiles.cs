using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using DonorTrack.Core.Csv;

namespace DonorTrack.Core.Privacy;

/// <summary>
/// The two forms of a donor's data export. JSON: one document, each table an array of objects keyed by the stored column
/// names. CSV: a ZIP with one CSV per table (header row of column names, then the rows), because the tables have different
/// columns and one long CSV would need a column for every column of every table.
/// </summary>
public static class DonorDataFiles
{
    public static string JsonFileName(DonorDataExport export) => $"donor-{export.DonorId}-data.json";

    public static string ZipFileName(DonorDataExport export) => $"donor-{export.DonorId}-data.zip";

    public static byte[] ToJson(DonorDataExport export)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("organizationId", export.OrganizationId);
            json.WriteNumber("donorId", export.DonorId);
            json.WriteString("exportedAt", export.ExportedAt);
            json.WriteString("exportedBy", export.ExportedBy);
            json.WriteStartObject("tables");
            foreach (var table in export.Tables)
            {
                json.WriteStartObject(table.Name);
                json.WriteString("selection", table.Selection);
                json.WriteStartArray("rows");
                foreach (var row in table.Rows)
                {
                    json.WriteStartObject();
                    for (var i = 0; i < table.Columns.Count; i++)
                    {
                        json.WritePropertyName(table.Columns[i]);
                        WriteValue(json, row[i]);
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static byte[] ToZip(DonorDataExport export)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var table in export.Tables)
            {
                var csv = new CsvWriter();
                csv.Row(table.Columns.Select(c => CsvCell.Text(c)));
                foreach (var row in table.Rows)
                    csv.Row(row.Select(CellOf));
                var entry = zip.CreateEntry($"{table.Name}.csv", CompressionLevel.Optimal);
                entry.LastWriteTime = export.ExportedAt;
                using var stream = entry.Open();
                stream.Write(csv.ToUtf8WithBom());
            }
        }
        return buffer.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            case double real:
                json.WriteNumberValue(real);
                break;
            case byte[] bytes:
                json.WriteBase64StringValue(bytes);
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static CsvCell CellOf(object? value) => value switch
    {
        null => CsvCell.Empty,
        long number => CsvCell.Number(number),
        double real => CsvCell.Decimal(real),
        byte[] bytes => CsvCell.Text(Convert.ToBase64String(bytes)),
        _ => CsvCell.Text(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
