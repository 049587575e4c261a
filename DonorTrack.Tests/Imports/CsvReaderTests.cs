namespace DonorTrack.Tests.Imports;

public sealed class CsvReaderTests
{
    [Test]
    public void Parse_QuotedCellsWithCommasQuotesAndNewlines_KeepsTheTextAndTheSpreadsheetRow()
    {
        var table = CsvReader.Parse("Name,Notes\r\n\"Brekke, Lars\",\"said \"\"hi\"\"\r\nline two\"\r\nNext,x\r\n");

        Assert.That(table.Header, Is.EqualTo(new[] { "Name", "Notes" }));
        Assert.That(table.Records[0].Cells, Is.EqualTo(new[] { "Brekke, Lars", "said \"hi\"\r\nline two" }));
        Assert.That(table.Records[0].Row, Is.EqualTo(2));
        Assert.That(table.Records[1].Row, Is.EqualTo(3), "a newline inside a quoted cell stays in its row");
    }

    [Test]
    public void Parse_Utf8WithBomAndLfLineEnds_RoundTripsVietnameseArabicAndChineseNames()
    {
        var names = new[] { "Nguyễn Thị Mai", "فاطمة الزهراء", "王秀英" };
        var text = "First Name\n" + string.Join("\n", names) + "\n";
        var withBom = CsvReader.Parse([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]);
        var withoutBom = CsvReader.Parse(Encoding.UTF8.GetBytes(text));

        Assert.That(withBom.Header[0], Is.EqualTo("First Name"), "the byte-order mark is not part of the first header");
        Assert.That(withBom.Records.Select(r => r.Cells[0]), Is.EqualTo(names));
        Assert.That(withoutBom.Records.Select(r => r.Cells[0]), Is.EqualTo(names));
    }

    [Test]
    public void Parse_LastRowWithoutNewlineAndBlankLines_ReadsEveryRecordAndSkipsTheBlanks()
    {
        var table = CsvReader.Parse("a,b\n1,2\n\n,\n3,\"\"");

        Assert.That(table.Records.Select(r => r.Cells), Is.EqualTo(new[] { new[] { "1", "2" }, new[] { "3", "" } }));
        Assert.That(table.Records[1].Row, Is.EqualTo(5));
    }

    [Test]
    public void Parse_UnclosedQuote_ThrowsNamingTheRow()
    {
        Assert.That(() => CsvReader.Parse("a\nok\n\"never closed\n"),
            Throws.TypeOf<CsvFormatException>().With.Message.Contains("Row 3"));
    }

    [Test]
    public void Parse_BrokenUtf8_ThrowsAskingForCsvUtf8()
    {
        byte[] broken = [.. Encoding.UTF8.GetBytes("First Name\nJosé\n"), 0xE9, (byte)'\n'];

        Assert.That(() => CsvReader.Parse(broken), Throws.TypeOf<CsvFormatException>().With.Message.Contains("UTF-8"));
    }
}
