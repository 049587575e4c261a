using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace DonorTrack.Tests.Browser;

/// <summary>Debian's Chromium, headless, driven by its own ChromeDriver against the app served by Kestrel on loopback.</summary>
public sealed class BrowserSession : IDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string DriverDirectory = "/usr/bin";

    private BrowserSession(ChromeDriver driver, string baseAddress)
    {
        Driver = driver;
        BaseAddress = baseAddress.TrimEnd('/');
    }

    public ChromeDriver Driver { get; }

    public string BaseAddress { get; }

    /// <summary>Starts Chromium, or marks the test inconclusive outside CI when the browser is not installed (.ci/run installs it, and in CI its absence fails).</summary>
    public static BrowserSession Start(DonorTrackAppFactory app)
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(Path.Combine(DriverDirectory, "chromedriver")))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
                Assert.Fail("Chromium and chromedriver are required in CI (apt-get install chromium chromium-driver).");
            Assert.Ignore("Chromium is not installed; run .ci/run or apt-get install chromium chromium-driver.");
        }
        app.UseKestrel(0);
        app.StartServer();
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        // Without the background-networking switches Chromium tries to reach the internet, which this machine refuses.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
            $"--user-data-dir={Path.Combine(Path.GetTempPath(), "donortrack-chromium-" + Guid.NewGuid().ToString("N"))}");
        var service = ChromeDriverService.CreateDefaultService(DriverDirectory, "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(2);
        return new BrowserSession(driver, app.ClientOptions.BaseAddress.ToString());
    }

    public void Open(string path) => Driver.Navigate().GoToUrl(BaseAddress + path);

    public void Type(string id, string text)
    {
        var field = Driver.FindElement(By.Id(id));
        field.Clear();
        field.SendKeys(text);
    }

    public void Choose(string id, string value) => Driver.FindElement(By.CssSelector($"#{id} option[value='{value}']")).Click();

    /// <summary>Clicks something that submits or navigates, and returns once the next page has replaced this one.</summary>
    public void Click(string cssSelector) => ClickAndWait(Driver.FindElement(By.CssSelector(cssSelector)));

    public void ClickAndWait(IWebElement element)
    {
        // A marker on the window survives anything but a new document, which is exactly what a submit or link produces.
        Driver.ExecuteScript("window.donorTrackPreviousPage = true;");
        element.Click();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (Driver.ExecuteScript("return document.readyState === 'complete' && window.donorTrackPreviousPage === undefined;") is true)
                    return;
            }
            catch (WebDriverException)
            {
                // The old document is being torn down; ask again in a moment.
            }
            Thread.Sleep(50);
        }
        Assert.Fail($"The page did not change within 20 s of clicking; still at {Driver.Url}.");
    }

    public string Text(string cssSelector) => Driver.FindElement(By.CssSelector(cssSelector)).Text;

    public void Screenshot(string path) => Driver.GetScreenshot().SaveAsFile(path);

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}
