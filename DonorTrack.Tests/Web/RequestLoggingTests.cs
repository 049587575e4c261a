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
        using var services = new ServiceCollection().AddLogging(logging => logging.AddProvider(capture)).BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseRequestLog();
        app.Run(context =>
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        });
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "GET";
        context.Request.Path = "/Give/a\0b\u001bc\nd";
        context.Request.QueryString = new QueryString("?q=ana@example.org");

        await app.Build()(context);

        Assert.That(capture.Lines.Single(), Does.EndWith("GET /Give/a\uFFFDb\uFFFDc\uFFFDd answered 404 in " + capture.Lines.Single().Split(" in ")[^1]));
        Assert.That(capture.Lines.Single(), Does.Not.Contain("ana@example.org"));
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
