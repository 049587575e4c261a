using DonorTrack.Core.SelfService;

namespace DonorTrack.Web.Pages.My;

/// <summary>The donor changes their own address, phone and contact preference; staff see each change on their review list.</summary>
public sealed class DetailsModel(OrganizationService organizations, DonorPageService donorPage) : DonorPageModel(organizations)
{
    [BindProperty]
    public DonorContactInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (donorPage.Contact(Session) is not { } contact)
            return await SessionEndedAsync();
        Input = contact;
        return Shown();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var found = true;
        if (!ModelState.TryRun(() => found = donorPage.UpdateContact(Session, Input)))
            return Shown();
        if (!found)
            return await SessionEndedAsync();
        TempData["Notice"] = "Thank you: your details are saved.";
        return Redirect($"/my/{Uri.EscapeDataString(Organization.Slug)}");
    }

    private PageResult Shown()
    {
        ViewData["OrganizationName"] = Organization.Name;
        ViewData["OrganizationSlug"] = Organization.Slug;
        ViewData["DonorSignedIn"] = true;
        return Page();
    }
}
