using DonorTrack.Core.Security;
using DonorTrack.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace DonorTrack.Web.Pages.Account;

/// <summary>Issues the sign-in cookie for a user acting in one of their organizations.</summary>
public static class SignInSession
{
    public static Task StartAsync(HttpContext http, User user, UserOrganization organization) =>
        http.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            ActorClaims.Principal(user.Id, user.DisplayName, organization.OrganizationId, organization.Role, CookieAuthenticationDefaults.AuthenticationScheme));
}
