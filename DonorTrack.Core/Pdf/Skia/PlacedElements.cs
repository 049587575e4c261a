using SkiaSharp;

namespace DonorTrack.Core.Pdf.Skia;

/// <summary>Something laid out at a position; y grows downwards from the top of its fragment or page.</summary>
internal abstract record PlacedElement
{
    public abstract PlacedElement Offset(float dx, float dy);
}

internal sealed record PlacedText(float X, float Baseline, ShapedPiece Piece) : PlacedElement
{
    public override PlacedElement Offset(float dx, float dy) => this with { X = X + dx, Baseline = Baseline + dy };
}

/// <summary>Pieces drawn in a row, centred on a point and rotated; used by the diagonal stamp.</summary>
internal sealed record PlacedRotatedText(SKPoint Center, float Degrees, IReadOnlyList<ShapedPiece> Pieces, float Ascent) : PlacedElement
{
    public override PlacedElement Offset(float dx, float dy) => this with { Center = new SKPoint(Center.X + dx, Center.Y + dy) };
}

internal sealed record PlacedBox(SKRect Rect, PdfColor Fill) : PlacedElement
{
    public override PlacedElement Offset(float dx, float dy)
    {
        var rect = Rect;
        rect.Offset(dx, dy);
        return this with { Rect = rect };
    }
}

internal sealed record PlacedLine(SKPoint From, SKPoint To, float Thickness, PdfColor Color) : PlacedElement
{
    public override PlacedElement Offset(float dx, float dy) =>
        this with { From = new SKPoint(From.X + dx, From.Y + dy), To = new SKPoint(To.X + dx, To.Y + dy) };
}

internal sealed record PlacedImage(SKImage Image, SKRect Destination) : PlacedElement
{
    public override PlacedElement Offset(float dx, float dy)
    {
        var rect = Destination;
        rect.Offset(dx, dy);
        return this with { Destination = rect };
    }
}

/// <summary>Elements that move as one unit, with the height they occupy.</summary>
internal sealed record Fragment(float Height, IReadOnlyList<PlacedElement> Elements)
{
    public static Fragment Empty { get; } = new(0, []);
}

/// <summary>The document flattened into units the paginator places in order.</summary>
internal abstract record FlowItem;

/// <summary>An unbreakable fragment; table rows carry the header to repeat and a token identifying their table.</summary>
internal sealed record FlowContent(Fragment Fragment, Fragment? Header = null, object? HeaderGroup = null) : FlowItem;

internal sealed record FlowSpacing(float Height) : FlowItem;

internal sealed record FlowPageBreak : FlowItem;
