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
public sealed class SubscriptionCommitments(RecurringDonationService recurringDonations, MembershipService memberships)
{
    public SubscriptionCommitment? Find(DbSession db, Actor actor, string subscriptionId)
    {
        if (recurringDonations.FindBySubscription(db, actor, subscriptionId) is { } pledgeId)
            return new SubscriptionCommitment(SubscriptionCommitment.RecurringDonation, pledgeId);
        return memberships.FindBySubscription(db, actor, subscriptionId) is { } membershipId
            ? new SubscriptionCommitment(SubscriptionCommitment.Membership, membershipId)
            : null;
    }

    /// <summary>
    /// Finds or creates the commitment through the Dues services, so their validators and audit entries apply. Dues with a plan
    /// enrol the donor; anything else becomes a recurring donation. A commitment the dues rules or the pledge validator refuse
    /// (e.g. already a member on that plan) leaves the payment unlinked, recorded as plain dues or a plain gift.
    /// </summary>
    public SubscriptionCommitment? Ensure(DbSession db, Actor actor, string subscriptionId, long donorId, PaymentMetadata metadata, long amountCents, DateOnly startsOn)
    {
        if (Find(db, actor, subscriptionId) is { } existing)
            return existing;
        try
        {
            if (metadata.Kind == "dues")
            {
                if (metadata.PlanId is not { } planId)
                    return null;
                var enrolled = memberships.EnrolForSubscription(db, actor, new MembershipEnrolmentInput
                {
                    DonorId = donorId, PlanId = planId, StartsOn = startsOn, ChosenAmountCents = amountCents, AutoRenew = true,
                }, subscriptionId);
                return new SubscriptionCommitment(SubscriptionCommitment.Membership, enrolled.MembershipId);
            }
            var interval = metadata.Interval is "quarter" or "year" ? DomainWords.Parse<DuesInterval>(metadata.Interval) : DuesInterval.Month;
            var pledgeId = recurringDonations.CreateForSubscription(db, actor, new RecurringDonationInput
            {
                DonorId = donorId, AmountCents = amountCents, Interval = interval, StartsOn = startsOn,
            }, subscriptionId);
            return new SubscriptionCommitment(SubscriptionCommitment.RecurringDonation, pledgeId);
        }
        catch (ValidationException)
        {
            return null;
        }
    }

    /// <summary>A declined installment: a recurring donation shows as failing with the reason.</summary>
    public void RecordFailure(DbSession db, Actor actor, string subscriptionId, string reason)
    {
        if (Find(db, actor, subscriptionId) is { Kind: SubscriptionCommitment.RecurringDonation } pledge)
            recurringDonations.RecordFailure(db, actor, pledge.Id, reason);
    }

    /// <summary>
    /// The subscription ended in Stripe: a recurring donation ends; a membership stops renewing automatically and, unless
    /// paid some other way, lapses when its paid-through date and grace pass (its history stays).
    /// </summary>
    public string End(DbSession db, Actor actor, string subscriptionId, DateOnly today) => Find(db, actor, subscriptionId) switch
    {
        { Kind: SubscriptionCommitment.RecurringDonation } pledge => recurringDonations.EndForCancelledSubscription(db, actor, pledge.Id, today)
            ? $"recurring donation {pledge.Id} ended"
            : "recurring donation already ended",
        { Kind: SubscriptionCommitment.Membership } membership => memberships.StopAutoRenewForEndedSubscription(db, actor, membership.Id)
            ? $"membership {membership.Id} no longer renews automatically"
            : $"membership {membership.Id} already did not renew automatically",
        _ => "no commitment for this subscription",
    };
}
