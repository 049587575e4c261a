using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;

namespace DonorTrack.Core.Payments;

/// <summary>What became of one webhook delivery; <see cref="FeePending"/> says a card gift was recorded whose fee is still to be fetched.</summary>
public sealed record WebhookResult(string EventId, string Type, string Outcome, long? GiftId, bool Duplicate, bool FeePending = false);

/// <summary>
/// Applies verified Stripe events to an organization's books, each exactly once per organization: the (organization, event id)
/// pair is stored under a unique key in the same transaction as its effects, so a redelivery (or ten concurrent ones) changes
/// nothing, while the same event reaching another organization's endpoint is judged there on its own. Effects are written so
/// that order does not matter: an installment arriving before its checkout still finds or creates the same donor, and refund
/// totals only ever grow. Nothing here calls Stripe: a new card gift's fee is marked pending and fetched by
/// <see cref="CardFeeCollector"/> after the webhook has answered.
/// </summary>
public sealed class StripeWebhookProcessor(
    IDbConnectionFactory connections, StripeWebhookReader reader, PaymentEventRepository events, DonorService donors, GiftService gifts,
    FundRepository funds, CampaignRepository campaigns, SubscriptionCommitments commitments, IEnumerable<IPaymentFailureListener> failureListeners,
    TimeProvider clock)
{
    private sealed record Applied(string Outcome, long? GiftId, bool FeePending = false);

    /// <summary>Verifies and applies one delivery; throws <see cref="StripeWebhookRejectedException"/> for a bad or stale signature, recording nothing.</summary>
    public WebhookResult Process(Organization organization, string rawBody, string? signatureHeader, string webhookSecret)
    {
        var verified = reader.Read(rawBody, signatureHeader, webhookSecret);
        var actor = Actor.System(organization.Id, "Stripe");
        using var db = connections.BeginTransaction();
        if (!events.Claim(db, organization.Id, verified.EventId, verified.Type, clock.GetUtcNow()))
            return new WebhookResult(verified.EventId, verified.Type, "duplicate", null, Duplicate: true);
        // An event DonorTrack created for another organization (several groups sharing one Stripe account) changes nothing
        // here; it is kept as ignored under this organization only, so its owner's own delivery is still applied there.
        var applied = verified.Payload.Metadata() is { OrganizationId: { } owner } && owner != organization.Id
            ? new Applied($"ignored: created for organization {owner}", null)
            : Apply(db, actor, organization, verified);
        events.RecordOutcome(db, organization.Id, verified.EventId, applied.Outcome, applied.GiftId);
        db.Commit();
        return new WebhookResult(verified.EventId, verified.Type, applied.Outcome, applied.GiftId, Duplicate: false, applied.FeePending);
    }

    private Applied Apply(DbSession db, Actor actor, Organization organization, VerifiedStripeEvent verified) => verified.Payload switch
    {
        CheckoutCompleted { IsPaid: false } => new("ignored: checkout not paid yet", null),
        CheckoutCompleted { Mode: "payment" } checkout => RecordCheckoutGift(db, actor, organization, checkout, verified.Created),
        CheckoutCompleted checkout => EnsureSubscriber(db, actor, organization, checkout, verified.Created),
        InvoicePaid invoice when invoice.AmountPaidCents <= 0 => new("ignored: nothing was paid", null),
        InvoicePaid invoice => RecordInstallment(db, actor, organization, invoice, verified.Created),
        InvoicePaymentFailed failed => RecordFailure(db, actor, organization, failed, verified.Created),
        SubscriptionEnded ended => EndSubscription(db, actor, organization, ended, verified.Created),
        ChargeRefunded refunded => ApplyRefund(db, actor, refunded),
        DisputeCreated dispute => FlagDispute(db, actor, dispute),
        _ => new($"ignored: {verified.Type} is not used", null),
    };

    private Applied RecordCheckoutGift(DbSession db, Actor actor, Organization organization, CheckoutCompleted checkout, DateTimeOffset paidAt)
    {
        if (gifts.FindByExternalId(db, actor, checkout.PaymentIntentId, checkout.SessionId) is { } existing)
            return new("already recorded", existing.Id);
        var donorId = donors.FindOrCreateByEmail(db, actor, Payer(checkout.Metadata, checkout.CustomerEmail, checkout.CustomerName));
        var coverNote = checkout.Metadata.CoverFeeCents > 0 ? $" The donor added {checkout.Metadata.CoverFeeCents / 100m:0.00} to cover the card fee." : "";
        var giftId = gifts.Record(db, actor, new GiftInput
        {
            DonorId = donorId,
            AmountCents = checkout.AmountTotalCents,
            Currency = checkout.Currency.ToUpperInvariant(),
            ReceivedOn = organization.LocalDate(paidAt),
            Method = GiftMethod.Card,
            Category = GiftCategory.Individual,
            FundId = ActiveFund(db, organization.Id, checkout.Metadata.FundId),
            CampaignId = ExistingCampaign(db, organization.Id, checkout.Metadata.CampaignId),
            ExternalId = checkout.PaymentIntentId ?? checkout.SessionId,
            Notes = $"Online donation (Stripe Checkout {checkout.SessionId}).{coverNote}",
        });
        return new("gift recorded", giftId, MarkFeePending(db, actor, giftId, checkout.PaymentIntentId));
    }

    private Applied EnsureSubscriber(DbSession db, Actor actor, Organization organization, CheckoutCompleted checkout, DateTimeOffset at)
    {
        var donorId = donors.FindOrCreateByEmail(db, actor, Payer(checkout.Metadata, checkout.CustomerEmail, checkout.CustomerName));
        if (checkout.SubscriptionId is null)
            return new("subscriber recorded", null);
        // The subscription's payments arrive as invoice.paid events, which record the installments.
        var commitment = commitments.Ensure(db, actor, checkout.SubscriptionId, donorId, checkout.Metadata, checkout.AmountTotalCents, organization.LocalDate(at));
        return new(commitment is null ? $"subscriber recorded for {checkout.SubscriptionId}" : $"{commitment.Kind} {commitment.Id} for {checkout.SubscriptionId}", null);
    }

    private Applied RecordInstallment(DbSession db, Actor actor, Organization organization, InvoicePaid invoice, DateTimeOffset paidAt)
    {
        var references = invoice.PaymentIntentIds.Concat(invoice.ChargeIds).Append(invoice.InvoiceId).ToArray();
        if (gifts.FindByExternalId(db, actor, references) is { } existing)
            return new("already recorded", existing.Id);
        var donorId = donors.FindOrCreateByEmail(db, actor, Payer(invoice.Metadata, invoice.CustomerEmail, invoice.CustomerName));
        var receivedOn = organization.LocalDate(paidAt);
        var commitment = invoice.SubscriptionId is null
            ? null
            : commitments.Ensure(db, actor, invoice.SubscriptionId, donorId, invoice.Metadata, invoice.AmountPaidCents, receivedOn);
        var giftId = gifts.Record(db, actor, new GiftInput
        {
            DonorId = donorId,
            AmountCents = invoice.AmountPaidCents,
            Currency = invoice.Currency.ToUpperInvariant(),
            ReceivedOn = receivedOn,
            Method = GiftMethod.Card,
            Category = invoice.Metadata.Kind == "dues" || commitment?.Kind == SubscriptionCommitment.Membership ? GiftCategory.MembershipDues : GiftCategory.Individual,
            MembershipId = commitment is { Kind: SubscriptionCommitment.Membership } membership ? membership.Id : null,
            RecurringDonationId = commitment is { Kind: SubscriptionCommitment.RecurringDonation } pledge ? pledge.Id : null,
            FundId = ActiveFund(db, organization.Id, invoice.Metadata.FundId),
            CampaignId = ExistingCampaign(db, organization.Id, invoice.Metadata.CampaignId),
            ExternalId = references[0],
            Notes = $"Card installment (Stripe invoice {invoice.InvoiceId}, subscription {invoice.SubscriptionId}).",
        });
        events.ResolvePaymentFailures(db, actor.OrganizationId, invoice.SubscriptionId, invoice.InvoiceId, PaymentRecovery.Recovered, clock.GetUtcNow());
        return new("installment recorded", giftId, MarkFeePending(db, actor, giftId, references[0]));
    }

    private Applied RecordFailure(DbSession db, Actor actor, Organization organization, InvoicePaymentFailed failed, DateTimeOffset failedAt)
    {
        var reason = failed.DeclineReason ?? "The card was declined.";
        events.RecordPaymentFailure(db, actor.OrganizationId, failed, reason, failedAt);
        if (failed.SubscriptionId is not null)
            commitments.RecordFailure(db, actor, failed.SubscriptionId, reason);
        foreach (var listener in failureListeners)
            listener.OnPaymentFailed(db, actor, organization, failed, reason);
        return new($"payment failure recorded: {failed.DeclineReason ?? "declined"}", null);
    }

    private Applied EndSubscription(DbSession db, Actor actor, Organization organization, SubscriptionEnded ended, DateTimeOffset at)
    {
        events.ResolvePaymentFailures(db, actor.OrganizationId, ended.SubscriptionId, null, PaymentRecovery.Lost, clock.GetUtcNow());
        return new(commitments.End(db, actor, ended.SubscriptionId, organization.LocalDate(ended.EndedAt ?? at)), null);
    }

    /// <summary>Marks the new gift's fee pending when Stripe can tell it: a charge or payment intent, not a bare invoice or session.</summary>
    private bool MarkFeePending(DbSession db, Actor actor, long giftId, string? paymentReference)
    {
        if (!CardFeeCollector.CanFetchFeeFor(paymentReference))
            return false;
        events.MarkFeePending(db, actor.OrganizationId, giftId, paymentReference!, clock.GetUtcNow());
        return true;
    }

    private Applied ApplyRefund(DbSession db, Actor actor, ChargeRefunded refunded)
    {
        var gift = gifts.FindByExternalId(db, actor, refunded.PaymentIntentId, refunded.ChargeId);
        if (gift is null)
            return new($"ignored: no gift for charge {refunded.ChargeId}", null);
        var after = gifts.ApplyRefundTotal(db, actor, gift.Id, refunded.AmountRefundedCents);
        return new($"refund total {after.RefundedCents} cents", gift.Id);
    }

    private Applied FlagDispute(DbSession db, Actor actor, DisputeCreated dispute)
    {
        var gift = gifts.FindByExternalId(db, actor, dispute.PaymentIntentId, dispute.ChargeId);
        if (gift is null)
            return new($"ignored: no gift for disputed charge {dispute.ChargeId}", null);
        gifts.FlagDispute(db, actor, gift.Id, dispute.Reason ?? "unspecified");
        return new("dispute flagged", gift.Id);
    }

    private static DonorInput Payer(PaymentMetadata metadata, string? customerEmail, string? customerName)
    {
        var (first, last) = (metadata.DonorFirstName, metadata.DonorLastName);
        if (first is null && last is null && !string.IsNullOrWhiteSpace(customerName))
        {
            var parts = customerName.Trim().Split(' ', 2);
            (first, last) = parts.Length == 2 ? (parts[0], parts[1]) : (null, parts[0]);
        }
        var email = metadata.DonorEmail ?? customerEmail;
        if (first is null && last is null)
            last = email ?? "Online donor";
        return new DonorInput { Kind = DonorKind.Individual, FirstName = first, LastName = last, Email = email, Phone = metadata.DonorPhone };
    }

    private long? ActiveFund(DbSession db, long organizationId, long? fundId) =>
        fundId is { } id && funds.Find(db, organizationId, id) is { Active: true } ? id : null;

    private long? ExistingCampaign(DbSession db, long organizationId, long? campaignId) =>
        campaignId is { } id && campaigns.Find(db, organizationId, id) is not null ? id : null;
}

/// <summary>The DonorTrack metadata a payload carries, when it carries any.</summary>
public static class StripePayloads
{
    public static PaymentMetadata? Metadata(this StripeEventPayload payload) => payload switch
    {
        CheckoutCompleted p => p.Metadata,
        InvoicePaid p => p.Metadata,
        InvoicePaymentFailed p => p.Metadata,
        SubscriptionEnded p => p.Metadata,
        ChargeRefunded p => p.Metadata,
        _ => null,
    };
}
