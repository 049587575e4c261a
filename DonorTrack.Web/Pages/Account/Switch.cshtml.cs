namespace DonorTrack.Web.Pages.Account;

/// <summary>Switches the signed-in user to another organization they belong to.</summary>
public sealed class SwitchModel(AccountService accounts) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(long organizationId)
    {
        var userId = User.UserId()!.Value;
        var target = accounts.OrganizationsOf(userId).FirstOrDefault(o => o.OrganizationId == organizationId);
        if (target is null)
            return NotFound();
        await SignInSession.StartAsync(HttpContext, accounts.FindUser(userId)!, target, User.SessionId());
        TempData["Notice"] = $"You are now working in {target.OrganizationName}.";
        return RedirectToPage("/Index");
    }
}
