using DonorTrack.Core.Email;
using DonorTrack.Tests.Receipts;
using DonorTrack.Tests.Support.Mail;
using MimeKit;

namespace DonorTrack.Tests.Email;

/// <summary>Year-end statements emailed as a batch: issued and queued together, skips with reasons, sent with the statement attached.</summary>
public sealed class YearEndStatementMailingTests : MailTestFixture
{
    private long Donor(string first, string? email, bool doNotContact = false) =>
        Db.Get<DonorService>().Create(Admin, new DonorInput { FirstName = first, LastName = "Lee", Email = email, DoNotContact = doNotContact, AddressLine1 = "1 Elm St", City = "Portland" });

    [Test]
    public async Task Mailing_QueuesEachStatementWithItsMessage_SkipsWithReasons_AndSendsTheStatementsAttached()
    {
        UseMail(Smtp);
        var joy = Donor("Joy", "joy@example.org");
        var kim = Donor("Kim", "kim@example.org");
        var quiet = Donor("Quiet", "quiet@example.org", doNotContact: true);
        ReceiptTestSupport.Gift(Db, Admin, joy, 10_000, "2025-02-01");
        ReceiptTestSupport.Gift(Db, Admin, joy, 5_000, "2025-11-20");
        ReceiptTestSupport.Gift(Db, Admin, kim, 2_500, "2025-05-05");
        ReceiptTestSupport.Gift(Db, Admin, quiet, 1_000, "2025-05-05");
        var reports = new List<ReceiptBatchProgress>();

        var result = Db.Get<YearEndStatementMailing>().Queue(Admin, new AnnualBatchInput(2025), new SynchronousProgress(reports));
        var sent = await Db.Get<OutboxSender>().SendDueAsync(_ => Smtp.Settings(), CancellationToken.None);

        Assert.That((result.Statements, result.Queued, result.Skipped, sent), Is.EqualTo((3, 2, 1, 2)));
        Assert.That(reports.Last(), Is.EqualTo(new ReceiptBatchProgress(3, 3)));
        var progress = Db.Get<OutboxService>().BatchProgress(Admin, result.Batch);
        Assert.That((progress.Total, progress.Sent, progress.Skipped, progress.IsDone), Is.EqualTo((3L, 2L, 1L, true)));
        var toJoy = Smtp.Messages.Single(m => m.To.Mailboxes.Single().Address == "joy@example.org");
        Assert.That(toJoy.Subject, Is.EqualTo("Your 2025 giving statement from Eastside Tenants Alliance"));
        Assert.That(toJoy.TextBody, Does.Contain("$150.00 in all"));
        using var pdf = new MemoryStream();
        ((MimePart)toJoy.Attachments.Single()).Content!.DecodeTo(pdf);
        var statement = Db.Get<GiftReceiptService>().List(Admin, joy, new PageRequest()).Items.Single();
        Assert.That(ReceiptTestSupport.Text(pdf.ToArray()), Does.Contain(statement.Number).And.Contain("$150.00").And.Contain("JoyLee"));
        var skipped = Db.Get<OutboxService>().List(Admin, OutboxStatus.Skipped, new PageRequest()).Items.Single();
        Assert.That((skipped.DonorId, skipped.Reason), Is.EqualTo(((long?)quiet, (string?)"Not sent: the donor asked not to be contacted.")));
    }

    [Test]
    public void Mailing_WithoutMailSettings_IsRefusedBeforeAnyStatementIsIssued()
    {
        ReceiptTestSupport.Gift(Db, Admin, Donor("Joy", "joy@example.org"), 10_000, "2025-02-01");

        Assert.Throws<ValidationException>(() => Db.Get<YearEndStatementMailing>().Queue(Admin, new AnnualBatchInput(2025)));

        Assert.That(Db.Get<GiftReceiptService>().List(Admin, null, new PageRequest()).Total, Is.Zero);
    }

    private sealed class SynchronousProgress(List<ReceiptBatchProgress> reports) : IProgress<ReceiptBatchProgress>
    {
        public void Report(ReceiptBatchProgress value) => reports.Add(value);
    }
}
