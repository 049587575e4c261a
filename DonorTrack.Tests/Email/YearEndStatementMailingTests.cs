using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Email;
using DonorTrack.Core.Receipts;
using DonorTrack.Core.Security;
using DonorTrack.Tests.Receipts;
using DonorTrack.Tests.Support;
using DonorTrack.Tests.Support.Mail;
using FluentValidation;
using MimeKit;

namespace DonorTrack.Tests.Email;

/// <summary>Year-end statements emailed as a batch: issued and queued together, skips with reasons, sent with the statement attached.</summary>
public sealed class YearEndStatementMailingTests
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

    private void UseMail()
    {
        using var session = _db.Connections.BeginTransaction();
        var s = _smtp.Settings();
        _db.Get<MailSettingsRepository>().Save(session, new StoredMailSettings(_admin.OrganizationId, s.Host, s.Port, s.Security, null, null,
            s.FromName, s.FromAddress, null, EmailLanguage.En, _db.Clock.GetUtcNow(), "test"));
        session.Commit();
    }

    private long Donor(string first, string? email, bool doNotContact = false) =>
        _db.Get<DonorService>().Create(_admin, new DonorInput { FirstName = first, LastName = "Lee", Email = email, DoNotContact = doNotContact, AddressLine1 = "1 Elm St", City = "Portland" });

    [Test]
    public async Task Mailing_QueuesEachStatementWithItsMessage_SkipsWithReasons_AndSendsTheStatementsAttached()
    {
        UseMail();
        var joy = Donor("Joy", "joy@example.org");
        var kim = Donor("Kim", "kim@example.org");
        var quiet = Donor("Quiet", "quiet@example.org", doNotContact: true);
        ReceiptTestSupport.Gift(_db, _admin, joy, 10_000, "2025-02-01");
        ReceiptTestSupport.Gift(_db, _admin, joy, 5_000, "2025-11-20");
        ReceiptTestSupport.Gift(_db, _admin, kim, 2_500, "2025-05-05");
        ReceiptTestSupport.Gift(_db, _admin, quiet, 1_000, "2025-05-05");
        var reports = new List<ReceiptBatchProgress>();

        var result = _db.Get<YearEndStatementMailing>().Queue(_admin, new AnnualBatchInput(2025), new SynchronousProgress(reports));
        var sent = await _db.Get<OutboxSender>().SendDueAsync(_ => _smtp.Settings(), CancellationToken.None);

        Assert.That((result.Statements, result.Queued, result.Skipped, sent), Is.EqualTo((3, 2, 1, 2)));
        Assert.That(reports.Last(), Is.EqualTo(new ReceiptBatchProgress(3, 3)));
        var progress = _db.Get<OutboxService>().BatchProgress(_admin, result.Batch);
        Assert.That((progress.Total, progress.Sent, progress.Skipped, progress.IsDone), Is.EqualTo((3L, 2L, 1L, true)));
        var toJoy = _smtp.Messages.Single(m => m.To.Mailboxes.Single().Address == "joy@example.org");
        Assert.That(toJoy.Subject, Is.EqualTo("Your 2025 giving statement from Eastside Tenants Alliance"));
        Assert.That(toJoy.TextBody, Does.Contain("$150.00 in all"));
        using var pdf = new MemoryStream();
        ((MimePart)toJoy.Attachments.Single()).Content!.DecodeTo(pdf);
        var statement = _db.Get<GiftReceiptService>().List(_admin, joy, new PageRequest()).Items.Single();
        Assert.That(ReceiptTestSupport.Text(pdf.ToArray()), Does.Contain(statement.Number).And.Contain("$150.00").And.Contain("JoyLee"));
        var skipped = _db.Get<OutboxService>().List(_admin, OutboxStatus.Skipped, new PageRequest()).Items.Single();
        Assert.That((skipped.DonorId, skipped.Reason), Is.EqualTo(((long?)quiet, (string?)"Not sent: the donor asked not to be contacted.")));
    }

    [Test]
    public void Mailing_WithoutMailSettings_IsRefusedBeforeAnyStatementIsIssued()
    {
        ReceiptTestSupport.Gift(_db, _admin, Donor("Joy", "joy@example.org"), 10_000, "2025-02-01");

        Assert.Throws<ValidationException>(() => _db.Get<YearEndStatementMailing>().Queue(_admin, new AnnualBatchInput(2025)));

        Assert.That(_db.Get<GiftReceiptService>().List(_admin, null, new PageRequest()).Total, Is.Zero);
    }

    private sealed class SynchronousProgress(List<ReceiptBatchProgress> reports) : IProgress<ReceiptBatchProgress>
    {
        public void Report(ReceiptBatchProgress value) => reports.Add(value);
    }
}
