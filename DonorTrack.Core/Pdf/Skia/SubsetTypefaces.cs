using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using SkiaSharp;

namespace DonorTrack.Core.Pdf.Skia;

/// <summary>
/// The typeface each document embeds in place of an installed one: a glyph subset shared by every document whose glyphs
/// it covers, made once per process; the installed typeface itself when it cannot be subset.
/// </summary>
/// <remarks>
/// Subsetting per document costs milliseconds and gives Skia a new typeface, so its glyph caches start cold every time.
/// Each subset holds a stable base (every glyph the font has for printable ASCII and common punctuation) plus whatever
/// else the document draws, so nearly every receipt maps to the same base subset; documents with other glyphs
/// (Vietnamese, Arabic) get a base-plus-extras subset, cached too because donor names repeat.
/// </remarks>
internal static class SubsetTypefaces
{
    // Base characters: printable ASCII and the few other marks receipts print (the footer's middle dot, dashes, quotes, €).
    // Wider (all of Latin-1) doubled every receipt's embedded fonts; accented letters join as extras instead.
    private static readonly string BaseCharacters = BuildBaseCharacters();

    // Past this many distinct subsets of one face the cache starts over; typefaces dropped are released by the GC once no render holds them.
    private const int MaxSubsetsPerFace = 128;

    private static readonly ConcurrentDictionary<SKTypeface, Lazy<SubsettableFace?>> Faces = new();

    /// <summary>The typeface to embed for <paramref name="typeface"/> in a document drawing <paramref name="glyphs"/>; never dispose it.</summary>
    public static SKTypeface For(SKTypeface typeface, IReadOnlySet<ushort> glyphs, ILogger logger)
    {
        var face = Faces.GetOrAdd(typeface, key => new Lazy<SubsettableFace?>(() => SubsettableFace.Read(key, logger))).Value;
        return face is null ? typeface : face.Subset(glyphs, logger) ?? typeface;
    }

    /// <summary>Forgets every cached subset, so the next document subsets afresh (tests compare the two).</summary>
    internal static void Clear() => Faces.Clear();

    /// <summary>How many distinct subsets of a typeface are cached (tests).</summary>
    internal static int CachedSubsetCount(SKTypeface typeface) =>
        Faces.TryGetValue(typeface, out var face) && face.IsValueCreated && face.Value is { } value ? value.Count : 0;

    private static string BuildBaseCharacters()
    {
        var text = new StringBuilder();
        for (var c = 0x20; c <= 0x7E; c++)
        {
            text.Append((char)c);
        }

        text.Append("\u00A0\u00A9\u00AE\u00B0\u00B7\u2013\u2014\u2018\u2019\u201C\u201D\u2022\u2026\u20AC");
        return text.ToString();
    }

    /// <summary>A TrueType font file, its base glyphs, and the subsets made of it so far.</summary>
    private sealed class SubsettableFace
    {
        private readonly byte[] _file;
        private readonly int _faceIndex;
        private readonly string _familyName;
        private readonly HashSet<ushort> _baseGlyphs;
        private readonly ConcurrentDictionary<string, Lazy<SKTypeface?>> _subsets = new(StringComparer.Ordinal);

        private SubsettableFace(byte[] file, int faceIndex, string familyName, HashSet<ushort> baseGlyphs)
        {
            _file = file;
            _faceIndex = faceIndex;
            _familyName = familyName;
            _baseGlyphs = baseGlyphs;
        }

        public int Count => _subsets.Count;

        /// <summary>The face's file when it is TrueType we can subset, else null (Skia embeds it as it is).</summary>
        public static SubsettableFace? Read(SKTypeface typeface, ILogger logger)
        {
            using var stream = typeface.OpenStream(out var faceIndex);
            if (stream is null || !stream.HasLength)
            {
                return null;
            }

            using var data = SKData.Create(stream);
            var bytes = data?.ToArray();
            if (bytes is null || bytes.Length < 4 || Encoding.ASCII.GetString(bytes, 0, 4) == "OTTO")
            {
                return null;
            }

            using var font = new SKFont(typeface);
            var glyphs = font.GetGlyphs(BaseCharacters).Where(g => g != 0).ToHashSet();
            var face = new SubsettableFace(bytes, faceIndex, typeface.FamilyName, glyphs);
            // A face this cannot handle (CFF outlines inside a collection, a malformed table) is known now, not per document.
            return face.Subset(glyphs, logger) is null ? null : face;
        }

        public SKTypeface? Subset(IReadOnlySet<ushort> used, ILogger logger)
        {
            var keep = used.IsSubsetOf(_baseGlyphs) ? _baseGlyphs : [.. _baseGlyphs, .. used];
            var key = Key(keep);
            if (_subsets.Count >= MaxSubsetsPerFace && !_subsets.ContainsKey(key))
            {
                _subsets.Clear();
            }

            return _subsets.GetOrAdd(key, _ => new Lazy<SKTypeface?>(() => Make(keep, logger))).Value;
        }

        private static string Key(HashSet<ushort> glyphs)
        {
            var sorted = glyphs.ToArray();
            Array.Sort(sorted);
            return string.Create(sorted.Length, sorted, (chars, ids) =>
            {
                for (var i = 0; i < ids.Length; i++)
                {
                    chars[i] = (char)ids[i];
                }
            });
        }

        private SKTypeface? Make(HashSet<ushort> keep, ILogger logger)
        {
            try
            {
                var subset = TrueTypeGlyphSubsetter.Subset(_file, _faceIndex, keep);
                using var data = subset is null ? null : SKData.CreateCopy(subset);
                return data is null ? null : SKTypeface.FromData(data);
            }
            catch (ArgumentOutOfRangeException exception)
            {
                // A malformed table: embedding the whole font is larger but still correct.
                logger.LogWarning(exception, "Could not subset font {Family}; embedding it whole", _familyName);
                return null;
            }
        }
    }
}
