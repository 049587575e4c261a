namespace DonorTrack.Core.Reports.Charts;

/// <summary>A chart as plain shapes in pixel coordinates, drawn the same way to SVG (pages) and PNG (PDF).</summary>
public sealed record ChartDrawing(float Width, float Height, string Title, string Description, IReadOnlyList<ChartShape> Shapes);

/// <summary>One drawn element of a chart.</summary>
public abstract record ChartShape;

/// <summary>A filled rectangle in one of the category fills.</summary>
public sealed record ChartRect(float X, float Y, float Width, float Height, int Fill) : ChartShape;

/// <summary>A ring segment of a donut, angles in degrees clockwise from twelve o'clock.</summary>
public sealed record ChartWedge(float CenterX, float CenterY, float Outer, float Inner, float StartDegrees, float SweepDegrees, int Fill) : ChartShape;

/// <summary>A stroked polyline (axes, grid lines, the retention line).</summary>
public sealed record ChartLine(IReadOnlyList<ChartPoint> Points, float Width, string Color, bool Dashed = false) : ChartShape;

/// <summary>A round data marker.</summary>
public sealed record ChartMarker(float X, float Y, float Radius) : ChartShape;

/// <summary>Text anchored at its baseline.</summary>
public sealed record ChartText(float X, float Y, string Text, float Size, ChartAnchor Anchor = ChartAnchor.Start, bool Bold = false, string Color = "#222222") : ChartShape;

/// <summary>A point in chart pixels.</summary>
public readonly record struct ChartPoint(float X, float Y);

/// <summary>Where text sits relative to its x.</summary>
public enum ChartAnchor
{
    Start,
    Middle,
    End,
}

/// <summary>The fill of one category: a colour and a pattern, so neighbours stay distinct without colour.</summary>
public sealed record ChartFill(string Color, ChartPattern Pattern)
{
    /// <summary>Okabe–Ito colours (distinguishable with colour-blindness) paired with distinct patterns.</summary>
    public static readonly IReadOnlyList<ChartFill> Palette =
    [
        new("#0072B2", ChartPattern.Solid),
        new("#E69F00", ChartPattern.Diagonal),
        new("#009E73", ChartPattern.Dots),
        new("#CC79A7", ChartPattern.Horizontal),
        new("#56B4E9", ChartPattern.Crosshatch),
        new("#D55E00", ChartPattern.Vertical),
        new("#F0E442", ChartPattern.BackDiagonal),
        new("#666666", ChartPattern.Grid),
        new("#AAAAAA", ChartPattern.Solid),
    ];

    public static ChartFill For(int index) => Palette[((index % Palette.Count) + Palette.Count) % Palette.Count];
}

/// <summary>Line patterns laid over a fill.</summary>
public enum ChartPattern
{
    Solid,
    Diagonal,
    BackDiagonal,
    Horizontal,
    Vertical,
    Crosshatch,
    Grid,
    Dots,
}
