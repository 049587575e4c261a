using System.Globalization;
using System.Security;
using System.Text;

namespace DonorTrack.Core.Reports.Charts;

/// <summary>Writes a chart as an accessible inline SVG: role="img" with a title and a description that states every figure.</summary>
public static class SvgChartWriter
{
    public static string Write(ChartDrawing chart, string id)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {N(chart.Width)} {N(chart.Height)}" width="{N(chart.Width)}" height="{N(chart.Height)}" role="img" aria-labelledby="{id}-title {id}-desc" class="chart">""");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{Escape(chart.Title)}</title><desc id=\"{id}-desc\">{Escape(chart.Description)}</desc>");
        svg.Append("<defs>");
        for (var i = 0; i < ChartFill.Palette.Count; i++)
            svg.Append(Pattern(id, i, ChartFill.Palette[i]));
        svg.Append("</defs>");
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{N(chart.Width)}" height="{N(chart.Height)}" fill="#ffffff"/>""");
        foreach (var shape in chart.Shapes)
            svg.Append(Shape(shape, id));
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Pattern(string id, int index, ChartFill fill)
    {
        var lines = fill.Pattern switch
        {
            ChartPattern.Diagonal => """<path d="M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6" stroke="#000" stroke-opacity=".45" stroke-width="1.4"/>""",
            ChartPattern.BackDiagonal => """<path d="M0,0 L8,8 M-2,6 L2,10 M6,-2 L10,2" stroke="#000" stroke-opacity=".45" stroke-width="1.4"/>""",
            ChartPattern.Horizontal => """<path d="M0,4 L8,4" stroke="#000" stroke-opacity=".45" stroke-width="1.4"/>""",
            ChartPattern.Vertical => """<path d="M4,0 L4,8" stroke="#000" stroke-opacity=".45" stroke-width="1.4"/>""",
            ChartPattern.Crosshatch => """<path d="M0,8 L8,0 M0,0 L8,8" stroke="#000" stroke-opacity=".45" stroke-width="1"/>""",
            ChartPattern.Grid => """<path d="M4,0 L4,8 M0,4 L8,4" stroke="#fff" stroke-opacity=".7" stroke-width="1"/>""",
            ChartPattern.Dots => """<circle cx="4" cy="4" r="1.6" fill="#000" fill-opacity=".5"/>""",
            _ => "",
        };
        return $"""<pattern id="{id}-fill{index}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="{fill.Color}"/>{lines}</pattern>""";
    }

    private static string Shape(ChartShape shape, string id) => shape switch
    {
        ChartRect r => $"""<rect x="{N(r.X)}" y="{N(r.Y)}" width="{N(r.Width)}" height="{N(r.Height)}" fill="url(#{id}-fill{Index(r.Fill)})" stroke="#ffffff" stroke-width="1"/>""",
        ChartWedge w => $"""<path d="{WedgePath(w)}" fill="url(#{id}-fill{Index(w.Fill)})" stroke="#ffffff" stroke-width="1.5"/>""",
        ChartLine l => $"""<polyline points="{string.Join(' ', l.Points.Select(p => $"{N(p.X)},{N(p.Y)}"))}" fill="none" stroke="{l.Color}" stroke-width="{N(l.Width)}"{(l.Dashed ? " stroke-dasharray=\"4 3\"" : "")}/>""",
        ChartMarker m => $"""<circle cx="{N(m.X)}" cy="{N(m.Y)}" r="{N(m.Radius)}" fill="#ffffff" stroke="#222222" stroke-width="2"/>""",
        ChartText t => $"""<text x="{N(t.X)}" y="{N(t.Y)}" font-family="sans-serif" font-size="{N(t.Size)}" fill="{t.Color}" text-anchor="{Anchor(t.Anchor)}"{(t.Bold ? " font-weight=\"bold\"" : "")}>{Escape(t.Text)}</text>""",
        _ => "",
    };

    private static int Index(int fill) => ((fill % ChartFill.Palette.Count) + ChartFill.Palette.Count) % ChartFill.Palette.Count;

    private static string WedgePath(ChartWedge w)
    {
        // A full circle cannot be one arc: stop a hair short so the path still closes.
        var sweep = Math.Min(w.SweepDegrees, 359.99f);
        var (ox1, oy1) = Polar(w, w.Outer, w.StartDegrees);
        var (ox2, oy2) = Polar(w, w.Outer, w.StartDegrees + sweep);
        var (ix2, iy2) = Polar(w, w.Inner, w.StartDegrees + sweep);
        var (ix1, iy1) = Polar(w, w.Inner, w.StartDegrees);
        var large = sweep > 180 ? 1 : 0;
        return $"M{N(ox1)},{N(oy1)} A{N(w.Outer)},{N(w.Outer)} 0 {large} 1 {N(ox2)},{N(oy2)} L{N(ix2)},{N(iy2)} A{N(w.Inner)},{N(w.Inner)} 0 {large} 0 {N(ix1)},{N(iy1)} Z";
    }

    internal static (float X, float Y) Polar(ChartWedge w, float radius, float degrees)
    {
        var radians = (degrees - 90) * Math.PI / 180;
        return (w.CenterX + (float)(radius * Math.Cos(radians)), w.CenterY + (float)(radius * Math.Sin(radians)));
    }

    private static string Anchor(ChartAnchor anchor) => anchor switch
    {
        ChartAnchor.Middle => "middle",
        ChartAnchor.End => "end",
        _ => "start",
    };

    private static string N(float value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
