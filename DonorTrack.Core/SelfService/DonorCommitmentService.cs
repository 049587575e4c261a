using DonorTrack.Core.Data;
using DonorTrack.Core.Dues;
using DonorTrack.Core.Payments;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.SelfService;

/// <summary>
/// A donor managing their own card gifts: a new amount, pause and resume, cancel, and a Stripe customer-portal session to
/// change the card; and cancelling the card renewal of their own membership. Stripe is asked first and the recurring donation here changes only once Stripe has agreed, exactly as
/// when staff cancel (<see cref="CardSubscriptionCancellation"/>); a refusal changes nothing anywhere. Only the session
/// donor's own card-paid pledges can be touched; any other id is "not found".
/// </summary>
public sealed class DonorCommitmentService(
    IDbConnectionFactory connections, RecurringDonationRepository pledges, RecurringDonationService recurringDonations,
    CardSubscriptionCancellation cancellation, MembershipRepository memberships)
{
    public const string NotCardPaid = "This gift is not paid by card through our online giving, so it cannot be changed here. Please contact us.";
    public const string CardPaymentsOff = "Online card payments are switched off at the moment, so nothing could be changed. Please try again later or contact us.";

    private readonly CommitmentAmountInputValidator _amountValidator = new();

    /// <summary>Changes the amount at Stripe, then here; false when the pledge is not the donor's.</summary>
    public async Task<bool> ChangeAmountAsync(DonorSession session, long recurringDonationId, CommitmentAmountInput input, StripeGateway? gateway, CancellationToken cancellationToken = default)
    {
        _amountValidator.EnsureValid(input);
        if (OwnCardPledge(session, recurringDonationId) is not { } subscriptionId)
            return false;
        var amountCents = input.AmountCents!.Value;
        await Gateway(gateway).ChangeSubscriptionAmountAsync(subscriptionId, amountCents, cancellationToken);
        using var db = connections.BeginTransaction();
        recurringDonations.ChangeAmountForSubscription(db, DonorPageService.ActorFor(session), recurringDonationId, amountCents);
        db.Commit();
        return true;
    }

    /// <summary>Pauses or resumes collection at Stripe, then the pledge here; false when the pledge is not the donor's.</summary>
    public async Task<bool> SetPausedAsync(DonorSession session, long recurringDonationId, bool paused, StripeGateway? gateway, CancellationToken cancellationToken = default)
    {
        if (OwnCardPledge(session, recurringDonationId) is not { } subscriptionId)
            return false;
        await Gateway(gateway).SetSubscriptionPausedAsync(subscriptionId, paused, cancellationToken);
        using var db = connections.BeginTransaction();
        recurringDonations.SetPausedForSubscription(db, DonorPageService.ActorFor(session), recurringDonationId, paused);
        db.Commit();
        return true;
    }

    /// <summary>Cancels at Stripe, then ends the pledge here, through the staff path; false when the pledge is not the donor's.</summary>
    public async Task<bool> CancelAsync(DonorSession session, long recurringDonationId, StripeGateway? gateway, CancellationToken cancellationToken = default)
    {
        if (OwnCardPledge(session, recurringDonationId) is null)
            return false;
        return await cancellation.CancelAsync(DonorPageService.ActorFor(session), SubscriptionCommitment.RecurringDonation, recurringDonationId, Gateway(gateway), cancellationToken);
    }

    /// <summary>
    /// Stops a membership Stripe renews by card: Stripe cancels the subscription first, then the membership stops renewing here
    /// (it stays paid through its date), through the staff path; false when the membership is not the donor's.
    /// </summary>
    public async Task<bool> CancelMembershipAsync(DonorSession session, long membershipId, StripeGateway? gateway, CancellationToken cancellationToken = default)
    {
        MembershipRow? row;
        using (var db = connections.Read())
            row = memberships.Find(db, session.OrganizationId, membershipId);
        if (row is null || row.DonorId != session.DonorId)
            return false;
        if (row.StripeSubscriptionId is null)
            throw InputValidation.FieldError("Membership", "This membership is not renewed by card through our online payments, so it cannot be cancelled here. Please contact us.");
        if (row.CancelledOn is not null || !row.AutoRenew)
            throw InputValidation.FieldError("Membership", "This membership no longer renews, so your card will not be charged for it again.");
        return await cancellation.CancelAsync(DonorPageService.ActorFor(session), SubscriptionCommitment.Membership, membershipId, Gateway(gateway), cancellationToken);
    }

    /// <summary>Where to send the donor to change the card of one of their pledges; null when the pledge is not the donor's.</summary>
    public async Task<string?> CardUpdateAddressAsync(DonorSession session, long recurringDonationId, string returnUrl, StripeGateway? gateway, CancellationToken cancellationToken = default)
    {
        if (OwnCardPledge(session, recurringDonationId) is not { } subscriptionId)
            return null;
        var portal = await Gateway(gateway).CreateCustomerPortalSessionAsync(subscriptionId, returnUrl, cancellationToken);
        return portal.Url;
    }

    /// <summary>The subscription paying the donor's own live pledge; null when the pledge is not theirs; a field error when it is not card-paid or has ended.</summary>
    private string? OwnCardPledge(DonorSession session, long recurringDonationId)
    {
        RecurringDonationRow? row;
        using (var db = connections.Read())
            row = pledges.Find(db, session.OrganizationId, recurringDonationId);
        if (row is null || row.DonorId != session.DonorId)
            return null;
        if (row.StripeSubscriptionId is null)
            throw InputValidation.FieldError("AmountCents", NotCardPaid);
        if (row.Status == RecurringDonationStatus.Ended)
            throw InputValidation.FieldError("AmountCents", "This recurring gift has ended.");
        return row.StripeSubscriptionId;
    }

    private static StripeGateway Gateway(StripeGateway? gateway) => gateway ?? throw InputValidation.FieldError("AmountCents", CardPaymentsOff);
}
