using System.Text;
using SkiaSharp;

namespace DonorTrack.Core.Pdf.Skia;

/// <summary>Draws laid-out pages onto Skia canvases, reusing fonts and paints across pages of one render.</summary>
internal sealed class PageDrawer : IDisposable
{
    private readonly Dictionary<SKTypeface, SKTypeface> _embeddedFaces;
    private readonly Dictionary<(SKTypeface Typeface, float Size), SKFont> _fonts = [];
    private readonly Dictionary<PdfColor, SKPaint> _textPaints = [];

    /// <param name="embeddedFaces">For each typeface used in layout, the (possibly subset) typeface to draw with.</param>
    public PageDrawer(Dictionary<SKTypeface, SKTypeface> embeddedFaces)
    {
        _embeddedFaces = embeddedFaces;
    }

    public void Draw(SKCanvas canvas, IReadOnlyList<PlacedElement> elements)
    {
        for (var i = 0; i < elements.Count; i++)
        {
            switch (elements[i])
            {
                case PlacedText first:
                    // Consecutive pieces on one baseline in one colour go into one text blob: one PDF text object per line.
                    var line = new List<(ShapedPiece Piece, float X)> { (first.Piece, first.X) };
                    while (i + 1 < elements.Count && elements[i + 1] is PlacedText next
                        && next.Baseline == first.Baseline && next.Piece.Color == first.Piece.Color)
                    {
                        line.Add((next.Piece, next.X));
                        i++;
                    }

                    DrawText(canvas, line, first.Baseline, first.Piece.Color);
                    break;
                case PlacedRotatedText rotated:
                    canvas.Save();
                    canvas.Translate(rotated.Center.X, rotated.Center.Y);
                    canvas.RotateDegrees(rotated.Degrees);
                    var x = -rotated.Pieces.Sum(p => p.Width) / 2;
                    var pieces = new List<(ShapedPiece Piece, float X)>();
                    foreach (var piece in rotated.Pieces)
                    {
                        pieces.Add((piece, x));
                        x += piece.Width;
                    }

                    DrawText(canvas, pieces, rotated.Ascent / 2, rotated.Pieces.FirstOrDefault()?.Color ?? PdfColor.Black);
                    canvas.Restore();
                    break;
                case PlacedBox box:
                    using (var paint = new SKPaint { Color = ToSkia(box.Fill), Style = SKPaintStyle.Fill })
                    {
                        canvas.DrawRect(box.Rect, paint);
                    }

                    break;
                case PlacedLine rule:
                    using (var paint = new SKPaint { Color = ToSkia(rule.Color), Style = SKPaintStyle.Stroke, StrokeWidth = rule.Thickness, IsAntialias = true })
                    {
                        canvas.DrawLine(rule.From, rule.To, paint);
                    }

                    break;
                case PlacedImage image:
                    canvas.DrawImage(image.Image, image.Destination, new SKSamplingOptions(SKCubicResampler.Mitchell));
                    break;
            }
        }
    }

    public void Dispose()
    {
        foreach (var font in _fonts.Values)
        {
            font.Dispose();
        }

        foreach (var paint in _textPaints.Values)
        {
            paint.Dispose();
        }
    }

    private static SKColor ToSkia(PdfColor color) => new(color.Red, color.Green, color.Blue, color.Alpha);

    private void DrawText(SKCanvas canvas, List<(ShapedPiece Piece, float X)> pieces, float baseline, PdfColor color)
    {
        using var builder = new SKTextBlobBuilder();
        var runs = 0;
        foreach (var (piece, x) in pieces)
        {
            // Spaces are drawn too (as empty glyphs) so text extraction sees the word boundaries.
            if (piece.Glyphs.Length == 0)
            {
                continue;
            }

            var font = Font(piece);
            var utf8 = Encoding.UTF8.GetBytes(piece.Text);
            // Passing the source text and clusters lets Skia write /ActualText where a glyph does not map
            // back to one character (ligatures, Arabic contextual forms), so copy and search get real text.
            var run = builder.AllocatePositionedTextRun(font, piece.Glyphs.Length, utf8.Length, null);
            piece.Glyphs.CopyTo(run.Glyphs);
            var positions = run.Positions;
            for (var g = 0; g < positions.Length; g++)
            {
                positions[g] = new SKPoint(piece.Positions[g].X + x, piece.Positions[g].Y);
            }

            utf8.CopyTo(run.Text);
            piece.Utf8Clusters.CopyTo(run.Clusters);
            runs++;
        }

        if (runs == 0)
        {
            return;
        }

        using var blob = builder.Build();
        if (blob is not null)
        {
            canvas.DrawText(blob, 0, baseline, TextPaint(color));
        }
    }

    private SKFont Font(ShapedPiece piece)
    {
        var key = (piece.Typeface, piece.FontSize);
        if (!_fonts.TryGetValue(key, out var font))
        {
            font = new SKFont(_embeddedFaces.GetValueOrDefault(piece.Typeface, piece.Typeface), piece.FontSize)
            {
                Hinting = SKFontHinting.None,
                Subpixel = true,
            };
            _fonts[key] = font;
        }

        return font;
    }

    private SKPaint TextPaint(PdfColor color)
    {
        if (!_textPaints.TryGetValue(color, out var paint))
        {
            paint = new SKPaint { Color = ToSkia(color), IsAntialias = true };
            _textPaints[color] = paint;
        }

        return paint;
    }
}
