using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Email;

/// <summary>A message to write to the outbox, in the transaction of the action that causes it.</summary>
public sealed record NewOutboxMessage(
    EmailKind Kind, long? DonorId, long? GiftId, string RecipientName, string? RecipientAddress, RenderedEmail Content,
    long? ReceiptId = null, bool ReceiptCopy = false, string? Batch = null);

/// <summary>An outbox row as the worker sends it.</summary>
public sealed record OutboxMessage(
    long Id, long OrganizationId, string MessageId, EmailKind Kind, long? DonorId, long? GiftId, string RecipientName, string? RecipientAddress,
    string Subject, string TextBody, string HtmlBody, long? ReceiptId, bool ReceiptCopy, OutboxStatus Status, long Attempts);

/// <summary>An outbox row as the outbox page lists it.</summary>
public sealed record OutboxListItem(
    long Id, EmailKind Kind, long? DonorId, long? GiftId, string RecipientName, string? RecipientAddress, string Subject, OutboxStatus Status,
    long Attempts, DateTimeOffset NextAttemptAt, string? Reason, DateTimeOffset QueuedAt, DateTimeOffset? SentAt, string? Batch);

/// <summary>How many messages of a batch stand where.</summary>
public sealed record OutboxBatchProgress(string Batch, long Total, long Queued, long Sending, long Sent, long Failed, long Skipped, long Uncertain)
{
    public bool IsDone => Queued + Sending == 0;
}

/// <summary>The outbox table: writing messages, the worker's claims and outcomes, and the lists staff read.</summary>
public sealed class OutboxRepository
{
    private const string MessageColumns = """
        id, organization_id, message_id, kind, donor_id, gift_id, recipient_name, recipient_address, subject, text_body, html_body,
        receipt_id, receipt_copy, status, attempts
        """;

