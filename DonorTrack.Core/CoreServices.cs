using DonorTrack.Core.Accounts;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Dues;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Imports;
using DonorTrack.Core.Matching;
using DonorTrack.Core.Merging;
using DonorTrack.Core.Privacy;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Payments;
using DonorTrack.Core.Pdf;
using DonorTrack.Core.Receipts;
using DonorTrack.Core.Reports;
using DonorTrack.Core.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DonorTrack.Core;

/// <summary>The one place Core's services are wired together, for the web host, the CLI, tests and benchmarks alike.</summary>
public static class CoreServices
{
    public static IServiceCollection AddDonorTrackCore(this IServiceCollection services, IDbConnectionFactory connections)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(NullLogger<>)));
        services.AddSingleton(connections);
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<OrganizationRepository>();
        services.AddSingleton<OrganizationService>();
        services.AddSingleton<EmbedOriginService>();
        services.AddSingleton<PublicPageBrandingService>();
        services.AddSingleton<UserRepository>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<InstallationAdministrators>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<DonorRepository>();
        services.AddSingleton<DonorService>();
        services.AddSingleton<DonorMergeRepository>();
        services.AddSingleton<DonorMergeService>();
        services.AddSingleton<DonorPrivacyRepository>();
        services.AddSingleton<DonorPrivacyService>();
        services.AddSingleton<GiftRepository>();
        services.AddSingleton<GiftService>();
        services.AddSingleton<DesignationService>();
        services.AddSingleton<FundRepository>();
        services.AddSingleton<CampaignRepository>();

        services.AddSingleton<PaymentSettingsRepository>();
        services.AddSingleton<StripeWebhookReader>();
        services.AddSingleton<StripeWebhookProcessor>();
        services.AddSingleton<PaymentEventRepository>();
        services.AddSingleton<CardFeeCollector>();
        services.AddSingleton<CardRefundService>();
        services.AddSingleton<CardSubscriptionCancellation>();
        services.AddSingleton<CardReconciliation>();
        services.AddSingleton<SubscriptionCommitments>();

        // Dues and recurring giving (issue 3).
        services.AddSingleton<MembershipPlanRepository>();
        services.AddSingleton<MembershipRepository>();
        services.AddSingleton<RecurringDonationRepository>();
        services.AddSingleton<AllianceDuesPayerRepository>();
        services.AddSingleton<DuesLedgerUpdater>();
        services.AddSingleton<MembershipService>();
        services.AddSingleton<RecurringDonationService>();
        services.AddSingleton<AllianceDuesService>();
        // Reports (issue 7): funding diversification and retention.
        services.TryAddSingleton(new ReportSettings());
        services.TryAddSingleton<IPdfRenderer, SkiaPdfRenderer>();
        services.AddSingleton<ReportRepository>();
        services.AddSingleton<DiversificationService>();
        services.AddSingleton<Dashboard.DashboardService>();
        services.AddSingleton<DuesAndCampaignsReader>();
        // Matching campaigns (issue 5): MatchingReallocation listens to gift changes inside their transactions.
        services.AddSingleton<MatchingRepository>();
        services.AddSingleton<MatchingReallocation>();
        services.AddSingleton<AllianceMembershipChanges>();
        services.AddSingleton<IAllianceMembershipListener>(provider => provider.GetRequiredService<AllianceMembershipChanges>());
        services.AddSingleton<MatchingCampaignService>();

        // Receipts and the PDF engine they print with.
        services.TryAddSingleton<IPdfRenderer, SkiaPdfRenderer>();
        services.AddSingleton<ReceiptRepository>();
        services.AddSingleton<ReceiptLedger>();
        services.AddSingleton<ReceiptPrinter>();
        services.AddSingleton<GiftReceiptService>();
        services.AddSingleton<YearEndStatementService>();
        services.AddSingleton<ReceiptSettingsService>();

        // What Gifts tells the features above it, in its own transaction: receipts are voided first, as the void's reason is theirs.
        services.AddSingleton<IGiftReferenceCheck>(provider => provider.GetRequiredService<DuesLedgerUpdater>());
        services.AddSingleton<IGiftChangeListener>(provider => provider.GetRequiredService<GiftReceiptService>());
        services.AddSingleton<IGiftChangeListener>(provider => provider.GetRequiredService<DuesLedgerUpdater>());
        services.AddSingleton<IGiftChangeListener>(provider => provider.GetRequiredService<MatchingReallocation>());

        services.AddSingleton<ImportRepository>();
        services.AddSingleton<ImportService>();
        services.AddSingleton<DonorTrack.Core.Imports.Presets.ImportSourceService>();
        services.AddSingleton<DonorTrack.Core.Imports.Presets.ImportMappingService>();
        services.AddSingleton<DonorTrack.Core.Exports.DataExportService>();
        services.AddSingleton<DonorTrack.Core.Reports.Bookkeeping.BookkeepingExport>();

        // Grants, pledges, receivables and the funding cliff (issue 11); GiftService checks payments through CommitmentPayments.
        services.AddSingleton<Grants.GrantRepository>();
        services.AddSingleton<Grants.GrantService>();
        services.AddSingleton<Grants.PledgeRepository>();
        services.AddSingleton<Grants.PledgeService>();
        services.AddSingleton<Grants.CommitmentPayments>();
        services.AddSingleton<Grants.ReceivablesService>();
        services.AddSingleton<Grants.IRevenueTotals, Reports.RollupRevenueTotals>();
        services.AddSingleton<IGiftReferenceCheck>(provider => provider.GetRequiredService<Grants.CommitmentPayments>());

        // Email acknowledgments and the outbox (issue 15); the web host runs the worker that sends.
        services.TryAddSingleton(new Email.OutboxSendOptions());
        services.AddSingleton<Email.MailSettingsRepository>();
        services.AddSingleton<Email.EmailTemplateRepository>();
        services.AddSingleton<Email.EmailTemplateService>();
        services.AddSingleton<Email.OutboxRepository>();
        services.AddSingleton<Email.OutboxWriter>();
        services.AddSingleton<Email.OutboxSender>();
        services.AddSingleton<Email.OutboxService>();
        services.AddSingleton<Email.AcknowledgmentRepository>();
        services.AddSingleton<Email.AcknowledgmentService>();
        services.AddSingleton<Email.YearEndStatementMailing>();
        services.AddSingleton<Email.DonorNoticeMailing>();

        // Households: a member must stay an individual, which DonorService asks before a change.
        services.AddSingleton<Households.HouseholdRepository>();
        services.AddSingleton<Households.HouseholdService>();
        services.AddSingleton<IDonorChangeCheck, Households.HouseholdMemberKindCheck>();

        // The donor page and failed-payment recovery; the web host sets the public address.
        services.TryAddSingleton(new SelfService.DonorPageAddress(new Uri("http://localhost:5000")));
        services.AddSingleton<CardRecovery>();
        services.AddSingleton<SelfService.DonorSignInLinkRepository>();
        services.AddSingleton<SelfService.DonorSignInService>();
        services.AddSingleton<SelfService.DonorSignInCodeRepository>();
        services.AddSingleton<SelfService.DonorSignInCodeService>();
        services.AddSingleton<SelfService.AnnualDuesCardReminders>();
        services.AddSingleton<SelfService.DonorPageService>();
        services.AddSingleton<SelfService.DonorCommitmentService>();
        services.AddSingleton<SelfService.SelfServiceChangeReview>();
        services.AddSingleton<SelfService.CardUpdateReminders>();
        services.AddSingleton<IPaymentFailureListener>(provider => provider.GetRequiredService<SelfService.CardUpdateReminders>());

        services.AddSingleton<Demo.DemoData>();
        return services;
    }
}
