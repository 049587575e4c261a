using DonorTrack.Core.Pdf;

namespace DonorTrack.Core.Receipts;

/// <summary>Renders stored receipt content to PDF: one receipt, or many in one document for printing.</summary>
public sealed class ReceiptPrinter(IPdfRenderer renderer)
{
    public ReceiptPdf Print(Receipt receipt, ReceiptPrinting printing) => Print(receipt, ReceiptLedger.ReadContent(receipt), printing);

    public ReceiptPdf Print(Receipt receipt, ReceiptContent content, ReceiptPrinting printing) =>
        new(receipt, receipt.FileName, Bytes(content, printing), printing != ReceiptPrinting.Original);

    public byte[] Bytes(ReceiptContent content, ReceiptPrinting printing)
    {
        using var pdf = new MemoryStream();
        renderer.Render(ReceiptDocument.Build(content, printing), pdf);
        return pdf.ToArray();
    }

    /// <summary>Many receipts in one PDF, each starting on a new page, each printed as it was handed out in its batch.</summary>
    public void Combined(IEnumerable<(ReceiptContent Content, ReceiptPrinting Printing)> statements, string title, string author, Stream output) =>
        renderer.Render(ReceiptDocument.Combined(statements, title, author), output);
}
