using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Email;

/// <summary>What became of one message written to the outbox.</summary>
public sealed record QueuedEmail(long OutboxId, long DonorId, OutboxStatus Status, string? Reason)
{
    public bool IsQueued => Status == OutboxStatus.Queued;
}

/// <summary>
/// Writes one donor's message to the outbox inside the caller's transaction: the organization's template filled in, and
/// queued, or skipped with the reason when the donor asked not to be contacted or has no usable address.
/// </summary>
public sealed class OutboxWriter(OutboxRepository outbox, EmailTemplateRepository templates, MailSettingsRepository settings)
{
    /// <summary>The organization's mail settings, or a field error saying what to configure: without them nothing is queued.</summary>
    public StoredMailSettings RequireSettings(DbSession db, long organizationId) =>
        settings.Find(db, organizationId)
        ?? throw InputValidation.FieldError("MailSettings", "Email is not set up yet: an admin must enter the SMTP server and sender on Admin › Mail settings. Nothing was queued.");

    /// <summary>The language the organization writes to donors in, English until mail settings say otherwise.</summary>
    public EmailLanguage LanguageOf(DbSession db, long organizationId) => settings.Find(db, organizationId)?.Language ?? EmailLanguage.En;

    /// <param name="requestedByDonor">The donor asked for this very message (a sign-in link), so "do not contact" does not hold it back.</param>
    public QueuedEmail Write(
        DbSession db, Actor actor, Organization organization, Donor donor, EmailKind kind, EmailLanguage language, MergeValues values,
        DateTimeOffset now, long? giftId = null, long? receiptId = null, bool receiptCopy = false, string? batch = null, bool requestedByDonor = false)
    {
        var content = MergeFields.Render(templates.Current(db, organization.Id, kind, language), values.ToDictionary());
        var (status, reason) = donor switch
        {
            { DoNotContact: true } when !requestedByDonor => (OutboxStatus.Skipped, "Not sent: the donor asked not to be contacted."),
            { Deceased: true } => (OutboxStatus.Skipped, "Not sent: the donor is marked deceased."),
            { Email: null or "" } => (OutboxStatus.Skipped, "Not sent: the donor has no email address."),
            _ when !EmailAddresses.IsValid(donor.Email!.Trim()) => (OutboxStatus.Skipped, $"Not sent: “{donor.Email}” is not a valid email address."),
            _ => (OutboxStatus.Queued, (string?)null),
        };
        var message = new NewOutboxMessage(kind, donor.Id, giftId, donor.DisplayName, donor.Email?.Trim(), content, receiptId, receiptCopy, batch);
        var id = outbox.Insert(db, organization.Id, message, status, reason, NewMessageId(organization), actor.Name, now);
        return new QueuedEmail(id, donor.Id, status, reason);
    }

    /// <summary>The Message-Id the message keeps through every attempt, so a receiving server and the tests can tell a resend.</summary>
    private static string NewMessageId(Organization organization) => $"{Guid.NewGuid():N}.{organization.Id}@{organization.Slug}.donortrack.invalid";
}
