namespace DonorTrack.Core.Payments;

/// <summary>Makes a <see cref="StripeGateway"/> for one organization's key over one shared HttpClient (register as a singleton).</summary>
public sealed class StripeGatewayFactory(HttpClient httpClient, string? apiBase = null, int maxNetworkRetries = 2)
{
    /// <summary>Null for Stripe itself; a loopback address when the app runs against the fake server.</summary>
    public string? ApiBase { get; } = apiBase;

    public StripeGateway For(string secretKey) => new(secretKey, httpClient, ApiBase, maxNetworkRetries);
}
