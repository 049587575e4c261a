using DonorTrack.Core.Pdf;

namespace DonorTrack.Core.Receipts;

/// <summary>How a stored receipt is printed: as issued, as a copy (reprint), or marked void.</summary>
public enum ReceiptPrinting
{
    Original,
    Copy,
    Void,
}

/// <summary>Lays out <see cref="ReceiptContent"/> as a <see cref="PdfDocumentModel"/>; wording is decided before, never here.</summary>
public static class ReceiptDocument
{
    private static readonly PdfColor Muted = new(90, 96, 104);

    public static PdfDocumentModel Build(ReceiptContent content, ReceiptPrinting printing = ReceiptPrinting.Original) => new()
    {
        Metadata = new PdfMetadata($"{content.Title} {content.Number}", content.IssuerName, $"{content.Title} for {content.DonorName}"),
        Stamp = printing switch
        {
            ReceiptPrinting.Copy => new PdfStamp("COPY"),
            ReceiptPrinting.Void => new PdfStamp("VOID"),
            _ => null,
        },
        Footer = new PdfFooter($"{content.IssuerName} · {content.Title} {content.Number}"),
        Blocks = Blocks(content, printing),
    };

    /// <summary>Many statements in one document for printing, each starting on a new page; page numbers would run across statements, so they are left out.</summary>
    public static PdfDocumentModel Combined(IEnumerable<(ReceiptContent Content, ReceiptPrinting Printing)> receipts, string title, string author)
    {
        var blocks = new List<PdfBlock>();
        foreach (var (content, printing) in receipts)
        {
            if (blocks.Count > 0)
                blocks.Add(new PdfPageBreak());
            blocks.AddRange(Blocks(content, printing));
        }

        return new PdfDocumentModel
        {
            Metadata = new PdfMetadata(title, author),
            Footer = new PdfFooter(author) { ShowPageNumbers = false },
            Blocks = blocks,
        };
    }

    /// <summary>One receipt's blocks, for a document that puts it after other pages (a thank-you letter with its receipt enclosed).</summary>
    public static IReadOnlyList<PdfBlock> Page(ReceiptContent content, ReceiptPrinting printing) => Blocks(content, printing);

    private static List<PdfBlock> Blocks(ReceiptContent content, ReceiptPrinting printing)
    {
        var issuer = new List<PdfBlock>();
        if (content.LogoPng is { Length: > 0 } logo)
            issuer.Add(new PdfImage(logo, 120, 48) { SpaceAfter = 4 });
        issuer.Add(new PdfParagraph(content.IssuerName, 14, bold: true) { SpaceAfter = 2 });
        if (content.ForTheBenefitOf is { } beneficiary)
            issuer.Add(new PdfParagraph(beneficiary, 10, bold: true) { SpaceAfter = 2 });
        if (content.IssuerLines.Count > 0)
            issuer.Add(new PdfParagraph([new PdfTextRun(string.Join("\n", content.IssuerLines)) { Color = Muted }]) { FontSize = 9 });

        var heading = new List<string> { $"Receipt no. {content.Number}", $"Issued {content.IssuedOn}" };
        if (content.Period is { } period)
            heading.Add($"Period {period}");
        if (content.Interim)
            heading.Add("Interim statement: the fiscal year is not over");
        if (printing == ReceiptPrinting.Copy)
            heading.Add("Copy of the original receipt");
        var blocks = new List<PdfBlock>
        {
            new PdfRow(
            [
                new PdfColumn(PdfWidth.Relative(3), issuer),
                new PdfColumn(PdfWidth.Relative(2),
                [
                    new PdfParagraph(content.Title.ToUpperInvariant(), 12, bold: true, PdfAlignment.Right) { SpaceAfter = 2 },
                    new PdfParagraph([new PdfTextRun(string.Join("\n", heading)) { Color = Muted }]) { FontSize = 9, Alignment = PdfAlignment.Right },
                ]),
            ]),
            new PdfRule { Color = new PdfColor(200, 204, 210), SpaceBefore = 8, SpaceAfter = 12 },
        };
        if (content.Replaces is { } replaces)
            blocks.Add(new PdfParagraph(replaces, bold: true) { SpaceAfter = 10 });
        blocks.Add(new PdfParagraph("Received from", 8, bold: true) { SpaceAfter = 2 });
        var donorRuns = new List<PdfTextRun> { new(content.DonorName) { Bold = true, FontSize = 11 } };
        if (content.DonorAddress.Count > 0)
            donorRuns.Add(new PdfTextRun("\n" + string.Join("\n", content.DonorAddress)));
        blocks.Add(new PdfParagraph(donorRuns) { SpaceAfter = 12 });
        blocks.Add(new PdfParagraph(content.Introduction));
        blocks.Add(new PdfSpacer(4));
        blocks.Add(Table(content));
        foreach (var statement in content.Statements)
            blocks.Add(new PdfParagraph(statement) { SpaceAfter = 8 });
        if (content.Signatory is { } signatory)
        {
            blocks.Add(new PdfSpacer(18));
            var runs = new List<PdfTextRun> { new(signatory) { Bold = true } };
            if (content.SignatoryTitle is { } title)
                runs.Add(new PdfTextRun("\n" + title) { Color = Muted });
            runs.Add(new PdfTextRun($"\nfor {content.IssuerName}") { Color = Muted });
            blocks.Add(new PdfParagraph(runs));
        }

        return blocks;
    }

    private static PdfTable Table(ReceiptContent content)
    {
        var columns = new List<PdfTableColumn>
        {
            new("Date", PdfWidth.Fixed(92)),
            new("Description", PdfWidth.Relative()),
            new("Amount", PdfWidth.Fixed(78), PdfAlignment.Right),
            new("Goods/services", PdfWidth.Fixed(80), PdfAlignment.Right),
        };
        if (content.ShowDeductible)
            columns.Add(new("Deductible", PdfWidth.Fixed(72), PdfAlignment.Right));
        var rows = new List<PdfTableRow>();
        string? member = null;
        foreach (var line in content.Lines)
        {
            // A household's statement: each member's gifts under a heading with the member's name, then the member's subtotal.
            if (line.GivenBy is { } givenBy && givenBy != member && !line.IsSubtotal)
            {
                member = givenBy;
                rows.Add(new PdfTableRow(content.ShowDeductible ? ["", $"Gifts of {givenBy}", "", "", ""] : ["", $"Gifts of {givenBy}", "", ""]) { IsTotal = true });
            }
            rows.Add(line.IsSubtotal ? Row(line, content.ShowDeductible) with { IsTotal = true } : Row(line, content.ShowDeductible));
        }
        if (content.TotalLine is { } total)
            rows.Add(Row(total, content.ShowDeductible) with { IsTotal = true });
        return new PdfTable(columns, rows) { FontSize = 9 };
    }

    private static PdfTableRow Row(ReceiptLine line, bool deductible) =>
        new(deductible ? [line.Date, line.Description, line.Amount, line.Benefit, line.Deductible] : [line.Date, line.Description, line.Amount, line.Benefit]);
}
