using System.Text.RegularExpressions;
using DonorTrack.Core.Email;

namespace DonorTrack.Tests.SelfService;

/// <summary>What the donor-page tests share: mail settings (so links can be queued) and reading the link back out of the outbox.</summary>
internal static partial class DonorPageTestData
{
    public static void UseMail(IDbConnectionFactory connections, MailSettingsRepository settings, long organizationId, DateTimeOffset now)
    {
        using var session = connections.BeginTransaction();
        // A closed local port: nothing is delivered anywhere; the message stays readable in the outbox.
        settings.Save(session, new StoredMailSettings(organizationId, "127.0.0.1", 9, MailSecurity.None, null, null,
            "Frogtown Tenants Union", "office@example.org", null, EmailLanguage.En, now, "test"));
        session.Commit();
    }

    /// <summary>The outbox messages of a kind, oldest first: recipient address, status and plain-text body.</summary>
    public static IReadOnlyList<(string? To, string Status, string Subject, string Body)> Outbox(IDbConnectionFactory connections, long organizationId, EmailKind kind)
    {
        using var db = connections.Read();
        return db.Connection.Query<(string?, string, string, string)>(
            "SELECT recipient_address, status, subject, text_body FROM email_outbox WHERE organization_id = @organizationId AND kind = @kind ORDER BY id",
            new { organizationId, kind }).AsList();
    }

    /// <summary>The token of the newest sign-in link mailed in an organization.</summary>
    public static string LatestToken(IDbConnectionFactory connections, long organizationId) =>
        Token().Match(Outbox(connections, organizationId, EmailKind.DonorSignInLink)[^1].Body) is { Success: true } match
            ? match.Groups["token"].Value
            : throw new AssertionException("The sign-in message carries no link.");

    [GeneratedRegex(@"/my/[a-z0-9-]+/link\?token=(?<token>[A-Za-z0-9_-]{43})\b")]
    private static partial Regex Token();
}
