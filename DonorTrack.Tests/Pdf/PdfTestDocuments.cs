using DonorTrack.Core.Pdf;
using Microsoft.Extensions.Logging;
using SkiaSharp;
using UglyToad.PdfPig;

namespace DonorTrack.Tests.Pdf;

/// <summary>Builders and read-back helpers shared by the PDF tests.</summary>
internal static class PdfTestDocuments
{
    public const string VietnameseName = "Nguyễn Thị Minh Khai";
    public const string ArabicName = "محمد الأحمد";
    public const string ChineseName = "王小明";

    public static byte[] Render(PdfDocumentModel document, ILogger<SkiaPdfRenderer>? logger = null)
    {
        using var output = new MemoryStream();
        new SkiaPdfRenderer(logger).Render(document, output);
        return output.ToArray();
    }

    public static PdfDocument Open(byte[] pdf) => PdfDocument.Open(pdf);

    public static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(20, 90, 160));
            using var paint = new SKPaint { Color = SKColors.White };
            canvas.DrawCircle(width / 2f, height / 2f, height / 3f, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A one-page gift receipt shaped like the ones the receipts feature will produce.</summary>
    public static PdfDocumentModel Receipt(PdfStamp? stamp = null, byte[]? logo = null)
    {
        var muted = new PdfColor(90, 96, 104);
        var organization = new List<PdfBlock>();
        if (logo is not null)
        {
            organization.Add(new PdfImage(logo, 96, 40) { SpaceAfter = 4 });
        }

        organization.Add(new PdfParagraph("Eastside Tenants Alliance", 15, bold: true) { SpaceAfter = 2 });
        organization.Add(new PdfParagraph([new PdfTextRun("1200 Alder Street, Suite 4\nPortland, OR 97214\nEIN 93-1234567") { Color = muted }]) { FontSize = 9 });

        return new PdfDocumentModel
        {
            Metadata = new PdfMetadata("Receipt 2025-0042", "Eastside Tenants Alliance", "Donation receipt"),
            Stamp = stamp,
            Footer = new PdfFooter("Eastside Tenants Alliance · Receipt 2025-0042"),
            Blocks =
            [
                new PdfRow(
                [
                    new PdfColumn(PdfWidth.Relative(3), organization),
                    new PdfColumn(PdfWidth.Relative(2),
                    [
                        new PdfParagraph("DONATION RECEIPT", 13, bold: true, PdfAlignment.Right) { SpaceAfter = 2 },
                        new PdfParagraph([new PdfTextRun("Receipt no. 2025-0042\nIssued March 3, 2025") { Color = muted }]) { FontSize = 9, Alignment = PdfAlignment.Right },
                    ]),
                ]),
                new PdfRule { Color = new PdfColor(200, 204, 210), SpaceBefore = 8, SpaceAfter = 14 },
                new PdfParagraph("Received from", 8, bold: true) { SpaceAfter = 2 },
                new PdfParagraph([new PdfTextRun(VietnameseName) { Bold = true, FontSize = 11 }, new PdfTextRun("\n48 Rose Lane\nPortland, OR 97202")]) { SpaceAfter = 14 },
                new PdfParagraph("Thank you for your generous support of our tenant organizing work. This letter acknowledges the contributions listed below."),
                new PdfSpacer(6),
                new PdfTable(
                    [
                        new PdfTableColumn("Date", PdfWidth.Fixed(80)),
                        new PdfTableColumn("Description", PdfWidth.Relative()),
                        new PdfTableColumn("Method", PdfWidth.Fixed(84)),
                        new PdfTableColumn("Amount", PdfWidth.Fixed(80), PdfAlignment.Right),
                    ],
                    [
                        new PdfTableRow(["2025-01-15", "General support", "Card", "$250.00"]),
                        new PdfTableRow(["2025-02-15", "Rent-strike legal defense fund", "Check #1043", "$100.00"]),
                        new PdfTableRow(["2025-03-01", "Membership dues (annual, sliding scale)", "ACH", "$60.00"]),
                        new PdfTableRow(["", "Total", "", "$410.00"]) { IsTotal = true },
                    ]),
                new PdfParagraph("No goods or services were provided in exchange for this contribution.", bold: true),
                new PdfParagraph("Eastside Tenants Alliance is a tax-exempt organization under Section 501(c)(3) of the Internal Revenue Code. Please keep this receipt for your tax records.") { SpaceAfter = 24 },
                new PdfParagraph([new PdfTextRun("Dana Whitfield") { Bold = true }, new PdfTextRun("\nTreasurer") { Color = muted }]),
            ],
        };
    }
}

/// <summary>Collects log messages so tests can assert on warnings.</summary>
internal sealed class CapturingLogger : ILogger<SkiaPdfRenderer>
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, formatter(state, exception)));
}
