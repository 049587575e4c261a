using FluentValidation;

namespace DonorTrack.Core.Organizations;

/// <summary>What an admin types to let other sites show the public donation page in a frame: https origins, one per line.</summary>
public sealed record EmbedOriginsInput
{
    public const int MaximumCount = 20;

    public string? Origins { get; init; }

    /// <summary>The entries as typed, split on lines, spaces and commas.</summary>
    public IReadOnlyList<string> Entries() =>
        (Origins ?? "").Split(['\r', '\n', ' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Reads an origin as a browser writes it in a Content-Security-Policy source list.</summary>
public static class EmbedOrigin
{
    /// <summary>
    /// <c>https://host</c> or <c>https://host:port</c>, lower-case, default port dropped; null for anything else (another scheme,
    /// a path, a query, credentials, a wildcard), since each of those would either not match or widen the policy unseen.
    /// </summary>
    public static string? Normalize(string entry)
    {
        if (!Uri.TryCreate(entry, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.HostNameType == UriHostNameType.Unknown)
            return null;
        if (uri.UserInfo.Length > 0 || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || entry.TrimEnd('/').Contains('*'))
            return null;
        var authority = entry.Trim().TrimEnd('/');
        if (authority.Count(c => c == '/') != 2)
            return null;
        return uri.IsDefaultPort ? $"https://{uri.IdnHost}" : $"https://{uri.IdnHost}:{uri.Port}";
    }
}

/// <summary>Every entry must be an https origin; at most <see cref="EmbedOriginsInput.MaximumCount"/> of them.</summary>
public sealed class EmbedOriginsInputValidator : AbstractValidator<EmbedOriginsInput>
{
    public EmbedOriginsInputValidator()
    {
        RuleFor(x => x.Origins).Must(origins => new EmbedOriginsInput { Origins = origins }.Entries().Count <= EmbedOriginsInput.MaximumCount)
            .WithMessage($"List at most {EmbedOriginsInput.MaximumCount} sites.");
        RuleFor(x => x.Origins).Custom((origins, context) =>
        {
            var wrong = new EmbedOriginsInput { Origins = origins }.Entries().Where(entry => EmbedOrigin.Normalize(entry) is null).ToList();
            if (wrong.Count > 0)
                context.AddFailure(nameof(EmbedOriginsInput.Origins),
                    $"{string.Join(", ", wrong.Take(3).Select(w => $"'{w}'"))} {(wrong.Count == 1 ? "is not an https origin" : "are not https origins")}: " +
                    "write each site as https://example.org (or https://example.org:8443), without a path.");
        });
    }
}
