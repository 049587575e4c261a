using System.Globalization;
using DonorTrack.Core.Pdf;
using Microsoft.Extensions.Logging;
using UglyToad.PdfPig.Content;
using static DonorTrack.Tests.Pdf.PdfTestDocuments;

namespace DonorTrack.Tests.Pdf;

public sealed class SkiaPdfRendererTests
{
    [Test]
    public void Render_Paragraph_TextIsExtractable()
    {
        var pdf = Render(new PdfDocumentModel { Blocks = [new PdfParagraph("Thank you for your gift to the tenants' union.")] });

        using var document = Open(pdf);
        Assert.That(document.GetPage(1).Text, Does.Contain("Thank you for your gift to the tenants' union."));
    }

    [Test]
    public void Render_LongParagraph_WrapsWithinMarginsOntoASecondPageKeepingEveryWordInOrder()
    {
        var tokens = Enumerable.Range(1, 1200).Select(i => $"w{i:0000}").ToArray();
        var model = new PdfDocumentModel { Blocks = [new PdfParagraph(string.Join(' ', tokens))] };

        using var document = Open(Render(model));

        var pages = document.GetPages().ToList();
        var words = pages.SelectMany(page => page.GetWords().Where(w => w.Text.StartsWith('w'))).ToList();
        var rightEdge = model.PageSize.Width - model.Margins.Right;
        Assert.Multiple(() =>
        {
            Assert.That(pages, Has.Count.GreaterThanOrEqualTo(2));
            Assert.That(words.Select(w => w.Text), Is.EqualTo(tokens));
            Assert.That(LineCount(pages[0].GetWords()), Is.GreaterThan(30));
            Assert.That(words.Max(w => w.BoundingBox.Right), Is.LessThanOrEqualTo(rightEdge + 0.5));
            Assert.That(words.Min(w => w.BoundingBox.Left), Is.EqualTo(model.Margins.Left).Within(1));
        });
    }

    [Test]
    public void Render_TableOf120Rows_SpansThreePagesRepeatsHeaderAtTopOfEachAndNeverSplitsARow()
    {
        // Every description wraps (two lines, every tenth row four), so any row cut at a page break shows up
        // as its start and end markers landing on different pages.
        const string filler = "restricted grant installment for the organizing fund and the legal defense of tenants";
        var rows = Enumerable.Range(1, 120)
            .Select(i => new PdfTableRow(
            [
                $"R{i:000}",
                $"start{i:000} {(i % 10 == 0 ? string.Join(' ', Enumerable.Repeat(filler, 3)) : filler)} end{i:000}",
                $"${i},00{i % 10}.00",
            ]))
            .ToList();
        var table = new PdfTable(
            [
                new PdfTableColumn("Reference", PdfWidth.Fixed(80)),
                new PdfTableColumn("Description", PdfWidth.Relative()),
                new PdfTableColumn("Amount", PdfWidth.Fixed(90), PdfAlignment.Right),
            ],
            rows);

        using var document = Open(Render(new PdfDocumentModel { Blocks = [new PdfParagraph("Gift history", 14, bold: true), table] }));

        var pages = document.GetPages().Select(page => page.GetWords().ToList()).ToList();
        Assert.That(pages, Has.Count.GreaterThanOrEqualTo(3));
        Assert.Multiple(() =>
        {
            foreach (var (words, number) in pages.Select((words, index) => (words, index + 1)))
            {
                var header = words.Where(w => w.Text == "Description").ToList();
                var rowMarkers = words.Where(w => w.Text.Length == 4 && w.Text[0] == 'R' && char.IsDigit(w.Text[1])).ToList();
                Assert.That(header, Has.Count.EqualTo(1), $"header on page {number}");
                Assert.That(rowMarkers, Is.Not.Empty, $"rows on page {number}");
                Assert.That(header[0].BoundingBox.Bottom, Is.GreaterThan(rowMarkers.Max(w => w.BoundingBox.Top)), $"header above rows on page {number}");
            }

            for (var i = 1; i <= 120; i++)
            {
                var parts = new[] { $"R{i:000}", $"start{i:000}", $"end{i:000}", $"${i},00{i % 10}.00" };
                var pagesHoldingParts = parts.Select(part => pages.FindIndex(words => words.Any(w => w.Text == part))).ToList();
                Assert.That(pagesHoldingParts, Has.All.EqualTo(pagesHoldingParts[0]).And.All.GreaterThanOrEqualTo(0), $"row {i}");
            }
        });
    }

