using System.Text;

namespace DonorTrack.Core.Imports;

/// <summary>A file's text with what was detected: the encoding it was saved in and the character between its cells.</summary>
public sealed record CsvText(string Text, string EncodingName, char Delimiter);

/// <summary>
/// Turns an uploaded file's bytes into text: UTF-8 (with or without a byte-order mark), UTF-16 (Excel's "Unicode text"), or
/// Windows-1252 (Excel's plain "CSV" on Windows), and finds whether cells are separated by commas, semicolons or tabs.
/// Bytes that are none of these (a picture, a spreadsheet's .xlsx, UTF-8 with broken sequences) are refused, never guessed.
/// </summary>
public static class CsvTextDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Encoding StrictUtf16LittleEndian = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly Encoding StrictUtf16BigEndian = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(
        1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)!;

    // Bytes Windows-1252 leaves undefined: a file holding them was not written in it.
    private static readonly byte[] UndefinedIn1252 = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

    private const string NotText = "The file is not text in a known encoding (UTF-8, UTF-16 or Windows-1252): it may be a spreadsheet or another "
        + "kind of file. In your spreadsheet, save it as “CSV UTF-8” and upload it again.";

    public static CsvText Decode(ReadOnlySpan<byte> bytes)
    {
        var (text, encoding) = DecodeText(bytes);
        if (text.AsSpan().IndexOfAnyInRange('\0', '\u0008') >= 0 || text.AsSpan().IndexOfAnyInRange('\u000E', '\u001F') >= 0)
            throw new CsvFormatException(NotText);
        return new CsvText(text, encoding, DelimiterOf(text));
    }

    private static (string Text, string Encoding) DecodeText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
            return (Utf8(bytes[3..]), "UTF-8");
        if (bytes.StartsWith(Encoding.Unicode.Preamble))
            return (Utf16(bytes[2..], StrictUtf16LittleEndian), "UTF-16");
        if (bytes.StartsWith(Encoding.BigEndianUnicode.Preamble))
            return (Utf16(bytes[2..], StrictUtf16BigEndian), "UTF-16");
        if (LooksLikeUtf16WithoutMark(bytes, out var bigEndian))
            return (Utf16(bytes, bigEndian ? StrictUtf16BigEndian : StrictUtf16LittleEndian), "UTF-16");
        if (bytes.IndexOf((byte)0) >= 0)
            throw new CsvFormatException(NotText);
        try
        {
            return (StrictUtf8.GetString(bytes), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            // A file with any well-formed multi-byte UTF-8 sequence was written as UTF-8 and is damaged; reading it as
            // Windows-1252 would turn "Nguyễn" into "NguyÃ…n" silently.
            if (HasUtf8MultiByteSequence(bytes) || bytes.IndexOfAny(UndefinedIn1252) >= 0)
                throw new CsvFormatException("The file is not valid UTF-8 text: some bytes are broken. In your spreadsheet, save it as “CSV UTF-8” and upload it again.");
            return (Windows1252.GetString(bytes), "Windows-1252");
        }
    }

    private static string Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new CsvFormatException("The file starts as UTF-8 but is not valid UTF-8 text: some bytes are broken. Save it as “CSV UTF-8” and upload it again.");
        }
    }

    private static string Utf16(ReadOnlySpan<byte> bytes, Encoding encoding)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (Exception broken) when (broken is DecoderFallbackException or ArgumentException)
        {
            throw new CsvFormatException("The file starts as UTF-16 text but is not valid UTF-16. Save it as “CSV UTF-8” and upload it again.");
        }
    }

    // UTF-16 without a byte-order mark: in text of Latin letters every other byte is zero, on the same side throughout.
    private static bool LooksLikeUtf16WithoutMark(ReadOnlySpan<byte> bytes, out bool bigEndian)
    {
        bigEndian = false;
        var sample = bytes[..(Math.Min(bytes.Length, 4096) & ~1)];
        if (sample.Length < 4)
            return false;
        int zeroEven = 0, zeroOdd = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            if (sample[i] == 0)
                zeroEven++;
            if (sample[i + 1] == 0)
                zeroOdd++;
        }
        var pairs = sample.Length / 2;
        if (zeroOdd * 10 >= pairs * 7 && zeroEven == 0)
            return true;
        bigEndian = true;
        return zeroEven * 10 >= pairs * 7 && zeroOdd == 0;
    }

    private static bool HasUtf8MultiByteSequence(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i + 1 < bytes.Length; i++)
        {
            var lead = bytes[i];
            var length = lead switch { >= 0xC2 and <= 0xDF => 2, >= 0xE0 and <= 0xEF => 3, >= 0xF0 and <= 0xF4 => 4, _ => 0 };
            if (length == 0 || i + length > bytes.Length)
                continue;
            var continuation = true;
            for (var k = 1; k < length; k++)
                continuation &= bytes[i + k] is >= 0x80 and <= 0xBF;
            if (continuation)
                return true;
        }
        return false;
    }

    /// <summary>
    /// The separator of the header row: whichever of comma, semicolon (spreadsheets where the comma is the decimal mark) and
    /// tab occurs most outside quotes; a comma when none does (a one-column file).
    /// </summary>
    public static char DelimiterOf(string text)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && c is '\r' or '\n')
                break;
            else if (!quoted)
            {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }
        if (tabs > commas && tabs >= semicolons)
            return '\t';
        return semicolons > commas ? ';' : ',';
    }
}
