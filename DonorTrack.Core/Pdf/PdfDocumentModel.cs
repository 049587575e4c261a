namespace DonorTrack.Core.Pdf;

/// <summary>An engine-independent PDF document: metadata, page geometry and a top-to-bottom flow of blocks.</summary>
public sealed record PdfDocumentModel
{
    public PdfMetadata Metadata { get; init; } = new();

    public PdfPageSize PageSize { get; init; } = PdfPageSize.Letter;

    public PdfMargins Margins { get; init; } = PdfMargins.Uniform(54);

    public IReadOnlyList<PdfBlock> Blocks { get; init; } = [];

    /// <summary>Drawn inside the bottom margin of every page; null for none.</summary>
    public PdfFooter? Footer { get; init; } = new();

    /// <summary>A mark such as "COPY" drawn on every page; null for none.</summary>
    public PdfStamp? Stamp { get; init; }

    /// <summary>Font size of paragraphs and tables that do not set their own.</summary>
    public float BaseFontSize { get; init; } = 10;
}

/// <summary>Document information written into the PDF.</summary>
public sealed record PdfMetadata(string Title = "", string Author = "", string Subject = "")
{
    /// <summary>Creation instant; null leaves it out, which keeps output byte-for-byte reproducible.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}

/// <summary>Page width and height in PDF points (1/72 inch).</summary>
public readonly record struct PdfPageSize(float Width, float Height)
{
    public static PdfPageSize Letter { get; } = new(612, 792);

    public static PdfPageSize A4 { get; } = new(595.28f, 841.89f);
}

/// <summary>Page margins in points.</summary>
public readonly record struct PdfMargins(float Top, float Right, float Bottom, float Left)
{
    public static PdfMargins Uniform(float points) => new(points, points, points, points);
}

/// <summary>An sRGB colour with optional opacity.</summary>
public readonly record struct PdfColor(byte Red, byte Green, byte Blue, byte Alpha = 255)
{
    public static PdfColor Black { get; } = new(0, 0, 0);

    public static PdfColor DarkGray { get; } = new(80, 80, 80);

    public static PdfColor Gray { get; } = new(128, 128, 128);

    public static PdfColor LightGray { get; } = new(225, 225, 225);
}

/// <summary>Horizontal placement of text or an image within its box.</summary>
public enum PdfAlignment
{
    Left,
    Center,
    Right,
}

/// <summary>A column width: fixed points, or a share of the space the fixed columns leave.</summary>
public readonly record struct PdfWidth(float Value, bool IsFixed)
{
    public static PdfWidth Fixed(float points) => new(points, true);

    public static PdfWidth Relative(float weight = 1) => new(weight, false);
}

/// <summary>One element of the document flow.</summary>
public abstract record PdfBlock;

/// <summary>A piece of text with one style inside a paragraph.</summary>
public sealed record PdfTextRun(string Text)
{
    /// <summary>Null takes the paragraph's size.</summary>
    public float? FontSize { get; init; }

    public bool Bold { get; init; }

    public PdfColor Color { get; init; } = PdfColor.Black;
}

/// <summary>Wrapped text made of styled runs; a newline in a run starts a new line.</summary>
public sealed record PdfParagraph(IReadOnlyList<PdfTextRun> Runs) : PdfBlock
{
    public PdfParagraph(string text, float? fontSize = null, bool bold = false, PdfAlignment alignment = PdfAlignment.Left)
        : this([new PdfTextRun(text) { FontSize = fontSize, Bold = bold }])
    {
        Alignment = alignment;
    }

    public PdfAlignment Alignment { get; init; } = PdfAlignment.Left;

    /// <summary>Null takes the document's base size.</summary>
    public float? FontSize { get; init; }

    /// <summary>Multiplier on the font's natural line height.</summary>
    public float LineSpacing { get; init; } = 1;

    public float SpaceAfter { get; init; } = 6;
}

/// <summary>Side-by-side columns kept together on one page.</summary>
public sealed record PdfRow(IReadOnlyList<PdfColumn> Columns) : PdfBlock
{
    public float Gap { get; init; } = 18;

    public float SpaceAfter { get; init; } = 6;
}

/// <summary>One column of a <see cref="PdfRow"/>.</summary>
public sealed record PdfColumn(PdfWidth Width, IReadOnlyList<PdfBlock> Blocks);

/// <summary>A table column: header text, width and alignment of its cells.</summary>
public sealed record PdfTableColumn(string Header, PdfWidth Width, PdfAlignment Alignment = PdfAlignment.Left);

/// <summary>One body row of a table; cells are plain text and wrap within their column.</summary>
public sealed record PdfTableRow(IReadOnlyList<string> Cells)
{
    /// <summary>Bold text with a rule above, for totals.</summary>
    public bool IsTotal { get; init; }
}

/// <summary>A table whose header repeats on every page it spans; rows are never split across pages.</summary>
public sealed record PdfTable(IReadOnlyList<PdfTableColumn> Columns, IReadOnlyList<PdfTableRow> Rows) : PdfBlock
{
    /// <summary>Null takes the document's base size.</summary>
    public float? FontSize { get; init; }

    public bool Striped { get; init; } = true;

    public float SpaceAfter { get; init; } = 10;
}

/// <summary>A PNG or JPEG image scaled to fit a box, keeping its aspect ratio.</summary>
public sealed record PdfImage(byte[] Data, float MaxWidth, float MaxHeight) : PdfBlock
{
    public PdfAlignment Alignment { get; init; } = PdfAlignment.Left;

    public float SpaceAfter { get; init; } = 6;
}

/// <summary>Vertical space; dropped when it would open a page.</summary>
public sealed record PdfSpacer(float Height) : PdfBlock;

/// <summary>A full-width horizontal line.</summary>
public sealed record PdfRule : PdfBlock
{
    public float Thickness { get; init; } = 0.75f;

    public PdfColor Color { get; init; } = PdfColor.Gray;

    public float SpaceBefore { get; init; } = 4;

    public float SpaceAfter { get; init; } = 8;
}

/// <summary>Forces the following blocks onto a new page.</summary>
public sealed record PdfPageBreak : PdfBlock;

/// <summary>Where a stamp is drawn.</summary>
public enum PdfStampPlacement
{
    /// <summary>Large, translucent, across the middle of the page.</summary>
    Diagonal,

    /// <summary>Small and bold in the top margin, right-aligned.</summary>
    Header,
}

/// <summary>A mark such as "COPY" or "VOID" repeated on every page.</summary>
public sealed record PdfStamp(string Text, PdfStampPlacement Placement = PdfStampPlacement.Diagonal)
{
    public PdfColor Color { get; init; } = new(200, 30, 30, 60);
}

/// <summary>Footer text on the left and "Page N of M" on the right.</summary>
public sealed record PdfFooter(string Text = "")
{
    public bool ShowPageNumbers { get; init; } = true;

    /// <summary>Composite format: {0} is the page number, {1} the page count.</summary>
    public string PageNumberFormat { get; init; } = "Page {0} of {1}";

    public float FontSize { get; init; } = 8;

    public PdfColor Color { get; init; } = PdfColor.DarkGray;
}
