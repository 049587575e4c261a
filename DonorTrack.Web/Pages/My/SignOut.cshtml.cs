namespace DonorTrack.Web.Pages.My;

/// <summary>Ends the donor session (a POST, so a link elsewhere cannot sign the donor out).</summary>
public sealed class SignOutModel(OrganizationService organizations) : DonorSignInPageModel(organizations)
{
    public async Task<IActionResult> OnPostAsync()
    {
        await DonorSessionCookie.SignOutAsync(HttpContext);
        TempData["Notice"] = "You are signed out.";
        return Redirect($"/my/{Uri.EscapeDataString(Organization.Slug)}/signin");
    }
}
