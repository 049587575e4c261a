using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Email;
using DonorTrack.Core.Pdf;
using DonorTrack.Core.Receipts;
using DonorTrack.Core.Security;
using DonorTrack.Tests.Receipts;
using DonorTrack.Tests.Support;
using DonorTrack.Tests.Support.Mail;
using FluentValidation;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace DonorTrack.Tests.Email;

/// <summary>Thank-you emails through the outbox to a real SMTP server on loopback: content, attachment, retries, skips and restarts.</summary>
public sealed class OutboxTests
{
    private TestDatabase _db = null!;
    private LocalSmtpServer _smtp = null!;
    private Actor _admin = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _smtp = LocalSmtpServer.Start();
        _admin = ReceiptTestSupport.Organization(_db);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _smtp.DisposeAsync();
        _db.Dispose();
    }

    private void UseMail(LocalSmtpServer server, EmailLanguage language = EmailLanguage.En)
    {
        using var session = _db.Connections.BeginTransaction();
        var s = server.Settings();
        _db.Get<MailSettingsRepository>().Save(session, new StoredMailSettings(_admin.OrganizationId, s.Host, s.Port, s.Security, s.UserName, null,
            s.FromName, s.FromAddress, s.ReplyTo, language, _db.Clock.GetUtcNow(), "test"));
        session.Commit();
    }

    private Task<int> SendDue(LocalSmtpServer server, OutboxSender? sender = null) =>
        (sender ?? _db.Get<OutboxSender>()).SendDueAsync(_ => server.Settings(), CancellationToken.None);

    private long DonorWithEmail(string first, string last, string? email, bool doNotContact = false) =>
        _db.Get<DonorService>().Create(_admin, new DonorInput
        {
            FirstName = first, LastName = last, Email = email, DoNotContact = doNotContact, AddressLine1 = "48 Rose Lane", City = "Portland", Region = "OR", PostalCode = "97202",
        });

    private OutboxListItem OnlyMessage() => _db.Get<OutboxService>().List(_admin, null, new PageRequest()).Items.Single();

    [Test]
    public async Task GiftThankYou_SentToTheLocalServer_CarriesRecipientSubjectBodyAndTheReceiptPdf()
    {
        UseMail(_smtp);
        var donor = DonorWithEmail("Xee", "Yang", "xee.yang@example.org");
        var gift = ReceiptTestSupport.Gift(_db, _admin, donor, 5_000, "2026-06-10");

        var outcome = _db.Get<AcknowledgmentService>().ThankByEmail(_admin, [gift]).Single();
        Assert.That(_smtp.Messages, Is.Empty, "nothing is sent inside the action; the worker sends");
        var sent = await SendDue(_smtp);

        Assert.That(outcome.Thanked, Is.True);
        Assert.That(sent, Is.EqualTo(1));
        var message = _smtp.Messages.Single();
        Assert.That(message.To.Mailboxes.Single().Address, Is.EqualTo("xee.yang@example.org"));
        Assert.That(message.From.Mailboxes.Single().Address, Is.EqualTo("office@frogtown.example.org"));
        Assert.That(message.ReplyTo.Mailboxes.Single().Address, Is.EqualTo("treasurer@frogtown.example.org"));
        Assert.That(message.Subject, Is.EqualTo("Thank you for your gift to Eastside Tenants Alliance"));
        Assert.That(message.TextBody, Does.Contain("Dear Xee,").And.Contain("$50.00").And.Contain("June 10, 2026"));
        Assert.That(message.HtmlBody, Does.Contain("<p>Dear Xee,</p>"));
        var attachment = message.Attachments.OfType<MimePart>().Single();
        Assert.That(attachment.ContentType.MimeType, Is.EqualTo("application/pdf"));
        using var pdf = new MemoryStream();
        attachment.Content!.DecodeTo(pdf);
        var receipt = _db.Get<GiftReceiptService>().CurrentForGift(_admin, gift)!;
        Assert.That(attachment.FileName, Is.EqualTo(receipt.FileName));
        var text = ReceiptTestSupport.Text(pdf.ToArray());
        Assert.That(text, Does.Contain(receipt.Number).And.Contain("XeeYang").And.Contain("$50.00"));
        Assert.That(text, Does.Not.Contain("COPY"), "the receipt issued for the email is the original");

        var acknowledgment = _db.Get<AcknowledgmentService>().For(_admin, gift)!;
        Assert.That((acknowledgment.Method, acknowledgment.MessageStatus), Is.EqualTo((AcknowledgmentMethod.Email, (OutboxStatus?)OutboxStatus.Sent)));
        Assert.That(_db.Get<AcknowledgmentService>().ToThank(_admin, new PageRequest()).Items.Select(g => g.GiftId), Does.Not.Contain(gift));
        Assert.That(message.MessageId, Does.EndWith(".donortrack.invalid"));
    }

    [Test]
    public async Task ServerRefusingTwice_MessageWaitsWithGrowingBackoff_ThenIsSentOnce()
    {
        UseMail(_smtp);
        var gift = ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500, "2026-06-12");
        _db.Get<AcknowledgmentService>().ThankByEmail(_admin, [gift]);
        _smtp.RefuseNext = 2;
        var queuedAt = _db.Clock.GetUtcNow();

        await SendDue(_smtp);
        var first = OnlyMessage();
        await SendDue(_smtp);
        var stillWaiting = OnlyMessage();
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        await SendDue(_smtp);
        var second = OnlyMessage();
        _db.Clock.Advance(TimeSpan.FromMinutes(2));
        await SendDue(_smtp);
        var third = OnlyMessage();

        Assert.That((first.Status, first.Attempts, first.NextAttemptAt), Is.EqualTo((OutboxStatus.Queued, 1L, queuedAt.AddMinutes(1))));
        Assert.That(first.Reason, Does.Contain("451"));
        Assert.That(stillWaiting.Attempts, Is.EqualTo(1), "not retried before its time");
        Assert.That((second.Status, second.Attempts, second.NextAttemptAt), Is.EqualTo((OutboxStatus.Queued, 2L, queuedAt.AddMinutes(3))));
        Assert.That((third.Status, third.Attempts, third.Reason), Is.EqualTo((OutboxStatus.Sent, 3L, (string?)null)));
        Assert.That(_smtp.Refused, Is.EqualTo(2));
        Assert.That(_smtp.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ServerDown_MessageStaysQueuedWithTheReason_AndGoesOutWhenTheServerIsBack()
    {
        UseMail(_smtp);
        var gift = ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500, "2026-06-12");
        _db.Get<AcknowledgmentService>().ThankByEmail(_admin, [gift]);
        var down = new MailServer("127.0.0.1", LocalSmtpServer.FreePort(), MailSecurity.None, null, null, "Frogtown", "office@frogtown.example.org", null);

        await _db.Get<OutboxSender>().SendDueAsync(_ => down, CancellationToken.None);
        var waiting = OnlyMessage();
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        await SendDue(_smtp);

        Assert.That(waiting.Status, Is.EqualTo(OutboxStatus.Queued));
        Assert.That(waiting.Reason, Does.StartWith("Could not connect to 127.0.0.1:"));
        Assert.That(OnlyMessage().Status, Is.EqualTo(OutboxStatus.Sent));
        Assert.That(_smtp.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ServerRejectingTheLogin_MessageStaysQueuedSayingSo()
    {
        await using var guarded = LocalSmtpServer.Start("frogtown", "right-password");
        UseMail(guarded);
        var gift = ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500, "2026-06-12");
        _db.Get<AcknowledgmentService>().ThankByEmail(_admin, [gift]);

        await _db.Get<OutboxSender>().SendDueAsync(_ => guarded.Settings("wrong-password"), CancellationToken.None);
        var refused = OnlyMessage();
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        await SendDue(guarded);

        Assert.That((refused.Status, refused.Reason), Is.EqualTo((OutboxStatus.Queued, (string?)"The server at 127.0.0.1 refused the user name or password.")));
        Assert.That(OnlyMessage().Status, Is.EqualTo(OutboxStatus.Sent));
        Assert.That(guarded.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task TooManyRefusals_FailTheMessageWithTheLastError_AndPutTheGiftBackOnTheList()
    {
        UseMail(_smtp);
        var gift = ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500, "2026-06-12");
        _db.Get<AcknowledgmentService>().ThankByEmail(_admin, [gift]);
        _smtp.RefuseNext = 100;
        var sender = Sender(_db.Get<OutboxSendOptions>() with { MaxAttempts = 3 });

        for (var i = 0; i < 4; i++)
        {
            await SendDue(_smtp, sender);
            _db.Clock.Advance(TimeSpan.FromHours(1));
        }

        var failed = OnlyMessage();
        Assert.That((failed.Status, failed.Attempts), Is.EqualTo((OutboxStatus.Failed, 3L)));
        Assert.That(failed.Reason, Does.StartWith("Gave up after 3 attempts. Last error: The server refused the message: 451"));
        var open = _db.Get<AcknowledgmentService>().ToThank(_admin, new PageRequest()).Items.Single();
        Assert.That((open.GiftId, open.LastProblem), Is.EqualTo((gift, failed.Reason)));
    }

    [Test]
    public async Task AttachmentOverTheLimit_FailsWithAClearMessage_AndIsNotSent()
    {
        UseMail(_smtp);
        var gift = ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500, "2026-06-12");
        _db.Get<AcknowledgmentService>().ThankByEmail(_admin, [gift]);

        await SendDue(_smtp, Sender(_db.Get<OutboxSendOptions>() with { MaxAttachmentBytes = 1_000 }));

        var failed = OnlyMessage();
        Assert.That(failed.Status, Is.EqualTo(OutboxStatus.Failed));
        Assert.That(failed.Reason, Does.Match(@"^The attached receipt is \d+\.\d MB; attachments are limited to 0 MB\.$"));
        Assert.That(_smtp.Messages, Is.Empty);
    }

    [Test]
    public void DoNotContactNoEmailAndInvalidAddress_AreSkippedWithTheirReasons_AndStayOnTheList()
    {
        UseMail(_smtp);
        var quiet = ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("Quiet", "Donor", "quiet@example.org", doNotContact: true), 1_000);
        var noEmail = ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("No", "Email", null), 1_000);
        var badAddress = ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("Bad", "Address", "bad@localhost"), 1_000);

        var outcomes = _db.Get<AcknowledgmentService>().ThankByEmail(_admin, [quiet, noEmail, badAddress]);

        Assert.That(outcomes.Select(o => (o.GiftId, o.Thanked, o.Reason)), Is.EqualTo(new[]
        {
            (quiet, false, (string?)"Not sent: the donor asked not to be contacted."),
            (noEmail, false, "Not sent: the donor has no email address."),
            (badAddress, false, "Not sent: “bad@localhost” is not a valid email address."),
        }));
        var outbox = _db.Get<OutboxService>().List(_admin, null, new PageRequest()).Items;
        Assert.That(outbox.Select(m => m.Status), Is.All.EqualTo(OutboxStatus.Skipped));
        Assert.That(outbox.Select(m => m.Reason), Is.EquivalentTo(outcomes.Select(o => o.Reason)));
        Assert.That(_db.Get<AcknowledgmentService>().ToThank(_admin, new PageRequest()).Items.Select(g => g.GiftId), Is.EquivalentTo(new[] { quiet, noEmail, badAddress }));
    }

    [Test]
    public void WithoutMailSettings_ThankingByEmail_SaysWhatToConfigure_AndQueuesNothing()
    {
        var gift = ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500);

        var refused = Assert.Throws<ValidationException>(() => _db.Get<AcknowledgmentService>().ThankByEmail(_admin, [gift]))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo("MailSettings"));
        Assert.That(refused.Errors.Single().ErrorMessage, Does.Contain("Mail settings"));
        Assert.That(_db.Get<OutboxService>().List(_admin, null, new PageRequest()).Total, Is.Zero);
        Assert.That(_db.Get<GiftReceiptService>().CurrentForGift(_admin, gift), Is.Null, "no receipt was issued either");
    }

    [Test]
    public async Task RestartMidBatch_MessagesClaimedBeforeTheStopAreNotSentAgain_AndTheRestGoOutOnce()
    {
        UseMail(_smtp);
        var gifts = Enumerable.Range(1, 10).Select(i => ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("Donor", $"Number{i}", $"donor{i}@example.org"), 1_000 * i)).ToList();
        _db.Get<AcknowledgmentService>().ThankByEmail(_admin, gifts);
        // The first process claimed three messages and was killed while talking to the server: one had reached it.
        IReadOnlyList<OutboxMessage> claimed;
        using (var session = _db.Connections.BeginTransaction())
        {
            claimed = _db.Get<OutboxRepository>().ClaimDue(session, _db.Clock.GetUtcNow(), 3);
            session.Commit();
        }
        await DeliverAsTheKilledProcessDid(claimed[0]);

        var restarted = Sender(_db.Get<OutboxSendOptions>());
        var uncertain = restarted.MarkInterruptedUncertain();
        var sent = await SendDue(_smtp, restarted);
        _db.Clock.Advance(TimeSpan.FromHours(1));
        var sentLater = await SendDue(_smtp, restarted);

        Assert.That((uncertain, sent, sentLater), Is.EqualTo((3, 7, 0)));
        var ids = _smtp.Messages.Select(m => m.MessageId).ToList();
        Assert.That(ids, Is.Unique, "no message reached the server twice");
        Assert.That(ids, Has.Count.EqualTo(8));
        var counts = _db.Get<OutboxService>().Counts(_admin);
        Assert.That((counts[OutboxStatus.Sent], counts[OutboxStatus.Uncertain]), Is.EqualTo((7L, 3L)));
        var reason = _db.Get<OutboxService>().List(_admin, OutboxStatus.Uncertain, new PageRequest()).Items.First().Reason;
        Assert.That(reason, Does.Contain("may have been delivered"));
    }

    [Test]
    public async Task UncertainMessage_SentAgainByAPerson_GoesOutWithTheSameMessageId()
    {
        UseMail(_smtp);
        var gift = ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500);
        _db.Get<AcknowledgmentService>().ThankByEmail(_admin, [gift]);
        OutboxMessage claimed;
        using (var session = _db.Connections.BeginTransaction())
        {
            claimed = _db.Get<OutboxRepository>().ClaimDue(session, _db.Clock.GetUtcNow(), 1).Single();
            session.Commit();
        }
        _db.Get<OutboxSender>().MarkInterruptedUncertain();

        await SendDue(_smtp);
        var untouched = _smtp.Messages.Count;
        _db.Get<OutboxService>().Retry(_admin, claimed.Id);
        await SendDue(_smtp);

        Assert.That(untouched, Is.Zero);
        Assert.That(_smtp.Messages.Single().MessageId, Is.EqualTo(claimed.MessageId));
        Assert.That(OnlyMessage().Status, Is.EqualTo(OutboxStatus.Sent));
    }

    [Test]
    public void ThankingAGiftTwice_RefusesTheSecondWithWhenItWasThanked()
    {
        UseMail(_smtp);
        var gift = ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500);
        _db.Get<AcknowledgmentService>().Mark(_admin, [gift], AcknowledgmentMethod.Call);

        var second = _db.Get<AcknowledgmentService>().ThankByEmail(_admin, [gift]).Single();

        Assert.That((second.Thanked, second.Reason), Is.EqualTo((false, (string?)$"Gift {gift} was already thanked by call on 2026-06-15.")));
        Assert.That(_db.Get<OutboxService>().List(_admin, null, new PageRequest()).Total, Is.Zero);
    }

    [Test]
    public async Task SpanishSettings_WriteTheSpanishTemplate()
    {
        UseMail(_smtp, EmailLanguage.Es);
        var gift = ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500, "2026-06-12");

        _db.Get<AcknowledgmentService>().ThankByEmail(_admin, [gift]);
        await SendDue(_smtp);

        var message = _smtp.Messages.Single();
        Assert.That(message.Subject, Is.EqualTo("Gracias por su donación a Eastside Tenants Alliance"));
        Assert.That(message.TextBody, Does.Contain("Estimado/a Ana:").And.Contain("12 de junio de 2026"));
    }

    [Test]
    public async Task EmailReceipt_SendsTheReceiptTemplateWithTheReceipt_WithoutCountingAsThanks()
    {
        UseMail(_smtp);
        var gift = ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500, "2026-06-12");
        var first = _db.Get<GiftReceiptService>().ForGift(_admin, gift)!;

        var written = _db.Get<AcknowledgmentService>().EmailReceipt(_admin, gift);
        await SendDue(_smtp);

        var message = _smtp.Messages.Single();
        Assert.That(written.Status, Is.EqualTo(OutboxStatus.Queued));
        Assert.That(message.Subject, Is.EqualTo("Your receipt from Eastside Tenants Alliance"));
        using var pdf = new MemoryStream();
        ((MimePart)message.Attachments.Single()).Content!.DecodeTo(pdf);
        var text = ReceiptTestSupport.Text(pdf.ToArray());
        Assert.That(text, Does.Contain(first.Receipt.Number).And.Contain("COPY"), "the receipt already handed out goes as a copy");
        Assert.That(_db.Get<AcknowledgmentService>().For(_admin, gift), Is.Null);
    }

    [Test]
    public async Task RecipientRefusedForGood_FailsAtOnceWithTheServersAnswer_AndTheOthersGoOut()
    {
        UseMail(_smtp);
        _smtp.Unknown["gone@example.org"] = true;
        var gone = ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("Gone", "Away", "gone@example.org"), 2_500);
        var here = ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("Still", "Here", "here@example.org"), 2_500);
        _db.Get<AcknowledgmentService>().ThankByEmail(_admin, [gone, here]);

        await SendDue(_smtp);

        var messages = _db.Get<OutboxService>().List(_admin, null, new PageRequest()).Items;
        var failed = messages.Single(m => m.RecipientAddress == "gone@example.org");
        Assert.That((failed.Status, failed.Attempts), Is.EqualTo((OutboxStatus.Failed, 1L)));
        Assert.That(failed.Reason, Does.StartWith("The server refused the message: 550"));
        Assert.That(messages.Single(m => m.RecipientAddress == "here@example.org").Status, Is.EqualTo(OutboxStatus.Sent));
        Assert.That(_db.Get<AcknowledgmentService>().ToThank(_admin, new PageRequest()).Items.Select(g => g.GiftId), Is.EqualTo(new[] { gone }));
    }

    [Test]
    public async Task SenderStoppedMidBatch_ThenRestarted_SendsEveryOtherMessageOnce_AndNothingTwice()
    {
        UseMail(_smtp);
        var gifts = Enumerable.Range(1, 30).Select(i => ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("Donor", $"Number{i}", $"donor{i}@example.org"), 1_000 + i)).ToList();
        _db.Get<AcknowledgmentService>().ThankByEmail(_admin, gifts);
        using var stop = new CancellationTokenSource();
        _smtp.Accepted = count =>
        {
            if (count == 5)
                stop.Cancel();
        };

        try
        {
            await _db.Get<OutboxSender>().SendDueAsync(_ => _smtp.Settings(), stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The stop: what was in flight stays claimed, as after a kill.
        }
        _smtp.Accepted = null;
        var beforeRestart = _smtp.Messages.Count;
        var restarted = Sender(_db.Get<OutboxSendOptions>());
        var uncertain = restarted.MarkInterruptedUncertain();
        await SendDue(_smtp, restarted);

        var counts = _db.Get<OutboxService>().Counts(_admin);
        Assert.That(beforeRestart, Is.InRange(5, 30));
        Assert.That(_smtp.Messages.Select(m => m.MessageId), Is.Unique, "no message reached the server twice");
        Assert.That(counts.GetValueOrDefault(OutboxStatus.Queued) + counts.GetValueOrDefault(OutboxStatus.Sending), Is.Zero, "nothing is left waiting");
        Assert.That(counts.GetValueOrDefault(OutboxStatus.Uncertain), Is.EqualTo(uncertain).And.LessThanOrEqualTo(_db.Get<OutboxSendOptions>().Connections));
        Assert.That(counts[OutboxStatus.Sent] + uncertain, Is.EqualTo(30));
        Assert.That(_smtp.Messages.Count, Is.InRange(counts[OutboxStatus.Sent], 30), "every sent message arrived; an uncertain one may have too");
    }

    [Test]
    public void DonorMerge_MovesTheDuplicatesMessages_AndKeepsTheGiftsAcknowledgment()
    {
        UseMail(_smtp);
        var survivor = DonorWithEmail("Ana", "Ruiz", "ana@example.org");
        var duplicate = DonorWithEmail("Ana", "Ruiz", "ana.ruiz@example.org");
        var gift = ReceiptTestSupport.Gift(_db, _admin, duplicate, 2_500);
        _db.Get<AcknowledgmentService>().ThankByEmail(_admin, [gift]);

        _db.Get<DonorTrack.Core.Merging.DonorMergeService>().Merge(_admin, new DonorTrack.Core.Merging.DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });

        Assert.That(OnlyMessage().DonorId, Is.EqualTo(survivor));
        Assert.That(OnlyMessage().RecipientAddress, Is.EqualTo("ana.ruiz@example.org"), "what was written to the duplicate stays as written");
        Assert.That(_db.Get<AcknowledgmentService>().For(_admin, gift)!.Method, Is.EqualTo(AcknowledgmentMethod.Email));
    }

    [Test]
    public async Task ReceiptVoidedAfterQueueing_FailsTheMessageSayingSo_AndSendsNothing()
    {
        UseMail(_smtp);
        var gift = ReceiptTestSupport.Gift(_db, _admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500);
        _db.Get<AcknowledgmentService>().ThankByEmail(_admin, [gift]);
        var receipt = _db.Get<GiftReceiptService>().CurrentForGift(_admin, gift)!;
        _db.Get<GiftReceiptService>().Void(_admin, receipt.Id, new VoidReceiptInput("Wrong amount"), reissue: false);

        await SendDue(_smtp);

        Assert.That(OnlyMessage().Status, Is.EqualTo(OutboxStatus.Failed));
        Assert.That(OnlyMessage().Reason, Is.EqualTo($"Receipt {receipt.Number} was voided after this message was queued; send the new receipt instead."));
        Assert.That(_smtp.Messages, Is.Empty);
    }

    private OutboxSender Sender(OutboxSendOptions options) =>
        new(_db.Connections, _db.Get<OutboxRepository>(), _db.Get<ReceiptRepository>(), _db.Get<ReceiptPrinter>(), options, _db.Clock, NullLogger<OutboxSender>.Instance);

    private async Task DeliverAsTheKilledProcessDid(OutboxMessage message)
    {
        using var client = new MailKit.Net.Smtp.SmtpClient();
        await client.ConnectAsync("127.0.0.1", _smtp.Port, MailKit.Security.SecureSocketOptions.None);
        var mime = new MimeMessage { MessageId = message.MessageId, Subject = message.Subject };
        mime.From.Add(MailboxAddress.Parse("office@frogtown.example.org"));
        mime.To.Add(MailboxAddress.Parse(message.RecipientAddress!));
        mime.Body = new TextPart("plain") { Text = message.TextBody };
        await client.SendAsync(mime);
        await client.DisconnectAsync(true);
    }
}
