using Dapper;
using DonorTrack.Core.Data;
using FluentValidation;
using MimeKit;

namespace DonorTrack.Core.Email;

/// <summary>An organization's SMTP settings as stored: the password is already encrypted by the host's data-protection keys.</summary>
public sealed record StoredMailSettings(
    long OrganizationId, string SmtpHost, long SmtpPort, MailSecurity Security, string? UserName, string? ProtectedPassword,
    string FromName, string FromAddress, string? ReplyTo, EmailLanguage Language, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>The SMTP server and sender of an organization with the password in clear text, for the moment a message is sent.</summary>
public sealed record MailServer(string Host, int Port, MailSecurity Security, string? UserName, string? Password, string FromName, string FromAddress, string? ReplyTo);

/// <summary>What an admin types on the mail settings page; a blank password keeps the saved one.</summary>
public sealed record MailSettingsInput
{
    public string? SmtpHost { get; init; }
    public int? SmtpPort { get; init; } = 587;
    public MailSecurity Security { get; init; } = MailSecurity.StartTls;
    public string? UserName { get; init; }
    public string? Password { get; init; }
    public string? FromName { get; init; }
    public string? FromAddress { get; init; }
    public string? ReplyTo { get; init; }
    public EmailLanguage Language { get; init; } = EmailLanguage.En;
}

/// <summary>Mail settings: a host and port, a known security mode, and addresses an SMTP server will take.</summary>
public sealed class MailSettingsInputValidator : AbstractValidator<MailSettingsInput>
{
    public MailSettingsInputValidator()
    {
        RuleFor(x => x.SmtpHost).NotEmpty().WithMessage("Enter the SMTP server's host name, like smtp.example.org.");
        RuleFor(x => x.SmtpHost).MaximumLength(253).WithMessage("A host name has at most 253 characters.")
            .Must(h => Uri.CheckHostName(h) != UriHostNameType.Unknown).WithMessage("Enter a host name or IP address, without http:// or a port.")
            .When(x => !string.IsNullOrEmpty(x.SmtpHost));
        RuleFor(x => x.SmtpPort).NotNull().WithMessage("Enter the SMTP port (587 for STARTTLS, 465 for implicit TLS).")
            .InclusiveBetween(1, 65535).WithMessage("A port is between 1 and 65535.");
        RuleFor(x => x.Security).IsInEnum().WithMessage($"Choose one of: {DomainWords.List<MailSecurity>()}.");
        RuleFor(x => x.Language).IsInEnum().WithMessage($"Choose one of: {DomainWords.List<EmailLanguage>()}.");
        RuleFor(x => x.UserName).MaximumLength(254).WithMessage("Use at most 254 characters.");
        RuleFor(x => x.Password).MaximumLength(500).WithMessage("Use at most 500 characters.");
        RuleFor(x => x.FromName).NotEmpty().WithMessage("Enter the name messages come from, like your organization's name.")
            .MaximumLength(200).WithMessage("Use at most 200 characters.");
        RuleFor(x => x.FromAddress).NotEmpty().WithMessage("Enter the address messages come from.");
        RuleFor(x => x.FromAddress).Must(EmailAddresses.IsValid).WithMessage("Enter a valid email address, like office@example.org.").When(x => !string.IsNullOrEmpty(x.FromAddress));
        RuleFor(x => x.ReplyTo).Must(EmailAddresses.IsValid!).WithMessage("Enter a valid email address for replies, or leave it blank.")
            .When(x => !string.IsNullOrWhiteSpace(x.ReplyTo));
    }
}

/// <summary>Whether text is one plain address an SMTP server will take: local@domain, no display name, no list.</summary>
public static class EmailAddresses
{
    public static bool IsValid(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Length > 254 || address.Trim() != address)
            return false;
        if (!MailboxAddress.TryParse(ParserOptions.Default, address, out var mailbox) || mailbox.Address != address)
            return false;
        var at = address.LastIndexOf('@');
        return at > 0 && at < address.Length - 1 && address[(at + 1)..].Contains('.') && !address.Contains(' ');
    }
}

/// <summary>Reads and writes stored mail settings; never sees the password in clear text.</summary>
public sealed class MailSettingsRepository
{
    public StoredMailSettings? Find(DbSession db, long organizationId)
    {
        const string sql = """
            SELECT organization_id, smtp_host, smtp_port, security, user_name, protected_password, from_name, from_address, reply_to,
                   language, updated_at, updated_by
            FROM mail_settings WHERE organization_id = @organizationId
            """;
        return db.Connection.QuerySingleOrDefault<StoredMailSettings>(sql, new { organizationId }, db.Transaction);
    }

    public void Save(DbSession db, StoredMailSettings settings)
    {
        const string sql = """
            INSERT INTO mail_settings (organization_id, smtp_host, smtp_port, security, user_name, protected_password, from_name, from_address,
                reply_to, language, updated_at, updated_by)
            VALUES (@OrganizationId, @SmtpHost, @SmtpPort, @Security, @UserName, @ProtectedPassword, @FromName, @FromAddress,
                @ReplyTo, @Language, @UpdatedAt, @UpdatedBy)
            ON CONFLICT (organization_id) DO UPDATE SET smtp_host = excluded.smtp_host, smtp_port = excluded.smtp_port,
                security = excluded.security, user_name = excluded.user_name, protected_password = excluded.protected_password,
                from_name = excluded.from_name, from_address = excluded.from_address, reply_to = excluded.reply_to,
                language = excluded.language, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """;
        db.Connection.Execute(sql, settings, db.Transaction);
    }

    public void Remove(DbSession db, long organizationId) =>
        db.Connection.Execute("DELETE FROM mail_settings WHERE organization_id = @organizationId", new { organizationId }, db.Transaction);
}
