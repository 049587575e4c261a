namespace DonorTrack.Web.Pages.Give;

/// <summary>Where Stripe sends a donor back after paying; an address naming no organization is the donors' not-found page.</summary>
public sealed class ThanksModel(OrganizationService organizations) : PageModel
{
    public Organization Organization { get; private set; } = null!;

    public IActionResult OnGet(string orgSlug)
    {
        if (organizations.FindBySlug(orgSlug) is not { } organization)
            return NotFound();
        Organization = organization;
        return Page();
    }
}
