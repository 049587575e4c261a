using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace DonorTrack.Web.Pages.Account;

/// <summary>Issues the sign-in cookie for a user acting in one of their organizations, tied to a server-side session.</summary>
public static class SignInSession
{
    /// <summary>Signs in with a new session, or re-issues the cookie for another organization within <paramref name="sessionId"/>.</summary>
    public static Task StartAsync(HttpContext http, User user, UserOrganization organization, string? sessionId = null)
    {
        var accounts = http.RequestServices.GetRequiredService<AccountService>();
        if (sessionId is null)
            sessionId = accounts.OpenSession(user.Id, organization.OrganizationId);
        else
            accounts.RememberOrganization(user.Id, organization.OrganizationId);
        return http.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            ActorClaims.Principal(user.Id, user.DisplayName, organization.OrganizationId, organization.Role, CookieAuthenticationDefaults.AuthenticationScheme, sessionId));
    }
}
