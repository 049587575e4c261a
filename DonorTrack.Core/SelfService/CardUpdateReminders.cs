using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Email;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Payments;
using DonorTrack.Core.Security;

namespace DonorTrack.Core.SelfService;

/// <summary>
/// Tells the donor of a declined card installment, through the outbox, with a link to their donor page to update the card.
/// Stripe sends <c>invoice.payment_failed</c> once per attempt of its retry schedule and the webhook applies each event once,
/// so the reminders follow that schedule: one message per declined attempt.
/// </summary>
public sealed class CardUpdateReminders(DonorRepository donors, OutboxWriter outbox, MailSettingsRepository mailSettings, DonorPageAddress address,
    TimeProvider clock)
    : IPaymentFailureListener
{
    public void OnPaymentFailed(DbSession db, Actor actor, Organization organization, InvoicePaymentFailed failed, string reason)
    {
        var email = failed.Metadata.DonorEmail ?? failed.CustomerEmail;
        // Without mail settings nothing can be queued; the decline is still on the treasurer's at-risk list.
        if (string.IsNullOrWhiteSpace(email) || mailSettings.Find(db, organization.Id) is null)
            return;
        var records = donors.WithEmail(db, organization.Id, email.Trim(), null);
        if (records.Count == 0)
            return;
        var donor = donors.Find(db, organization.Id, records.Min(r => r.Id))!;
        var language = outbox.LanguageOf(db, organization.Id);
        var values = new MergeValues(language, organization.Name, failed.Currency.ToUpperInvariant())
        {
            Donor = donor,
            AmountCents = failed.AmountDueCents,
            Link = address.Page(organization.Slug),
        };
        outbox.Write(db, actor, organization, donor, EmailKind.CardPaymentFailed, language, values, clock.GetUtcNow());
    }
}
