using System.Collections.Concurrent;
using System.Text;
using HarfBuzzSharp;
using Microsoft.Extensions.Logging;
using SkiaSharp;
using SkiaSharp.HarfBuzz;
using Buffer = HarfBuzzSharp.Buffer;

namespace DonorTrack.Core.Pdf.Skia;

/// <summary>A run of glyphs in one font, size, colour and direction, positioned relative to its own origin.</summary>
internal sealed record ShapedPiece(
    SKTypeface Typeface,
    float FontSize,
    PdfColor Color,
    ushort[] Glyphs,
    SKPoint[] Positions,
    float Width,
    string Text,
    uint[] Utf8Clusters,
    byte Level,
    bool IsWhitespace,
    bool IsBreakableEverywhere);

/// <summary>Shapes text with HarfBuzz for one render, choosing a font per character and recording which glyphs each font used.</summary>
internal sealed class TextShaper : IDisposable
{
    // Words past this many are no longer worth remembering (a batch's donor names and amounts); the cache starts over.
    private const int MaxCachedWords = 20_000;

    // Typefaces, and so these caches' keys, live for the process (see FontCatalog). Shaping a word is a pure function
    // of its text, font, style and direction, so the boilerplate every receipt repeats is shaped once per process.
    private static readonly ConcurrentDictionary<(string Text, SKTypeface Typeface, TextStyle Style, byte Level), ShapedPiece> Words = new();
    private static readonly ConcurrentDictionary<(SKTypeface Typeface, int CodePoint), bool> Coverage = new();

    // HarfBuzz fonts are costly to make (each reads its font file); one per typeface and thread keeps shaping lock-free.
    [ThreadStatic]
    private static Dictionary<SKTypeface, SKShaper>? _threadShapers;

    private readonly FontCatalog _fonts;
    private readonly ILogger _logger;
    private readonly HashSet<int> _reportedMissing = [];

    public TextShaper(FontCatalog fonts, ILogger logger)
    {
        _fonts = fonts;
        _logger = logger;
    }

    public FontCatalog Fonts => _fonts;

    /// <summary>Glyph ids drawn per original typeface, so the renderer can embed only those.</summary>
    public Dictionary<SKTypeface, HashSet<ushort>> GlyphsUsed { get; } = [];

    /// <summary>
    /// Splits <paramref name="text"/> (one line, no newlines) into shaped pieces in logical order, breaking at style,
    /// font, direction, whitespace and CJK-character boundaries, which are also the only places a line may wrap.
    /// </summary>
    public List<ShapedPiece> ShapeLine(string text, IReadOnlyList<TextStyle> styles, byte[] levels)
    {
        var pieces = new List<ShapedPiece>();
        var start = 0;
        SKTypeface? pieceFont = null;
        var index = 0;
        var previousFont = (SKTypeface?)null;
        var pieceBreaksEverywhere = false;
        foreach (var rune in text.EnumerateRunes())
        {
            var style = styles[index];
            var font = ChooseFont(rune, style.Bold, previousFont);
            var breaksEverywhere = IsCjk(rune.Value);
            if (index > start && (font != pieceFont || style != styles[start] || levels[index] != levels[start]
                || Rune.IsWhiteSpace(rune) != char.IsWhiteSpace(text, start) || breaksEverywhere || pieceBreaksEverywhere))
            {
                pieces.Add(Shape(text, start, index - start, pieceFont!, styles[start], levels[start]));
                start = index;
            }

            pieceFont = index == start ? font : pieceFont;
            pieceBreaksEverywhere = breaksEverywhere;
            previousFont = font;
            index += rune.Utf16SequenceLength;
        }

        if (index > start)
        {
            pieces.Add(Shape(text, start, index - start, pieceFont!, styles[start], levels[start]));
        }

        return pieces;
    }

    /// <summary>Shapes a single-style, single-direction string, e.g. a footer or a stamp.</summary>
    public List<ShapedPiece> ShapeSimple(string text, TextStyle style)
    {
        var (levels, _) = BidiLevels.Resolve(text);
        var pieces = ShapeLine(text, Enumerable.Repeat(style, text.Length).ToArray(), levels);
        var order = BidiLevels.VisualOrder(pieces.Select(piece => piece.Level).ToArray());
        return order.Select(i => pieces[i]).ToList();
    }

    /// <summary>Re-shapes a piece one character at a time, for words wider than the line.</summary>
    public List<ShapedPiece> SplitIntoCharacters(ShapedPiece piece, TextStyle style)
    {
        var result = new List<ShapedPiece>();
        for (var i = 0; i < piece.Text.Length; i += char.IsSurrogatePair(piece.Text, i) ? 2 : 1)
        {
            var length = char.IsSurrogatePair(piece.Text, i) ? 2 : 1;
            result.Add(Shape(piece.Text, i, length, piece.Typeface, style, piece.Level));
        }

        return result;
    }

