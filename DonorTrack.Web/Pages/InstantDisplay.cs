using DonorTrack.Core.Money;
using DonorTrack.Core.Organizations;
using DonorTrack.Web.Security;

namespace DonorTrack.Web.Pages;

/// <summary>
/// Shows instants (recorded, issued, sent…) in the time zone of the organization the request is for: the signed-in
/// user's, or the one a public page names. Every page shows instants through this, so none prints server or UTC time.
/// </summary>
public sealed class InstantDisplay(IHttpContextAccessor http, OrganizationService organizations)
{
    private TimeZoneInfo? _zone;

    /// <summary>For pages whose organization is not the signed-in user's (the public giving pages).</summary>
    public void ShowFor(Organization organization) => _zone = organization.TimeZoneInfo;

    public string When(DateTimeOffset instant) => Zone() is { } zone ? DisplayFormat.When(instant, zone) : DisplayFormat.WhenUtc(instant);

    public string When(DateTimeOffset? instant) => instant is { } known ? When(known) : "—";

    private TimeZoneInfo? Zone()
    {
        if (_zone is null && http.HttpContext?.User is { Identity.IsAuthenticated: true } user && user.UserId() is not null)
            _zone = organizations.Find(user.OrganizationId())?.TimeZoneInfo;
        return _zone;
    }
}
