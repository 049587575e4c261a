using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Payments;

/// <summary>A card gift whose Stripe processing fee has not been recorded yet.</summary>
public sealed record PendingCardFee(long OrganizationId, long GiftId, string PaymentReference, long Attempts, string? LastError);

/// <summary>
/// What the Stripe webhook keeps of its own: processed events (keyed by organization and event id), declined installments, and
/// card gifts whose fee is still to be fetched. Every statement is scoped by organization.
/// </summary>
public sealed class PaymentEventRepository
{
    /// <summary>Stores the event as being processed for this organization; false when this organization already has it (a redelivery).</summary>
    public bool Claim(DbSession db, long organizationId, string eventId, string type, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO stripe_events (organization_id, event_id, type, received_at, outcome)
            VALUES (@organizationId, @eventId, @type, @now, 'processing')
            ON CONFLICT (organization_id, event_id) DO NOTHING
            """;
        return db.Connection.Execute(sql, new { organizationId, eventId, type, now }, db.Transaction) == 1;
    }

    public void RecordOutcome(DbSession db, long organizationId, string eventId, string outcome, long? giftId)
    {
        const string sql = """
            UPDATE stripe_events SET outcome = @outcome, gift_id = @giftId
            WHERE organization_id = @organizationId AND event_id = @eventId
            """;
        db.Connection.Execute(sql, new { organizationId, eventId, outcome, giftId }, db.Transaction);
    }

    /// <summary>Records (or re-opens) a declined subscription invoice for the treasurer's payment problems list.</summary>
    public void RecordPaymentFailure(DbSession db, long organizationId, InvoicePaymentFailed failed, string reason, DateTimeOffset failedAt)
    {
        const string sql = """
            INSERT INTO payment_failures (organization_id, subscription_id, invoice_id, donor_email, amount_cents, currency, reason, failed_at,
                attempt_count, next_attempt_at)
            VALUES (@organizationId, @subscriptionId, @invoiceId, @email, @amountCents, @currency, @reason, @failedAt, @attemptCount, @nextAttemptAt)
            ON CONFLICT (organization_id, invoice_id) DO UPDATE SET reason = excluded.reason, failed_at = excluded.failed_at, resolved_at = NULL,
                outcome = NULL, attempt_count = max(payment_failures.attempt_count, excluded.attempt_count), next_attempt_at = excluded.next_attempt_at
            """;
        db.Connection.Execute(sql, new
        {
            organizationId,
            subscriptionId = failed.SubscriptionId,
            invoiceId = failed.InvoiceId,
            email = failed.Metadata.DonorEmail ?? failed.CustomerEmail,
            amountCents = failed.AmountDueCents,
            currency = failed.Currency.ToUpperInvariant(),
            reason,
            failedAt,
            attemptCount = Math.Max(1, failed.AttemptCount),
            nextAttemptAt = failed.NextPaymentAttempt,
        }, db.Transaction);
    }

    /// <summary>
    /// Closes the open failures of a subscription (or of one invoice) once it was paid (<see cref="PaymentRecovery.Recovered"/>)
    /// or ended (<see cref="PaymentRecovery.Lost"/>).
    /// </summary>
    public void ResolvePaymentFailures(DbSession db, long organizationId, string? subscriptionId, string? invoiceId, PaymentRecovery outcome, DateTimeOffset now)
    {
        const string sql = """
            UPDATE payment_failures SET resolved_at = @now, outcome = @outcome
            WHERE organization_id = @organizationId AND resolved_at IS NULL
              AND (subscription_id = @subscriptionId OR invoice_id = @invoiceId)
            """;
        db.Connection.Execute(sql, new { organizationId, subscriptionId, invoiceId, outcome, now }, db.Transaction);
    }

    /// <summary>Marks a card gift's fee as pending, in the transaction that records the gift.</summary>
    public void MarkFeePending(DbSession db, long organizationId, long giftId, string paymentReference, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO card_fees_pending (organization_id, gift_id, payment_reference, requested_at)
            VALUES (@organizationId, @giftId, @paymentReference, @now)
            ON CONFLICT (organization_id, gift_id) DO NOTHING
            """;
        db.Connection.Execute(sql, new { organizationId, giftId, paymentReference, now }, db.Transaction);
    }

    /// <summary>Pending fees, oldest first; <paramref name="untriedOnly"/> leaves out those that failed before (retried at start-up).</summary>
    public IReadOnlyList<PendingCardFee> PendingFees(DbSession db, bool untriedOnly)
    {
        const string sql = """
            SELECT organization_id, gift_id, payment_reference, attempts, last_error
            FROM card_fees_pending
            WHERE @untriedOnly = 0 OR attempts = 0
            ORDER BY requested_at, organization_id, gift_id
            """;
        return db.Connection.Query<PendingCardFee>(sql, new { untriedOnly }, db.Transaction).AsList();
    }

    /// <summary>How many of an organization's card gifts still wait for their fee.</summary>
    public long CountPendingFees(DbSession db, long organizationId)
    {
        const string sql = "SELECT count(*) FROM card_fees_pending WHERE organization_id = @organizationId";
        return db.Connection.ExecuteScalar<long>(sql, new { organizationId }, db.Transaction);
    }

    public void FeeRecorded(DbSession db, long organizationId, long giftId)
    {
        const string sql = "DELETE FROM card_fees_pending WHERE organization_id = @organizationId AND gift_id = @giftId";
        db.Connection.Execute(sql, new { organizationId, giftId }, db.Transaction);
    }

    public void FeeAttemptFailed(DbSession db, long organizationId, long giftId, string error, DateTimeOffset now)
    {
        const string sql = """
            UPDATE card_fees_pending SET attempts = attempts + 1, last_attempt_at = @now, last_error = @error
            WHERE organization_id = @organizationId AND gift_id = @giftId
            """;
        db.Connection.Execute(sql, new { organizationId, giftId, error, now }, db.Transaction);
    }
}
