using Dapper;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Dues;
using DonorTrack.Core.Security;
using FluentValidation;

namespace DonorTrack.Core.Payments;

/// <summary>The DonorTrack commitment a Stripe subscription pays: a recurring donation or a membership.</summary>
public sealed record SubscriptionCommitment(string Kind, long Id)
{
    public const string RecurringDonation = "recurring_donation";
    public const string Membership = "membership";
}

/// <summary>
/// Ties Stripe subscriptions to recurring donations and memberships. Whichever event arrives first (the checkout or the
/// first paid invoice) creates the commitment; later ones find it by subscription id, so the order of delivery does not matter.
/// </summary>
public sealed class SubscriptionCommitments(
    RecurringDonationRepository recurring, RecurringDonationService recurringDonations, MembershipService memberships,
    AuditLog audit, TimeProvider clock)
{
    public SubscriptionCommitment? Find(DbSession db, long organizationId, string subscriptionId)
    {
        const string sql = """
            SELECT 'recurring_donation' AS kind, id FROM recurring_donations WHERE organization_id = @organizationId AND stripe_subscription_id = @subscriptionId
            UNION ALL
            SELECT 'membership' AS kind, id FROM memberships WHERE organization_id = @organizationId AND stripe_subscription_id = @subscriptionId
            LIMIT 1
            """;
        var row = db.Connection.QuerySingleOrDefault<(string Kind, long Id)?>(sql, new { organizationId, subscriptionId }, db.Transaction);
        return row is { } found ? new SubscriptionCommitment(found.Kind, found.Id) : null;
    }

    /// <summary>
    /// Finds or creates the commitment. Dues with a plan enrol the donor; anything else becomes a recurring donation. An enrolment
    /// the dues rules refuse (e.g. already a member on that plan) leaves the payment unlinked, recorded as plain dues.
    /// </summary>
    public SubscriptionCommitment? Ensure(DbSession db, Actor actor, string subscriptionId, long donorId, PaymentMetadata metadata, long amountCents, DateOnly startsOn)
    {
        if (Find(db, actor.OrganizationId, subscriptionId) is { } existing)
            return existing;
        if (metadata.Kind == "dues")
        {
            if (metadata.PlanId is not { } planId)
                return null;
            try
            {
                var enrolled = memberships.Enrol(db, actor, new MembershipEnrolmentInput
                {
                    DonorId = donorId, PlanId = planId, StartsOn = startsOn, ChosenAmountCents = amountCents, AutoRenew = true,
                });
                Link(db, actor, "memberships", enrolled.MembershipId, subscriptionId);
                return new SubscriptionCommitment(SubscriptionCommitment.Membership, enrolled.MembershipId);
            }
            catch (ValidationException)
            {
                return null;
            }
        }
        var interval = metadata.Interval is "quarter" or "year" ? DuesWords.Interval(metadata.Interval) : DuesInterval.Month;
        var id = recurring.Insert(db, actor.OrganizationId, new RecurringDonationInput
        {
            DonorId = donorId, AmountCents = amountCents, Interval = interval, StartsOn = startsOn,
        }, clock.GetUtcNow());
        Link(db, actor, "recurring_donations", id, subscriptionId);
        return new SubscriptionCommitment(SubscriptionCommitment.RecurringDonation, id);
    }

    /// <summary>A declined installment: a recurring donation shows as failing with the reason.</summary>
    public void RecordFailure(DbSession db, Actor actor, string subscriptionId, string reason)
    {
        if (Find(db, actor.OrganizationId, subscriptionId) is { Kind: SubscriptionCommitment.RecurringDonation } pledge)
            recurringDonations.RecordFailure(db, actor, pledge.Id, reason);
    }

    /// <summary>
    /// The subscription ended in Stripe: a recurring donation ends; a membership stops renewing automatically and, unless
    /// paid some other way, lapses when its paid-through date and grace pass (its history stays).
    /// </summary>
    public string End(DbSession db, Actor actor, string subscriptionId, DateOnly today)
    {
        switch (Find(db, actor.OrganizationId, subscriptionId))
        {
            case { Kind: SubscriptionCommitment.RecurringDonation } pledge:
                var row = recurring.Find(db, actor.OrganizationId, pledge.Id)!;
                if (row.Status == "ended")
                    return "recurring donation already ended";
                recurring.Update(db, actor.OrganizationId, pledge.Id, row.Schedule.End(), row.SkippedInstallments, row.FailureReason, today, clock.GetUtcNow());
                audit.Record(db, actor, "recurring_donation", pledge.Id, "end", row, recurring.Find(db, actor.OrganizationId, pledge.Id));
                return $"recurring donation {pledge.Id} ended";
            case { Kind: SubscriptionCommitment.Membership } membership:
                const string stopRenewing = "UPDATE memberships SET auto_renew = 0 WHERE organization_id = @organizationId AND id = @id";
                db.Connection.Execute(stopRenewing, new { organizationId = actor.OrganizationId, id = membership.Id }, db.Transaction);
                audit.Record(db, actor, "membership", membership.Id, "auto_renew_off", null, new { subscriptionId });
                return $"membership {membership.Id} no longer renews automatically";
            default:
                return "no commitment for this subscription";
        }
    }

    private void Link(DbSession db, Actor actor, string table, long id, string subscriptionId)
    {
        // The table name comes from the two constants above, never from input.
        var sql = $"UPDATE {table} SET stripe_subscription_id = @subscriptionId WHERE organization_id = @organizationId AND id = @id";
        db.Connection.Execute(sql, new { subscriptionId, organizationId = actor.OrganizationId, id }, db.Transaction);
        audit.Record(db, actor, table == "memberships" ? "membership" : "recurring_donation", id, "stripe_subscription", null, new { subscriptionId });
    }
}
