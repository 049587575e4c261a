using DonorTrack.Core.Csv;

namespace DonorTrack.Tests.Csv;

public sealed class CsvWriterTests
{
    [TestCase("-1+1+cmd|' /C calc'!A0", "'-1+1+cmd|' /C calc'!A0")]
    [TestCase("@SUM(1)", "'@SUM(1)")]
    [TestCase("\t=1", "'\t=1")]
    [TestCase("=HYPERLINK(\"http://evil.example\",\"x\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"")]
    [TestCase("+1", "'+1")]
    [TestCase("-5", "'-5")]
    [TestCase("\r=1", "\"'\r=1\"")]
    public void TextCell_StartingWithAFormulaCharacter_IsPrefixedWithAnApostrophe(string text, string written)
    {
        Assert.That(CsvWriter.Encode(CsvCell.Text(text)), Is.EqualTo(written));
    }

    [TestCase("Ana Tester", "Ana Tester")]
    [TestCase("Ana-Maria", "Ana-Maria")]
    [TestCase("a=b", "a=b")]
    [TestCase("", "")]
    public void TextCell_WithoutALeadingFormulaCharacter_IsWrittenAsItIs(string text, string written)
    {
        Assert.That(CsvWriter.Encode(text), Is.EqualTo(written));
    }

    [Test]
    public void NumberAndAmountCells_Negative_StayNumbers()
    {
        Assert.That(CsvWriter.Encode(CsvCell.Amount(-1250)), Is.EqualTo("-12.50"));
        Assert.That(CsvWriter.Encode(CsvCell.Number(-3)), Is.EqualTo("-3"));
        Assert.That(CsvWriter.Encode(CsvCell.Decimal(-0.25)), Is.EqualTo("-0.25"));
        Assert.That(CsvWriter.Encode(CsvCell.Date(new DateOnly(2026, 3, 14))), Is.EqualTo("2026-03-14"));
    }

    [Test]
    public void TextCell_WithCommaQuoteOrLineBreak_IsQuotedPerRfc4180()
    {
        Assert.That(CsvWriter.Encode("Brekke, Lars"), Is.EqualTo("\"Brekke, Lars\""));
        Assert.That(CsvWriter.Encode("say \"hi\""), Is.EqualTo("\"say \"\"hi\"\"\""));
        Assert.That(CsvWriter.Encode("line\nbreak"), Is.EqualTo("\"line\nbreak\""));
    }

    [Test]
    public void Rows_EndWithCrLf_AndUtf8OutputStartsWithAByteOrderMark()
    {
        var csv = new CsvWriter().Row("a", CsvCell.Number(1)).Row("b", CsvCell.Empty);

        Assert.That(csv.ToString(), Is.EqualTo("a,1\r\nb,\r\n"));
        Assert.That(csv.ToUtf8WithBom().Take(3), Is.EqualTo(Encoding.UTF8.GetPreamble()));
    }

    [Test]
    public void NamesInVietnameseArabicAndChinese_WrittenAndReadBack_RoundTrip()
    {
        string[] names = ["Nguyễn Thị Mai", "فاطمة الزهراء", "王秀英", "Brekke, \"Lars\""];
        var csv = new CsvWriter().Row("name");
        foreach (var name in names)
            csv.Row(name);

        var table = CsvReader.Parse(csv.ToUtf8WithBom());

        Assert.That(table.Records.Select(r => r.Cells[0]), Is.EqualTo(names));
    }
}
