using System.Text;

namespace DonorTrack.Core.Imports;

/// <summary>A parsed CSV file: the header cells and the records after it, each with the spreadsheet row it came from.</summary>
public sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<CsvRecord> Records);

/// <summary>One record; <see cref="Row"/> is its spreadsheet row number (the header is row 1): a newline inside a quoted cell stays in that row.</summary>
public sealed record CsvRecord(int Row, IReadOnlyList<string> Cells);

/// <summary>The file is not readable as CSV (bad UTF-8, an unclosed quote); the message says where.</summary>
public sealed class CsvFormatException(string message) : Exception(message);

/// <summary>
/// RFC 4180 reader: quoted fields with embedded commas, newlines and doubled quotes; CRLF, LF or CR line ends;
/// the text decoded by <see cref="CsvTextDecoder"/>, which refuses bytes it cannot read rather than import mangled names.
/// </summary>
public static class CsvReader
{
    /// <summary>Decodes the bytes (see <see cref="CsvTextDecoder"/>: UTF-8, UTF-16 or Windows-1252; comma, semicolon or tab) and parses them.</summary>
    public static CsvTable Parse(ReadOnlySpan<byte> bytes)
    {
        var decoded = CsvTextDecoder.Decode(bytes);
        return Parse(decoded.Text, decoded.Delimiter);
    }

    public static CsvTable Parse(string text, char delimiter = ',')
    {
        var records = new List<CsvRecord>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var row = 1;
        var quoted = false;
        var quoteOpenedOnRow = 0;
        var cellStarted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        cell.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    cell.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when cell.Length == 0 && !cellStarted:
                    quoted = true;
                    cellStarted = true;
                    quoteOpenedOnRow = row;
                    break;
                case var separator when separator == delimiter:
                    cells.Add(cell.ToString());
                    cell.Clear();
                    cellStarted = false;
                    break;
                case '\r' or '\n':
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                        i++;
                    cells.Add(cell.ToString());
                    cell.Clear();
                    cellStarted = false;
                    AddRecord(records, row, cells);
                    cells = [];
                    row++;
                    break;
                default:
                    // A stray quote inside an unquoted cell (12" ruler) is kept as text, as spreadsheets do.
                    cell.Append(c);
                    cellStarted = true;
                    break;
            }
        }
        if (quoted)
            throw new CsvFormatException($"Row {quoteOpenedOnRow}: a quoted cell is never closed (a \" is missing).");
        if (cell.Length > 0 || cellStarted || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            AddRecord(records, row, cells);
        }
        if (records.Count == 0)
            throw new CsvFormatException("The file is empty: the first row must name the columns.");
        return new CsvTable(records[0].Cells.Select(h => h.Trim()).ToList(), records.Skip(1).ToList());
    }

    // Blank lines (and rows of only separators, as spreadsheets write them) carry nothing to import.
    private static void AddRecord(List<CsvRecord> records, int row, List<string> cells)
    {
        if (cells.All(string.IsNullOrWhiteSpace))
            return;
        records.Add(new CsvRecord(row, cells));
    }
}
