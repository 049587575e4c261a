using DonorTrack.Core.SelfService;

namespace DonorTrack.Web.Pages.My;

/// <summary>A copy of one of the donor's own receipts or statements, as a PDF; any other receipt id answers 404.</summary>
public sealed class ReceiptModel(OrganizationService organizations, DonorPageService donorPage) : DonorPageModel(organizations)
{
    public IActionResult OnGet(long id) =>
        donorPage.ReceiptCopy(Session, id) is { } copy ? File(copy.Pdf, "application/pdf", copy.FileName) : NotFound();
}
