using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Matching;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DonorTrack.Core;

/// <summary>The one place Core's services are wired together, for the web host, the CLI, tests and benchmarks alike.</summary>
public static class CoreServices
{
    public static IServiceCollection AddDonorTrackCore(this IServiceCollection services, IDbConnectionFactory connections)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(connections);
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<OrganizationRepository>();
        services.AddSingleton<OrganizationService>();
        services.AddSingleton<UserRepository>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<DonorRepository>();
        services.AddSingleton<DonorService>();
        services.AddSingleton<GiftRepository>();
        services.AddSingleton<GiftService>();
        services.AddSingleton<DesignationService>();

        // Matching campaigns (issue 5): GiftService calls MatchingReallocation inside its transactions.
        services.AddSingleton<MatchingRepository>();
        services.AddSingleton<MatchingReallocation>();
        services.AddSingleton<MatchingCampaignService>();
        return services;
    }
}
