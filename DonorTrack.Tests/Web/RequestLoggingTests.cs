using System.Collections.Concurrent;
using DonorTrack.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DonorTrack.Tests.Web;

public sealed class RequestLoggingTests
{
    [Test]
    public async Task SearchWithAnEmailAndControlCharacters_AreLoggedWithoutTheQueryStringAndWithoutControlCharacters()
    {
        var capture = new CapturingLoggerProvider();
        using var app = new DonorTrackAppFactory { LogCapture = capture };
        app.Settings["Logging:LogLevel:" + RequestLog.Category] = "Debug";
        app.SetUpFirstOrganization();
        var browser = await app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var search = await browser.GetAsync("/Donors?q=ana@example.org");
        await browser.GetAsync("/Give/ab%1Bcd%0Aef?q=ana%40example.org%00");

        Assert.That(search.IsSuccessStatusCode, Is.True);
        var lines = capture.Lines.ToList();
        Assert.That(lines, Has.Some.Contains("GET /Donors answered 200"), "the request is logged, by path");
        Assert.That(lines, Has.None.Contains("ana@example.org").And.None.Contains("ana%40example.org").And.None.Contains("q="));
        Assert.That(lines.Where(line => line.Any(char.IsControl)), Is.Empty, "no NUL, escape or line break is written");
    }

    [Test]
    public async Task RequestLog_PathWithNulEscapeAndLineFeed_WritesOneLineWithTheControlCharactersReplaced()
    {
        // The test server hands the path over still percent-encoded; Kestrel decodes it, so the decoded path is set here directly.
        var capture = new CapturingLoggerProvider();

        await Answer(capture, "/Give/a\0b\u001bc\nd", 404, TimeSpan.Zero, LogLevel.Debug);

        Assert.That(capture.Lines.Single(), Does.EndWith("GET /Give/a\uFFFDb\uFFFDc\uFFFDd answered 404 in " + capture.Lines.Single().Split(" in ")[^1]));
        Assert.That(capture.Lines.Single(), Does.Not.Contain("ana@example.org"));
    }

    [TestCase(200, 0, "Debug")]
    [TestCase(404, 0, "Debug")]
    [TestCase(500, 0, "Warning")]
    [TestCase(503, 0, "Warning")]
    [TestCase(200, 1_100, "Information")]
    public async Task RequestLog_AtTheDefaultLevel_ShowsFailedAndSlowAnswersOnly(int status, int milliseconds, string level)
    {
        var capture = new CapturingLoggerProvider();

        await Answer(capture, "/Donors", status, TimeSpan.FromMilliseconds(milliseconds), LogLevel.Debug);
        var shownByDefault = new CapturingLoggerProvider();
        await Answer(shownByDefault, "/Donors", status, TimeSpan.FromMilliseconds(milliseconds), LogLevel.Information);

        Assert.That(capture.Lines.Single(), Does.StartWith($"{level} {RequestLog.Category}: GET /Donors answered {status} in "));
        Assert.That(shownByDefault.Lines, Has.Count.EqualTo(level == "Debug" ? 0 : 1), "an installation's console at the default level");
    }

    private static async Task Answer(CapturingLoggerProvider capture, string path, int status, TimeSpan delay, LogLevel minimumLevel)
    {
        using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(capture).SetMinimumLevel(minimumLevel))
            .BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseRequestLog();
        app.Run(async context =>
        {
            await Task.Delay(delay);
            context.Response.StatusCode = status;
        });
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "GET";
        context.Request.Path = path;
        context.Request.QueryString = new QueryString("?q=ana@example.org");
        await app.Build()(context);
    }

    [TestCase("plain text", "plain text")]
    [TestCase("nul\0here", "nul\uFFFDhere")]
    [TestCase("forged\r\nINFO admin signed in", "forged\uFFFD\uFFFDINFO admin signed in")]
    [TestCase(null, "")]
    public void LogTextClean_ReplacesControlCharacters(string? text, string logged)
    {
        Assert.That(LogText.Clean(text), Is.EqualTo(logged));
    }
}
