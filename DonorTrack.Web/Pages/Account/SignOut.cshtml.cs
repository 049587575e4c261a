using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace DonorTrack.Web.Pages.Account;

public sealed class SignOutModel(AccountService accounts) : PageModel
{
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        // Revoke the session server-side first: deleting the cookie alone leaves any copy of it working.
        if (User.SessionId() is { } sessionId)
            accounts.EndSession(sessionId);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Account/SignIn");
    }
}
