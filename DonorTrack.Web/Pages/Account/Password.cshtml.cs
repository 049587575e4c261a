namespace DonorTrack.Web.Pages.Account;

public sealed class PasswordModel(AccountService accounts) : PageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        if (!ModelState.TryRun(() => accounts.ChangePassword(User.UserId()!.Value, User.SessionId(), CurrentPassword, NewPassword), prefix: ""))
            return Page();
        TempData["Notice"] = "Your password is changed. Every other place you were signed in is signed out.";
        return RedirectToPage("/Index");
    }
}
