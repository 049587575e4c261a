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
        for (var first = 0; first < pieces.Count;)
        {
            // Spaces are drawn too (as empty glyphs) so text extraction sees the word boundaries.
            if (pieces[first].Piece.Glyphs.Length == 0)
            {
                first++;
                continue;
            }

            // Neighbouring left-to-right pieces in one font share a run: Skia writes a PDF text object per run, so a
            // line becomes one object instead of one per word. Right-to-left pieces keep their own run, whose clusters
            // descend, since one run's clusters must run one way.
            var last = first;
            while (last + 1 < pieces.Count && pieces[first].Piece.Level % 2 == 0 && pieces[last + 1].Piece.Level % 2 == 0
                && pieces[last + 1].Piece.Typeface == pieces[first].Piece.Typeface && pieces[last + 1].Piece.FontSize == pieces[first].Piece.FontSize)
            {
                last++;
            }

            AddRun(builder, pieces, first, last);
            runs++;
            first = last + 1;
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

    private void AddRun(SKTextBlobBuilder builder, List<(ShapedPiece Piece, float X)> pieces, int first, int last)
    {
        var glyphCount = 0;
        var byteCount = 0;
        for (var i = first; i <= last; i++)
        {
            glyphCount += pieces[i].Piece.Glyphs.Length;
            byteCount += Encoding.UTF8.GetByteCount(pieces[i].Piece.Text);
        }

        // Passing the source text and clusters lets Skia write /ActualText where a glyph does not map
        // back to one character (ligatures, Arabic contextual forms), so copy and search get real text.
        var run = builder.AllocatePositionedTextRun(Font(pieces[first].Piece), glyphCount, byteCount, null);
        var glyphs = run.Glyphs;
        var positions = run.Positions;
        var text = run.Text;
        var clusters = run.Clusters;
        var glyphAt = 0;
        var byteAt = 0;
        for (var i = first; i <= last; i++)
        {
            var (piece, x) = pieces[i];
            piece.Glyphs.CopyTo(glyphs[glyphAt..]);
            for (var g = 0; g < piece.Glyphs.Length; g++)
            {
                positions[glyphAt + g] = new SKPoint(piece.Positions[g].X + x, piece.Positions[g].Y);
                clusters[glyphAt + g] = piece.Utf8Clusters[g] + (uint)byteAt;
            }

            byteAt += Encoding.UTF8.GetBytes(piece.Text, text[byteAt..]);
            glyphAt += piece.Glyphs.Length;
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
