using DonorTrack.Core.Demo;
using OpenQA.Selenium;

namespace DonorTrack.Tests.Browser;

/// <summary>
/// Retakes docs/screenshot.png: the dashboard of the demo alliance in headless Chromium at a desktop width. Explicit, since it
/// writes into the repository: dotnet test --filter FullyQualifiedName~ReadmeScreenshot.
/// </summary>
[Explicit("Writes docs/screenshot.png")]
public sealed class ReadmeScreenshot
{
    [Test]
    public void DemoDashboard_AtDesktopWidth_IsTheReadmeScreenshot()
    {
        using var app = new DonorTrackAppFactory();
        using var browser = BrowserSession.Start(app);
        var demo = app.Get<DemoData>().Load();
        browser.Driver.Manage().Window.Size = new System.Drawing.Size(1440, 1100);
        browser.Open("/Account/SignIn");
        browser.Type("Email", DemoData.AdminEmail);
        browser.Type("Password", DemoData.AdminPassword);
        browser.Click("form button[type=submit]");
        // The alliance: it runs the matching campaigns, so its dashboard shows every kind of alert.
        browser.Open("/");
        browser.Choose("switch-organization", demo.AllianceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Thread.Sleep(2000);
        browser.Open("/");
        Assert.That(browser.Driver.FindElement(By.TagName("h1")).Text, Is.EqualTo("Twin Cities Neighbors Alliance"));
        Assert.That(browser.Driver.FindElement(By.Id("alerts")).Text, Does.Contain("Needs attention"));

        var target = Path.Combine(RepositoryRoot(), "docs", "screenshot.png");
        browser.Driver.GetScreenshot().SaveAsFile(target);

        Assert.That(new FileInfo(target).Length, Is.GreaterThan(10_000));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DonorTrack.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("DonorTrack.sln not found above the test directory.");
    }
}
