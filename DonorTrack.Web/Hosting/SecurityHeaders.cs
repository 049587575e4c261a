using Microsoft.AspNetCore.Antiforgery;

namespace DonorTrack.Web.Hosting;

/// <summary>
/// The browser-side defences on every response: a Content-Security-Policy that runs script from this site's files only (no inline
/// script or handlers), no framing except of an organization's donation page by the https origins it lists, nosniff, a same-origin
/// referrer, and HSTS when the request came over HTTPS (outside Development, where a developer's localhost certificate would stick).
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, EmbedOriginService embedOrigins, IWebHostEnvironment environment)
{
    // Inline style attributes are still allowed: the pages size progress bars with them, and style cannot run code.
    // No form-action: the donation form's POST answers with a redirect to Stripe Checkout, which form-action would block.
    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "object-src 'none'; base-uri 'self'; frame-ancestors ";

    public const string StrictTransportSecurity = "max-age=31536000";

    public static void Configure(WebApplicationBuilder builder) =>
        builder.Services.Configure<AntiforgeryOptions>(options =>
        {
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

    public Task InvokeAsync(HttpContext context)
    {
        var framers = DonationPageSlug(context.Request.Path) is { } slug ? embedOrigins.ForSlug(slug) : [];
        var headers = context.Response.Headers;
        context.Response.OnStarting(() =>
        {
            headers.ContentSecurityPolicy = Policy + (framers.Count == 0 ? "'none'" : string.Join(' ', framers));
            if (framers.Count == 0)
                headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            if (context.Request.IsHttps && !environment.IsDevelopment())
                headers.StrictTransportSecurity = StrictTransportSecurity;
            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>The slug of <c>/give/SLUG</c> and the pages under it; null for any other path.</summary>
    private static string? DonationPageSlug(PathString path)
    {
        if (!path.StartsWithSegments("/give", StringComparison.OrdinalIgnoreCase, out var rest) || !rest.HasValue)
            return null;
        var slug = rest.Value!.TrimStart('/').Split('/')[0];
        return slug.Length == 0 ? null : slug;
    }
}
