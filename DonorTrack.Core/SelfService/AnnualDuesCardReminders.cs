using System.Globalization;
using Dapper;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Email;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Payments;
using DonorTrack.Core.Security;

namespace DonorTrack.Core.SelfService;

/// <summary>What one run of the annual card renewal reminders did: the messages written, and the memberships Stripe could not be asked about (tried again next run).</summary>
public sealed record CardRenewalReminderRun(IReadOnlyList<QueuedEmail> Written, IReadOnlyList<long> StripeUnreachable);

/// <summary>An annual card membership whose renewal is near: the day after <see cref="PaidThrough"/>.</summary>
internal sealed record DueRenewal(long MembershipId, long DonorId, long PeriodCents, string PaidThrough, string StripeSubscriptionId)
{
    public DateOnly RenewsOn => DateOnly.ParseExact(PaidThrough, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(1);

    /// <summary>The outbox batch of its reminder: one per membership and renewal date.</summary>
    public string Batch => $"card_renewal:{MembershipId}:{PaidThrough}";
}

/// <summary>
/// Reminds members whose annual dues Stripe charges to a card, <see cref="DaysAhead"/> days before the renewal, with the
/// card's brand, last four digits and expiry as Stripe has them now; when the card expires before the renewal the message
/// says so and links to the donor page, where the card is updated. The "dues due soon" template carries the card sentence
/// in its <c>{{card}}</c> field. One reminder per membership and renewal date (the outbox batch names both), so a run may
/// be repeated any day.
/// </summary>
public sealed class AnnualDuesCardReminders(
    IDbConnectionFactory connections, OutboxWriter outbox, DonorRepository donors, OrganizationRepository organizations,
    DonorPageAddress address, AuditLog audit, TimeProvider clock)
{
    public const int DaysAhead = 14;

    public async Task<CardRenewalReminderRun> QueueAsync(Actor actor, StripeGateway gateway, CancellationToken cancellationToken = default)
    {
        actor.Require(Role.Treasurer);
        IReadOnlyList<DueRenewal> due;
        Organization organization;
        using (var read = connections.Read())
        {
            organization = organizations.Find(read, actor.OrganizationId)!;
            due = DueRenewals(read, actor.OrganizationId, organization.LocalDate(clock.GetUtcNow()));
        }

        // Stripe is asked before the transaction opens: a slow answer must not hold the database's write lock.
        var cards = new Dictionary<long, SubscriptionCard?>();
        var unreachable = new List<long>();
        foreach (var renewal in due)
        {
            try
            {
                cards[renewal.MembershipId] = await gateway.GetSubscriptionCardAsync(renewal.StripeSubscriptionId, cancellationToken);
            }
            catch (PaymentGatewayException)
            {
                unreachable.Add(renewal.MembershipId);
            }
        }

        using var db = connections.BeginTransaction();
        var written = new List<QueuedEmail>();
        if (cards.Count > 0)
            outbox.RequireSettings(db, actor.OrganizationId);
        var language = outbox.LanguageOf(db, actor.OrganizationId);
        var now = clock.GetUtcNow();
        foreach (var renewal in due.Where(r => cards.ContainsKey(r.MembershipId)))
        {
            if (AlreadyReminded(db, actor.OrganizationId, renewal.Batch))
                continue;
            var donor = donors.Find(db, actor.OrganizationId, renewal.DonorId)!;
            var values = new MergeValues(language, organization.Name, organization.Currency)
            {
                Donor = donor, AmountCents = renewal.PeriodCents, Date = renewal.RenewsOn, Year = renewal.RenewsOn.Year,
                Link = address.Page(organization.Slug),
                CardNotice = CardNotice(cards[renewal.MembershipId], renewal.RenewsOn, language, address.Page(organization.Slug)),
            };
            written.Add(outbox.Write(db, actor, organization, donor, EmailKind.DuesDueSoon, language, values, now, batch: renewal.Batch));
        }
        audit.Record(db, actor, "email_outbox", actor.OrganizationId, "queue_card_renewal_reminders", null,
            new { memberships = due.Select(r => r.MembershipId), written = written.Count, stripeUnreachable = unreachable });
        db.Commit();
        return new CardRenewalReminderRun(written, unreachable);
    }

    /// <summary>The card sentence of the reminder (with a leading space, as the template joins it to the previous sentence); empty without a card.</summary>
    public static string CardNotice(SubscriptionCard? card, DateOnly renewsOn, EmailLanguage language, string donorPage)
    {
        if (card is null)
            return "";
        var brand = BrandName(card.Brand);
        var expiry = $"{card.ExpMonth:00}/{card.ExpYear}";
        var expiresFirst = card.ValidThrough < renewsOn;
        return (language, expiresFirst) switch
        {
            (EmailLanguage.Es, false) => $" Lo cargaremos a su tarjeta {brand} terminada en {card.Last4} (vence {expiry}).",
            (EmailLanguage.Es, true) => $" Su tarjeta {brand} terminada en {card.Last4} vence {expiry}, antes de la renovación: actualice su tarjeta en su página de donante, {donorPage}",
            (_, false) => $" We will charge your {brand} ending in {card.Last4} (expires {expiry}).",
            (_, true) => $" Your {brand} ending in {card.Last4} expires {expiry}, before the renewal: please update your card on your donor page, {donorPage}",
        };
    }

    private static string BrandName(string brand) => brand.ToLowerInvariant() switch
    {
        "visa" => "Visa",
        "mastercard" => "Mastercard",
        "amex" or "american_express" => "American Express",
        "discover" => "Discover",
        "diners" => "Diners Club",
        "jcb" => "JCB",
        "unionpay" => "UnionPay",
        _ => "card",
    };

    /// <summary>Running annual memberships charged by Stripe whose renewal falls in the next <see cref="DaysAhead"/> days and that were not reminded of it.</summary>
    private static IReadOnlyList<DueRenewal> DueRenewals(DbSession db, long organizationId, DateOnly today)
    {
        const string sql = """
            SELECT m.id AS membership_id, m.donor_id, m.period_cents, m.paid_through, m.stripe_subscription_id
            FROM memberships m
            JOIN membership_plans p ON p.organization_id = m.organization_id AND p.id = m.plan_id
            WHERE m.organization_id = @organizationId AND p.interval = 'year' AND m.stripe_subscription_id IS NOT NULL
              AND m.cancelled_on IS NULL AND m.paid_through >= @today AND m.paid_through < @horizon
              AND NOT EXISTS (SELECT 1 FROM email_outbox o
                              WHERE o.organization_id = m.organization_id AND o.batch = 'card_renewal:' || m.id || ':' || m.paid_through)
            ORDER BY m.paid_through, m.id
            """;
        var args = new { organizationId, today = Day(today), horizon = Day(today.AddDays(DaysAhead)) };
        return db.Connection.Query<DueRenewal>(sql, args, db.Transaction).AsList();
    }

    private static bool AlreadyReminded(DbSession db, long organizationId, string batch)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM email_outbox WHERE organization_id = @organizationId AND batch = @batch)";
        return db.Connection.ExecuteScalar<bool>(sql, new { organizationId, batch }, db.Transaction);
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
