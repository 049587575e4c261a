using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Security;

namespace DonorTrack.Core.Payments;

/// <summary>Card gifts that settled on one payout date: what donors paid, what Stripe kept, what arrives in the bank.</summary>
public sealed record PayoutDay(DateOnly SettledOn, long GiftCount, long GrossCents, long FeeCents, long RefundedCents)
{
    public long NetCents => GrossCents - FeeCents - RefundedCents;
}

/// <summary>A card payment that needs a person: a declined installment or a disputed charge.</summary>
public sealed record PaymentProblem(string Kind, DateTimeOffset At, string? DonorEmail, long AmountCents, string Currency, string Reason, long? GiftId, string? Reference);

/// <summary>The treasurer's view of card money: payouts by date and payment problems.</summary>
public sealed class CardReconciliation(IDbConnectionFactory connections)
{
    public IReadOnlyList<PayoutDay> PayoutDays(Actor actor, DateOnly from, DateOnly to)
    {
        const string sql = """
            SELECT settled_on, count(*) AS gift_count, sum(amount_cents) AS gross_cents, sum(fee_cents) AS fee_cents, sum(refunded_cents) AS refunded_cents
            FROM gifts
            WHERE organization_id = @organizationId AND method = 'card' AND status <> 'voided'
              AND settled_on BETWEEN @from AND @to
            GROUP BY settled_on
            ORDER BY settled_on DESC
            """;
        using var db = connections.Read();
        return db.Connection.Query<(string SettledOn, long Count, long Gross, long Fee, long Refunded)>(sql, new { organizationId = actor.OrganizationId, from, to })
            .Select(r => new PayoutDay(DapperConfiguration.ParseDate(r.SettledOn), r.Count, r.Gross, r.Fee, r.Refunded))
            .ToList();
    }

    /// <summary>Open payment failures and every disputed gift, newest first.</summary>
    public IReadOnlyList<PaymentProblem> Problems(Actor actor)
    {
        const string failures = """
            SELECT failed_at, donor_email, amount_cents, currency, reason, subscription_id
            FROM payment_failures WHERE organization_id = @organizationId AND resolved_at IS NULL
            ORDER BY failed_at DESC
            """;
        const string disputes = """
            SELECT g.id, g.disputed_at, d.email, g.amount_cents, g.currency, g.dispute_reason, g.external_id
            FROM gifts g JOIN donors d ON d.id = g.donor_id
            WHERE g.organization_id = @organizationId AND g.disputed_at IS NOT NULL
            ORDER BY g.disputed_at DESC
            """;
        using var db = connections.Read();
        var args = new { organizationId = actor.OrganizationId };
        var declined = db.Connection.Query<(DateTimeOffset At, string? Email, long Amount, string Currency, string? Reason, string? Subscription)>(failures, args)
            .Select(f => new PaymentProblem("declined", f.At, f.Email, f.Amount, f.Currency, f.Reason ?? "declined", null, f.Subscription));
        var disputed = db.Connection.Query<(long Id, DateTimeOffset At, string? Email, long Amount, string Currency, string? Reason, string? Reference)>(disputes, args)
            .Select(d => new PaymentProblem("disputed", d.At, d.Email, d.Amount, d.Currency, d.Reason ?? "disputed", d.Id, d.Reference));
        return declined.Concat(disputed).OrderByDescending(p => p.At).ToList();
    }
}
