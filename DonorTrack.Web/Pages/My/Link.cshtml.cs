using DonorTrack.Core.SelfService;

namespace DonorTrack.Web.Pages.My;

/// <summary>Following a one-time sign-in link: a button to use it, the record to open when the address is on several, or why it cannot be used.</summary>
public sealed class LinkModel(OrganizationService organizations, DonorSignInService signIns) : DonorSignInPageModel(organizations)
{
    public string? Token { get; private set; }

    public string? Refusal { get; private set; }

    public IReadOnlyList<DonorRecordChoice>? Choices { get; private set; }

    public void OnGet(string? token)
    {
        Token = token;
        if (!SignInTokens.IsWellFormed(token))
            Refusal = DonorSignInService.InvalidLink;
    }

    public async Task<IActionResult> OnPostAsync(string? token, long? donorId)
    {
        Token = token;
        switch (signIns.Follow(Organization.Id, token, donorId))
        {
            case DonorLinkOutcome.SignedIn signedIn:
                await DonorSessionCookie.SignInAsync(HttpContext, signedIn.Session);
                return Redirect($"/my/{Uri.EscapeDataString(Organization.Slug)}");
            case DonorLinkOutcome.ChooseRecord choose:
                Choices = choose.Records;
                return Page();
            case DonorLinkOutcome.Refused refused:
                Refusal = refused.Message;
                return Page();
            default:
                throw new InvalidOperationException("Unknown sign-in outcome.");
        }
    }
}
