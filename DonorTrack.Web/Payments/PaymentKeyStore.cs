using DonorTrack.Core.Audit;
using DonorTrack.Core.Payments;
using DonorTrack.Core.Validation;
using FluentValidation;
using Microsoft.AspNetCore.DataProtection;

namespace DonorTrack.Web.Payments;

/// <summary>An organization's Stripe keys in clear text, for the moment they are used.</summary>
public sealed record PaymentKeys(string PublishableKey, string SecretKey, string WebhookSecret);

/// <summary>What an admin types on the payment settings page.</summary>
public sealed record PaymentKeysInput(string? PublishableKey, string? SecretKey, string? WebhookSecret);

/// <summary>Rules for Stripe keys: the right prefixes, and not one test key with one live key.</summary>
public sealed class PaymentKeysInputValidator : AbstractValidator<PaymentKeysInput>
{
    public PaymentKeysInputValidator()
    {
        RuleFor(x => x.PublishableKey).NotEmpty().WithMessage("Paste the publishable key (pk_…).")
            .Must(k => k!.StartsWith("pk_", StringComparison.Ordinal)).WithMessage("A publishable key starts with pk_.").When(x => !string.IsNullOrEmpty(x.PublishableKey), ApplyConditionTo.CurrentValidator);
        RuleFor(x => x.SecretKey).NotEmpty().WithMessage("Paste the secret key (sk_… or rk_…).")
            .Must(k => k!.StartsWith("sk_", StringComparison.Ordinal) || k.StartsWith("rk_", StringComparison.Ordinal)).WithMessage("A secret key starts with sk_ (or rk_ for a restricted key).")
            .When(x => !string.IsNullOrEmpty(x.SecretKey), ApplyConditionTo.CurrentValidator);
        RuleFor(x => x.WebhookSecret).NotEmpty().WithMessage("Paste the webhook signing secret (whsec_…).")
            .Must(k => k!.StartsWith("whsec_", StringComparison.Ordinal)).WithMessage("A webhook signing secret starts with whsec_.").When(x => !string.IsNullOrEmpty(x.WebhookSecret), ApplyConditionTo.CurrentValidator);
        RuleFor(x => x.SecretKey).Must((input, secret) => StripeGateway.DescribeKeyMismatch(secret!, input.PublishableKey!) is null)
            .WithMessage(input => StripeGateway.DescribeKeyMismatch(input.SecretKey!, input.PublishableKey!) ?? "")
            .When(x => !string.IsNullOrEmpty(x.SecretKey) && !string.IsNullOrEmpty(x.PublishableKey));
    }
}

/// <summary>Whether an organization has Stripe keys, and whether this server can still decrypt them.</summary>
public enum PaymentKeysState
{
    None,
    Readable,
    Unreadable,
}

/// <summary>The saved Stripe secrets cannot be decrypted: the Data Protection key ring they were encrypted with is gone.</summary>
public sealed class PaymentKeysUnreadableException(long organizationId, Exception inner)
    : Exception($"The Stripe secrets of organization {organizationId} can no longer be decrypted; an admin must re-enter them.", inner)
{
    public long OrganizationId { get; } = organizationId;
}

/// <summary>Keeps Stripe secrets encrypted at rest with ASP.NET Core Data Protection; Core only ever stores the ciphertext.</summary>
public sealed class PaymentKeyStore(IDbConnectionFactory connections, PaymentSettingsRepository settings, IDataProtectionProvider protection, AuditLog audit, TimeProvider clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector("DonorTrack.PaymentKeys.v1");
    private readonly PaymentKeysInputValidator _validator = new();

    /// <summary>The keys in clear text, or null when none are saved; throws <see cref="PaymentKeysUnreadableException"/> when they cannot be decrypted.</summary>
    public PaymentKeys? Load(long organizationId)
    {
        using var db = connections.Read();
        var stored = settings.Find(db, organizationId);
        if (stored is null)
            return null;
        try
        {
            return new PaymentKeys(stored.PublishableKey, _protector.Unprotect(stored.ProtectedSecretKey), _protector.Unprotect(stored.ProtectedWebhookSecret));
        }
        catch (System.Security.Cryptography.CryptographicException error)
        {
            throw new PaymentKeysUnreadableException(organizationId, error);
        }
    }

    public PaymentKeysState State(long organizationId)
    {
        try
        {
            return Load(organizationId) is null ? PaymentKeysState.None : PaymentKeysState.Readable;
        }
        catch (PaymentKeysUnreadableException)
        {
            return PaymentKeysState.Unreadable;
        }
    }

    public StoredPaymentSettings? Describe(long organizationId)
    {
        using var db = connections.Read();
        return settings.Find(db, organizationId);
    }

    public void Save(Actor actor, PaymentKeysInput input)
    {
        actor.Require(Role.Admin);
        input = new PaymentKeysInput(input.PublishableKey?.Trim(), input.SecretKey?.Trim(), input.WebhookSecret?.Trim());
        _validator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        settings.Save(db, new StoredPaymentSettings(actor.OrganizationId, input.PublishableKey!, _protector.Protect(input.SecretKey!),
            _protector.Protect(input.WebhookSecret!), clock.GetUtcNow(), actor.Name));
        audit.Record(db, actor, "payment_settings", actor.OrganizationId, "update", null, new { input.PublishableKey, secretKey = "(encrypted)" });
        db.Commit();
    }

    public void Remove(Actor actor)
    {
        actor.Require(Role.Admin);
        using var db = connections.BeginTransaction();
        settings.Remove(db, actor.OrganizationId);
        audit.Record(db, actor, "payment_settings", actor.OrganizationId, "remove", null, null);
        db.Commit();
    }
}
