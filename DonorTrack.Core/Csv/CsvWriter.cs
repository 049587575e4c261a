using System.Text;

namespace DonorTrack.Core.Csv;

/// <summary>
/// The one way the app writes CSV: RFC 4180 quoting, CRLF line ends, and every text cell neutralised so that a donor's name
/// can never run as a spreadsheet formula (see <see cref="NeutraliseFormula"/>).
/// </summary>
public sealed class CsvWriter
{
    private readonly TextWriter _output;

    /// <summary>Writes into memory; read the result with <see cref="ToString"/> or <see cref="ToUtf8WithBom"/>.</summary>
    public CsvWriter()
        : this(new StringWriter(System.Globalization.CultureInfo.InvariantCulture))
    {
    }

    /// <summary>Writes into a caller's writer, e.g. a ZIP entry's stream.</summary>
    public CsvWriter(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Writes one row: each cell neutralised if it is text, quoted when needed, then CRLF.</summary>
    public CsvWriter Row(params ReadOnlySpan<CsvCell> cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
                _output.Write(',');
            _output.Write(Encode(cells[i]));
        }
        _output.Write("\r\n");
        return this;
    }

    /// <summary>Writes one row from a list of cells.</summary>
    public CsvWriter Row(IEnumerable<CsvCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        return Row([.. cells]);
    }

    /// <summary>What has been written so far, when writing into memory.</summary>
    public override string ToString() => _output.ToString() ?? "";

    /// <summary>UTF-8 with a byte-order mark, so Excel shows Vietnamese, Arabic or Chinese names rather than mojibake.</summary>
    public byte[] ToUtf8WithBom() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(ToString())];

    /// <summary>
    /// A text cell that starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe, which spreadsheets show as
    /// text instead of evaluating (OWASP's CSV injection rule). No exemption for things that look numeric: "-1+1+cmd|..." is a formula.
    /// </summary>
    public static string NeutraliseFormula(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
    }

    /// <summary>The cell as it appears in the file: neutralised if text, then quoted if it holds a comma, quote or line break.</summary>
    public static string Encode(CsvCell cell)
    {
        var value = cell.IsText ? NeutraliseFormula(cell.Value ?? "") : cell.Value ?? "";
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
