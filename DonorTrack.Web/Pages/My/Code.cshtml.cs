using DonorTrack.Core.SelfService;

namespace DonorTrack.Web.Pages.My;

/// <summary>"I have a code from a letter": a donor without email signs in with the one-time code staff printed for them.</summary>
public sealed class CodeModel(OrganizationService organizations, DonorSignInCodeService codes) : DonorSignInPageModel(organizations)
{
    [BindProperty]
    public DonorSignInCodeInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        DonorSession? session = null;
        if (!ModelState.TryRun(() => session = codes.Redeem(Organization.Id, Input)))
            return Page();
        await DonorSessionCookie.SignInAsync(HttpContext, session!);
        return Redirect($"/my/{Uri.EscapeDataString(Organization.Slug)}");
    }
}
