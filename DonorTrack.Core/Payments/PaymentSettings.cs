using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Payments;

/// <summary>An organization's Stripe keys as stored: the secrets are already encrypted by the host's data-protection keys.</summary>
public sealed record StoredPaymentSettings(long OrganizationId, string PublishableKey, string ProtectedSecretKey, string ProtectedWebhookSecret, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>Reads and writes stored Stripe settings; never sees a secret in clear text.</summary>
public sealed class PaymentSettingsRepository
{
    public StoredPaymentSettings? Find(DbSession db, long organizationId)
    {
        const string sql = """
            SELECT organization_id, publishable_key, protected_secret_key, protected_webhook_secret, updated_at, updated_by
            FROM payment_settings WHERE organization_id = @organizationId
            """;
        return db.Connection.QuerySingleOrDefault<StoredPaymentSettings>(sql, new { organizationId }, db.Transaction);
    }

    public void Save(DbSession db, StoredPaymentSettings settings)
    {
        const string sql = """
            INSERT INTO payment_settings (organization_id, publishable_key, protected_secret_key, protected_webhook_secret, updated_at, updated_by)
            VALUES (@OrganizationId, @PublishableKey, @ProtectedSecretKey, @ProtectedWebhookSecret, @UpdatedAt, @UpdatedBy)
            ON CONFLICT (organization_id) DO UPDATE SET publishable_key = excluded.publishable_key,
                protected_secret_key = excluded.protected_secret_key, protected_webhook_secret = excluded.protected_webhook_secret,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """;
        db.Connection.Execute(sql, settings, db.Transaction);
    }

    public void Remove(DbSession db, long organizationId) =>
        db.Connection.Execute("DELETE FROM payment_settings WHERE organization_id = @organizationId", new { organizationId }, db.Transaction);
}
