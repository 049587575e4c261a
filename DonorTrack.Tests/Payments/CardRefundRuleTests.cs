namespace DonorTrack.Tests.Payments;

public sealed class CardRefundRuleTests
{
    [TestCase("card", "pi_123", "completed", 0, true)]
    [TestCase("card", "ch_123", "partially_refunded", 1_000, true)]
    [TestCase("card", "pi_123", "refunded", 5_000, false)]
    [TestCase("card", "cs_123", "completed", 0, false)]
    [TestCase("card", null, "completed", 0, false)]
    [TestCase("check", "pi_123", "completed", 0, false)]
    public void Refundable_OnlyStripeCardGiftsWithSomethingLeft(string method, string? externalId, string status, long refundedCents, bool refundable) =>
        Assert.That(CardRefundService.Refundable(Gift(DomainWords.Parse<GiftMethod>(method), externalId, DomainWords.Parse<GiftStatus>(status), refundedCents)), Is.EqualTo(refundable));

    private static Gift Gift(GiftMethod method, string? externalId, GiftStatus status, long refundedCents) => new(
        1, 1, 1, 5_000, "USD", new DateOnly(2026, 6, 1), method, GiftCategory.Individual, null, null, 0, null, null, null, externalId, 0, status, refundedCents,
        null, null, null, null, null, null, null, DateTimeOffset.UnixEpoch, "test", null, null, null, null);
}
