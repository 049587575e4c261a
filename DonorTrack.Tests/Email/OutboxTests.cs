using DonorTrack.Core.Email;
using DonorTrack.Core.Pdf;
using DonorTrack.Tests.Receipts;
using DonorTrack.Tests.Support.Mail;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace DonorTrack.Tests.Email;

/// <summary>Thank-you emails through the outbox to a real SMTP server on loopback: content, attachment, retries, skips and restarts.</summary>
public sealed class OutboxTests : MailTestFixture
{
    private Task<int> SendDue(LocalSmtpServer server, OutboxSender? sender = null) =>
        (sender ?? Db.Get<OutboxSender>()).SendDueAsync(_ => server.Settings(), CancellationToken.None);

    private long DonorWithEmail(string first, string last, string? email, bool doNotContact = false) =>
        Db.Get<DonorService>().Create(Admin, new DonorInput
        {
            FirstName = first, LastName = last, Email = email, DoNotContact = doNotContact, AddressLine1 = "48 Rose Lane", City = "Portland", Region = "OR", PostalCode = "97202",
        });

    private OutboxListItem OnlyMessage() => Db.Get<OutboxService>().List(Admin, null, new PageRequest()).Items.Single();

    [Test]
    public async Task GiftThankYou_SentToTheLocalServer_CarriesRecipientSubjectBodyAndTheReceiptPdf()
    {
        UseMail(Smtp);
        var donor = DonorWithEmail("Xee", "Yang", "xee.yang@example.org");
        var gift = ReceiptTestSupport.Gift(Db, Admin, donor, 5_000, "2026-06-10");

        var outcome = Db.Get<AcknowledgmentService>().ThankByEmail(Admin, [gift]).Single();
        Assert.That(Smtp.Messages, Is.Empty, "nothing is sent inside the action; the worker sends");
        var sent = await SendDue(Smtp);

        Assert.That(outcome.Thanked, Is.True);
        Assert.That(sent, Is.EqualTo(1));
        var message = Smtp.Messages.Single();
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
        var receipt = Db.Get<GiftReceiptService>().CurrentForGift(Admin, gift)!;
        Assert.That(attachment.FileName, Is.EqualTo(receipt.FileName));
        var text = ReceiptTestSupport.Text(pdf.ToArray());
        Assert.That(text, Does.Contain(receipt.Number).And.Contain("XeeYang").And.Contain("$50.00"));
        Assert.That(text, Does.Not.Contain("COPY"), "the receipt issued for the email is the original");

        var acknowledgment = Db.Get<AcknowledgmentService>().For(Admin, gift)!;
        Assert.That((acknowledgment.Method, acknowledgment.MessageStatus), Is.EqualTo((AcknowledgmentMethod.Email, (OutboxStatus?)OutboxStatus.Sent)));
        Assert.That(Db.Get<AcknowledgmentService>().ToThank(Admin, new PageRequest()).Items.Select(g => g.GiftId), Does.Not.Contain(gift));
        Assert.That(message.MessageId, Does.EndWith(".donortrack.invalid"));
    }

    [Test]
    public async Task ServerRefusingTwice_MessageWaitsWithGrowingBackoff_ThenIsSentOnce()
    {
        UseMail(Smtp);
        var gift = ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500, "2026-06-12");
        Db.Get<AcknowledgmentService>().ThankByEmail(Admin, [gift]);
        Smtp.RefuseNext = 2;
        var queuedAt = Db.Clock.GetUtcNow();

        await SendDue(Smtp);
        var first = OnlyMessage();
        await SendDue(Smtp);
        var stillWaiting = OnlyMessage();
        Db.Clock.Advance(TimeSpan.FromMinutes(1));
        await SendDue(Smtp);
        var second = OnlyMessage();
        Db.Clock.Advance(TimeSpan.FromMinutes(2));
        await SendDue(Smtp);
        var third = OnlyMessage();

