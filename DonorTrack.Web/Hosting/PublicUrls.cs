namespace DonorTrack.Web.Hosting;

/// <summary>
/// The address people and Stripe reach this installation at: <c>DonorTrack:PublicBaseUrl</c>, else <c>--base-url</c>, else
/// <c>DONORTRACK_BASE_URL</c>, else <c>http://localhost:5000</c>. Absolute links are built from it, never from the request's
/// Host header, which a client can forge.
/// </summary>
public sealed class PublicUrls
{
    public const string DefaultBaseUrl = "http://localhost:5000";

    public PublicUrls(Uri baseUrl) => BaseUrl = baseUrl;

    public Uri BaseUrl { get; }

    /// <summary>The absolute address of a path on this site, e.g. <c>/give/frogtown/thanks</c>.</summary>
    public string For(string path) => BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + path.TrimStart('/');

    public static PublicUrls FromConfiguration(IConfiguration configuration)
    {
        var configured = NonEmpty(configuration["DonorTrack:PublicBaseUrl"]) ?? NonEmpty(configuration["base-url"])
            ?? NonEmpty(configuration["DONORTRACK_BASE_URL"]) ?? DefaultBaseUrl;
        if (!Uri.TryCreate(configured, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.Query))
            throw new InvalidOperationException(
                $"The public base URL '{configured}' is not an absolute http or https address (set DonorTrack:PublicBaseUrl, --base-url or DONORTRACK_BASE_URL, e.g. https://give.example.org).");
        return new PublicUrls(url);
    }

    /// <summary>The Host header values accepted: <c>AllowedHosts</c> when configured, else localhost and the base URL's host.</summary>
    public IReadOnlyList<string> AllowedHosts(IConfiguration configuration)
    {
        var configured = configuration["AllowedHosts"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return configured is { Length: > 0 } ? configured : new[] { "localhost", "127.0.0.1", "[::1]", BaseUrl.IdnHost }.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
