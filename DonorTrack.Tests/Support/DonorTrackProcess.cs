using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace DonorTrack.Tests.Support;

/// <summary>
/// The real web app as a child process, <c>dotnet DonorTrack.Web.dll --data DIR</c> on a free loopback port, so a test can
/// kill it with SIGKILL in the middle of a write and start it again over the same data directory.
/// </summary>
public sealed partial class DonorTrackProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DonorTrackProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>What the process wrote to stdout and stderr so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the app over <paramref name="dataDirectory"/> and waits until it answers; <paramref name="settings"/> become environment variables (Stripe__ApiBase).</summary>
    public static async Task<DonorTrackProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            // The web project's folder is the content root, as under WebApplicationFactory; the dll is the one the tests reference.
            WorkingDirectory = WebProjectDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { typeof(Program).Assembly.Location, "--data", dataDirectory, "--urls", baseAddress.ToString().TrimEnd('/') })
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DonorTrack__PublicBaseUrl"] = baseAddress.ToString().TrimEnd('/');
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = new Process { StartInfo = start };
        var app = new DonorTrackProcess(process, baseAddress);
        process.OutputDataReceived += (_, line) => app.Append(line.Data);
        process.ErrorDataReceived += (_, line) => app.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(90));
        return app;
    }

    /// <summary>Runs a command of the CLI (<c>setup</c>, <c>apikey create</c>, …) as its own process and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string dataDirectory, params string[] command)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WebProjectDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { typeof(Program).Assembly.Location, "--data", dataDirectory }.Concat(command))
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>A client with its own cookies and no automatic redirects, aimed at this process.</summary>
    public HttpClient Client() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(120),
        };

    /// <summary>Signs in through the form, as a person would; returns the cookie-carrying client.</summary>
    public async Task<HttpClient> SignedInAsync(string email, string password)
    {
        var client = Client();
        var response = await PostFormAsync(client, "/Account/SignIn", "/Account/SignIn", new() { ["Email"] = email, ["Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in failed: {response.StatusCode}\n{Output}");
        return client;
    }

    /// <summary>GETs the form page for its antiforgery token, then POSTs the fields to the action.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await AntiforgeryTokenAsync(client, formPage);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string formPage)
    {
        var page = await client.GetStringAsync(formPage);
        var token = AntiforgeryToken().Match(page);
        return token.Success ? token.Groups[1].Value : throw new InvalidOperationException($"No antiforgery token on {formPage}.");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, no disposal; what the database holds is what a power cut would leave.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan within)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"DonorTrack exited with {_process.ExitCode} before answering:\n{Output}");
            try
            {
                var response = await probe.GetAsync("/Account/SignIn");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Starting up slowly on a busy machine.
            }
            await Task.Delay(200);
        }
        Kill();
        throw new TimeoutException($"DonorTrack did not answer within {within}:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string WebProjectDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DonorTrack.sln")))
            directory = directory.Parent;
        return directory is null ? AppContext.BaseDirectory : Path.Combine(directory.FullName, "DonorTrack.Web");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
