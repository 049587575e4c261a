using DonorTrack.Core.Organizations;
using DonorTrack.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DonorTrack.Web.Pages.Admin;

public sealed class OrganizationModel(OrganizationService organizations) : PageModel
{
    [BindProperty]
    public OrganizationInput Input { get; set; } = new();

    public string Slug { get; private set; } = "";

    public void OnGet()
    {
        var organization = organizations.Find(User.ToActor().OrganizationId)!;
        (Input, Slug) = (OrganizationInput.From(organization), organization.Slug);
    }

    public IActionResult OnPost()
    {
        var actor = User.ToActor();
        Slug = organizations.Find(actor.OrganizationId)!.Slug;
        if (!ModelState.TryRun(() => organizations.Update(actor, Input)))
            return Page();
        TempData["Notice"] = "Settings saved.";
        return RedirectToPage();
    }
}
