namespace DonorTrack.Core.Pdf;

/// <summary>Turns a <see cref="PdfDocumentModel"/> into PDF bytes written to a stream; the one place a second engine plugs in.</summary>
public interface IPdfRenderer
{
    /// <summary>Lays out the whole document, then writes it page by page to <paramref name="output"/>, which stays open.</summary>
    void Render(PdfDocumentModel document, Stream output);
}
