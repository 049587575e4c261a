using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DonorTrack.Web.Security;

/// <summary>Options for the API key scheme (none beyond the defaults).</summary>
public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions;

/// <summary>Authenticates <c>Authorization: Bearer dtk_…</c> API keys; answers 401/403 as problem details rather than redirecting.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService apiKeys)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.NoResult());
        var actor = apiKeys.Resolve(header["Bearer ".Length..].Trim());
        if (actor is null)
            return Task.FromResult(AuthenticateResult.Fail("Unknown or revoked API key."));
        var principal = ActorClaims.Principal(0, actor.Name, actor.OrganizationId, actor.Role, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status401Unauthorized, "Send a valid API key: Authorization: Bearer dtk_…");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status403Forbidden, "This API key's role does not allow that.");

    private Task WriteProblem(int status, string detail)
    {
        Response.StatusCode = status;
        return Results.Problem(statusCode: status, detail: detail).ExecuteAsync(Context);
    }
}
