namespace DonorTrack.Web.Pages.Give;

/// <summary>The organization's logo for its public pages, from the database; public like the pages that show it.</summary>
public sealed class LogoModel(PublicPageBrandingService branding) : PageModel
{
    public IActionResult OnGet(string orgSlug)
    {
        if (branding.Logo(orgSlug) is not { } logo)
            return NotFound();
        Response.Headers.CacheControl = "public, max-age=300";
        return File(logo.Data, logo.ContentType);
    }
}
