using Microsoft.Extensions.Logging;
using SkiaSharp;

namespace DonorTrack.Core.Pdf.Skia;

/// <summary>Lays a document's blocks out into pages of placed elements, before anything is drawn.</summary>
internal sealed class DocumentLayout : IDisposable
{
    private const float Tolerance = 0.01f;
    private const float CellPaddingX = 5;
    private const float CellPaddingY = 3.5f;
    private static readonly PdfColor HeaderFill = new(236, 239, 243);
    private static readonly PdfColor StripeFill = new(248, 249, 251);
    private static readonly PdfColor RowRule = new(222, 226, 230);
    private static readonly PdfColor StrongRule = new(90, 90, 90);

    private readonly PdfDocumentModel _document;
    private readonly TextShaper _shaper;
    private readonly ILogger _logger;
    private readonly List<SKImage> _images = [];

    public DocumentLayout(PdfDocumentModel document, TextShaper shaper, ILogger logger)
    {
        _document = document;
        _shaper = shaper;
        _logger = logger;
    }

    public float ContentWidth => _document.PageSize.Width - _document.Margins.Left - _document.Margins.Right;

    public float ContentHeight => _document.PageSize.Height - _document.Margins.Top - _document.Margins.Bottom;

    /// <summary>Each page's elements in page coordinates.</summary>
    public List<List<PlacedElement>> Paginate()
    {
        var pages = new List<List<PlacedElement>> { new() };
        var y = 0f;
        object? headerGroupOnPage = null;
        var warnedOversize = false;

        void Place(Fragment fragment)
        {
            pages[^1].AddRange(fragment.Elements.Select(e => e.Offset(_document.Margins.Left, _document.Margins.Top + y)));
            y += fragment.Height;
        }

        void NewPage()
        {
            pages.Add([]);
            y = 0;
            headerGroupOnPage = null;
        }

        foreach (var item in _document.Blocks.SelectMany(block => Flow(block, ContentWidth)))
        {
            switch (item)
            {
                case FlowPageBreak when pages[^1].Count > 0:
                    NewPage();
                    break;
                case FlowSpacing spacing when y > 0:
                    y += spacing.Height;
                    break;
                case FlowContent content:
                    var needsHeader = content.Header is not null && !ReferenceEquals(headerGroupOnPage, content.HeaderGroup);
                    var needed = content.Fragment.Height + (needsHeader ? content.Header!.Height : 0);
                    if (y > 0 && y + needed > ContentHeight + Tolerance)
                    {
                        NewPage();
                        needsHeader = content.Header is not null;
                    }

                    if (needsHeader)
                    {
                        Place(content.Header!);
                        headerGroupOnPage = content.HeaderGroup;
                    }

                    Place(content.Fragment);
                    if (y > ContentHeight + Tolerance && !warnedOversize)
                    {
                        warnedOversize = true;
                        _logger.LogWarning("A block taller than the page's content area runs into the bottom margin");
                    }

                    break;
            }
        }

        return pages;
    }

    public void Dispose()
    {
        foreach (var image in _images)
        {
            image.Dispose();
        }
    }

    /// <summary>Column widths: fixed ones first, relative ones share what is left.</summary>
    internal static float[] ResolveWidths(IReadOnlyList<PdfWidth> widths, float available)
    {
        var fixedTotal = widths.Where(w => w.IsFixed).Sum(w => w.Value);
        var weightTotal = widths.Where(w => !w.IsFixed).Sum(w => w.Value);
        var remaining = Math.Max(0, available - fixedTotal);
        return widths.Select(w => w.IsFixed ? w.Value : weightTotal > 0 ? remaining * w.Value / weightTotal : 0).ToArray();
    }

    private IEnumerable<FlowItem> Flow(PdfBlock block, float width) => block switch
    {
        PdfParagraph paragraph => FlowParagraph(paragraph, width),
        PdfTable table => FlowTable(table, width),
        PdfRow row => [new FlowContent(LayoutRow(row, width)), new FlowSpacing(row.SpaceAfter)],
        PdfImage image => [new FlowContent(LayoutImage(image, width)), new FlowSpacing(image.SpaceAfter)],
        PdfSpacer spacer => [new FlowSpacing(spacer.Height)],
        PdfRule rule =>
        [
            new FlowSpacing(rule.SpaceBefore),
            new FlowContent(new Fragment(rule.Thickness, [new PlacedLine(new SKPoint(0, rule.Thickness / 2), new SKPoint(width, rule.Thickness / 2), rule.Thickness, rule.Color)])),
            new FlowSpacing(rule.SpaceAfter),
        ],
        PdfPageBreak => [new FlowPageBreak()],
        _ => throw new NotSupportedException($"Unknown block type {block.GetType().Name}."),
    };

    private IEnumerable<FlowItem> FlowParagraph(PdfParagraph paragraph, float width)
    {
        var size = paragraph.FontSize ?? _document.BaseFontSize;
        foreach (var line in LayoutText(paragraph.Runs, size, paragraph.Alignment, paragraph.LineSpacing, width))
        {
            yield return new FlowContent(line);
        }

        yield return new FlowSpacing(paragraph.SpaceAfter);
    }