    public void Dispose()
    {
        // The shapers and cached pieces outlive a render on purpose; nothing is owned per render.
    }

    /// <summary>Forgets every shaped word, so the next render shapes afresh (tests compare the two).</summary>
    internal static void ClearCache() => Words.Clear();

    private static bool IsCjk(int value) =>
        value is (>= 0x2E80 and <= 0x9FFF) or (>= 0xAC00 and <= 0xD7AF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x3FFFF);

    private SKTypeface ChooseFont(Rune rune, bool bold, SKTypeface? previous)
    {
        var primary = _fonts.Primary(bold);
        var category = Rune.GetUnicodeCategory(rune);
        var attaches = Rune.IsWhiteSpace(rune) || Rune.IsControl(rune)
            || category is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.EnclosingMark
                or System.Globalization.UnicodeCategory.Format;
        if (attaches)
        {
            // Marks, joiners and spaces stay in the font of what they follow so HarfBuzz can position them together.
            return previous is not null && Covers(previous, rune.Value) ? previous : primary;
        }

        if (Covers(primary, rune.Value))
        {
            return primary;
        }

        var fallback = _fonts.FindCovering(rune.Value, bold);
        if (fallback is not null)
        {
            return fallback;
        }

        if (_reportedMissing.Add(rune.Value))
        {
            _logger.LogWarning(
                "No installed font has a glyph for U+{CodePoint:X4}; it is drawn with {Family}'s missing-glyph box",
                rune.Value,
                primary.FamilyName);
        }

        return primary;
    }

    private static bool Covers(SKTypeface typeface, int codePoint) =>
        Coverage.GetOrAdd((typeface, codePoint), key => FontCatalog.Covers(key.Typeface, key.CodePoint));

    private ShapedPiece Shape(string text, int start, int length, SKTypeface typeface, TextStyle style, byte level)
    {
        // Tables repeat the same words ("Card", dates, amounts); a piece bounded by spaces or the line's ends
        // shapes the same wherever it appears, so it is shaped once per render.
        var standsAlone = (start == 0 || char.IsWhiteSpace(text[start - 1])) && (start + length == text.Length || char.IsWhiteSpace(text[start + length]));
        ShapedPiece piece;
        if (!standsAlone)
        {
            piece = ShapeUncached(text, start, length, typeface, style, level);
        }
        else
        {
            var key = (text.Substring(start, length), typeface, style, level);
            if (!Words.TryGetValue(key, out piece!))
            {
                piece = ShapeUncached(text, start, length, typeface, style, level);
                if (Words.Count >= MaxCachedWords)
                {
                    Words.Clear();
                }

                Words.TryAdd(key, piece);
            }
        }

        var used = GlyphsUsed.TryGetValue(typeface, out var set) ? set : GlyphsUsed[typeface] = [];
        used.UnionWith(piece.Glyphs);
        return piece;
    }

    private ShapedPiece ShapeUncached(string text, int start, int length, SKTypeface typeface, TextStyle style, byte level)
    {
        var shapers = _threadShapers ??= [];
        if (!shapers.TryGetValue(typeface, out var shaper))
        {
            shaper = new SKShaper(typeface);
            shapers.Add(typeface, shaper);
        }

        using var buffer = new Buffer();
        // The whole line goes in as context so Arabic joining continues across a style change mid-word.
        buffer.AddUtf16(text, start, length);
        buffer.Direction = level % 2 == 1 ? Direction.RightToLeft : Direction.LeftToRight;
        buffer.GuessSegmentProperties();
        using var font = new SKFont(typeface, style.FontSize);
        var result = shaper.Shape(buffer, font);

        var pieceText = text.Substring(start, length);
        var glyphs = new ushort[result.Codepoints.Length];
        var clusters = new uint[glyphs.Length];
        for (var i = 0; i < glyphs.Length; i++)
        {
            glyphs[i] = (ushort)result.Codepoints[i];
            var offset = Math.Clamp((int)result.Clusters[i] - start, 0, length);
            clusters[i] = (uint)Encoding.UTF8.GetByteCount(pieceText.AsSpan(0, offset));
        }

        return new ShapedPiece(
            typeface,
            style.FontSize,
            style.Color,
            glyphs,
            result.Points,
            result.Width,
            pieceText,
            clusters,
            level,
            IsWhitespace: char.IsWhiteSpace(text, start),
            IsBreakableEverywhere: IsCjk(char.ConvertToUtf32(text, start)));
    }
}

/// <summary>How one character of a paragraph is drawn.</summary>
internal readonly record struct TextStyle(float FontSize, bool Bold, PdfColor Color);
