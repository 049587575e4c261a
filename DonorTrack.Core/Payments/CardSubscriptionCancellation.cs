using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Payments;

/// <summary>
/// Staff stopping a card subscription from DonorTrack. Stripe cancels it first, so the card is never charged again; then the
/// recurring donation ends, or the membership stops renewing, exactly as when Stripe reports the cancellation by webhook
/// (which then finds nothing left to do).
/// </summary>
public sealed class CardSubscriptionCancellation(
    IDbConnectionFactory connections, SubscriptionCommitments commitments, OrganizationRepository organizations, TimeProvider clock)
{
    /// <summary>Cancels the subscription at Stripe and here; false when the commitment does not exist in this organization.</summary>
    public async Task<bool> CancelAsync(Actor actor, string kind, long id, StripeGateway? gateway, CancellationToken cancellationToken = default)
    {
        actor.Require(Role.Treasurer);
        if (kind is not (SubscriptionCommitment.RecurringDonation or SubscriptionCommitment.Membership))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a commitment a subscription can pay.");
        (long Id, string? SubscriptionId) commitment;
        using (var db = connections.Read())
            commitment = Find(db, actor.OrganizationId, kind, id);
        if (commitment.Id == 0)
            return false;
        var subscriptionId = commitment.SubscriptionId
            ?? throw InputValidation.FieldError("Subscription", "This is not paid by a card subscription; there is nothing to cancel at Stripe.");
        if (gateway is null)
            throw InputValidation.FieldError("Subscription", "Card payments are not set up (no Stripe keys), so the subscription cannot be cancelled from here. Add the keys under Admin, or cancel it in the Stripe Dashboard.");
        try
        {
            await gateway.CancelSubscriptionAsync(subscriptionId, cancellationToken);
        }
        catch (PaymentGatewayException gone) when (gone.StripeCode == "resource_missing")
        {
            // Already gone at Stripe: nothing more will be charged, so finishing the change here is right.
        }

        using var write = connections.BeginTransaction();
        var organization = organizations.Find(write, actor.OrganizationId)!;
        commitments.End(write, actor, subscriptionId, organization.LocalDate(clock.GetUtcNow()));
        write.Commit();
        return true;
    }

    /// <summary>The commitment's id (0 when it is not in this organization) and the subscription still paying it, if any.</summary>
    private static (long Id, string? SubscriptionId) Find(DbSession db, long organizationId, string kind, long id)
    {
        // An ended pledge or a membership that no longer renews has nothing left to cancel.
        const string pledge = """
            SELECT id, CASE WHEN status <> 'ended' THEN stripe_subscription_id END
            FROM recurring_donations WHERE organization_id = @organizationId AND id = @id
            """;
        const string membership = """
            SELECT id, CASE WHEN auto_renew = 1 AND cancelled_on IS NULL THEN stripe_subscription_id END
            FROM memberships WHERE organization_id = @organizationId AND id = @id
            """;
        return db.Connection.QuerySingleOrDefault<(long, string?)>(kind == SubscriptionCommitment.Membership ? membership : pledge, new { organizationId, id }, db.Transaction);
    }
}
