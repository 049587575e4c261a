using System.Globalization;
using System.Security.Claims;
using DonorTrack.Core.SelfService;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace DonorTrack.Web.Security;

/// <summary>
/// The donor page's own sign-in: a cookie scheme apart from staff sign-in, sent only to <c>/my</c>, naming one organization
/// and one donor record. Staff cookies and roles are never read on <c>/my</c>, and this cookie is never read anywhere else
/// (staff pages authenticate with the default scheme only).
/// </summary>
public static class DonorSessionCookie
{
    public const string Scheme = "DonorSession";

    public const string OrganizationClaim = "donortrack:donor-organization";
    public const string DonorClaim = "donortrack:donor";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(60);

    public static AuthenticationBuilder AddDonorSessionCookie(this AuthenticationBuilder authentication) =>
        authentication.AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "donortrack-donor";
            options.Cookie.Path = "/my";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = Lifetime;
            options.SlidingExpiration = true;
            // The pages decide where a visitor without a session goes (their organization's sign-in page); the handler never redirects.
            options.Events.OnRedirectToLogin = context => { context.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            options.Events.OnRedirectToAccessDenied = context => { context.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });

    public static Task SignInAsync(HttpContext context, DonorSession session)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(OrganizationClaim, session.OrganizationId.ToString(CultureInfo.InvariantCulture)),
            new Claim(DonorClaim, session.DonorId.ToString(CultureInfo.InvariantCulture)),
        ], Scheme);
        return context.SignInAsync(Scheme, new ClaimsPrincipal(identity));
    }

    public static Task SignOutAsync(HttpContext context) => context.SignOutAsync(Scheme);

    /// <summary>The donor session the request carries for this organization; null without one, or with one for another organization.</summary>
    public static async Task<DonorSession?> ReadAsync(HttpContext context, long organizationId)
    {
        var result = await context.AuthenticateAsync(Scheme);
        if (!result.Succeeded)
            return null;
        var principal = result.Principal;
        if (!long.TryParse(principal.FindFirstValue(OrganizationClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var organization)
            || !long.TryParse(principal.FindFirstValue(DonorClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var donor))
            return null;
        return organization == organizationId ? new DonorSession(organization, donor) : null;
    }
}
