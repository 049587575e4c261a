using DonorTrack.Core.Email;
using DonorTrack.Core.Payments;
using DonorTrack.Core.SelfService;
using FluentValidation;

namespace DonorTrack.Web.Payments;

/// <summary>
/// Writes the annual card renewal reminders (<see cref="AnnualDuesCardReminders"/>) for every organization with Stripe keys and
/// mail settings: a few minutes after start-up and then every hour, so a host that sleeps or restarts still reminds each
/// renewal once, 14 days ahead (a reminder is never written twice for the same renewal).
/// </summary>
public sealed class CardRenewalReminderWorker(
    AnnualDuesCardReminders reminders, IDbConnectionFactory connections, OrganizationRepository organizations, MailSettingsRepository mailSettings,
    PaymentKeyStore keys, StripeGatewayFactory gateways, TimeProvider clock, ILogger<CardRenewalReminderWorker> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRunAfter = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RunEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstRunAfter, clock, stoppingToken);
            using var timer = new PeriodicTimer(RunEvery, clock);
            do
                await RunOnceAsync(stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass over the organizations; a failure in one is logged and does not keep the others from their reminders.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        List<long> ready;
        using (var db = connections.Read())
            ready = organizations.All(db).Where(o => mailSettings.Find(db, o.Id) is not null).Select(o => o.Id).ToList();
        var written = 0;
        foreach (var organizationId in ready)
        {
            try
            {
                if (keys.Load(organizationId) is not { } stripeKeys)
                    continue;
                var run = await reminders.QueueAsync(Actor.System(organizationId, "Renewal reminders"), gateways.For(stripeKeys.SecretKey), cancellationToken);
                written += run.Written.Count;
                if (run.StripeUnreachable.Count > 0)
                    logger.LogWarning("Stripe could not be asked about the cards of memberships {Ids} of organization {Organization}; tried again next hour", run.StripeUnreachable, organizationId);
            }
            catch (Exception error) when (error is PaymentKeysUnreadableException or ValidationException or DatabaseBusyException)
            {
                logger.LogError(error, "Card renewal reminders for organization {Organization} failed; tried again next hour", organizationId);
            }
        }
        return written;
    }
}
