using DonorTrack.Core.Email;
using DonorTrack.Tests.Receipts;

namespace DonorTrack.Tests.Support.Mail;

/// <summary>A fresh database with a receipting organization and a real SMTP server on loopback, for each test.</summary>
public abstract class MailTestFixture
{
    protected TestDatabase Db { get; private set; } = null!;

    protected LocalSmtpServer Smtp { get; private set; } = null!;

    protected Actor Admin { get; private set; } = null!;

    [SetUp]
    public void StartMail()
    {
        Db = new TestDatabase();
        Smtp = LocalSmtpServer.Start();
        Admin = ReceiptTestSupport.Organization(Db);
    }

    [TearDown]
    public async Task StopMail()
    {
        await Smtp.DisposeAsync();
        Db.Dispose();
    }

    /// <summary>Saves the organization's mail settings pointing at <paramref name="server"/>.</summary>
    protected void UseMail(LocalSmtpServer server, EmailLanguage language = EmailLanguage.En)
    {
        using var session = Db.Connections.BeginTransaction();
        var s = server.Settings();
        Db.Get<MailSettingsRepository>().Save(session, new StoredMailSettings(Admin.OrganizationId, s.Host, s.Port, s.Security, s.UserName, null,
            s.FromName, s.FromAddress, s.ReplyTo, language, Db.Clock.GetUtcNow(), "test"));
        session.Commit();
    }
}
