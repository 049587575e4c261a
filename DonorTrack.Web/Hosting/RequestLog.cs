using System.Diagnostics;
using System.Text;

namespace DonorTrack.Web.Hosting;

/// <summary>
/// One log line per request: method, path, status and time. Never the query string, which carries search terms (emails, names,
/// postal codes); ASP.NET Core's own "Request starting …" lines, which include it, are turned down to Warning in appsettings.json.
/// The console of a running installation shows what needs a look: answers the server failed (Warning) and slow requests
/// (Information); every other request is logged at Debug, which <c>Logging:LogLevel:DonorTrack.Requests</c> turns on.
/// </summary>
public static partial class RequestLog
{
    public const string Category = "DonorTrack.Requests";
    public static readonly TimeSpan Slow = TimeSpan.FromSeconds(1);

    public static void UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                var level = context.Response.StatusCode >= 500 ? LogLevel.Warning
                    : elapsed >= Slow ? LogLevel.Information
                    : LogLevel.Debug;
                if (logger.IsEnabled(level))
                    Finished(logger, level, LogText.Clean(context.Request.Method), LogText.Clean(context.Request.PathBase.Value + context.Request.Path.Value),
                        context.Response.StatusCode, elapsed.TotalMilliseconds);
            }
        });
    }

    [LoggerMessage(EventId = 1, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void Finished(ILogger logger, LogLevel level, string method, string path, int statusCode, double elapsedMs);
}

/// <summary>Makes user-supplied text safe to log: control characters (NUL, CR, LF, escapes) become U+FFFD, so a value cannot forge lines.</summary>
public static class LogText
{
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        if (!text.Any(char.IsControl))
            return text;
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
            clean.Append(char.IsControl(c) ? '\uFFFD' : c);
        return clean.ToString();
    }
}
