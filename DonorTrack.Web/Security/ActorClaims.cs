using System.Security.Claims;

namespace DonorTrack.Web.Security;

/// <summary>How a signed-in user or API key is written into claims, and read back as the <see cref="Actor"/> services take.</summary>
public static class ActorClaims
{
    public const string OrganizationClaim = "donortrack:organization";

    /// <summary>The server-side session a sign-in cookie belongs to (user_sessions.id); API keys have none.</summary>
    public const string SessionClaim = "donortrack:session";

    public static ClaimsPrincipal Principal(long userId, string name, long organizationId, Role role, string scheme, string? sessionId = null)
    {
        List<Claim> claims =
        [
            new Claim(ClaimTypes.NameIdentifier, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, name),
            new Claim(OrganizationClaim, organizationId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Role, role.Word()),
        ];
        if (sessionId is not null)
            claims.Add(new Claim(SessionClaim, sessionId));
        return new(new ClaimsIdentity(claims, scheme));
    }

    public static string? SessionId(this ClaimsPrincipal user) => user.FindFirstValue(SessionClaim);

    /// <summary>The role the principal carries in its organization; null when it has none or an unknown word.</summary>
    public static Role? RoleClaim(this ClaimsPrincipal user) =>
        DomainWords.TryParse<Role>(user.FindFirstValue(ClaimTypes.Role), out var role) && Enum.IsDefined(role) ? role : null;

    public static long? UserId(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) && id > 0 ? id : null;

    public static long OrganizationId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(OrganizationClaim) ?? throw new InvalidOperationException("No organization in the principal."), System.Globalization.CultureInfo.InvariantCulture);

    public static Actor ToActor(this ClaimsPrincipal user) =>
        new(user.OrganizationId(), user.UserId(), user.Identity?.Name ?? "unknown", user.RoleClaim() ?? Role.Viewer);
}
