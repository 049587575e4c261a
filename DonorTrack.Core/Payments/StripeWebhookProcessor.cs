using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using Microsoft.Extensions.Logging;

namespace DonorTrack.Core.Payments;

/// <summary>What became of one webhook delivery.</summary>
public sealed record WebhookResult(string EventId, string Type, string Outcome, long? GiftId, bool Duplicate);

/// <summary>
/// Applies verified Stripe events to an organization's books, each exactly once: the event id is stored under a
/// unique key in the same transaction as its effects, so a redelivery (or ten concurrent ones) changes nothing.
/// Effects are written so that order does not matter: an installment arriving before its checkout still finds or
/// creates the same donor, and refund totals only ever grow.
/// </summary>
public sealed class StripeWebhookProcessor(
    IDbConnectionFactory connections, StripeWebhookReader reader, DonorService donors, GiftService gifts,
    SubscriptionCommitments commitments, TimeProvider clock, ILogger<StripeWebhookProcessor> logger)
{
    /// <summary>Verifies and applies one delivery; throws <see cref="StripeWebhookRejectedException"/> for a bad or stale signature, recording nothing.</summary>
    public async Task<WebhookResult> ProcessAsync(Organization organization, string rawBody, string? signatureHeader, string webhookSecret, StripeGateway? gateway)
    {
        var verified = reader.Read(rawBody, signatureHeader, webhookSecret);
        var actor = Actor.System(organization.Id, "Stripe");
        string outcome;
        long? giftId;
        using (var db = connections.BeginTransaction())
        {
            if (!Claim(db, organization.Id, verified))
                return new WebhookResult(verified.EventId, verified.Type, "duplicate", null, Duplicate: true);
            (outcome, giftId) = verified.Payload.Metadata() is { OrganizationId: { } owner } && owner != organization.Id
                ? ($"ignored: created for organization {owner}", null)
                : Apply(db, actor, organization, verified);
            const string record = "UPDATE stripe_events SET outcome = @outcome, gift_id = @giftId WHERE event_id = @eventId";
            db.Connection.Execute(record, new { outcome, giftId, eventId = verified.EventId }, db.Transaction);
            db.Commit();
        }
        if (giftId is { } id && gateway is not null && verified.Payload is CheckoutCompleted or InvoicePaid)
            await RecordSettlementAsync(actor, id, gateway);
        return new WebhookResult(verified.EventId, verified.Type, outcome, giftId, Duplicate: false);
    }

    private bool Claim(DbSession db, long organizationId, VerifiedStripeEvent verified)
    {
        const string sql = """
            INSERT INTO stripe_events (event_id, organization_id, type, received_at, outcome)
            VALUES (@eventId, @organizationId, @type, @now, 'processing')
            ON CONFLICT (event_id) DO NOTHING
            """;
        return db.Connection.Execute(sql, new { eventId = verified.EventId, organizationId, type = verified.Type, now = clock.GetUtcNow() }, db.Transaction) == 1;
    }

    private (string Outcome, long? GiftId) Apply(DbSession db, Actor actor, Organization organization, VerifiedStripeEvent verified) => verified.Payload switch
    {
        CheckoutCompleted { IsPaid: false } => ("ignored: checkout not paid yet", null),
        CheckoutCompleted { Mode: "payment" } checkout => RecordCheckoutGift(db, actor, organization, checkout, verified.Created),
        CheckoutCompleted checkout => EnsureSubscriber(db, actor, organization, checkout, verified.Created),
        InvoicePaid invoice when invoice.AmountPaidCents <= 0 => ("ignored: nothing was paid", null),
        InvoicePaid invoice => RecordInstallment(db, actor, organization, invoice, verified.Created),
        InvoicePaymentFailed failed => RecordFailure(db, actor, failed, verified.Created),
        SubscriptionEnded ended => EndSubscription(db, actor, organization, ended, verified.Created),
        ChargeRefunded refunded => ApplyRefund(db, actor, refunded),
        DisputeCreated dispute => FlagDispute(db, actor, dispute),
        _ => ($"ignored: {verified.Type} is not used", null),
    };

    private (string, long?) RecordCheckoutGift(DbSession db, Actor actor, Organization organization, CheckoutCompleted checkout, DateTimeOffset paidAt)
    {
        if (gifts.FindByExternalId(db, actor, checkout.PaymentIntentId, checkout.SessionId) is { } existing)
            return ("already recorded", existing.Id);
        var donorId = donors.FindOrCreateByEmail(db, actor, Payer(checkout.Metadata, checkout.CustomerEmail, checkout.CustomerName));
        var coverNote = checkout.Metadata.CoverFeeCents > 0 ? $" The donor added {checkout.Metadata.CoverFeeCents / 100m:0.00} to cover the card fee." : "";
        var giftId = gifts.Record(db, actor, new GiftInput
        {
            DonorId = donorId,
            AmountCents = checkout.AmountTotalCents,
            Currency = checkout.Currency.ToUpperInvariant(),
            ReceivedOn = organization.LocalDate(paidAt),
            Method = "card",
            Category = "individual",
            FundId = ActiveFund(db, organization.Id, checkout.Metadata.FundId),
            CampaignId = ExistingCampaign(db, organization.Id, checkout.Metadata.CampaignId),
            ExternalId = checkout.PaymentIntentId ?? checkout.SessionId,
            Notes = $"Online donation (Stripe Checkout {checkout.SessionId}).{coverNote}",
        });
        return ("gift recorded", giftId);
    }

    private (string, long?) EnsureSubscriber(DbSession db, Actor actor, Organization organization, CheckoutCompleted checkout, DateTimeOffset at)
    {
        var donorId = donors.FindOrCreateByEmail(db, actor, Payer(checkout.Metadata, checkout.CustomerEmail, checkout.CustomerName));
        if (checkout.SubscriptionId is null)
            return ("subscriber recorded", null);
        // The subscription's payments arrive as invoice.paid events, which record the installments.
        var commitment = commitments.Ensure(db, actor, checkout.SubscriptionId, donorId, checkout.Metadata, checkout.AmountTotalCents, organization.LocalDate(at));
        return (commitment is null ? $"subscriber recorded for {checkout.SubscriptionId}" : $"{commitment.Kind} {commitment.Id} for {checkout.SubscriptionId}", null);
    }

    private (string, long?) RecordInstallment(DbSession db, Actor actor, Organization organization, InvoicePaid invoice, DateTimeOffset paidAt)
    {
        var references = invoice.PaymentIntentIds.Concat(invoice.ChargeIds).Append(invoice.InvoiceId).ToArray();
        if (gifts.FindByExternalId(db, actor, references) is { } existing)
            return ("already recorded", existing.Id);
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
            Method = "card",
            Category = invoice.Metadata.Kind == "dues" || commitment?.Kind == SubscriptionCommitment.Membership ? "membership_dues" : "individual",
            MembershipId = commitment is { Kind: SubscriptionCommitment.Membership } membership ? membership.Id : null,
            RecurringDonationId = commitment is { Kind: SubscriptionCommitment.RecurringDonation } pledge ? pledge.Id : null,
            FundId = ActiveFund(db, organization.Id, invoice.Metadata.FundId),
            CampaignId = ExistingCampaign(db, organization.Id, invoice.Metadata.CampaignId),
            ExternalId = references[0],
            Notes = $"Card installment (Stripe invoice {invoice.InvoiceId}, subscription {invoice.SubscriptionId}).",
        });
        ResolveFailuresFor(db, actor.OrganizationId, invoice.SubscriptionId, invoice.InvoiceId);
        return ("installment recorded", giftId);
    }

    private (string, long?) RecordFailure(DbSession db, Actor actor, InvoicePaymentFailed failed, DateTimeOffset failedAt)
    {
        const string sql = """
            INSERT INTO payment_failures (organization_id, subscription_id, invoice_id, donor_email, amount_cents, currency, reason, failed_at)
            VALUES (@organizationId, @SubscriptionId, @InvoiceId, @email, @AmountDueCents, @currency, @reason, @failedAt)
            ON CONFLICT (organization_id, invoice_id) DO UPDATE SET reason = excluded.reason, failed_at = excluded.failed_at, resolved_at = NULL
            """;
        db.Connection.Execute(sql, new
        {
            organizationId = actor.OrganizationId,
            failed.SubscriptionId,
            failed.InvoiceId,
            email = failed.Metadata.DonorEmail ?? failed.CustomerEmail,
            failed.AmountDueCents,
            currency = failed.Currency.ToUpperInvariant(),
            reason = failed.DeclineReason ?? "The card was declined.",
            failedAt,
        }, db.Transaction);
        if (failed.SubscriptionId is not null)
            commitments.RecordFailure(db, actor, failed.SubscriptionId, failed.DeclineReason ?? "The card was declined.");
        return ($"payment failure recorded: {failed.DeclineReason ?? "declined"}", null);
    }

    private (string, long?) EndSubscription(DbSession db, Actor actor, Organization organization, SubscriptionEnded ended, DateTimeOffset at)
    {
        ResolveFailuresFor(db, actor.OrganizationId, ended.SubscriptionId, null);
        return (commitments.End(db, actor, ended.SubscriptionId, organization.LocalDate(ended.EndedAt ?? at)), null);
    }

    private void ResolveFailuresFor(DbSession db, long organizationId, string? subscriptionId, string? invoiceId)
    {
        const string sql = """
            UPDATE payment_failures SET resolved_at = @now
            WHERE organization_id = @organizationId AND resolved_at IS NULL
              AND (subscription_id = @subscriptionId OR invoice_id = @invoiceId)
            """;
        db.Connection.Execute(sql, new { organizationId, subscriptionId, invoiceId, now = clock.GetUtcNow() }, db.Transaction);
    }

    private (string, long?) ApplyRefund(DbSession db, Actor actor, ChargeRefunded refunded)
    {
        var gift = gifts.FindByExternalId(db, actor, refunded.PaymentIntentId, refunded.ChargeId);
        if (gift is null)
            return ($"ignored: no gift for charge {refunded.ChargeId}", null);
        var after = gifts.ApplyRefundTotal(db, actor, gift.Id, refunded.AmountRefundedCents);
        return ($"refund total {after.RefundedCents} cents", gift.Id);
    }

    private (string, long?) FlagDispute(DbSession db, Actor actor, DisputeCreated dispute)
    {
        var gift = gifts.FindByExternalId(db, actor, dispute.PaymentIntentId, dispute.ChargeId);
        if (gift is null)
            return ($"ignored: no gift for disputed charge {dispute.ChargeId}", null);
        gifts.FlagDispute(db, actor, gift.Id, dispute.Reason ?? "unspecified");
        return ("dispute flagged", gift.Id);
    }

    private async Task RecordSettlementAsync(Actor actor, long giftId, StripeGateway gateway)
    {
        var externalId = gifts.Find(actor, giftId)?.ExternalId;
        try
        {
            var fees = externalId switch
            {
                null => null,
                _ when externalId.StartsWith("pi_", StringComparison.Ordinal) => await gateway.GetPaymentIntentFeesAsync(externalId),
                _ when externalId.StartsWith("ch_", StringComparison.Ordinal) => await gateway.GetChargeFeesAsync(externalId),
                _ => null,
            };
            if (fees is not null)
                gifts.RecordSettlement(actor, giftId, fees.FeeCents, DateOnly.FromDateTime(fees.AvailableOn.UtcDateTime));
        }
        catch (PaymentGatewayException error)
        {
            // The gift stands; only its fee is unknown for now. The reconciliation page can fetch it again.
            logger.LogWarning(error, "Could not read the Stripe fee for gift {GiftId}", giftId);
        }
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
        return new DonorInput { Kind = DonorKinds.Individual, FirstName = first, LastName = last, Email = email, Phone = metadata.DonorPhone };
    }

    private static long? ActiveFund(DbSession db, long organizationId, long? fundId) =>
        fundId is { } id && DesignationService.Funds(db, organizationId, activeOnly: true).Any(f => f.Id == id) ? id : null;

    private static long? ExistingCampaign(DbSession db, long organizationId, long? campaignId) =>
        campaignId is { } id && DesignationService.Campaigns(db, organizationId, activeOnly: false).Any(c => c.Id == id) ? id : null;
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
