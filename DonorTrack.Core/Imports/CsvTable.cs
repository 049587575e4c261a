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
/// <see cref="Parse(ReadOnlySpan{byte})"/> reads a whole file; <see cref="CsvRecordReader"/> reads one record at a time from a
/// UTF-8 stream (the import's own canonical form).
/// </summary>
public static class CsvReader
{
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    internal const string NotUtf8 = "The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8” and upload it again.";

    /// <summary>Decodes the bytes (see <see cref="CsvTextDecoder"/>: UTF-8, UTF-16 or Windows-1252; comma, semicolon or tab) and parses them.</summary>
    public static CsvTable Parse(ReadOnlySpan<byte> bytes)
    {
        var decoded = CsvTextDecoder.Decode(bytes);
        return Parse(decoded.Text, decoded.Delimiter);
    }

    public static CsvTable Parse(string text, char delimiter = ',')
    {
        var reader = new CsvRecordReader(new StringReader(text), delimiter);
        var records = new List<CsvRecord>();
        while (reader.Read() is { } record)
            records.Add(record);
        return new CsvTable(reader.Header, records);
    }
}

/// <summary>
/// The same reading as <see cref="CsvReader"/>, one record at a time: a file of a million rows is never held whole. The first
/// record that is not blank is the header; <see cref="Read"/> returns the records after it, blank ones skipped.
/// </summary>
public sealed class CsvRecordReader
{
    private readonly TextReader _text;
    private readonly char _delimiter;
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _cell = new();
    private int _length;
    private int _position;
    private int _row = 1;

    /// <summary>Reads UTF-8 (strictly; a leading byte-order mark is skipped) from <paramref name="stream"/>, which stays open.</summary>
    public static CsvRecordReader FromUtf8(Stream stream) =>
        new(new StreamReader(stream, CsvReader.StrictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true), ',', skipByteOrderMark: true);

    public CsvRecordReader(TextReader text, char delimiter = ',') : this(text, delimiter, skipByteOrderMark: false)
    {
    }

    private CsvRecordReader(TextReader text, char delimiter, bool skipByteOrderMark)
    {
        _text = text;
        _delimiter = delimiter;
        if (skipByteOrderMark && Peek() == '\uFEFF')
            _position++;
        var header = NextNonBlank() ?? throw new CsvFormatException("The file is empty: the first row must name the columns.");
        Header = header.Cells.Select(h => h.Trim()).ToList();
    }

    public IReadOnlyList<string> Header { get; }

    /// <summary>The next record that is not blank, or null at the end of the file.</summary>
    public CsvRecord? Read() => NextNonBlank();

    // Blank lines (and rows of only separators, as spreadsheets write them) carry nothing to import.
    private CsvRecord? NextNonBlank()
    {
        while (NextRecord() is { } record)
        {
            if (!record.Cells.All(string.IsNullOrWhiteSpace))
                return record;
        }
        return null;
    }

    private CsvRecord? NextRecord()
    {
        if (Peek() < 0)
            return null;
        var row = _row;
        var cells = new List<string>();
        _cell.Clear();
        var quoted = false;
        var cellStarted = false;
        while (true)
        {
            var next = Next();
            if (next < 0)
                break;
            var c = (char)next;
            if (quoted)
            {
                if (c == '"')
                {
                    if (Peek() == '"')
                    {
                        _cell.Append('"');
                        _position++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    _cell.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when _cell.Length == 0 && !cellStarted:
                    quoted = true;
                    cellStarted = true;
                    break;
                case var separator when separator == _delimiter:
                    cells.Add(_cell.ToString());
                    _cell.Clear();
                    cellStarted = false;
                    break;
                case '\r' or '\n':
                    if (c == '\r' && Peek() == '\n')
                        _position++;
                    cells.Add(_cell.ToString());
                    _row++;
                    return new CsvRecord(row, cells);
                default:
                    // A stray quote inside an unquoted cell (12" ruler) is kept as text, as spreadsheets do.
                    _cell.Append(c);
                    cellStarted = true;
                    break;
            }
        }
        if (quoted)
            throw new CsvFormatException($"Row {row}: a quoted cell is never closed (a \" is missing).");
        cells.Add(_cell.ToString());
        _row++;
        return new CsvRecord(row, cells);
    }

    private int Next()
    {
        if (_position == _length && !Fill())
            return -1;
        return _buffer[_position++];
    }

    private int Peek()
    {
        if (_position == _length && !Fill())
            return -1;
        return _buffer[_position];
    }

    private bool Fill()
    {
        try
        {
            _length = _text.Read(_buffer, 0, _buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new CsvFormatException(CsvReader.NotUtf8);
        }
        _position = 0;
        return _length > 0;
    }
}
