using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace DonorTrack.Web.Security;

/// <summary>
/// Re-reads the user's role and session on every request, so removing someone from an organization or lowering
/// their role takes effect at once instead of when their cookie expires, and a signed-out (or, after a password
/// change, any other) session's cookie stops working even if someone kept a copy.
/// </summary>
public static class CookieRoleRefresh
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.UserId() is not { } userId || principal.FindFirstValue(ActorClaims.OrganizationClaim) is null
            || principal.SessionId() is not { } sessionId)
        {
            await Reject(context);
            return;
        }
        var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountService>();
        var role = accounts.RoleInSession(userId, sessionId, principal.OrganizationId());
        if (role is null)
        {
            await Reject(context);
            return;
        }
        if (role != principal.RoleClaim())
        {
            context.ReplacePrincipal(ActorClaims.Principal(userId, principal.Identity!.Name!, principal.OrganizationId(), role.Value, context.Scheme.Name, sessionId));
            context.ShouldRenew = true;
        }
    }

    private static async Task Reject(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
