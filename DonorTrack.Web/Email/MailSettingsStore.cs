using DonorTrack.Core.Audit;
using DonorTrack.Core.Email;
using DonorTrack.Core.Validation;
using Microsoft.AspNetCore.DataProtection;

namespace DonorTrack.Web.Email;

/// <summary>Keeps the SMTP password encrypted at rest with ASP.NET Core Data Protection, as <see cref="Payments.PaymentKeyStore"/> does the Stripe secrets.</summary>
public sealed class MailSettingsStore(
    IDbConnectionFactory connections, MailSettingsRepository settings, OrganizationRepository organizations, OutboxSender sender,
    IDataProtectionProvider protection, AuditLog audit, TimeProvider clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector("DonorTrack.MailSettings.v1");
    private readonly MailSettingsInputValidator _validator = new();

    public StoredMailSettings? Describe(long organizationId)
    {
        using var db = connections.Read();
        return settings.Find(db, organizationId);
    }

    /// <summary>The server with the password in clear text; null when none is saved or the password can no longer be decrypted.</summary>
    public MailServer? Server(long organizationId)
    {
        var stored = Describe(organizationId);
        if (stored is null)
            return null;
        string? password = null;
        if (stored.ProtectedPassword is not null)
        {
            try
            {
                password = _protector.Unprotect(stored.ProtectedPassword);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                return null;
            }
        }
        return new MailServer(stored.SmtpHost, (int)stored.SmtpPort, stored.Security, stored.UserName, password, stored.FromName, stored.FromAddress, stored.ReplyTo);
    }

    /// <summary>Saved settings whose password this server can no longer decrypt (its key ring was lost or replaced).</summary>
    public bool PasswordUnreadable(long organizationId) => Describe(organizationId) is { ProtectedPassword: not null } && Server(organizationId) is null;

    /// <summary>Saves the settings; a blank password keeps the saved one, so the form need not show it.</summary>
    public void Save(Actor actor, MailSettingsInput input)
    {
        actor.Require(Role.Admin);
        input = input with
        {
            SmtpHost = input.SmtpHost?.Trim(), UserName = Blank(input.UserName), FromName = input.FromName?.Trim(), FromAddress = input.FromAddress?.Trim(),
            ReplyTo = Blank(input.ReplyTo),
        };
        _validator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var before = settings.Find(db, actor.OrganizationId);
        var protectedPassword = input.UserName is null ? null
            : !string.IsNullOrEmpty(input.Password) ? _protector.Protect(input.Password)
            : before?.ProtectedPassword ?? throw InputValidation.FieldError(nameof(input.Password), "Enter the password for this user name.");
        settings.Save(db, new StoredMailSettings(actor.OrganizationId, input.SmtpHost!, input.SmtpPort!.Value, input.Security, input.UserName, protectedPassword,
            input.FromName!, input.FromAddress!, input.ReplyTo, input.Language, clock.GetUtcNow(), actor.Name));
        audit.Record(db, actor, "mail_settings", actor.OrganizationId, before is null ? "create" : "update",
            before is null ? null : new { before.SmtpHost, before.SmtpPort, before.FromAddress },
            new { input.SmtpHost, input.SmtpPort, security = input.Security.Word(), input.UserName, password = protectedPassword is null ? null : "(encrypted)", input.FromAddress });
        db.Commit();
    }

    public void Remove(Actor actor)
    {
        actor.Require(Role.Admin);
        using var db = connections.BeginTransaction();
        settings.Remove(db, actor.OrganizationId);
        audit.Record(db, actor, "mail_settings", actor.OrganizationId, "remove", null, null);
        db.Commit();
    }

    /// <summary>Sends a test message with the saved settings, so an admin sees at once whether they work.</summary>
    public async Task<MailTestResult> SendTestAsync(Actor actor, string? to, CancellationToken cancel)
    {
        actor.Require(Role.Admin);
        if (Describe(actor.OrganizationId) is null)
            return new MailTestResult(false, "Save the mail settings first.");
        var server = Server(actor.OrganizationId);
        if (server is null)
            return new MailTestResult(false, "The saved password can no longer be decrypted; enter it again and save.");
        string organizationName;
        using (var db = connections.Read())
            organizationName = organizations.Find(db, actor.OrganizationId)!.Name;
        return await sender.SendTestAsync(server, (to ?? "").Trim(), organizationName, cancel);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
