namespace DonorTrack.Web.Pages.Account;

/// <summary>
/// The one-time link an admin passes on: a signed-in person accepts it into their account; a new person creates their account
/// with their own password. Open to anonymous visitors, since a new person has no account yet.
/// </summary>
public sealed class InvitationModel(AccountService accounts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public NewAccountInput Input { get; set; } = new(null, null);

    public UserInvitation? Invitation { get; private set; }

    public bool SignedIn => User.UserId() is not null;

    public void OnGet() => Invitation = accounts.FindInvitation(Code);

    public async Task<IActionResult> OnPostAcceptAsync()
    {
        if (User.UserId() is not { } userId)
            return RedirectToPage("/Account/SignIn", new { returnUrl = Url.Page("/Account/Invitation", new { code = Code }) });
        UserOrganization? joined = null;
        if (!ModelState.TryRun(() => joined = accounts.AcceptInvitation(userId, Code), prefix: ""))
        {
            Invitation = accounts.FindInvitation(Code);
            return Page();
        }
        await SignInSession.StartAsync(HttpContext, accounts.FindUser(userId)!, joined!, User.SessionId());
        TempData["Notice"] = $"You joined {joined!.OrganizationName} as {joined.Role.Word()}.";
        return RedirectToPage("/Index");
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        (User User, UserOrganization Organization)? created = null;
        if (!ModelState.TryRun(() => created = accounts.AcceptInvitationWithNewAccount(Code, Input)))
        {
            Invitation = accounts.FindInvitation(Code);
            return Page();
        }
        await SignInSession.StartAsync(HttpContext, created!.Value.User, created.Value.Organization);
        TempData["Notice"] = $"Welcome to {created.Value.Organization.OrganizationName}.";
        return RedirectToPage("/Index");
    }
}
