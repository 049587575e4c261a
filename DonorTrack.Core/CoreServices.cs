using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Pdf;
using DonorTrack.Core.Receipts;
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

        // Receipts and the PDF engine they print with.
        services.TryAddSingleton<IPdfRenderer, SkiaPdfRenderer>();
        services.AddSingleton<ReceiptRepository>();
        services.AddSingleton<ReceiptService>();
        return services;
    }
}