        Assert.That((first.Status, first.Attempts, first.NextAttemptAt), Is.EqualTo((OutboxStatus.Queued, 1L, queuedAt.AddMinutes(1))));
        Assert.That(first.Reason, Does.Contain("451"));
        Assert.That(stillWaiting.Attempts, Is.EqualTo(1), "not retried before its time");
        Assert.That((second.Status, second.Attempts, second.NextAttemptAt), Is.EqualTo((OutboxStatus.Queued, 2L, queuedAt.AddMinutes(3))));
        Assert.That((third.Status, third.Attempts, third.Reason), Is.EqualTo((OutboxStatus.Sent, 3L, (string?)null)));
        Assert.That(Smtp.Refused, Is.EqualTo(2));
        Assert.That(Smtp.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ServerDown_MessageStaysQueuedWithTheReason_AndGoesOutWhenTheServerIsBack()
    {
        UseMail(Smtp);
        var gift = ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500, "2026-06-12");
        Db.Get<AcknowledgmentService>().ThankByEmail(Admin, [gift]);
        var down = new MailServer("127.0.0.1", LocalSmtpServer.FreePort(), MailSecurity.None, null, null, "Frogtown", "office@frogtown.example.org", null);

        await Db.Get<OutboxSender>().SendDueAsync(_ => down, CancellationToken.None);
        var waiting = OnlyMessage();
        Db.Clock.Advance(TimeSpan.FromMinutes(1));
        await SendDue(Smtp);

        Assert.That(waiting.Status, Is.EqualTo(OutboxStatus.Queued));
        Assert.That(waiting.Reason, Does.StartWith("Could not connect to 127.0.0.1:"));
        Assert.That(OnlyMessage().Status, Is.EqualTo(OutboxStatus.Sent));
        Assert.That(Smtp.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ServerRejectingTheLogin_MessageStaysQueuedSayingSo()
    {
        await using var guarded = LocalSmtpServer.Start("frogtown", "right-password");
        UseMail(guarded);
        var gift = ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500, "2026-06-12");
        Db.Get<AcknowledgmentService>().ThankByEmail(Admin, [gift]);

        await Db.Get<OutboxSender>().SendDueAsync(_ => guarded.Settings("wrong-password"), CancellationToken.None);
        var refused = OnlyMessage();
        Db.Clock.Advance(TimeSpan.FromMinutes(1));
        await SendDue(guarded);

        Assert.That((refused.Status, refused.Reason), Is.EqualTo((OutboxStatus.Queued, (string?)"The server at 127.0.0.1 refused the user name or password.")));
        Assert.That(OnlyMessage().Status, Is.EqualTo(OutboxStatus.Sent));
        Assert.That(guarded.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task TooManyRefusals_FailTheMessageWithTheLastError_AndPutTheGiftBackOnTheList()
    {
        UseMail(Smtp);
        var gift = ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500, "2026-06-12");
        Db.Get<AcknowledgmentService>().ThankByEmail(Admin, [gift]);
        Smtp.RefuseNext = 100;
        var sender = Sender(Db.Get<OutboxSendOptions>() with { MaxAttempts = 3 });

        for (var i = 0; i < 4; i++)
        {
            await SendDue(Smtp, sender);
            Db.Clock.Advance(TimeSpan.FromHours(1));
        }

        var failed = OnlyMessage();
        Assert.That((failed.Status, failed.Attempts), Is.EqualTo((OutboxStatus.Failed, 3L)));
        Assert.That(failed.Reason, Does.StartWith("Gave up after 3 attempts. Last error: The server refused the message: 451"));
        var open = Db.Get<AcknowledgmentService>().ToThank(Admin, new PageRequest()).Items.Single();
        Assert.That((open.GiftId, open.LastProblem), Is.EqualTo((gift, failed.Reason)));
    }

    [Test]
    public async Task AttachmentOverTheLimit_FailsWithAClearMessage_AndIsNotSent()
    {
        UseMail(Smtp);
        var gift = ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500, "2026-06-12");
        Db.Get<AcknowledgmentService>().ThankByEmail(Admin, [gift]);

        await SendDue(Smtp, Sender(Db.Get<OutboxSendOptions>() with { MaxAttachmentBytes = 1_000 }));

        var failed = OnlyMessage();
        Assert.That(failed.Status, Is.EqualTo(OutboxStatus.Failed));
        Assert.That(failed.Reason, Does.Match(@"^The attached receipt is \d+\.\d MB; attachments are limited to 0 MB\.$"));
        Assert.That(Smtp.Messages, Is.Empty);
    }

    [Test]
    public void DoNotContactNoEmailAndInvalidAddress_AreSkippedWithTheirReasons_AndStayOnTheList()
    {
        UseMail(Smtp);
        var quiet = ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("Quiet", "Donor", "quiet@example.org", doNotContact: true), 1_000);
        var noEmail = ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("No", "Email", null), 1_000);
        var badAddress = ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("Bad", "Address", "bad@localhost"), 1_000);

        var outcomes = Db.Get<AcknowledgmentService>().ThankByEmail(Admin, [quiet, noEmail, badAddress]);

        Assert.That(outcomes.Select(o => (o.GiftId, o.Thanked, o.Reason)), Is.EqualTo(new[]
        {
            (quiet, false, (string?)"Not sent: the donor asked not to be contacted."),
            (noEmail, false, "Not sent: the donor has no email address."),
            (badAddress, false, "Not sent: “bad@localhost” is not a valid email address."),
        }));
        var outbox = Db.Get<OutboxService>().List(Admin, null, new PageRequest()).Items;
        Assert.That(outbox.Select(m => m.Status), Is.All.EqualTo(OutboxStatus.Skipped));
        Assert.That(outbox.Select(m => m.Reason), Is.EquivalentTo(outcomes.Select(o => o.Reason)));
        Assert.That(Db.Get<AcknowledgmentService>().ToThank(Admin, new PageRequest()).Items.Select(g => g.GiftId), Is.EquivalentTo(new[] { quiet, noEmail, badAddress }));
    }

    [Test]
    public void WithoutMailSettings_ThankingByEmail_SaysWhatToConfigure_AndQueuesNothing()
    {
        var gift = ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500);

        var refused = Assert.Throws<ValidationException>(() => Db.Get<AcknowledgmentService>().ThankByEmail(Admin, [gift]))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo("MailSettings"));
        Assert.That(refused.Errors.Single().ErrorMessage, Does.Contain("Mail settings"));
        Assert.That(Db.Get<OutboxService>().List(Admin, null, new PageRequest()).Total, Is.Zero);
        Assert.That(Db.Get<GiftReceiptService>().CurrentForGift(Admin, gift), Is.Null, "no receipt was issued either");
    }

    [Test]
    public async Task RestartMidBatch_MessagesClaimedBeforeTheStopAreNotSentAgain_AndTheRestGoOutOnce()
    {
        UseMail(Smtp);
        var gifts = Enumerable.Range(1, 10).Select(i => ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("Donor", $"Number{i}", $"donor{i}@example.org"), 1_000 * i)).ToList();
        Db.Get<AcknowledgmentService>().ThankByEmail(Admin, gifts);
        // The first process claimed three messages and was killed while talking to the server: one had reached it.
        IReadOnlyList<OutboxMessage> claimed;
        using (var session = Db.Connections.BeginTransaction())
        {
            claimed = Db.Get<OutboxRepository>().ClaimDue(session, Db.Clock.GetUtcNow(), 3);
            session.Commit();
        }
        await DeliverAsTheKilledProcessDid(claimed[0]);

        var restarted = Sender(Db.Get<OutboxSendOptions>());
        var uncertain = restarted.MarkInterruptedUncertain();
        var sent = await SendDue(Smtp, restarted);
        Db.Clock.Advance(TimeSpan.FromHours(1));
        var sentLater = await SendDue(Smtp, restarted);

        Assert.That((uncertain, sent, sentLater), Is.EqualTo((3, 7, 0)));
        var ids = Smtp.Messages.Select(m => m.MessageId).ToList();
        Assert.That(ids, Is.Unique, "no message reached the server twice");
        Assert.That(ids, Has.Count.EqualTo(8));
        var counts = Db.Get<OutboxService>().Counts(Admin);
        Assert.That((counts[OutboxStatus.Sent], counts[OutboxStatus.Uncertain]), Is.EqualTo((7L, 3L)));
        var reason = Db.Get<OutboxService>().List(Admin, OutboxStatus.Uncertain, new PageRequest()).Items.First().Reason;
        Assert.That(reason, Does.Contain("may have been delivered"));
    }

    [Test]
    public async Task UncertainMessage_SentAgainByAPerson_GoesOutWithTheSameMessageId()
    {
        UseMail(Smtp);
        var gift = ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500);
        Db.Get<AcknowledgmentService>().ThankByEmail(Admin, [gift]);
        OutboxMessage claimed;
        using (var session = Db.Connections.BeginTransaction())
        {
            claimed = Db.Get<OutboxRepository>().ClaimDue(session, Db.Clock.GetUtcNow(), 1).Single();
            session.Commit();
        }
        Db.Get<OutboxSender>().MarkInterruptedUncertain();

        await SendDue(Smtp);
        var untouched = Smtp.Messages.Count;
        Db.Get<OutboxService>().Retry(Admin, claimed.Id);
        await SendDue(Smtp);

        Assert.That(untouched, Is.Zero);
        Assert.That(Smtp.Messages.Single().MessageId, Is.EqualTo(claimed.MessageId));
        Assert.That(OnlyMessage().Status, Is.EqualTo(OutboxStatus.Sent));
    }

    [Test]
    public void ThankingAGiftTwice_RefusesTheSecondWithWhenItWasThanked()
    {
        UseMail(Smtp);
        var gift = ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500);
        Db.Get<AcknowledgmentService>().Mark(Admin, [gift], AcknowledgmentMethod.Call);

        var second = Db.Get<AcknowledgmentService>().ThankByEmail(Admin, [gift]).Single();

        Assert.That((second.Thanked, second.Reason), Is.EqualTo((false, (string?)$"Gift {gift} was already thanked by call on Jun 15, 2026.")));
        Assert.That(Db.Get<OutboxService>().List(Admin, null, new PageRequest()).Total, Is.Zero);
    }

    [Test]
    public async Task SpanishSettings_WriteTheSpanishTemplate()
    {
        UseMail(Smtp, EmailLanguage.Es);
        var gift = ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500, "2026-06-12");

        Db.Get<AcknowledgmentService>().ThankByEmail(Admin, [gift]);
        await SendDue(Smtp);

        var message = Smtp.Messages.Single();
        Assert.That(message.Subject, Is.EqualTo("Gracias por su donación a Eastside Tenants Alliance"));
        Assert.That(message.TextBody, Does.Contain("Estimado/a Ana:").And.Contain("12 de junio de 2026"));
    }

    [Test]
    public async Task EmailReceipt_SendsTheReceiptTemplateWithTheReceipt_WithoutCountingAsThanks()
    {
        UseMail(Smtp);
        var gift = ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500, "2026-06-12");
        var first = Db.Get<GiftReceiptService>().ForGift(Admin, gift)!;

        var written = Db.Get<AcknowledgmentService>().EmailReceipt(Admin, gift);
        await SendDue(Smtp);

        var message = Smtp.Messages.Single();
        Assert.That(written.Status, Is.EqualTo(OutboxStatus.Queued));
        Assert.That(message.Subject, Is.EqualTo("Your receipt from Eastside Tenants Alliance"));
        using var pdf = new MemoryStream();
        ((MimePart)message.Attachments.Single()).Content!.DecodeTo(pdf);
        var text = ReceiptTestSupport.Text(pdf.ToArray());
        Assert.That(text, Does.Contain(first.Receipt.Number).And.Contain("COPY"), "the receipt already handed out goes as a copy");
        Assert.That(Db.Get<AcknowledgmentService>().For(Admin, gift), Is.Null);
    }

    [Test]
    public async Task RecipientRefusedForGood_FailsAtOnceWithTheServersAnswer_AndTheOthersGoOut()
    {
        UseMail(Smtp);
        Smtp.Unknown["gone@example.org"] = true;
        var gone = ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("Gone", "Away", "gone@example.org"), 2_500);
        var here = ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("Still", "Here", "here@example.org"), 2_500);
        Db.Get<AcknowledgmentService>().ThankByEmail(Admin, [gone, here]);

        await SendDue(Smtp);

        var messages = Db.Get<OutboxService>().List(Admin, null, new PageRequest()).Items;
        var failed = messages.Single(m => m.RecipientAddress == "gone@example.org");
        Assert.That((failed.Status, failed.Attempts), Is.EqualTo((OutboxStatus.Failed, 1L)));
        Assert.That(failed.Reason, Does.StartWith("The server refused the message: 550"));
        Assert.That(messages.Single(m => m.RecipientAddress == "here@example.org").Status, Is.EqualTo(OutboxStatus.Sent));
        Assert.That(Db.Get<AcknowledgmentService>().ToThank(Admin, new PageRequest()).Items.Select(g => g.GiftId), Is.EqualTo(new[] { gone }));
    }

    [Test]
    public async Task SenderStoppedMidBatch_ThenRestarted_SendsEveryOtherMessageOnce_AndNothingTwice()
    {
        UseMail(Smtp);
        var gifts = Enumerable.Range(1, 30).Select(i => ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("Donor", $"Number{i}", $"donor{i}@example.org"), 1_000 + i)).ToList();
        Db.Get<AcknowledgmentService>().ThankByEmail(Admin, gifts);
        using var stop = new CancellationTokenSource();
        Smtp.Accepted = count =>
        {
            if (count == 5)
                stop.Cancel();
        };

        try
        {
            await Db.Get<OutboxSender>().SendDueAsync(_ => Smtp.Settings(), stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The stop: what was in flight stays claimed, as after a kill.
        }
        Smtp.Accepted = null;
        var beforeRestart = Smtp.Messages.Count;
        var restarted = Sender(Db.Get<OutboxSendOptions>());
        var uncertain = restarted.MarkInterruptedUncertain();
        await SendDue(Smtp, restarted);

        var counts = Db.Get<OutboxService>().Counts(Admin);
        Assert.That(beforeRestart, Is.InRange(5, 30));
        Assert.That(Smtp.Messages.Select(m => m.MessageId), Is.Unique, "no message reached the server twice");
        Assert.That(counts.GetValueOrDefault(OutboxStatus.Queued) + counts.GetValueOrDefault(OutboxStatus.Sending), Is.Zero, "nothing is left waiting");
        Assert.That(counts.GetValueOrDefault(OutboxStatus.Uncertain), Is.EqualTo(uncertain).And.LessThanOrEqualTo(Db.Get<OutboxSendOptions>().Connections));
        Assert.That(counts[OutboxStatus.Sent] + uncertain, Is.EqualTo(30));
        Assert.That(Smtp.Messages.Count, Is.InRange(counts[OutboxStatus.Sent], 30), "every sent message arrived; an uncertain one may have too");
    }

    [Test]
    public void DonorMerge_MovesTheDuplicatesMessages_AndKeepsTheGiftsAcknowledgment()
    {
        UseMail(Smtp);
        var survivor = DonorWithEmail("Ana", "Ruiz", "ana@example.org");
        var duplicate = DonorWithEmail("Ana", "Ruiz", "ana.ruiz@example.org");
        var gift = ReceiptTestSupport.Gift(Db, Admin, duplicate, 2_500);
        Db.Get<AcknowledgmentService>().ThankByEmail(Admin, [gift]);

        Db.Get<DonorTrack.Core.Merging.DonorMergeService>().Merge(Admin, new DonorTrack.Core.Merging.DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });

        Assert.That(OnlyMessage().DonorId, Is.EqualTo(survivor));
        Assert.That(OnlyMessage().RecipientAddress, Is.EqualTo("ana.ruiz@example.org"), "what was written to the duplicate stays as written");
        Assert.That(Db.Get<AcknowledgmentService>().For(Admin, gift)!.Method, Is.EqualTo(AcknowledgmentMethod.Email));
    }

    [Test]
    public async Task ReceiptVoidedAfterQueueing_FailsTheMessageSayingSo_AndSendsNothing()
    {
        UseMail(Smtp);
        var gift = ReceiptTestSupport.Gift(Db, Admin, DonorWithEmail("Ana", "Ruiz", "ana@example.org"), 2_500);
        Db.Get<AcknowledgmentService>().ThankByEmail(Admin, [gift]);
        var receipt = Db.Get<GiftReceiptService>().CurrentForGift(Admin, gift)!;
        Db.Get<GiftReceiptService>().Void(Admin, receipt.Id, new VoidReceiptInput("Wrong amount"), reissue: false);

        await SendDue(Smtp);

        Assert.That(OnlyMessage().Status, Is.EqualTo(OutboxStatus.Failed));
        Assert.That(OnlyMessage().Reason, Is.EqualTo($"Receipt {receipt.Number} was voided after this message was queued; send the new receipt instead."));
        Assert.That(Smtp.Messages, Is.Empty);
    }

    private OutboxSender Sender(OutboxSendOptions options) =>
        new(Db.Connections, Db.Get<OutboxRepository>(), Db.Get<ReceiptRepository>(), Db.Get<ReceiptPrinter>(), options, Db.Clock, NullLogger<OutboxSender>.Instance);

    private async Task DeliverAsTheKilledProcessDid(OutboxMessage message)
    {
        using var client = new MailKit.Net.Smtp.SmtpClient();
        await client.ConnectAsync("127.0.0.1", Smtp.Port, MailKit.Security.SecureSocketOptions.None);
        var mime = new MimeMessage { MessageId = message.MessageId, Subject = message.Subject };
        mime.From.Add(MailboxAddress.Parse("office@frogtown.example.org"));
        mime.To.Add(MailboxAddress.Parse(message.RecipientAddress!));
        mime.Body = new TextPart("plain") { Text = message.TextBody };
        await client.SendAsync(mime);
        await client.DisconnectAsync(true);
    }
}
