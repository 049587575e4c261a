using System.Globalization;
using DonorTrack.Core.Pdf.Skia;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;

namespace DonorTrack.Core.Pdf;

/// <summary>Renders a <see cref="PdfDocumentModel"/> with SkiaSharp's PDF backend, HarfBuzz shaping and per-character font fallback.</summary>
/// <remarks>Characters no installed font covers are drawn as the primary font's missing-glyph box and logged as warnings.</remarks>
public sealed class SkiaPdfRenderer : IPdfRenderer
{
    private readonly ILogger _logger;

    static SkiaPdfRenderer() => HarfBuzzNativeLibrary.EnsureResolvable();

    public SkiaPdfRenderer(ILogger<SkiaPdfRenderer>? logger = null)
    {
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public void Render(PdfDocumentModel document, Stream output)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(output);

        using var shaper = new TextShaper(FontCatalog.Shared, _logger);
        using var layout = new DocumentLayout(document, shaper, _logger);
        var pages = layout.Paginate();
        AddFootersAndStamps(document, pages, shaper);

        var faces = EmbeddableFaces(shaper.GlyphsUsed);
        Draw(document, pages, faces, output);
    }

    private static void AddFootersAndStamps(PdfDocumentModel document, List<List<PlacedElement>> pages, TextShaper shaper)
    {
        for (var index = 0; index < pages.Count; index++)
        {
            var page = pages[index];
            if (document.Footer is { } footer)
            {
                page.AddRange(FooterElements(footer, index + 1, pages.Count, document, shaper));
            }

            if (document.Stamp is { } stamp)
            {
                page.Add(StampElement(stamp, document, shaper));
            }
        }
    }

    /// <summary>
    /// The footer text on the left, wrapped to the width the page numbers leave free so the two never overprint, and the
    /// page numbers on the right of its first line; the lines are centred in the bottom margin.
    /// </summary>
    private static IEnumerable<PlacedElement> FooterElements(PdfFooter footer, int pageNumber, int pageCount, PdfDocumentModel document, TextShaper shaper)
    {
        var size = document.PageSize;
        var margins = document.Margins;
        var style = new TextStyle(footer.FontSize, false, footer.Color);
        var numbers = footer.ShowPageNumbers
            ? shaper.ShapeSimple(string.Format(CultureInfo.InvariantCulture, footer.PageNumberFormat, pageNumber, pageCount), style)
            : [];
        var numbersWidth = numbers.Sum(p => p.Width);
        var gap = numbers.Count > 0 ? footer.FontSize * 2 : 0;
        var lines = footer.Text.Length > 0
            ? WrapFooter(footer.Text, size.Width - margins.Left - margins.Right - numbersWidth - gap, style, shaper)
            : [];
        var lineHeight = footer.FontSize * 1.25f;
        var firstBaseline = size.Height - (margins.Bottom / 2) + (footer.FontSize * shaper.Fonts.AscentPerEm / 2) - ((Math.Max(lines.Count, 1) - 1) * lineHeight / 2);
        for (var line = 0; line < lines.Count; line++)
        {
            foreach (var element in Row(lines[line], margins.Left, firstBaseline + (line * lineHeight)))
                yield return element;
        }

        foreach (var element in Row(numbers, size.Width - margins.Right - numbersWidth, firstBaseline))
            yield return element;
    }

    /// <summary>Breaks the footer text at spaces into lines no wider than <paramref name="width"/> (a single longer word keeps its own line).</summary>
    private static List<List<ShapedPiece>> WrapFooter(string text, float width, TextStyle style, TextShaper shaper)
    {
        var lines = new List<List<ShapedPiece>>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && shaper.ShapeSimple(candidate, style).Sum(p => p.Width) > width)
            {
                lines.Add(shaper.ShapeSimple(current, style));
                current = word;
            }
            else
            {
                current = candidate;
            }
        }

        if (current.Length > 0)
            lines.Add(shaper.ShapeSimple(current, style));
        return lines;
    }

    private static PlacedElement StampElement(PdfStamp stamp, PdfDocumentModel document, TextShaper shaper)
    {
        var size = document.PageSize;
        var fonts = shaper.Fonts;
        if (stamp.Placement == PdfStampPlacement.Header)
        {
            const float headerSize = 11;
            var style = new TextStyle(headerSize, true, stamp.Color with { Alpha = 255 });
            var pieces = shaper.ShapeSimple(stamp.Text, style);
            var baseline = (document.Margins.Top / 2) + (headerSize * fonts.AscentPerEm / 2);
            return new PlacedRotatedText(
                new SKPoint(size.Width - document.Margins.Right - (pieces.Sum(p => p.Width) / 2), baseline - (headerSize * fonts.AscentPerEm / 2)),
                0,
                pieces,
                headerSize * fonts.AscentPerEm);
        }

        // Sized so the text spans about 60% of the page diagonal, capped for short words like "COPY".
        var diagonal = MathF.Sqrt((size.Width * size.Width) + (size.Height * size.Height));
        var measured = shaper.ShapeSimple(stamp.Text, new TextStyle(100, true, stamp.Color)).Sum(p => p.Width);
        var fontSize = measured > 0 ? Math.Min(140, diagonal * 0.6f * 100 / measured) : 100;
        var rotated = shaper.ShapeSimple(stamp.Text, new TextStyle(fontSize, true, stamp.Color));
        var degrees = -MathF.Atan2(size.Height, size.Width) * 180 / MathF.PI;
        return new PlacedRotatedText(new SKPoint(size.Width / 2, size.Height / 2), degrees, rotated, fontSize * 0.72f);
    }

    private static IEnumerable<PlacedElement> Row(List<ShapedPiece> visualPieces, float x, float baseline)
    {
        foreach (var piece in visualPieces)
        {
            yield return new PlacedText(x, baseline, piece);
            x += piece.Width;
        }
    }

    /// <summary>For each typeface used, the typeface to embed: a shared glyph subset where possible, else the original.</summary>
    private Dictionary<SKTypeface, SKTypeface> EmbeddableFaces(Dictionary<SKTypeface, HashSet<ushort>> glyphsUsed) =>
        glyphsUsed.ToDictionary(used => used.Key, used => SubsetTypefaces.For(used.Key, used.Value, _logger));

    private static void Draw(PdfDocumentModel document, List<List<PlacedElement>> pages, Dictionary<SKTypeface, SKTypeface> faces, Stream output)
    {
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = document.Metadata.Title;
        metadata.Author = document.Metadata.Author;
        metadata.Subject = document.Metadata.Subject;
        metadata.Creator = "DonorTrack";
        metadata.Producer = "DonorTrack (SkiaSharp)";
        metadata.Creation = document.Metadata.CreatedAt?.UtcDateTime;
        metadata.Modified = document.Metadata.CreatedAt?.UtcDateTime;

        using var pdf = SKDocument.CreatePdf(output, metadata)
            ?? throw new InvalidOperationException("SkiaSharp could not create a PDF document.");
        using var drawer = new PageDrawer(faces);
        foreach (var page in pages)
        {
            var canvas = pdf.BeginPage(document.PageSize.Width, document.PageSize.Height);
            drawer.Draw(canvas, page);
            pdf.EndPage();
        }

        pdf.Close();
    }
}
