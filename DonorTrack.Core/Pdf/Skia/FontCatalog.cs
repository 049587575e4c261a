using System.Collections.Concurrent;
using SkiaSharp;

namespace DonorTrack.Core.Pdf.Skia;

/// <summary>The installed fonts as the renderer sees them: the primary sans family and per-character fallbacks.</summary>
internal sealed class FontCatalog
{
    private static readonly string[] PrimaryFamilies = ["Noto Sans", "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"];

    // Tried before the full list so a character lands in a font that matches the primary's look.
    private static readonly string[] PreferredFallbackFamilies =
    [
        "Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans Hebrew", "Noto Sans CJK SC", "Noto Sans CJK JP",
        "Noto Sans CJK KR", "Noto Sans CJK TC", "Noto Sans Thai", "Noto Sans Devanagari", "DejaVu Sans", "Liberation Sans",
        "Noto Sans Symbols", "Noto Sans Symbols2", "Noto Sans Math",
    ];

    private readonly SKFontManager _fontManager;
    private readonly ConcurrentDictionary<(string Family, bool Bold), SKTypeface?> _families = new();
    private readonly ConcurrentDictionary<(int CodePoint, bool Bold), SKTypeface?> _fallbacks = new();
    private readonly Lazy<string[]> _scanOrder;

    private FontCatalog(SKFontManager fontManager)
    {
        _fontManager = fontManager;
        _scanOrder = new Lazy<string[]>(() => PreferredFallbackFamilies.Concat(_fontManager.FontFamilies).Distinct().ToArray());
        Regular = PrimaryFamilies.Select(family => Family(family, bold: false)).FirstOrDefault(face => face is not null)
            ?? SKTypeface.Default;
        Bold = Family(Regular.FamilyName, bold: true) ?? Regular;
        using var font = new SKFont(Regular, 1000);
        var metrics = font.Metrics;
        AscentPerEm = -metrics.Ascent / 1000;
        LineHeightPerEm = (metrics.Descent - metrics.Ascent + metrics.Leading) / 1000;
    }

    /// <summary>Typefaces live for the process: the font manager and its fonts do not change while it runs.</summary>
    public static FontCatalog Shared { get; } = new(SKFontManager.Default);

    public SKTypeface Regular { get; }

    public SKTypeface Bold { get; }

    public float AscentPerEm { get; }

    public float LineHeightPerEm { get; }

    public SKTypeface Primary(bool bold) => bold ? Bold : Regular;

    public static bool Covers(SKTypeface typeface, int codePoint)
    {
        using var font = new SKFont(typeface);
        return font.ContainsGlyph(codePoint);
    }

    /// <summary>A typeface other than the primary that has a glyph for the code point, or null when none is installed.</summary>
    public SKTypeface? FindCovering(int codePoint, bool bold) =>
        _fallbacks.GetOrAdd((codePoint, bold), key => Search(key.CodePoint, key.Bold));

    private SKTypeface? Search(int codePoint, bool bold)
    {
        // Fontconfig-backed builds answer this directly; the NoDependencies build's directory
        // font manager always returns null, hence the scan below.
        var style = bold ? SKFontStyle.Bold : SKFontStyle.Normal;
        var matched = _fontManager.MatchCharacter(Regular.FamilyName, style, null, codePoint);
        if (matched is not null && Covers(matched, codePoint))
        {
            return matched;
        }

        matched?.Dispose();
        return _scanOrder.Value
            .Select(family => Family(family, bold))
            .FirstOrDefault(face => face is not null && Covers(face, codePoint));
    }

    private SKTypeface? Family(string family, bool bold) =>
        _families.GetOrAdd((family, bold), key =>
        {
            var face = _fontManager.MatchFamily(key.Family, key.Bold ? SKFontStyle.Bold : SKFontStyle.Normal);
            return face is not null && string.Equals(face.FamilyName, key.Family, StringComparison.OrdinalIgnoreCase) ? face : null;
        });
}
