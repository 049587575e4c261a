using System.Net.Sockets;
using DonorTrack.Core.Data;
using DonorTrack.Core.Receipts;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace DonorTrack.Core.Email;

/// <summary>How the outbox worker sends: attempts, backoff, the attachment limit, and how many connections work at once.</summary>
public sealed record OutboxSendOptions
{
    public int MaxAttempts { get; init; } = 8;
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromHours(6);
    public long MaxAttachmentBytes { get; init; } = 10 * 1024 * 1024;
    public int ClaimSize { get; init; } = 25;
    public int Connections { get; init; } = 4;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before the next attempt after <paramref name="attempts"/> failed ones: doubling from the first delay, capped.</summary>
    public TimeSpan RetryDelay(long attempts)
    {
        var doubled = FirstRetryDelay.Ticks * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return doubled >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)doubled);
    }
}

/// <summary>The outcome of a test message: sent, or what went wrong in words an admin can act on.</summary>
public sealed record MailTestResult(bool Succeeded, string Message);

/// <summary>
/// Sends the outbox with MailKit. Each message is claimed ('sending', one more attempt) in a committed transaction before
/// the SMTP conversation starts and marked sent right after the server accepts it; its Message-Id is the stable id stored
/// with it. A message refused for now waits with exponential backoff; a permanent refusal or too many attempts fails it,
/// with the reason kept. docs/email.md describes the rule for a message found 'sending' after a restart.
/// </summary>
public sealed class OutboxSender(
    IDbConnectionFactory connections, OutboxRepository outbox, ReceiptRepository receipts, ReceiptPrinter printer, OutboxSendOptions options,
    TimeProvider clock, ILogger<OutboxSender> logger)
{
    /// <summary>Run once at start-up, before sending: messages left 'sending' by a stopped process become 'uncertain'.</summary>
    public int MarkInterruptedUncertain()
    {
        using var db = connections.BeginTransaction();
        var count = outbox.MarkInterruptedUncertain(db);
        db.Commit();
        if (count > 0)
            logger.LogWarning("{Count} outbox messages were being sent when the app stopped; marked uncertain, not sent again", count);
        return count;
    }

    /// <summary>Sends every due message, over several connections at once, until none is due; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(Func<long, MailServer?> serverOf, CancellationToken cancel)
    {
        var sent = 0;
        var senders = Enumerable.Range(0, Math.Max(1, options.Connections)).Select(_ => Task.Run(async () =>
        {
            while (!cancel.IsCancellationRequested)
            {
                var claimed = Claim();
                if (claimed.Count == 0)
                    return;
                foreach (var group in claimed.GroupBy(m => m.OrganizationId))
                    Interlocked.Add(ref sent, await SendGroupAsync(group.Key, group.ToList(), serverOf(group.Key), cancel));
            }
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(senders);
        return sent;
    }

    /// <summary>Sends one message outside the outbox, so an admin sees at once whether the settings work.</summary>
    public async Task<MailTestResult> SendTestAsync(MailServer server, string to, string organizationName, CancellationToken cancel)
    {
        if (!EmailAddresses.IsValid(to))
            return new MailTestResult(false, $"“{to}” is not a valid email address.");
        var message = NewMessage(server, to, to, $"Test message from DonorTrack for {organizationName}", $"<{Guid.NewGuid():N}@donortrack.test>");
        message.Body = new TextPart("plain") { Text = $"This test message shows that DonorTrack can send mail for {organizationName} through {server.Host}:{server.Port}." };
        using var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        try
        {
            await ConnectAsync(client, server, cancel);
            await client.SendAsync(message, cancel);
            await client.DisconnectAsync(quit: true, cancel);
            return new MailTestResult(true, $"The server at {server.Host}:{server.Port} accepted a test message to {to}.");
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            return new MailTestResult(false, Describe(error, server));
        }
    }

    private IReadOnlyList<OutboxMessage> Claim()
    {
        using var db = connections.BeginTransaction();
        var claimed = outbox.ClaimDue(db, clock.GetUtcNow(), options.ClaimSize);
        db.Commit();
        return claimed;
    }

    private async Task<int> SendGroupAsync(long organizationId, List<OutboxMessage> messages, MailServer? server, CancellationToken cancel)
    {
        if (server is null)
        {
            foreach (var message in messages)
                Retry(message, "Mail settings are missing or can no longer be read: an admin must enter them on the Mail settings page.");
            return 0;
        }

        var sent = 0;
        using var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        for (var i = 0; i < messages.Count; i++)
        {
            if (cancel.IsCancellationRequested)
            {
                // Stopping between messages: the rest of the claim goes back to the queue untried.
                foreach (var waiting in messages.Skip(i))
                    Finish(db => outbox.Requeue(db, waiting.Id, clock.GetUtcNow(), "The app stopped before this message was sent."));
                return sent;
            }

            var message = messages[i];
            MimeMessage mime;
            try
            {
                mime = Compose(server, message);
            }
            catch (OutboxRefusalException refused)
            {
                Fail(message, refused.Message);
                continue;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Rendering the attachment or reading the receipt failed: the message waits for the next attempt rather than staying claimed.
                logger.LogError(error, "Preparing outbox message {Id} of organization {Organization} failed", message.Id, organizationId);
                Retry(message, $"Preparing the message failed: {error.Message}");
                continue;
            }

            try
            {
                if (!client.IsConnected)
                    await ConnectAsync(client, server, cancel);
                await client.SendAsync(mime, cancel);
                Finish(db => outbox.MarkSent(db, message.Id, clock.GetUtcNow()));
                sent++;
            }
            catch (SmtpCommandException refused) when ((int)refused.StatusCode >= 500 && refused.ErrorCode != SmtpErrorCode.UnexpectedStatusCode)
            {
                // 5xx for this sender, recipient or message: sending it again would be refused again.
                Fail(message, Describe(refused, server));
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancel.IsCancellationRequested)
            {
                // Connection, authentication, TLS or a 4xx answer: this message and the rest of the group wait for the next attempt.
                var reason = Describe(error, server);
                logger.LogWarning(error, "Sending outbox message {Id} of organization {Organization} failed: {Reason}", message.Id, organizationId, reason);
                foreach (var waiting in messages.Skip(i))
                    Retry(waiting, reason);
                return sent;
            }
            catch (OperationCanceledException)
            {
                // Stopping: the claimed messages go back to the queue untried (the one in flight stays 'sending' and becomes uncertain).
                foreach (var waiting in messages.Skip(i + 1))
                    Finish(db => outbox.Requeue(db, waiting.Id, clock.GetUtcNow(), "The app stopped before this message was sent."));
                throw;
            }
        }

        if (client.IsConnected)
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        return sent;
    }

    private MimeMessage Compose(MailServer server, OutboxMessage message)
    {
        if (message.RecipientAddress is null || !EmailAddresses.IsValid(message.RecipientAddress))
            throw new OutboxRefusalException($"“{message.RecipientAddress}” is not a valid email address.");
        var mime = NewMessage(server, message.RecipientName, message.RecipientAddress, message.Subject, message.MessageId);
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        if (message.ReceiptId is { } receiptId)
        {
            var attachment = Attachment(message.OrganizationId, receiptId, message.ReceiptCopy);
            if (attachment.Pdf.LongLength > options.MaxAttachmentBytes)
                throw new OutboxRefusalException(
                    $"The attached receipt is {attachment.Pdf.LongLength / 1024.0 / 1024.0:0.0} MB; attachments are limited to {options.MaxAttachmentBytes / 1024.0 / 1024.0:0.#} MB.");
            body.Attachments.Add(attachment.FileName, attachment.Pdf, new ContentType("application", "pdf"));
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }

    private ReceiptPdf Attachment(long organizationId, long receiptId, bool copy)
    {
        Receipt? receipt;
        using (var db = connections.Read())
            receipt = receipts.Find(db, organizationId, receiptId);
        if (receipt is null)
            throw new OutboxRefusalException($"Receipt {receiptId} no longer exists.");
        if (receipt.IsVoided)
            throw new OutboxRefusalException($"Receipt {receipt.Number} was voided after this message was queued; send the new receipt instead.");
        return printer.Print(receipt, copy ? ReceiptPrinting.Copy : ReceiptPrinting.Original);
    }

    private static MimeMessage NewMessage(MailServer server, string recipientName, string recipientAddress, string subject, string messageId)
    {
        var mime = new MimeMessage { Subject = subject, MessageId = messageId.Trim('<', '>') };
        mime.From.Add(new MailboxAddress(server.FromName, server.FromAddress));
        if (!string.IsNullOrWhiteSpace(server.ReplyTo))
            mime.ReplyTo.Add(MailboxAddress.Parse(server.ReplyTo));
        mime.To.Add(new MailboxAddress(recipientName, recipientAddress));
        return mime;
    }

    private static async Task ConnectAsync(SmtpClient client, MailServer server, CancellationToken cancel)
    {
        var security = server.Security switch
        {
            MailSecurity.StartTls => SecureSocketOptions.StartTls,
            MailSecurity.ImplicitTls => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.None,
        };
        await client.ConnectAsync(server.Host, server.Port, security, cancel);
        if (!string.IsNullOrEmpty(server.UserName))
            await client.AuthenticateAsync(server.UserName, server.Password ?? "", cancel);
    }

    private void Retry(OutboxMessage message, string reason)
    {
        if (message.Attempts >= options.MaxAttempts)
            Fail(message, $"Gave up after {message.Attempts} attempts. Last error: {reason}");
        else
            Finish(db => outbox.Requeue(db, message.Id, clock.GetUtcNow() + options.RetryDelay(message.Attempts), reason));
    }

    private void Fail(OutboxMessage message, string reason) => Finish(db => outbox.MarkFailed(db, message.Id, reason));

    private void Finish(Action<DbSession> outcome)
    {
        using var db = connections.BeginTransaction();
        outcome(db);
        db.Commit();
    }

    /// <summary>What went wrong, in words an admin can act on.</summary>
    public static string Describe(Exception error, MailServer server) => error switch
    {
        SocketException socket => $"Could not connect to {server.Host}:{server.Port} ({socket.SocketErrorCode}): is the server running and the port right?",
        AuthenticationException => $"The server at {server.Host} refused the user name or password.",
        SslHandshakeException => $"The TLS handshake with {server.Host}:{server.Port} failed: check the security mode (STARTTLS is usually port 587, implicit TLS port 465).",
        SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } refused => $"The server refused the recipient: {(int)refused.StatusCode} {refused.Message}",
        SmtpCommandException { ErrorCode: SmtpErrorCode.SenderNotAccepted } refused => $"The server refused the sender address: {(int)refused.StatusCode} {refused.Message}",
        SmtpCommandException refused => $"The server refused the message: {(int)refused.StatusCode} {refused.Message}",
        NotSupportedException unsupported => $"The server at {server.Host} does not support what the settings ask for: {unsupported.Message}",
        TimeoutException or OperationCanceledException => $"No answer from {server.Host}:{server.Port} within the time limit.",
        ServiceNotConnectedException or SmtpProtocolException or IOException => $"The connection to {server.Host}:{server.Port} was lost: {error.Message}",
        _ => $"Sending failed: {error.Message}",
    };

    private sealed class OutboxRefusalException(string message) : Exception(message);
}
