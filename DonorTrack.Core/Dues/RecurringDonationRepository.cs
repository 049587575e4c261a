using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Dues;

/// <summary>Recurring donation pledges and their linked installments, scoped by organization.</summary>
public sealed class RecurringDonationRepository
{
    private const string Columns = """
        r.id, r.donor_id, d.kind AS donor_kind, d.first_name AS donor_first_name, d.last_name AS donor_last_name,
        d.organization_name AS donor_organization_name, r.amount_cents, r.interval, r.starts_on, r.status, r.skipped_installments,
        r.next_installment, r.next_due_on, r.stripe_subscription_id, r.failure_reason, r.ended_on,
        d.do_not_contact AS donor_do_not_contact, d.deceased AS donor_deceased
        """;

    public RecurringDonationRow? Find(DbSession db, long organizationId, long recurringDonationId)
    {
        const string sql = $"""
            SELECT {Columns}
            FROM recurring_donations r JOIN donors d ON d.organization_id = r.organization_id AND d.id = r.donor_id
            WHERE r.organization_id = @organizationId AND r.id = @recurringDonationId
            """;
        return db.Connection.QuerySingleOrDefault<RecurringDonationRow>(sql, new { organizationId, recurringDonationId }, db.Transaction);
    }

    public IReadOnlyList<RecurringDonationRow> List(DbSession db, long organizationId, long? donorId = null)
    {
        const string sql = $"""
            SELECT {Columns}
            FROM recurring_donations r JOIN donors d ON d.organization_id = r.organization_id AND d.id = r.donor_id
            WHERE r.organization_id = @organizationId AND (@donorId IS NULL OR r.donor_id = @donorId)
            ORDER BY r.status = 'ended', r.next_due_on, r.id
            """;
        return db.Connection.Query<RecurringDonationRow>(sql, new { organizationId, donorId }, db.Transaction).AsList();
    }

    public long Insert(DbSession db, long organizationId, RecurringDonationInput input, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO recurring_donations (organization_id, donor_id, amount_cents, interval, starts_on, next_due_on, created_at, updated_at)
            VALUES (@organizationId, @DonorId, @AmountCents, @interval, @StartsOn, @StartsOn, @now, @now)
            RETURNING id
            """;
        var args = new DynamicParameters(input);
        args.AddDynamicParams(new { organizationId, interval = input.Interval.Word(), now });
        return db.Connection.ExecuteScalar<long>(sql, args, db.Transaction);
    }

    /// <summary>Writes the schedule's state: status, next installment and its due date, skipped installments, failure and end.</summary>
    public void Update(
        DbSession db, long organizationId, long recurringDonationId, RecurringSchedule schedule, long skippedInstallments,
        string? failureReason, DateOnly? endedOn, DateTimeOffset now)
    {
        const string sql = """
            UPDATE recurring_donations SET status = @status, next_installment = @nextInstallment, next_due_on = @nextDueOn,
                skipped_installments = @skippedInstallments, failure_reason = @failureReason, ended_on = @endedOn, updated_at = @now
            WHERE organization_id = @organizationId AND id = @recurringDonationId
            """;
        db.Connection.Execute(sql, new
        {
            organizationId,
            recurringDonationId,
            status = schedule.Status.Word(),
            nextInstallment = schedule.NextInstallment,
            nextDueOn = schedule.NextDueOn,
            skippedInstallments,
            failureReason,
            endedOn,
            now,
        }, db.Transaction);
    }

    /// <summary>The pledge a Stripe subscription pays, if any.</summary>
    public void SetAmount(DbSession db, long organizationId, long recurringDonationId, long amountCents, DateTimeOffset now)
    {
        const string sql = """
            UPDATE recurring_donations SET amount_cents = @amountCents, updated_at = @now
            WHERE organization_id = @organizationId AND id = @recurringDonationId
            """;
        db.Connection.Execute(sql, new { organizationId, recurringDonationId, amountCents, now }, db.Transaction);
    }

    public long? FindIdBySubscription(DbSession db, long organizationId, string subscriptionId)
    {
        const string sql = "SELECT id FROM recurring_donations WHERE organization_id = @organizationId AND stripe_subscription_id = @subscriptionId ORDER BY id LIMIT 1";
        return db.Connection.QuerySingleOrDefault<long?>(sql, new { organizationId, subscriptionId }, db.Transaction);
    }

    public void SetStripeSubscription(DbSession db, long organizationId, long recurringDonationId, string? subscriptionId, DateTimeOffset now)
    {
        const string sql = """
            UPDATE recurring_donations SET stripe_subscription_id = @subscriptionId, updated_at = @now
            WHERE organization_id = @organizationId AND id = @recurringDonationId
            """;
        db.Connection.Execute(sql, new { organizationId, recurringDonationId, subscriptionId, now }, db.Transaction);
    }

    public IReadOnlyList<LinkedGiftRow> PaymentsOf(DbSession db, long organizationId, long recurringDonationId)
    {
        const string sql = """
            SELECT id, received_on, amount_cents, refunded_cents, status, method
            FROM gifts
            WHERE organization_id = @organizationId AND recurring_donation_id = @recurringDonationId
            ORDER BY received_on, id
            """;
        return db.Connection.Query<LinkedGiftRow>(sql, new { organizationId, recurringDonationId }, db.Transaction).AsList();
    }
}
