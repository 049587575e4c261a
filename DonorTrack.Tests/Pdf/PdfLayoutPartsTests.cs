using DonorTrack.Core.Pdf;
using DonorTrack.Core.Pdf.Skia;
using SkiaSharp;

namespace DonorTrack.Tests.Pdf;

public sealed class PdfLayoutPartsTests
{
    [TestCase("abc", "000")]
    [TestCase("אבג", "111")]
    [TestCase("ab אב 12", "00011122")]
    [TestCase("ab $5", "00000")]
    [TestCase("אב $5", "11122")]
    [TestCase("שלום, world", "11111122222")]
    [TestCase("Total: 1,234.50", "000000000000000")]
    public void Resolve_MixedDirectionText_GivesUnicodeBidiLevels(string text, string expected)
    {
        var (levels, _) = BidiLevels.Resolve(text);

        Assert.That(string.Concat(levels.Select(level => level.ToString(System.Globalization.CultureInfo.InvariantCulture))), Is.EqualTo(expected));
    }

    [TestCase(new byte[] { 0, 0, 0 }, new[] { 0, 1, 2 })]
    [TestCase(new byte[] { 1, 1, 1 }, new[] { 2, 1, 0 })]
    [TestCase(new byte[] { 0, 1, 1, 2 }, new[] { 0, 3, 2, 1 })]
    [TestCase(new byte[] { 1, 2, 2, 1 }, new[] { 3, 1, 2, 0 })]
    public void VisualOrder_Levels_ReversesRightToLeftRunsButKeepsNumbersInside(byte[] levels, int[] expected)
    {
        Assert.That(BidiLevels.VisualOrder(levels), Is.EqualTo(expected));
    }

    [Test]
    public void ResolveWidths_FixedAndRelative_RelativeColumnsShareTheRemainderByWeight()
    {
        var widths = DocumentLayout.ResolveWidths([PdfWidth.Fixed(100), PdfWidth.Relative(1), PdfWidth.Relative(3)], 500);

        Assert.That(widths, Is.EqualTo(new[] { 100f, 100f, 300f }));
    }

    [Test]
    public void Subset_PrimaryFont_KeepsUsedGlyphOutlinesAtTheirIdsAndEmptiesTheRest()
    {
        var typeface = FontCatalog.Shared.Regular;
        using var original = new SKFont(typeface, 100);
        var glyphA = original.GetGlyph('A');
        var glyphB = original.GetGlyph('B');
        using var stream = typeface.OpenStream(out var faceIndex);
        using var data = SKData.Create(stream);
        var file = data.ToArray();

        var subset = TrueTypeGlyphSubsetter.Subset(file, faceIndex, new HashSet<ushort> { glyphA });

        Assert.That(subset, Is.Not.Null, $"{typeface.FamilyName} should be a TrueType font");
        using var reduced = SKTypeface.FromData(SKData.CreateCopy(subset));
        using var font = new SKFont(reduced, 100);
        using var pathA = font.GetGlyphPath(glyphA);
        using var pathB = font.GetGlyphPath(glyphB);
        Assert.Multiple(() =>
        {
            Assert.That(subset!.Length, Is.LessThan(file.Length / 4));
            Assert.That(font.GetGlyph('A'), Is.EqualTo(glyphA));
            Assert.That(pathA.Bounds, Is.EqualTo(original.GetGlyphPath(glyphA).Bounds));
            Assert.That(pathB.IsEmpty, Is.True);
        });
    }
}
