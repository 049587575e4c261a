using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;

namespace DonorTrack.Core.Email;

/// <summary>How and when a gift was thanked; an email acknowledgment carries its message's status.</summary>
public sealed record GiftAcknowledgment(long GiftId, AcknowledgmentMethod Method, DateTimeOffset AcknowledgedAt, string AcknowledgedBy, long? OutboxId, OutboxStatus? MessageStatus, string? MessageReason)
{
    /// <summary>An email that failed or was skipped did not thank anyone: the gift goes back on the to-thank list.</summary>
    public bool Counts => Method != AcknowledgmentMethod.Email || MessageStatus is not (OutboxStatus.Failed or OutboxStatus.Skipped);
}

/// <summary>A counted gift nobody has thanked yet, with the days it has waited and why an earlier email did not go out.</summary>
public sealed record GiftToThank(
    long GiftId, long DonorId, DonorKind DonorKind, string? DonorFirstName, string? DonorLastName, string? DonorOrganizationName, string? DonorEmail,
    bool DoNotContact, long AmountCents, string Currency, DateOnly ReceivedOn, GiftMethod Method, string? LastProblem)
{
    public string DonorName => DonorNames.Display(DonorKind, DonorFirstName, DonorLastName, DonorOrganizationName);

    public int DaysWaiting(DateOnly today) => Math.Max(0, today.DayNumber - ReceivedOn.DayNumber);
}

/// <summary>Days from gift to thanks, for the diversification report: the median and the share thanked within 48 hours.</summary>
public sealed record ThankTimes(long GiftsThanked, double? MedianDays, double? ShareWithin48Hours);

/// <summary>The gift_acknowledgments table and the to-thank list.</summary>
public sealed class AcknowledgmentRepository
{
    private const string Counted = "g.status IN " + GiftRules.CountedStatusList;

    public GiftAcknowledgment? Find(DbSession db, long organizationId, long giftId)
    {
        const string sql = """
            SELECT a.gift_id, a.method, a.acknowledged_at, a.acknowledged_by, a.outbox_id, o.status AS message_status, o.reason AS message_reason
            FROM gift_acknowledgments a LEFT JOIN email_outbox o ON o.organization_id = a.organization_id AND o.id = a.outbox_id
            WHERE a.organization_id = @organizationId AND a.gift_id = @giftId
            """;
        return db.Connection.QuerySingleOrDefault<GiftAcknowledgment>(sql, new { organizationId, giftId }, db.Transaction);
    }

    /// <summary>Records how a gift was thanked, replacing an email acknowledgment whose message never went out.</summary>
    public void Save(DbSession db, long organizationId, long giftId, AcknowledgmentMethod method, long? outboxId, string by, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO gift_acknowledgments (organization_id, gift_id, method, acknowledged_at, acknowledged_by, outbox_id)
            VALUES (@organizationId, @giftId, @method, @now, @by, @outboxId)
            ON CONFLICT (organization_id, gift_id) DO UPDATE SET method = excluded.method, acknowledged_at = excluded.acknowledged_at,
                acknowledged_by = excluded.acknowledged_by, outbox_id = excluded.outbox_id
            """;
        db.Connection.Execute(sql, new { organizationId, giftId, method, now, by, outboxId }, db.Transaction);
    }

    public Paged<GiftToThank> ToThank(DbSession db, long organizationId, PageRequest page)
    {
        const string open = $"""
            FROM gifts g
            LEFT JOIN gift_acknowledgments a ON a.organization_id = g.organization_id AND a.gift_id = g.id
            LEFT JOIN email_outbox o ON o.organization_id = a.organization_id AND o.id = a.outbox_id
            WHERE g.organization_id = @organizationId AND {Counted}
              AND (a.id IS NULL OR (a.method = 'email' AND o.status IN ('failed', 'skipped')))
            """;
        var sql = $"""
            SELECT g.id AS gift_id, g.donor_id, d.kind AS donor_kind, d.first_name AS donor_first_name, d.last_name AS donor_last_name,
                   d.organization_name AS donor_organization_name, d.email AS donor_email, d.do_not_contact, g.amount_cents, g.currency,
                   g.received_on, g.method,
                   (SELECT x.reason FROM email_outbox x WHERE x.organization_id = g.organization_id AND x.gift_id = g.id
                      AND x.status IN ('failed', 'skipped') ORDER BY x.id DESC LIMIT 1) AS last_problem
            {open.Replace("FROM gifts g", "FROM gifts g JOIN donors d ON d.id = g.donor_id")}
            ORDER BY g.received_on, g.id
            LIMIT @limit OFFSET @offset
            """;
        var args = new { organizationId, limit = page.PageSize, offset = page.Offset };
        var items = db.Connection.Query<GiftToThank>(sql, args, db.Transaction).AsList();
        var total = db.Connection.ExecuteScalar<long>($"SELECT count(*) {open}", args, db.Transaction);
        return new Paged<GiftToThank>(items, page.Page, page.PageSize, total);
    }

    /// <summary>Gifts received in the period and thanked (by a counting acknowledgment): median days to thanks, and the share within 48 hours of the day received.</summary>
    public ThankTimes ThankTimes(DbSession db, long organizationId, DateOnly from, DateOnly to)
    {
        const string sql = $"""
            SELECT julianday(a.acknowledged_at) - julianday(g.received_on)
            FROM gifts g
            JOIN gift_acknowledgments a ON a.organization_id = g.organization_id AND a.gift_id = g.id
            LEFT JOIN email_outbox o ON o.organization_id = a.organization_id AND o.id = a.outbox_id
            WHERE g.organization_id = @organizationId AND {Counted} AND g.received_on BETWEEN @from AND @to
              AND NOT (a.method = 'email' AND o.status IN ('failed', 'skipped'))
            """;
        var days = db.Connection.Query<double>(sql, new { organizationId, from, to }, db.Transaction).Select(d => Math.Max(0, d)).Order().ToList();
        const string countSql = $"SELECT count(*) FROM gifts g WHERE g.organization_id = @organizationId AND {Counted} AND g.received_on BETWEEN @from AND @to";
        var gifts = db.Connection.ExecuteScalar<long>(countSql, new { organizationId, from, to }, db.Transaction);
        if (days.Count == 0)
            return new ThankTimes(0, null, gifts == 0 ? null : 0);
        var median = days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2;
        // A gift received on a day counts from that day's start, so "within 48 hours" is within two days of the received date.
        return new ThankTimes(days.Count, Math.Round(median, 1), (double)days.Count(d => d <= 2.0) / gifts);
    }
}
