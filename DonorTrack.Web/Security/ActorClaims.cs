using System.Security.Claims;
using DonorTrack.Core.Security;

namespace DonorTrack.Web.Security;

/// <summary>How a signed-in user or API key is written into claims, and read back as the <see cref="Actor"/> services take.</summary>
public static class ActorClaims
{
    public const string OrganizationClaim = "donortrack:organization";

    /// <summary>The server-side session a sign-in cookie belongs to (user_sessions.id); API keys have none.</summary>
    public const string SessionClaim = "donortrack:session";

    public static ClaimsPrincipal Principal(long userId, string name, long organizationId, string role, string scheme, string? sessionId = null)
    {
        List<Claim> claims =
        [
            new Claim(ClaimTypes.NameIdentifier, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, name),
            new Claim(OrganizationClaim, organizationId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Role, role),
        ];
        if (sessionId is not null)
            claims.Add(new Claim(SessionClaim, sessionId));
        return new(new ClaimsIdentity(claims, scheme));
    }

    public static string? SessionId(this ClaimsPrincipal user) => user.FindFirstValue(SessionClaim);

    public static string? RoleClaim(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role);

    public static long? UserId(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) && id > 0 ? id : null;

    public static long OrganizationId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(OrganizationClaim) ?? throw new InvalidOperationException("No organization in the principal."), System.Globalization.CultureInfo.InvariantCulture);

    public static Actor ToActor(this ClaimsPrincipal user) =>
        new(user.OrganizationId(), user.UserId(), user.Identity?.Name ?? "unknown", user.RoleClaim() ?? Roles.Viewer);
}