    private IEnumerable<FlowItem> FlowTable(PdfTable table, float width)
    {
        var size = table.FontSize ?? _document.BaseFontSize;
        var widths = ResolveWidths(table.Columns.Select(c => c.Width).ToArray(), width);
        var header = LayoutTableRow(table, widths, table.Columns.Select(c => c.Header).ToList(), size, bold: true, fill: HeaderFill);
        header = header with
        {
            Elements = [.. header.Elements, new PlacedLine(new SKPoint(0, header.Height), new SKPoint(widths.Sum(), header.Height), 0.75f, StrongRule)],
        };

        if (table.Rows.Count == 0)
        {
            yield return new FlowContent(header);
        }

        var group = new object();
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            var fill = row.IsTotal ? (PdfColor?)null : table.Striped && i % 2 == 1 ? StripeFill : null;
            var fragment = LayoutTableRow(table, widths, row.Cells, size, bold: row.IsTotal, fill);
            var total = widths.Sum();
            var rule = row.IsTotal
                ? new PlacedLine(new SKPoint(0, 0), new SKPoint(total, 0), 0.75f, StrongRule)
                : new PlacedLine(new SKPoint(0, fragment.Height), new SKPoint(total, fragment.Height), 0.5f, RowRule);
            yield return new FlowContent(fragment with { Elements = [.. fragment.Elements, rule] }, header, group);
        }

