using DonorTrack.Core.Pdf;
using DonorTrack.Core.Pdf.Skia;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;
using static DonorTrack.Tests.Pdf.PdfTestDocuments;

namespace DonorTrack.Tests.Pdf;

public sealed class SubsetTypefaceCacheTests
{
    [Test]
    public void Render_WithCachedSubsetsAndShapes_ExtractsTheSameTextAsAFreshRender()
    {
        var model = new PdfDocumentModel
        {
            Blocks =
            [
                new PdfParagraph($"Received from {VietnameseName}, {ArabicName} and {ChineseName}: $1,250.00 — thank you."),
                new PdfParagraph("Zoë Ångström · No goods or services were provided in exchange for this contribution."),
            ],
        };
        Render(Receipt());
        var cached = Render(model);

        SubsetTypefaces.Clear();
        TextShaper.ClearCache();
        var fresh = Render(model);

        using var cachedDocument = Open(cached);
        using var freshDocument = Open(fresh);
        var text = cachedDocument.GetPage(1).Text.Normalize(NormalizationForm.FormKC);
        Assert.Multiple(() =>
        {
            Assert.That(text, Is.EqualTo(freshDocument.GetPage(1).Text.Normalize(NormalizationForm.FormKC)));
            Assert.That(text, Does.Contain(VietnameseName.Normalize(NormalizationForm.FormKC)).And.Contain(ChineseName).And.Contain("Zoë Ångström"));
        });
    }

    [Test]
    public void For_TwoDocumentsWithinTheBaseCharacters_ShareOneSubset()
    {
        var typeface = FontCatalog.Shared.Regular;

        var first = SubsetTypefaces.For(typeface, Glyphs(typeface, "Receipt no. 2026-000001"), NullLogger.Instance);
        var second = SubsetTypefaces.For(typeface, Glyphs(typeface, "Year-end statement for Xee Yang: $45.00"), NullLogger.Instance);

        Assert.That(second, Is.SameAs(first).And.Not.SameAs(typeface));
    }

    [TestCase("Receipt no. 2026-000001 for Xee Yang")]
    [TestCase("Zoë Ångström, Nguyễn Thị Minh Khai")]
    public void For_AnyDocument_SubsetDrawsEveryUsedGlyphExactlyAsTheInstalledFont(string text)
    {
        var typeface = FontCatalog.Shared.Regular;
        SubsetTypefaces.For(typeface, Glyphs(typeface, "Receipt"), NullLogger.Instance);
        var used = Glyphs(typeface, text);

        var subset = SubsetTypefaces.For(typeface, used, NullLogger.Instance);

        using var original = new SKFont(typeface, 100);
        using var reduced = new SKFont(subset, 100);
        Assert.Multiple(() =>
        {
            foreach (var glyph in used)
            {
                using var expected = original.GetGlyphPath(glyph);
                using var actual = reduced.GetGlyphPath(glyph);
                Assert.That(actual?.Bounds, Is.EqualTo(expected?.Bounds), $"glyph {glyph}");
                Assert.That(reduced.GetGlyphWidths([glyph])[0], Is.EqualTo(original.GetGlyphWidths([glyph])[0]), $"advance of glyph {glyph}");
            }
        });
    }

    private static HashSet<ushort> Glyphs(SKTypeface typeface, string text)
    {
        using var font = new SKFont(typeface);
        return font.GetGlyphs(text).ToHashSet();
    }
}
