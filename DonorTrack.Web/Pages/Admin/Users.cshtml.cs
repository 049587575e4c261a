namespace DonorTrack.Web.Pages.Admin;

public sealed class UsersModel(AccountService accounts) : PageModel
{
    public IReadOnlyList<OrganizationUser> People { get; private set; } = [];

    [BindProperty]
    public AddUserInput Input { get; set; } = new(null, null, null, Role.Entry);

    public IReadOnlyList<UserInvitation> Invitations { get; private set; } = [];

    /// <summary>The one-time link just created, shown once on this response for the admin to pass on.</summary>
    public string? InvitationLink { get; private set; }

    public void OnGet() => Load();

    public IActionResult OnPostAdd()
    {
        UserInvitationIssued? issued = null;
        // The same answer whether or not the email already has an account: the admin learns nothing about other organizations' people.
        if (ModelState.TryRun(() => issued = accounts.Invite(User.ToActor(), Input with { Password = null })))
            InvitationLink = $"{Request.Scheme}://{Request.Host}{Url.Page("/Account/Invitation", new { code = issued!.Code })}";
        Load();
        return Page();
    }

    public IActionResult OnPostRevoke(long invitationId) => Change(() => accounts.RevokeInvitation(User.ToActor(), invitationId), "Invitation withdrawn.");

    public IActionResult OnPostRole(long userId, Role role) => Change(() => accounts.SetRole(User.ToActor(), userId, role), "Role changed.");

    public IActionResult OnPostRemove(long userId, bool confirmed)
    {
        if (confirmed)
            return Change(() => accounts.RemoveUser(User.ToActor(), userId), "Removed from this organization.");
        Load();
        if (People.FirstOrDefault(p => p.UserId == userId) is not { } person)
            return NotFound();
        return this.Confirm(new Confirmation($"Remove {person.DisplayName} from this organization?",
        [
            $"Take away {person.DisplayName}'s access ({person.Email}, {person.Role.Word()}) to this organization at once; their open sessions here stop working.",
            "Keep everything they recorded, and their name on it in the audit log. Their account stays for any other organization they belong to.",
            "To give them access again, send a new invitation.",
        ], "Remove from this organization"));
    }

    private void Load()
    {
        People = accounts.UsersOf(User.ToActor());
        Invitations = accounts.OpenInvitations(User.ToActor());
    }

    private IActionResult Change(Action change, string notice)
    {
        TempData.TryRun(change, notice);
        return RedirectToPage();
    }
}