        yield return new FlowSpacing(table.SpaceAfter);
    }

    private Fragment LayoutTableRow(PdfTable table, float[] widths, IReadOnlyList<string> cells, float size, bool bold, PdfColor? fill)
    {
        var elements = new List<PlacedElement>();
        var height = 0f;
        var x = 0f;
        for (var column = 0; column < table.Columns.Count; column++)
        {
            var text = column < cells.Count ? cells[column] : "";
            var lines = LayoutText([new PdfTextRun(text) { Bold = bold }], size, table.Columns[column].Alignment, 1, Math.Max(1, widths[column] - (2 * CellPaddingX)));
            var cell = Stack(lines);
            elements.AddRange(cell.Elements.Select(e => e.Offset(x + CellPaddingX, CellPaddingY)));
            height = Math.Max(height, cell.Height + (2 * CellPaddingY));
            x += widths[column];
        }

        if (fill is { } color)
        {
            elements.Insert(0, new PlacedBox(new SKRect(0, 0, x, height), color));
        }

        return new Fragment(height, elements);
    }

    private Fragment LayoutRow(PdfRow row, float width)
    {
        var gaps = row.Gap * Math.Max(0, row.Columns.Count - 1);
        var widths = ResolveWidths(row.Columns.Select(c => c.Width).ToArray(), width - gaps);
        var elements = new List<PlacedElement>();
        var height = 0f;
        var x = 0f;
        for (var i = 0; i < row.Columns.Count; i++)
        {
            var column = StackBlocks(row.Columns[i].Blocks, widths[i]);
            elements.AddRange(column.Elements.Select(e => e.Offset(x, 0)));
            height = Math.Max(height, column.Height);
            x += widths[i] + row.Gap;
        }

        return new Fragment(height, elements);
    }

    /// <summary>Blocks inside a column stay together: their flow is stacked without pagination; trailing spacing is dropped.</summary>
    private Fragment StackBlocks(IEnumerable<PdfBlock> blocks, float width)
    {
        var elements = new List<PlacedElement>();
        var y = 0f;
        var pendingSpace = 0f;
        object? headerGroup = null;
        foreach (var item in blocks.SelectMany(block => Flow(block, width)))
        {
            if (item is FlowSpacing spacing)
            {
                pendingSpace += y > 0 ? spacing.Height : 0;
                continue;
            }

            if (item is not FlowContent content)
            {
                continue;
            }

            y += pendingSpace;
            pendingSpace = 0;
            if (content.Header is not null && !ReferenceEquals(headerGroup, content.HeaderGroup))
            {
                elements.AddRange(content.Header.Elements.Select(e => e.Offset(0, y)));
                y += content.Header.Height;
                headerGroup = content.HeaderGroup;
            }

            elements.AddRange(content.Fragment.Elements.Select(e => e.Offset(0, y)));
            y += content.Fragment.Height;
        }

        return new Fragment(y, elements);
    }

    private static Fragment Stack(IEnumerable<Fragment> fragments)
    {
        var elements = new List<PlacedElement>();
        var y = 0f;
        foreach (var fragment in fragments)
        {
            elements.AddRange(fragment.Elements.Select(e => e.Offset(0, y)));
            y += fragment.Height;
        }

        return new Fragment(y, elements);
    }

    private Fragment LayoutImage(PdfImage block, float width)
    {
        var image = SKImage.FromEncodedData(block.Data)
            ?? throw new ArgumentException("Image data is not a PNG or JPEG the renderer can decode.", nameof(block));
        _images.Add(image);
        var scale = Math.Min(Math.Min(block.MaxWidth, width) / image.Width, block.MaxHeight / image.Height);
        var drawWidth = image.Width * scale;
        var drawHeight = image.Height * scale;
        var x = Align(block.Alignment, drawWidth, width);
        return new Fragment(drawHeight, [new PlacedImage(image, SKRect.Create(x, 0, drawWidth, drawHeight))]);
    }

    private static float Align(PdfAlignment alignment, float content, float available) => alignment switch
    {
        PdfAlignment.Center => (available - content) / 2,
        PdfAlignment.Right => available - content,
        _ => 0,
    };

    /// <summary>Shapes, wraps and bidi-orders text; one fragment per line.</summary>
    private List<Fragment> LayoutText(IReadOnlyList<PdfTextRun> runs, float defaultSize, PdfAlignment alignment, float lineSpacing, float width)
    {
        var text = new System.Text.StringBuilder();
        var styles = new List<TextStyle>();
        foreach (var run in runs)
        {
            var style = new TextStyle(run.FontSize ?? defaultSize, run.Bold, run.Color);
            foreach (var c in run.Text.Where(c => c != '\r'))
            {
                text.Append(c);
                styles.Add(style);
            }
        }

        var lines = new List<Fragment>();
        var all = text.ToString();
        var start = 0;
        foreach (var hardLine in all.Split('\n'))
        {
            var lineStyles = styles.GetRange(start, hardLine.Length);
            start += hardLine.Length + 1;
            if (hardLine.Length == 0)
            {
                lines.Add(LineFragment([], defaultSize, alignment, lineSpacing, width));
                continue;
            }

            var (levels, _) = BidiLevels.Resolve(hardLine);
            var pieces = _shaper.ShapeLine(hardLine, lineStyles, levels);
            foreach (var line in Wrap(pieces, width))
            {
                lines.Add(LineFragment(line, lineStyles.Max(s => s.FontSize), alignment, lineSpacing, width));
            }
        }

        return lines;
    }

    private List<List<ShapedPiece>> Wrap(List<ShapedPiece> pieces, float width)
    {
        var lines = new List<List<ShapedPiece>>();
        var current = new List<ShapedPiece>();
        var currentWidth = 0f;

        void Add(ShapedPiece piece)
        {
            current.Add(piece);
            currentWidth += piece.Width;
        }

        void Flush()
        {
            lines.Add(current);
            current = [];
            currentWidth = 0;
        }

        foreach (var unit in BreakUnits(pieces))
        {
            var contentWidth = unit.Where(p => !p.IsWhitespace).Sum(p => p.Width);
            if (current.Count > 0 && currentWidth + contentWidth > width + Tolerance)
            {
                Flush();
            }

            if (current.Count == 0 && contentWidth > width + Tolerance)
            {
                // A word wider than the line (a long e-mail address or reference) breaks between characters.
                foreach (var character in unit.Where(p => !p.IsWhitespace)
                    .SelectMany(p => _shaper.SplitIntoCharacters(p, new TextStyle(p.FontSize, false, p.Color))))
                {
                    if (current.Count > 0 && currentWidth + character.Width > width + Tolerance)
                    {
                        Flush();
                    }

                    Add(character);
                }

                unit.Where(p => p.IsWhitespace).ToList().ForEach(Add);
                continue;
            }

            unit.ForEach(Add);
        }

        if (current.Count > 0)
        {
            Flush();
        }

        return lines;
    }

    /// <summary>Groups pieces into units that must stay on one line: a word plus the spaces after it, or one CJK character.</summary>
    private static IEnumerable<List<ShapedPiece>> BreakUnits(List<ShapedPiece> pieces)
    {
        var unit = new List<ShapedPiece>();
        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            if (unit.Count > 0 && !piece.IsWhitespace
                && (unit[^1].IsWhitespace || unit[^1].IsBreakableEverywhere || piece.IsBreakableEverywhere))
            {
                yield return unit;
                unit = [];
            }

            unit.Add(piece);
        }

        if (unit.Count > 0)
        {
            yield return unit;
        }
    }

    private Fragment LineFragment(List<ShapedPiece> logical, float size, PdfAlignment alignment, float lineSpacing, float width)
    {
        var visible = logical.ToList();
        while (visible.Count > 0 && visible[^1].IsWhitespace)
        {
            visible.RemoveAt(visible.Count - 1);
        }

        var fonts = _shaper.Fonts;
        var natural = size * fonts.LineHeightPerEm;
        var height = Math.Max(natural, size * 1.25f) * lineSpacing;
        var baseline = (size * fonts.AscentPerEm) + ((height - natural) / 2);
        var lineWidth = visible.Sum(p => p.Width);
        var x = Align(alignment, lineWidth, width);
        var elements = new List<PlacedElement>(visible.Count);
        foreach (var index in BidiLevels.VisualOrder(visible.Select(p => p.Level).ToArray()))
        {
            elements.Add(new PlacedText(x, baseline, visible[index]));
            x += visible[index].Width;
        }

        return new Fragment(height, elements);
    }
}
