using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;

namespace DonorTrack.Core.Dues;

/// <summary>Membership terms, their linked dues payments and their cached standing. Every statement is scoped by organization.</summary>
public sealed class MembershipRepository
{
    private const string Columns = """
        id, donor_id, plan_id, starts_on, tier_name, period_cents, auto_renew, stripe_subscription_id, opening_credit_cents,
        previous_membership_id, term_reason, arrears_waived, cancelled_on, cancel_reason, paid_through, paid_periods, credit_cents, created_at
        """;

    private const string ListColumns = """
        m.id, m.donor_id, d.kind AS donor_kind, d.first_name AS donor_first_name, d.last_name AS donor_last_name,
        d.organization_name AS donor_organization_name, m.plan_id, p.name AS plan_name, p.interval, p.grace_days, m.starts_on, m.tier_name,
        m.period_cents, m.arrears_waived, m.cancelled_on, m.cancel_reason, m.paid_through, m.paid_periods, m.credit_cents,
        d.do_not_contact AS donor_do_not_contact, d.deceased AS donor_deceased
        """;

    public MembershipRow? Find(DbSession db, long organizationId, long membershipId)
    {
        const string sql = $"SELECT {Columns} FROM memberships WHERE organization_id = @organizationId AND id = @membershipId";
        return db.Connection.QuerySingleOrDefault<MembershipRow>(sql, new { organizationId, membershipId }, db.Transaction);
    }

    public MembershipListRow? FindListRow(DbSession db, long organizationId, long membershipId)
    {
        const string sql = $"""
            SELECT {ListColumns}
            FROM memberships m
            JOIN donors d ON d.organization_id = m.organization_id AND d.id = m.donor_id
            JOIN membership_plans p ON p.organization_id = m.organization_id AND p.id = m.plan_id
            WHERE m.organization_id = @organizationId AND m.id = @membershipId
            """;
        return ReadListRows(db, sql, new { organizationId, membershipId }).SingleOrDefault();
    }

    /// <summary>Every term of the organization, by donor name and newest first; statuses are derived by the caller.</summary>
    public IReadOnlyList<MembershipListRow> ListRows(DbSession db, long organizationId)
    {
        const string sql = $"""
            SELECT {ListColumns}
            FROM memberships m
            JOIN donors d ON d.organization_id = m.organization_id AND d.id = m.donor_id
            JOIN membership_plans p ON p.organization_id = m.organization_id AND p.id = m.plan_id
            WHERE m.organization_id = @organizationId
            ORDER BY d.sort_name COLLATE NOCASE, m.starts_on DESC, m.id DESC
            """;
        return ReadListRows(db, sql, new { organizationId });
    }

    /// <summary>One donor's terms, newest first.</summary>
    public IReadOnlyList<MembershipListRow> ListRowsOfDonor(DbSession db, long organizationId, long donorId)
    {
        const string sql = $"""
            SELECT {ListColumns}
            FROM memberships m
            JOIN donors d ON d.organization_id = m.organization_id AND d.id = m.donor_id
            JOIN membership_plans p ON p.organization_id = m.organization_id AND p.id = m.plan_id
            WHERE m.organization_id = @organizationId AND m.donor_id = @donorId
            ORDER BY m.starts_on DESC, m.id DESC
            """;
        return ReadListRows(db, sql, new { organizationId, donorId });
    }

    // The dues overview reads every term of the organization (20,000 in the benchmark) on each visit. Reading the columns
    // of ListColumns by position skips Dapper's boxed per-value type handlers, which cost more than the query itself.
    private static List<MembershipListRow> ReadListRows(DbSession db, string sql, object args)
    {
        using var reader = db.Connection.ExecuteReader(sql, args, db.Transaction);
        var rows = new List<MembershipListRow>();
        while (reader.Read())
        {
            rows.Add(new MembershipListRow(
                Id: reader.GetInt64(0),
                DonorId: reader.GetInt64(1),
                DonorKind: DomainWords.Parse<DonorKind>(reader.GetString(2)),
                DonorFirstName: TextOrNull(reader, 3),
                DonorLastName: TextOrNull(reader, 4),
                DonorOrganizationName: TextOrNull(reader, 5),
                PlanId: reader.GetInt64(6),
                PlanName: reader.GetString(7),
                Interval: DomainWords.Parse<DuesInterval>(reader.GetString(8)),
                GraceDays: reader.GetInt64(9),
                StartsOn: DapperConfiguration.ParseDate(reader.GetString(10)),
                TierName: TextOrNull(reader, 11),
                PeriodCents: reader.GetInt64(12),
                ArrearsWaived: reader.GetInt64(13) != 0,
                CancelledOn: reader.IsDBNull(14) ? null : DapperConfiguration.ParseDate(reader.GetString(14)),
                CancelReason: TextOrNull(reader, 15),
                PaidThrough: DapperConfiguration.ParseDate(reader.GetString(16)),
                PaidPeriods: reader.GetInt64(17),
                CreditCents: reader.GetInt64(18),
                DonorDoNotContact: reader.GetInt64(19) != 0,
                DonorDeceased: reader.GetInt64(20) != 0));
        }
        return rows;
    }

