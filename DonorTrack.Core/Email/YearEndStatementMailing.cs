using DonorTrack.Core.Data;
using DonorTrack.Core.Receipts;
using DonorTrack.Core.Security;

namespace DonorTrack.Core.Email;

/// <summary>How many statements of a mailing were queued and how many skipped, and the batch name to follow their sending by.</summary>
public sealed record StatementMailingResult(string Batch, int Statements, int Queued, int Skipped);

/// <summary>
/// Year-end statements by email: every donor's statement is issued (or reprinted) and its message written to the outbox in
/// the same chunk transaction, so a statement is never issued without its message nor a message queued for a statement
/// that rolled back. The outbox worker sends them; <see cref="OutboxService.BatchProgress"/> follows the batch.
/// </summary>
public sealed class YearEndStatementMailing(IDbConnectionFactory connections, YearEndStatementService statements, OutboxWriter writer, TimeProvider clock)
{
    /// <summary>Refuses before anything starts when mail is not set up or the year cannot be run, so a form can say so.</summary>
    public void EnsureCanRun(Actor actor, AnnualBatchInput input)
    {
        actor.Require(Role.Treasurer);
        statements.EnsureBatchCanRun(actor, input);
        using var db = connections.Read();
        writer.RequireSettings(db, actor.OrganizationId);
    }

    public StatementMailingResult Queue(Actor actor, AnnualBatchInput input, IProgress<ReceiptBatchProgress>? progress = null, CancellationToken cancel = default)
    {
        EnsureCanRun(actor, input);
        EmailLanguage language;
        using (var db = connections.Read())
            language = writer.LanguageOf(db, actor.OrganizationId);
        var batch = $"year-end-{input.Year}-{Guid.NewGuid():N}"[..26];
        var queued = 0;
        var skipped = 0;
        var count = statements.IssueAnnualBatch(actor, input, (db, organization, donor, statement) =>
        {
            var values = new MergeValues(language, organization.Name, organization.Currency) { Donor = donor, AmountCents = statement.Receipt.TotalCents, Year = input.Year };
            var written = writer.Write(db, actor, organization, donor, EmailKind.YearEndStatement, language, values, clock.GetUtcNow(),
                receiptId: statement.Receipt.Id, receiptCopy: statement.Printing != ReceiptPrinting.Original, batch: batch);
            if (written.IsQueued)
                queued++;
            else
                skipped++;
        }, progress, cancel);
        return new StatementMailingResult(batch, count, queued, skipped);
    }
}
