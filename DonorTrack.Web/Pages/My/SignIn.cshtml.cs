using DonorTrack.Core.SelfService;

namespace DonorTrack.Web.Pages.My;

/// <summary>Asks for a one-time sign-in link; the answer is the same whether or not the address is on a donor record.</summary>
public sealed class SignInModel(OrganizationService organizations, DonorSignInService signIns) : DonorSignInPageModel(organizations)
{
    [BindProperty]
    public DonorSignInRequest Input { get; set; } = new();

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        Sent = ModelState.TryRun(() => signIns.RequestLink(Organization.Id, Input), field => field == nameof(Input.Email) ? $"{nameof(Input)}.{field}" : "");
        return Page();
    }
}