    private static string? TextOrNull(System.Data.IDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public long Insert(
        DbSession db, long organizationId, long donorId, long planId, DateOnly startsOn, string? tierName, long periodCents, bool autoRenew,
        long openingCreditCents, long? previousMembershipId, string termReason, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO memberships (organization_id, donor_id, plan_id, starts_on, tier_name, period_cents, auto_renew, opening_credit_cents,
                previous_membership_id, term_reason, paid_through, created_at, updated_at)
            VALUES (@organizationId, @donorId, @planId, @startsOn, @tierName, @periodCents, @autoRenew, @openingCreditCents,
                @previousMembershipId, @termReason, @startsOn, @now, @now)
            RETURNING id
            """;
        return db.Connection.ExecuteScalar<long>(sql, new
        {
            organizationId, donorId, planId, startsOn, tierName, periodCents, autoRenew, openingCreditCents, previousMembershipId, termReason, now,
        }, db.Transaction);
    }

    public void UpdateStanding(DbSession db, long organizationId, long membershipId, DuesStanding standing, DateTimeOffset now)
    {
        const string sql = """
            UPDATE memberships SET paid_through = @paidThrough, paid_periods = @paidPeriods, credit_cents = @creditCents, updated_at = @now
            WHERE organization_id = @organizationId AND id = @membershipId
            """;
        db.Connection.Execute(sql, new
        {
            organizationId, membershipId, paidThrough = standing.PaidThrough, paidPeriods = standing.PaidPeriods, creditCents = standing.CreditCents, now,
        }, db.Transaction);
    }

    /// <summary>Ends a term (cancellation, or closing it for a plan change or a fresh reinstated term); a null date resumes it.</summary>
    public void SetCancelled(DbSession db, long organizationId, long membershipId, DateOnly? cancelledOn, string? reason, bool arrearsWaived, DateTimeOffset now)
    {
        const string sql = """
            UPDATE memberships SET cancelled_on = @cancelledOn, cancel_reason = @reason, arrears_waived = @arrearsWaived, updated_at = @now
            WHERE organization_id = @organizationId AND id = @membershipId
            """;
        db.Connection.Execute(sql, new { organizationId, membershipId, cancelledOn, reason, arrearsWaived, now }, db.Transaction);
    }

    /// <summary>The term a Stripe subscription pays, if any.</summary>
    public long? FindIdBySubscription(DbSession db, long organizationId, string subscriptionId)
    {
        const string sql = "SELECT id FROM memberships WHERE organization_id = @organizationId AND stripe_subscription_id = @subscriptionId ORDER BY id LIMIT 1";
        return db.Connection.QuerySingleOrDefault<long?>(sql, new { organizationId, subscriptionId }, db.Transaction);
    }

    public void SetStripeSubscription(DbSession db, long organizationId, long membershipId, string? subscriptionId, DateTimeOffset now)
    {
        const string sql = """
            UPDATE memberships SET stripe_subscription_id = @subscriptionId, updated_at = @now
            WHERE organization_id = @organizationId AND id = @membershipId
            """;
        db.Connection.Execute(sql, new { organizationId, membershipId, subscriptionId, now }, db.Transaction);
    }

    public void SetAutoRenew(DbSession db, long organizationId, long membershipId, bool autoRenew, DateTimeOffset now)
    {
        const string sql = """
            UPDATE memberships SET auto_renew = @autoRenew, updated_at = @now
            WHERE organization_id = @organizationId AND id = @membershipId
            """;
        db.Connection.Execute(sql, new { organizationId, membershipId, autoRenew, now }, db.Transaction);
    }

    /// <summary>The dues gifts linked to a term, oldest first, whatever their status (the ledger counts only kept money).</summary>
    public IReadOnlyList<LinkedGiftRow> PaymentsOf(DbSession db, long organizationId, long membershipId)
    {
        const string sql = """
            SELECT id, received_on, amount_cents, refunded_cents, status, method
            FROM gifts
            WHERE organization_id = @organizationId AND membership_id = @membershipId
            ORDER BY received_on, id
            """;
        return db.Connection.Query<LinkedGiftRow>(sql, new { organizationId, membershipId }, db.Transaction).AsList();
    }

    /// <summary>The term that continues this one after a plan change or reinstatement, if any.</summary>
    public long? NextTermOf(DbSession db, long organizationId, long membershipId)
    {
        const string sql = "SELECT id FROM memberships WHERE organization_id = @organizationId AND previous_membership_id = @membershipId";
        return db.Connection.QueryFirstOrDefault<long?>(sql, new { organizationId, membershipId }, db.Transaction);
    }
}
