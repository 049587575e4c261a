using DonorTrack.Core.Pdf.Skia;
using SkiaSharp;

namespace DonorTrack.Core.Reports.Charts;

/// <summary>Rasterizes a chart to PNG with SkiaSharp (at a scale, for print) so the PDF embeds the same picture the page shows.</summary>
public static class PngChartWriter
{
    public static byte[] Write(ChartDrawing chart, float scale = 2)
    {
        var info = new SKImageInfo((int)Math.Ceiling(chart.Width * scale), (int)Math.Ceiling(chart.Height * scale));
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Scale(scale);
        foreach (var shape in chart.Shapes)
            Draw(canvas, shape);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static void Draw(SKCanvas canvas, ChartShape shape)
    {
        switch (shape)
        {
            case ChartRect r:
                using (var path = new SKPath())
                {
                    path.AddRect(SKRect.Create(r.X, r.Y, r.Width, r.Height));
                    Fill(canvas, path, ChartFill.For(r.Fill));
                }
                break;
            case ChartWedge w:
                using (var path = Wedge(w))
                    Fill(canvas, path, ChartFill.For(w.Fill));
                break;
            case ChartLine l:
                using (var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = l.Width, Color = SKColor.Parse(l.Color) })
                using (var path = new SKPath())
                {
                    if (l.Dashed)
                        paint.PathEffect = SKPathEffect.CreateDash([4, 3], 0);
                    path.MoveTo(l.Points[0].X, l.Points[0].Y);
                    foreach (var p in l.Points.Skip(1))
                        path.LineTo(p.X, p.Y);
                    canvas.DrawPath(path, paint);
                }
                break;
            case ChartMarker m:
                using (var fill = new SKPaint { IsAntialias = true, Color = SKColors.White })
                using (var stroke = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 2, Color = SKColor.Parse("#222222") })
                {
                    canvas.DrawCircle(m.X, m.Y, m.Radius, fill);
                    canvas.DrawCircle(m.X, m.Y, m.Radius, stroke);
                }
                break;
            case ChartText t:
                using (var font = new SKFont(t.Bold ? FontCatalog.Shared.Bold : FontCatalog.Shared.Regular, t.Size))
                using (var paint = new SKPaint { IsAntialias = true, Color = SKColor.Parse(t.Color) })
                {
                    var align = t.Anchor switch { ChartAnchor.Middle => SKTextAlign.Center, ChartAnchor.End => SKTextAlign.Right, _ => SKTextAlign.Left };
                    canvas.DrawText(t.Text, t.X, t.Y, align, font, paint);
                }
                break;
        }
    }

    private static SKPath Wedge(ChartWedge w)
    {
        var path = new SKPath();
        var sweep = Math.Min(w.SweepDegrees, 359.99f);
        var outer = SKRect.Create(w.CenterX - w.Outer, w.CenterY - w.Outer, w.Outer * 2, w.Outer * 2);
        var inner = SKRect.Create(w.CenterX - w.Inner, w.CenterY - w.Inner, w.Inner * 2, w.Inner * 2);
        path.ArcTo(outer, w.StartDegrees - 90, sweep, forceMoveTo: true);
        path.ArcTo(inner, w.StartDegrees - 90 + sweep, -sweep, forceMoveTo: false);
        path.Close();
        return path;
    }

    private static void Fill(SKCanvas canvas, SKPath path, ChartFill fill)
    {
        using (var paint = new SKPaint { IsAntialias = true, Color = SKColor.Parse(fill.Color) })
            canvas.DrawPath(path, paint);
        if (fill.Pattern != ChartPattern.Solid)
        {
            canvas.Save();
            canvas.ClipPath(path, antialias: true);
            var bounds = path.Bounds;
            var light = fill.Pattern == ChartPattern.Grid;
            using var ink = new SKPaint { IsAntialias = true, StrokeWidth = 1.4f, Style = SKPaintStyle.Stroke, Color = light ? new SKColor(255, 255, 255, 180) : new SKColor(0, 0, 0, 115) };
            for (var offset = -bounds.Height - 8; offset < bounds.Width + bounds.Height + 8; offset += 8)
            {
                var x = bounds.Left + offset;
                switch (fill.Pattern)
                {
                    case ChartPattern.Diagonal:
                        canvas.DrawLine(x, bounds.Bottom, x + bounds.Height, bounds.Top, ink);
                        break;
                    case ChartPattern.BackDiagonal:
                        canvas.DrawLine(x, bounds.Top, x + bounds.Height, bounds.Bottom, ink);
                        break;
                    case ChartPattern.Crosshatch:
                        canvas.DrawLine(x, bounds.Bottom, x + bounds.Height, bounds.Top, ink);
                        canvas.DrawLine(x, bounds.Top, x + bounds.Height, bounds.Bottom, ink);
                        break;
                    case ChartPattern.Vertical:
                    case ChartPattern.Grid when offset >= 0:
                        canvas.DrawLine(x + 4, bounds.Top, x + 4, bounds.Bottom, ink);
                        break;
                }
            }
            for (var y = bounds.Top + 4; y < bounds.Bottom; y += 8)
            {
                if (fill.Pattern is ChartPattern.Horizontal or ChartPattern.Grid)
                    canvas.DrawLine(bounds.Left, y, bounds.Right, y, ink);
                if (fill.Pattern == ChartPattern.Dots)
                {
                    using var dot = new SKPaint { IsAntialias = true, Color = new SKColor(0, 0, 0, 128) };
                    for (var x = bounds.Left + 4; x < bounds.Right; x += 8)
                        canvas.DrawCircle(x, y, 1.6f, dot);
                }
            }
            canvas.Restore();
        }
    }
}