    /// <summary>Writes a message; one with no usable recipient is written as skipped with its reason, so the skip stays visible.</summary>
    public long Insert(DbSession db, long organizationId, NewOutboxMessage message, OutboxStatus status, string? reason, string messageId, string queuedBy, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO email_outbox (organization_id, message_id, kind, donor_id, gift_id, batch, recipient_name, recipient_address, subject,
                text_body, html_body, receipt_id, receipt_copy, status, attempts, next_attempt_at, reason, queued_at, queued_by)
            VALUES (@organizationId, @messageId, @Kind, @DonorId, @GiftId, @Batch, @RecipientName, @RecipientAddress, @subject,
                @textBody, @htmlBody, @ReceiptId, @ReceiptCopy, @status, 0, @now, @reason, @now, @queuedBy)
            RETURNING id
            """;
        var args = new DynamicParameters(new { message.Kind, message.DonorId, message.GiftId, message.Batch, message.RecipientName, message.RecipientAddress, message.ReceiptId, message.ReceiptCopy });
        args.AddDynamicParams(new
        {
            organizationId, messageId, subject = message.Content.Subject, textBody = message.Content.TextBody, htmlBody = message.Content.HtmlBody,
            status, reason, now, queuedBy,
        });
        return db.Connection.ExecuteScalar<long>(sql, args, db.Transaction);
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due messages of every organization: they become 'sending' with one more attempt
    /// counted, in the caller's transaction, before anything is said to an SMTP server.
    /// </summary>
    public IReadOnlyList<OutboxMessage> ClaimDue(DbSession db, DateTimeOffset now, int limit)
    {
        const string sql = $"""
            UPDATE email_outbox SET status = 'sending', attempts = attempts + 1, claimed_at = @now
            WHERE id IN (SELECT id FROM email_outbox WHERE status = 'queued' AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit)
            RETURNING {MessageColumns}
            """;
        return db.Connection.Query<OutboxMessage>(sql, new { now, limit }, db.Transaction).OrderBy(m => m.Id).ToList();
    }

    public void MarkSent(DbSession db, long id, DateTimeOffset now) =>
        db.Connection.Execute("UPDATE email_outbox SET status = 'sent', sent_at = @now, reason = NULL WHERE id = @id AND status = 'sending'", new { id, now }, db.Transaction);

    /// <summary>An attempt that did not reach the server or was refused for now: queued again for later, with the reason.</summary>
    public void Requeue(DbSession db, long id, DateTimeOffset nextAttemptAt, string reason) =>
        db.Connection.Execute("UPDATE email_outbox SET status = 'queued', next_attempt_at = @nextAttemptAt, reason = @reason WHERE id = @id AND status = 'sending'",
            new { id, nextAttemptAt, reason }, db.Transaction);

    public void MarkFailed(DbSession db, long id, string reason) =>
        db.Connection.Execute("UPDATE email_outbox SET status = 'failed', reason = @reason WHERE id = @id AND status = 'sending'", new { id, reason }, db.Transaction);

    /// <summary>
    /// At start-up no message can be in flight, so every 'sending' row was claimed by a process that stopped mid-send: it
    /// may have reached the server, so it becomes 'uncertain' rather than being sent a second time.
    /// </summary>
    public int MarkInterruptedUncertain(DbSession db) =>
        db.Connection.Execute("""
            UPDATE email_outbox SET status = 'uncertain',
                reason = 'The app stopped while this message was being sent (' || coalesce(claimed_at, '?') || '); it may have been delivered. Check with the recipient before sending it again.'
            WHERE status = 'sending'
            """, transaction: db.Transaction);

    /// <summary>A person's decision to try a failed or uncertain message again.</summary>
    public bool Retry(DbSession db, long organizationId, long id, DateTimeOffset now) =>
        db.Connection.Execute("""
            UPDATE email_outbox SET status = 'queued', next_attempt_at = @now, attempts = 0, reason = NULL
            WHERE organization_id = @organizationId AND id = @id AND status IN ('failed', 'uncertain')
            """, new { organizationId, id, now }, db.Transaction) == 1;

    public Paged<OutboxListItem> List(DbSession db, long organizationId, OutboxStatus? status, PageRequest page)
    {
        var filter = status is null ? "organization_id = @organizationId" : "organization_id = @organizationId AND status = @status";
        var sql = $"""
            SELECT id, kind, donor_id, gift_id, recipient_name, recipient_address, subject, status, attempts, next_attempt_at, reason, queued_at, sent_at, batch
            FROM email_outbox WHERE {filter}
            ORDER BY id DESC LIMIT @limit OFFSET @offset
            """;
        var args = new { organizationId, status, limit = page.PageSize, offset = page.Offset };
        var items = db.Connection.Query<OutboxListItem>(sql, args, db.Transaction).AsList();
        var total = db.Connection.ExecuteScalar<long>($"SELECT count(*) FROM email_outbox WHERE {filter}", args, db.Transaction);
        return new Paged<OutboxListItem>(items, page.Page, page.PageSize, total);
    }

    public IReadOnlyDictionary<OutboxStatus, long> CountsByStatus(DbSession db, long organizationId) =>
        db.Connection.Query<(OutboxStatus, long)>("SELECT status, count(*) FROM email_outbox WHERE organization_id = @organizationId GROUP BY status",
            new { organizationId }, db.Transaction).ToDictionary(r => r.Item1, r => r.Item2);

    public OutboxBatchProgress BatchProgress(DbSession db, long organizationId, string batch)
    {
        const string sql = """
            SELECT @batch AS batch, count(*) AS total,
                   count(CASE WHEN status = 'queued' THEN 1 END) AS queued, count(CASE WHEN status = 'sending' THEN 1 END) AS sending,
                   count(CASE WHEN status = 'sent' THEN 1 END) AS sent, count(CASE WHEN status = 'failed' THEN 1 END) AS failed,
                   count(CASE WHEN status = 'skipped' THEN 1 END) AS skipped, count(CASE WHEN status = 'uncertain' THEN 1 END) AS uncertain
            FROM email_outbox WHERE organization_id = @organizationId AND batch = @batch
            """;
        return db.Connection.QuerySingle<OutboxBatchProgress>(sql, new { organizationId, batch }, db.Transaction);
    }
}
