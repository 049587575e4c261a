namespace DonorTrack.Tests.Support;

/// <summary>
/// Donors and gifts for tests, recorded through the real services (validation, audit, rollups, listeners), so a test
/// never writes a gift row by hand. Defaults are a plausible donor and a completed $-amount check gift on 1 March 2026.
/// </summary>
public sealed class Seed(Func<Type, object> resolve, IDbConnectionFactory connections)
{
    public static readonly DateOnly DefaultGiftDate = new(2026, 3, 1);

    private DonorService Donors => (DonorService)resolve(typeof(DonorService));

    private GiftService Gifts => (GiftService)resolve(typeof(GiftService));

    public long Donor(Actor actor, string first = "Pa", string last = "Vang", string? email = null, string? postalCode = null) =>
        Donors.Create(actor, new DonorInput { FirstName = first, LastName = last, Email = email, PostalCode = postalCode });

    public long Donor(Actor actor, DonorInput input) => Donors.Create(actor, input);

    public long OrganizationDonor(Actor actor, string name, string? email = null) =>
        Donors.Create(actor, new DonorInput { Kind = DonorKinds.Organization, OrganizationName = name, Email = email });

    public long Gift(
        Actor actor, long donorId, long cents, DateOnly? on = null, GiftCategory category = GiftCategory.Individual,
        GiftMethod method = GiftMethod.Check, GiftStatus? status = null, long? campaignId = null,
        IReadOnlyList<SoftCreditInput>? softCredits = null) =>
        Gifts.Record(actor, new GiftInput
        {
            DonorId = donorId,
            AmountCents = cents,
            ReceivedOn = on ?? DefaultGiftDate,
            Method = method,
            Category = category,
            Status = status,
            CampaignId = campaignId,
            SoftCredits = softCredits,
            InKindDescription = method == GiftMethod.InKind ? "Printer" : null,
        });

    public long Gift(Actor actor, GiftInput input) => Gifts.Record(actor, input);

    /// <summary>Refunds a gift up to a running total, the way a processor's refund notice does (status follows the total).</summary>
    public void Refund(Actor actor, long giftId, long refundedTotalCents)
    {
        using var db = connections.BeginTransaction();
        Gifts.ApplyRefundTotal(db, actor, giftId, refundedTotalCents);
        db.Commit();
    }
}
