using DonorTrack.Core.Pdf;

namespace DonorTrack.Tests.Pdf;

/// <summary>Writes a sample receipt for eyeballing; run on demand with --filter Name=WriteSample_ReceiptToTempFolder.</summary>
[Explicit("Writes a file for a person to look at; asserts nothing a rendering test does not.")]
public sealed class PdfSampleWriter
{
    [Test]
    public void WriteSample_ReceiptToTempFolder()
    {
        var document = PdfTestDocuments.Receipt(new PdfStamp("COPY"), PdfTestDocuments.Png(160, 64));
        document = document with
        {
            Blocks =
            [
                .. document.Blocks,
                new PdfSpacer(12),
                new PdfParagraph($"Other donors this year: {PdfTestDocuments.ArabicName}, {PdfTestDocuments.ChineseName}, שרה לוי and Zoë Ångström."),
            ],
        };
        var path = Path.Combine(Path.GetTempPath(), "pdf-sample.pdf");
        File.WriteAllBytes(path, PdfTestDocuments.Render(document));
        TestContext.Out.WriteLine(path);
        Assert.That(new FileInfo(path).Length, Is.GreaterThan(0));
    }
}
