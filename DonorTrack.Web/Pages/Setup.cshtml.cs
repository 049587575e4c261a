using DonorTrack.Web.Pages.Account;

namespace DonorTrack.Web.Pages;

/// <summary>First-run setup: exists only while the database has no organization.</summary>
public sealed class SetupModel(AccountService accounts) : PageModel
{
    [BindProperty]
    public SetupInput Input { get; set; } = new(null, null, null, null);

    public IActionResult OnGet() => accounts.NeedsSetup() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!accounts.NeedsSetup())
            return NotFound();
        if (!ModelState.TryRun(() => accounts.SetUp(Input)))
            return Page();
        if (accounts.SignIn(Input.AdminEmail, Input.AdminPassword) is SignInOutcome.Succeeded success)
            await SignInSession.StartAsync(HttpContext, success.User, success.Organizations[0]);
        TempData["Notice"] = "DonorTrack is ready. Next: add your organization's details under Admin, then your first donors.";
        return RedirectToPage("/Index");
    }
}
