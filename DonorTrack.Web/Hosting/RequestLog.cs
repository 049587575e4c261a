using System.Diagnostics;
using System.Text;

namespace DonorTrack.Web.Hosting;

/// <summary>
/// One log line per request: method, path, status and time. Never the query string, which carries search terms (emails, names,
/// postal codes); ASP.NET Core's own "Request starting …" lines, which include it, are turned down to Warning in appsettings.json.
/// </summary>
public static partial class RequestLog
{
    public static void UseRequestLog(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("DonorTrack.Requests");
            Finished(logger, LogText.Clean(context.Request.Method), LogText.Clean(context.Request.PathBase.Value + context.Request.Path.Value),
                context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    });

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void Finished(ILogger logger, string method, string path, int statusCode, double elapsedMs);
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
