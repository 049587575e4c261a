namespace DonorTrack.Tests.Support.Stripe;

/// <summary>One request the fake Stripe server received, with its form or query parameters as Stripe.net encoded them.</summary>
public sealed record RecordedStripeRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Parameters,
    string? IdempotencyKey,
    string? Authorization,
    string? StripeVersion)
{
    /// <summary>A parameter by its encoded name, e.g. <c>line_items[1][price_data][unit_amount]</c>; null when absent.</summary>
    public string? this[string name] => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>The entries of a hash parameter such as <c>metadata</c> or <c>subscription_data[metadata]</c>.</summary>
    public IReadOnlyDictionary<string, string> Hash(string prefix)
    {
        var start = prefix + "[";
        return Parameters
            .Where(pair => pair.Key.StartsWith(start, StringComparison.Ordinal) && pair.Key.EndsWith(']') && pair.Key.IndexOf('[', start.Length) < 0)
            .ToDictionary(pair => pair.Key[start.Length..^1], pair => pair.Value, StringComparer.Ordinal);
    }

    /// <summary>How many line items were sent (<c>line_items[N]…</c>).</summary>
    public int LineItemCount => Parameters.Keys
        .Where(key => key.StartsWith("line_items[", StringComparison.Ordinal))
        .Select(key => key["line_items[".Length..key.IndexOf(']')])
        .Distinct()
        .Count();
}
