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
    /// <summary>The Stripe subscription paying a recurring donation or membership, or null when it is not paid by card subscription.</summary>
    public string? SubscriptionOf(Actor actor, string kind, long id)
    {
        using var db = connections.Read();
        return Find(db, actor.OrganizationId, kind, id);
    }

    /// <summary>Cancels the subscription at Stripe and here; false when the commitment does not exist in this organization.</summary>
    public async Task<bool> CancelAsync(Actor actor, string kind, long id, StripeGateway? gateway, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Treasurer);
        if (kind is not (SubscriptionCommitment.RecurringDonation or SubscriptionCommitment.Membership))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a commitment a subscription can pay.");
        string subscriptionId;
        using (var db = connections.Read())
        {
            if (!Exists(db, actor.OrganizationId, kind, id))
                return false;
            subscriptionId = Find(db, actor.OrganizationId, kind, id)
                ?? throw InputValidation.FieldError("Subscription", "This is not paid by a card subscription; there is nothing to cancel at Stripe.");
        }
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

    private static bool Exists(DbSession db, long organizationId, string kind, long id)
    {
        const string pledge = "SELECT count(*) FROM recurring_donations WHERE organization_id = @organizationId AND id = @id";
        const string membership = "SELECT count(*) FROM memberships WHERE organization_id = @organizationId AND id = @id";
        return db.Connection.ExecuteScalar<long>(kind == SubscriptionCommitment.Membership ? membership : pledge, new { organizationId, id }, db.Transaction) == 1;
    }

    private static string? Find(DbSession db, long organizationId, string kind, long id)
    {
        // An ended pledge or a membership that no longer renews has nothing left to cancel.
        const string pledge = """
            SELECT stripe_subscription_id FROM recurring_donations
            WHERE organization_id = @organizationId AND id = @id AND status <> 'ended'
            """;
        const string membership = """
            SELECT stripe_subscription_id FROM memberships
            WHERE organization_id = @organizationId AND id = @id AND auto_renew = 1 AND cancelled_on IS NULL
            """;
        return db.Connection.ExecuteScalar<string?>(kind == SubscriptionCommitment.Membership ? membership : pledge, new { organizationId, id }, db.Transaction);
    }
}
