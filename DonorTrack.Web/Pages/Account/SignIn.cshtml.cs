namespace DonorTrack.Web.Pages.Account;

public sealed class SignInModel(AccountService accounts) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? Problem { get; private set; }

    public IActionResult OnGet() => accounts.NeedsSetup() ? RedirectToPage("/Setup") : Page();

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        switch (accounts.SignIn(Email, Password))
        {
            case SignInOutcome.Succeeded { Organizations.Count: 0 }:
                Problem = "Your account does not belong to any organization yet. Ask an admin to add you.";
                return Page();
            case SignInOutcome.Succeeded success:
                await SignInSession.StartAsync(HttpContext, success.User, success.Organizations[0]);
                return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
            case SignInOutcome.LockedOut locked:
                Problem = $"Too many failed attempts. Try again after {locked.Until:HH:mm} UTC.";
                return Page();
            default:
                Problem = "That email and password do not match an account.";
                return Page();
        }
    }
}
