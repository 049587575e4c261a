using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Security;

namespace DonorTrack.Core.Payments;

/// <summary>A card installment Stripe could not collect and is still retrying: the treasurer's at-risk list.</summary>
public sealed record AtRiskPayment(
    string InvoiceId, string? SubscriptionId, string? DonorEmail, long AmountCents, string Currency, long Attempts, string? Reason,
    DateTimeOffset FailedAt, DateTimeOffset? NextAttemptAt)
{
    public string DeclineReason => Reason ?? "declined";
}

/// <summary>How many card installments are at risk, and for how much (the dashboard's "failing card payments").</summary>
public sealed record AtRiskTotals(long Count, long AmountCents);

/// <summary>Declined installments that were paid after all (recovered) or whose subscription ended unpaid (lost) in a period.</summary>
public sealed record RecoveryTotals(long RecoveredCount, long RecoveredCents, long LostCount, long LostCents);

/// <summary>Failed-payment recovery as the treasurer sees it: what is at risk now, and what was recovered or lost.</summary>
public sealed class CardRecovery(IDbConnectionFactory connections)
{
    /// <summary>Open declines, most attempts first (closest to being given up by Stripe), then oldest.</summary>
    public IReadOnlyList<AtRiskPayment> AtRisk(Actor actor)
    {
        actor.Require(Role.Treasurer);
        const string sql = """
            SELECT invoice_id, subscription_id, donor_email, amount_cents, currency, attempt_count AS attempts, reason,
                failed_at, next_attempt_at
            FROM payment_failures
            WHERE organization_id = @organizationId AND resolved_at IS NULL
            ORDER BY attempt_count DESC, failed_at
            """;
        using var db = connections.Read();
        return db.Connection.Query<AtRiskPayment>(sql, new { organizationId = actor.OrganizationId }).AsList();
    }

    public AtRiskTotals AtRiskTotals(Actor actor)
    {
        actor.Require(Role.Viewer);
        const string sql = """
            SELECT count(*) AS count, coalesce(sum(amount_cents), 0) AS amount_cents
            FROM payment_failures WHERE organization_id = @organizationId AND resolved_at IS NULL
            """;
        using var db = connections.Read();
        return db.Connection.QuerySingle<AtRiskTotals>(sql, new { organizationId = actor.OrganizationId });
    }

    /// <summary>Declines resolved from <paramref name="from"/> (inclusive) to <paramref name="until"/> (exclusive), by how they ended.</summary>
    public RecoveryTotals Outcomes(Actor actor, DateTimeOffset from, DateTimeOffset until)
    {
        actor.Require(Role.Viewer);
        const string sql = """
            SELECT count(*) FILTER (WHERE outcome = 'recovered') AS recovered_count,
                   coalesce(sum(amount_cents) FILTER (WHERE outcome = 'recovered'), 0) AS recovered_cents,
                   count(*) FILTER (WHERE outcome = 'lost') AS lost_count,
                   coalesce(sum(amount_cents) FILTER (WHERE outcome = 'lost'), 0) AS lost_cents
            FROM payment_failures
            WHERE organization_id = @organizationId AND resolved_at >= @from AND resolved_at < @until
            """;
        using var db = connections.Read();
        return db.Connection.QuerySingle<RecoveryTotals>(sql, new { organizationId = actor.OrganizationId, from, until });
    }
}
