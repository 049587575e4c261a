using DonorTrack.Core.Data;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Payments;

/// <summary>Staff refunds of card gifts through Stripe, full or partial, refunding once however often the button is pressed.</summary>
public sealed class CardRefundService(IDbConnectionFactory connections, GiftService gifts)
{
    /// <summary>Only card gifts whose payment Stripe knows (a payment intent or charge id) can be refunded through Stripe.</summary>
    public static bool PaidThroughStripe(Gift gift) =>
        gift.Method == GiftMethod.Card && gift.ExternalId is { } id && (id.StartsWith("pi_", StringComparison.Ordinal) || id.StartsWith("ch_", StringComparison.Ordinal));

    /// <summary>The gift page offers the refund form for these: paid through Stripe and something left to refund.</summary>
    public static bool Refundable(Gift gift) => PaidThroughStripe(gift) && gift.RefundableCents > 0;

    /// <summary>Refunds <paramref name="amountCents"/> (or all that remains when null); null when the gift does not exist here.</summary>
    public async Task<Gift?> RefundAsync(Actor actor, long giftId, long? amountCents, StripeGateway gateway, CancellationToken cancellationToken = default)
    {
        actor.Require(Role.Treasurer);
        var gift = gifts.Find(actor, giftId);
        if (gift is null)
            return null;
        if (!PaidThroughStripe(gift) || gift.ExternalId is null)
            throw InputValidation.FieldError("AmountCents", "Only card gifts paid through Stripe are refunded here. For other refunds, void the gift and record what was kept.");
        if (gift.RefundableCents == 0)
            throw InputValidation.FieldError("AmountCents", "Nothing is left to refund on this gift.");
        var amount = amountCents ?? gift.RefundableCents;
        if (amount <= 0 || amount > gift.RefundableCents)
            throw InputValidation.FieldError("AmountCents", $"Refund between 0.01 and {gift.RefundableCents / 100m:0.00}.");

        // The key names what was already refunded: a double click sends the same key and Stripe refunds once,
        // while a later, separate partial refund gets a key of its own.
        var key = $"refund:{actor.OrganizationId}:{giftId}:{gift.RefundedCents}:{(amountCents is null ? "all" : amount.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
        var refund = await gateway.RefundAsync(new RefundRequest(gift.ExternalId, amountCents is null ? null : amount, key), cancellationToken);

        using var db = connections.BeginTransaction();
        var after = gifts.ApplyRefundTotal(db, actor, giftId, gift.RefundedCents + refund.AmountCents);
        db.Commit();
        return after;
    }
}
