using Microsoft.AspNetCore.Diagnostics;

namespace DonorTrack.Web.Pages.Give;

/// <summary>Which requests are a donor's, on the public giving pages, and which organization their address names.</summary>
public static class PublicPages
{
    public const string Prefix = "/give";

    /// <summary>The request's own path, or for an error page the path that failed (a mistyped /give/… address).</summary>
    public static string PathOf(HttpContext context) =>
        context.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
        ?? context.Features.Get<IExceptionHandlerPathFeature>()?.Path
        ?? context.Request.Path.Value ?? "/";

    public static bool IsPublic(HttpContext context) =>
        PathOf(context).StartsWith(Prefix + "/", StringComparison.OrdinalIgnoreCase) || PathOf(context).Equals(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The organization slug in /give/SLUG/…, or null.</summary>
    public static string? SlugOf(HttpContext context)
    {
        if (!IsPublic(context))
            return null;
        var segments = PathOf(context).Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 ? Uri.UnescapeDataString(segments[1]) : null;
    }
}
