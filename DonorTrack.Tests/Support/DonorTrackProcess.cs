using System.Diagnostics;
using System.Net.Sockets;
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
    public static Task<DonorTrackProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        return StartAsync(Dotnet(typeof(Program).Assembly.Location, "--data", dataDirectory, "--urls", baseAddress.ToString().TrimEnd('/')), baseAddress, settings);
    }

    /// <summary>Whether this machine lets a test give the app a file system of its own (unprivileged user and mount namespaces).</summary>
    public static bool CanUseSmallVolumes()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("unshare", ["-rm", "true"]) { RedirectStandardError = true, UseShellExecute = false })!;
            probe.WaitForExit();
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>
    /// Starts the app with its data directory on a file system of its own, <paramref name="sizeKilobytes"/> large (a tmpfs in a
    /// private mount namespace), after running the CLI's <paramref name="setup"/> there. The returned <see cref="SmallVolume"/>
    /// fills and frees that file system while the app runs: a real full disk.
    /// </summary>
    public static async Task<(DonorTrackProcess App, SmallVolume Volume)> StartOnSmallVolumeAsync(string dataDirectory, long sizeKilobytes, params string[] setup)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var control = dataDirectory + ".control";
        Directory.CreateDirectory(dataDirectory);
        Directory.CreateDirectory(control);
        var start = Dotnet();
        start.FileName = "unshare";
        foreach (var argument in new[] { "-rm", "sh", "-c", SmallVolumeScript, "sh", dataDirectory, sizeKilobytes.ToString(System.Globalization.CultureInfo.InvariantCulture), control,
                     typeof(Program).Assembly.Location, baseAddress.ToString().TrimEnd('/') }.Concat(setup))
            start.ArgumentList.Add(argument);
        return (await StartAsync(start, baseAddress, null), new SmallVolume(control));
    }

    /// <summary>Runs the app or a CLI command with its data directory on a tmpfs of <paramref name="sizeKilobytes"/> in a private mount namespace; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunOnSmallVolumeAsync(string dataDirectory, long sizeKilobytes, params string[] arguments)
    {
        Directory.CreateDirectory(dataDirectory);
        var start = Dotnet();
        start.FileName = "unshare";
        const string script = "mount -t tmpfs -o size=\"$2\"k tmpfs \"$1\" || exit 97; data=$1; shift 2; exec dotnet \"$@\" --data \"$data\"";
        foreach (var argument in new[] { "-rm", "sh", "-c", script, "sh", dataDirectory, sizeKilobytes.ToString(System.Globalization.CultureInfo.InvariantCulture), typeof(Program).Assembly.Location }.Concat(arguments))
            start.ArgumentList.Add(argument);
        return await RunToEndAsync(start);
    }

    /// <summary>
    /// Runs the app or a CLI command over a data directory on a file system mounted read-only (a tmpfs in a private mount
    /// namespace, migrated first, then remounted read-only): a restored backup on read-only media, or a disk the kernel
    /// remounted read-only after errors.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunOnReadOnlyVolumeAsync(string dataDirectory, params string[] arguments)
    {
        Directory.CreateDirectory(dataDirectory);
        var start = Dotnet();
        start.FileName = "unshare";
        const string script = """
            data=$1; shift
            mount -t tmpfs -o size=16m tmpfs "$data" || exit 97
            dotnet "$1" --data "$data" migrate > /dev/null || exit 98
            mount -o remount,ro "$data" || exit 96
            exec dotnet "$@" --data "$data"
            """;
        foreach (var argument in new[] { "-rm", "sh", "-c", script, "sh", dataDirectory, typeof(Program).Assembly.Location }.Concat(arguments))
            start.ArgumentList.Add(argument);
        return await RunToEndAsync(start);
    }

    private static async Task<(int ExitCode, string Output)> RunToEndAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "did not exit within 90 s (a crash loop or a hang): " + await output + await error);
        }
        return (process.ExitCode, await output + await error);
    }

    // $1 data directory, $2 size in KB, $3 control folder, $4 the app's dll, $5 --urls, then the setup command. A watcher carries
    // out requests the test drops into the control folder (fill N: leave N KB free; free) and deletes each
    // request when done.
    private const string SmallVolumeScript = """
        data=$1; size=$2; control=$3; dll=$4; urls=$5; shift 5
        mount -t tmpfs -o size="$size"k tmpfs "$data" || exit 97
        dotnet "$dll" --data "$data" "$@" >&2 || exit 98
        (
          while :; do
            for request in "$control"/*.request; do
              [ -e "$request" ] || continue
              read -r verb amount < "$request"
              case "$verb" in
                fill) rm -f "$data/filler"; avail=$(df -k "$data" | awk 'NR==2 {print $4}'); dd if=/dev/zero of="$data/filler" bs=1024 count=$((avail - amount)) 2>/dev/null ;;
                free) rm -f "$data/filler" ;;
              esac
              rm -f "$request"
            done
            sleep 0.05
          done
        ) &
        exec dotnet "$dll" --data "$data" --urls "$urls"
        """;

    private static ProcessStartInfo Dotnet(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            // The web project's folder is the content root, as under WebApplicationFactory; the dll is the one the tests reference.
            WorkingDirectory = WebProjectDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return start;
    }

    private static async Task<DonorTrackProcess> StartAsync(ProcessStartInfo start, Uri baseAddress, IReadOnlyDictionary<string, string>? settings)
    {
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
        var start = Dotnet([typeof(Program).Assembly.Location, "--data", dataDirectory, .. command]);
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

/// <summary>The app's own small file system (see <see cref="DonorTrackProcess.StartOnSmallVolumeAsync"/>): fill it, free it.</summary>
public sealed class SmallVolume(string control)
{
    /// <summary>Fills the file system until only <paramref name="kilobytesLeft"/> KB are free.</summary>
    public Task FillAsync(long kilobytesLeft) => RequestAsync($"fill {kilobytesLeft}");

    public Task FreeAsync() => RequestAsync("free");

    private async Task RequestAsync(string request)
    {
        var file = Path.Combine(control, Guid.NewGuid().ToString("N") + ".request");
        await File.WriteAllTextAsync(file, request + "\n");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (File.Exists(file))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The volume did not carry out \"{request}\".");
            await Task.Delay(50);
        }
    }
}
