namespace DonorTrack.Web.Hosting;

/// <summary>Where the SQLite file lives: <c>--data DIR</c>, else <c>DONORTRACK_DATA</c>, else <c>./data</c>.</summary>
public static class DataDirectory
{
    public static string Resolve(IConfiguration configuration) =>
        Path.GetFullPath(
            NonEmpty(configuration["data"])
            ?? NonEmpty(configuration["DONORTRACK_DATA"])
            ?? "data");

    public static string Resolve(string[] args)
    {
        var index = Array.IndexOf(args, "--data");
        var fromArgs = index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        return Path.GetFullPath(NonEmpty(fromArgs) ?? NonEmpty(Environment.GetEnvironmentVariable("DONORTRACK_DATA")) ?? "data");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