    [Test]
    public void Render_FooterTooLongForOneLine_WrapsLeftOfThePageNumbersInsteadOfOverprintingThem()
    {
        var text = string.Join(" ", Enumerable.Range(1, 40).Select(i => $"footerword{i}"));
        var model = new PdfDocumentModel { Footer = new PdfFooter(text), Blocks = [new PdfParagraph("Body")] };

        using var document = Open(Render(model));
        var words = document.GetPage(1).GetWords().ToList();
        var pageWord = words.Single(w => w.Text == "Page");
        var footer = words.Where(w => w.Text.StartsWith("footerword", StringComparison.Ordinal)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(footer.Select(w => w.Text), Is.EquivalentTo(Enumerable.Range(1, 40).Select(i => $"footerword{i}")), "every word printed once");
            Assert.That(footer.Max(w => w.BoundingBox.Right), Is.LessThan(pageWord.BoundingBox.Left));
            Assert.That(LineCount(footer), Is.GreaterThan(1));
            Assert.That(footer.Min(w => w.BoundingBox.Bottom), Is.GreaterThan(0), "still on the page");
        });
    }

    [Test]
    public void Render_ThreePages_FooterSaysPageNOfThreeOnEach()
    {
        var model = new PdfDocumentModel
        {
            Footer = new PdfFooter("Receipt 2025-0042"),
            Blocks = [new PdfParagraph("One"), new PdfPageBreak(), new PdfParagraph("Two"), new PdfPageBreak(), new PdfParagraph("Three")],
        };

        using var document = Open(Render(model));

        Assert.That(document.NumberOfPages, Is.EqualTo(3));
        Assert.Multiple(() =>
        {
            for (var number = 1; number <= 3; number++)
            {
                var text = document.GetPage(number).Text;
                Assert.That(text, Does.Contain($"Page {number} of 3"));
                Assert.That(text, Does.Contain("Receipt 2025-0042"));
            }
        });
    }

    [Test]
    public void Render_Metadata_TitleAuthorAndSubjectReadBack()
    {
        var model = new PdfDocumentModel
        {
            Metadata = new PdfMetadata("Year-end statement 2024", "Eastside Tenants Alliance", "Giving statement"),
            Blocks = [new PdfParagraph("Statement")],
        };

        using var document = Open(Render(model));

        Assert.Multiple(() =>
        {
            Assert.That(document.Information.Title, Is.EqualTo("Year-end statement 2024"));
            Assert.That(document.Information.Author, Is.EqualTo("Eastside Tenants Alliance"));
            Assert.That(document.Information.Subject, Is.EqualTo("Giving statement"));
        });
    }

    [Test]
    public void Render_VietnameseAndChineseNames_ExtractAsTheSameText()
    {
        var logger = new CapturingLogger();
        var pdf = Render(new PdfDocumentModel { Blocks = [new PdfParagraph(VietnameseName), new PdfParagraph(ChineseName)] }, logger);

        using var document = Open(pdf);
        var text = document.GetPage(1).Text;

        Assert.Multiple(() =>
        {
            // Precomposed Vietnamese letters map one glyph to one character, so the text survives exactly.
            Assert.That(text.Normalize(NormalizationForm.FormC), Does.Contain(VietnameseName.Normalize(NormalizationForm.FormC)));
            // Noto CJK maps 小 and the Kangxi radical ⼩ (U+2F29) to the same glyph and PdfPig reports the radical;
            // compatibility normalization folds it back, so this still proves 王小明 was drawn from real glyphs.
            Assert.That(text.Normalize(NormalizationForm.FormKC), Does.Contain(ChineseName));
            Assert.That(logger.Entries, Is.Empty);
        });
    }

    [Test]
    public void Render_ArabicNameInLeftToRightText_KeepsEveryLetterAndLaysTheNameOutRightToLeft()
    {
        var pdf = Render(new PdfDocumentModel { Footer = null, Blocks = [new PdfParagraph($"Donor: {ArabicName} (member)")] });

        using var document = Open(pdf);
        var words = document.GetPage(1).GetWords().ToList();

        // PdfPig reports glyphs in drawing (visual) order and maps Arabic contextual glyphs to presentation
        // forms (U+FExx, and one glyph for the lam-alef ligature). NFKC folds them back to the base letters, but a
        // ligature unfolds in logical order inside a reversed word, so comparing strings would be dishonest either way.
        // Instead: each word's letters must match as a multiset, and positions must show right-to-left layout.
        var first = words.Single(w => SameLetters(w.Text, "محمد"));
        var second = words.Single(w => SameLetters(w.Text, "الأحمد"));
        var firstLetters = first.Letters.OrderBy(l => l.StartBaseLine.X).Select(l => Letters(l.Value)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(first.BoundingBox.Left, Is.GreaterThan(second.BoundingBox.Right), "first name drawn to the right of the family name");
            Assert.That(firstLetters[^1], Is.EqualTo("م"), "first letter of محمد is rightmost");
            Assert.That(firstLetters[0], Is.EqualTo("د"), "last letter of محمد is leftmost");
            Assert.That(words[0].Text, Is.EqualTo("Donor:"));
            Assert.That(words[^1].Text, Is.EqualTo("(member)"));
        });
    }

    [Test]
    public void Render_CharacterNoFontCovers_DoesNotThrowAndWarnsWithTheCodePoint()
    {
        var logger = new CapturingLogger();

        var pdf = Render(new PdfDocumentModel { Blocks = [new PdfParagraph("Member \uE000 badge")] }, logger);

        using var document = Open(pdf);
        Assert.Multiple(() =>
        {
            Assert.That(document.GetPage(1).Text, Does.Contain("Member").And.Contain("badge"));
            Assert.That(logger.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message), Has.Some.Contains("U+E000"));
        });
    }

    [Test]
    public void Render_ImageBlock_IsEmbeddedAndScaledToFitItsBox()
    {
        var png = Png(40, 20);

        using var document = Open(Render(new PdfDocumentModel { Blocks = [new PdfImage(png, 120, 120)] }));

        var images = document.GetPage(1).GetImages().ToList();
        Assert.That(images, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(images[0].BoundingBox.Width, Is.EqualTo(120).Within(0.5));
            Assert.That(images[0].BoundingBox.Height, Is.EqualTo(60).Within(0.5));
        });
    }

    [Test]
    public void Render_OnePageReceipt_IsUnder100Kilobytes()
    {
        var pdf = Render(Receipt(logo: Png(160, 64)));

        using var document = Open(pdf);
        Assert.Multiple(() =>
        {
            Assert.That(document.NumberOfPages, Is.EqualTo(1));
            Assert.That(pdf.Length, Is.LessThan(100 * 1024));
            Assert.That(document.GetPage(1).Text, Does.Contain("$410.00"));
        });
    }

    [TestCase(PdfStampPlacement.Diagonal)]
    [TestCase(PdfStampPlacement.Header)]
    public void Render_WithStamp_MarksEveryPage(PdfStampPlacement placement)
    {
        var model = new PdfDocumentModel
        {
            Stamp = new PdfStamp("COPY", placement),
            Blocks = [new PdfParagraph("Original receipt 2025-0042"), new PdfPageBreak(), new PdfParagraph("Gifts, continued")],
        };

        using var document = Open(Render(model));

        Assert.That(document.GetPages().Select(page => page.Text.Contains("COPY", StringComparison.Ordinal)), Is.EqualTo(new[] { true, true }));
    }

    [Test]
    public void Render_RowOfColumns_PlacesColumnsSideBySide()
    {
        var model = new PdfDocumentModel
        {
            Footer = null,
            Blocks =
            [
                new PdfRow(
                [
                    new PdfColumn(PdfWidth.Relative(), [new PdfParagraph("Organization")]),
                    new PdfColumn(PdfWidth.Fixed(150), [new PdfParagraph("Receipt", alignment: PdfAlignment.Right)]),
                ]),
            ],
        };

        using var document = Open(Render(model));

        var words = document.GetPage(1).GetWords().ToDictionary(w => w.Text);
        var rightEdge = model.PageSize.Width - model.Margins.Right;
        Assert.Multiple(() =>
        {
            Assert.That(words["Organization"].BoundingBox.Left, Is.EqualTo(model.Margins.Left).Within(1));
            Assert.That(words["Receipt"].BoundingBox.Right, Is.EqualTo(rightEdge).Within(1));
            Assert.That(words["Receipt"].BoundingBox.Bottom, Is.EqualTo(words["Organization"].BoundingBox.Bottom).Within(0.5));
        });
    }

    [Test]
    public void Render_ToCallersStream_LeavesItOpen()
    {
        using var output = new MemoryStream();

        new SkiaPdfRenderer().Render(new PdfDocumentModel { Blocks = [new PdfParagraph("Hello")] }, output);

        Assert.Multiple(() =>
        {
            Assert.That(output.CanWrite, Is.True);
            Assert.That(Encoding.ASCII.GetString(output.ToArray(), 0, 5), Is.EqualTo("%PDF-"));
        });
    }

    private static int LineCount(IEnumerable<Word> words) =>
        words.Select(w => Math.Round(w.BoundingBox.Bottom)).Distinct().Count();

    private static string Letters(string text) =>
        new(text.Normalize(NormalizationForm.FormKC).Where(c => char.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter).ToArray());

    private static bool SameLetters(string extracted, string expected) =>
        Letters(extracted).Order().SequenceEqual(Letters(expected).Order());
}
