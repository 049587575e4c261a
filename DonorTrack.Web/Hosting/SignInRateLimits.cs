using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;

namespace DonorTrack.Web.Hosting;

/// <summary>
/// Limits sign-in attempts per client address and per account, on top of the lockout after five failures: the lockout stops
/// guessing one password, the limits stop one address trying many accounts and many addresses hammering one. Over a limit the
/// answer is 429 with a page that says to wait. Typing a donor's letter code counts against the per-address limit.
/// Settings: <c>DonorTrack:SignInLimits:PerAddress</c> (default 30),
/// <c>DonorTrack:SignInLimits:PerAccount</c> (default 10), both per <c>DonorTrack:SignInLimits:WindowMinutes</c> (default 15).
/// </summary>
public static class SignInRateLimits
{
    public static void AddSignInRateLimits(this WebApplicationBuilder builder)
    {
        var perAddress = Setting(builder.Configuration, "DonorTrack:SignInLimits:PerAddress", 30);
        var perAccount = Setting(builder.Configuration, "DonorTrack:SignInLimits:PerAccount", 10);
        var window = TimeSpan.FromMinutes(Setting(builder.Configuration, "DonorTrack:SignInLimits:WindowMinutes", 15));
        FixedWindowRateLimiterOptions Limit(int permits) => new() { PermitLimit = permits, Window = window, QueueLimit = 0 };

        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignInAttempt(context)
                    ? RateLimitPartition.GetFixedWindowLimiter("address " + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => Limit(perAddress))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignInAttempt(context) && !IsDonorCodeAttempt(context.Request.Path)
                    ? RateLimitPartition.GetFixedWindowLimiter("account " + Account(context), _ => Limit(perAccount))
                    : RateLimitPartition.GetNoLimiter("")));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (rejected, _) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = ((int)window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
        });
    }

    /// <summary>After routing and before authentication; reads the sign-in form first, since the account limit needs its email.</summary>
    public static void UseSignInRateLimits(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (IsSignInAttempt(context) && context.Request.HasFormContentType)
            {
                try
                {
                    await context.Request.ReadFormAsync(context.RequestAborted);
                }
                catch (InvalidDataException)
                {
                    // A malformed form counts against the address only; the page answers it as it would anyway.
                }
            }
            await next(context);
        });
        app.UseRateLimiter();
    }

    private static bool IsSignInAttempt(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && (context.Request.Path.Equals("/Account/SignIn", StringComparison.OrdinalIgnoreCase) || IsDonorLinkRequest(context.Request.Path)
        || IsDonorCodeAttempt(context.Request.Path));

    /// <summary>Asking for a donor-page sign-in link (<c>POST /my/{organization}/signin</c>): limited like staff sign-in, per address and per email.</summary>
    private static bool IsDonorLinkRequest(PathString path) =>
        path.StartsWithSegments("/my", StringComparison.OrdinalIgnoreCase, out var rest)
        && rest.Value is { } tail && tail.EndsWith("/signin", StringComparison.OrdinalIgnoreCase) && tail.Count(c => c == '/') == 2;

    /// <summary>
    /// Typing a letter's sign-in code (<c>POST /my/{organization}/code</c>): limited per client address only, which is what
    /// stops guessing codes; the form names no account to limit by.
    /// </summary>
    private static bool IsDonorCodeAttempt(PathString path) =>
        path.StartsWithSegments("/my", StringComparison.OrdinalIgnoreCase, out var rest)
        && rest.Value is { } tail && tail.EndsWith("/code", StringComparison.OrdinalIgnoreCase) && tail.Count(c => c == '/') == 2;

    private static string Account(HttpContext context) =>
        context.Features.Get<IFormFeature>()?.Form is { } form
            ? (form.TryGetValue("Email", out var email) ? email : form["Input.Email"]).ToString().Trim().ToLowerInvariant()
            : "";

    private static int Setting(IConfiguration configuration, string key, int fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        return int.TryParse(text, out var value) && value >= 1
            ? value
            : throw new InvalidOperationException($"{key}: '{text}' is not a whole number of at least 1.");
    }
}
