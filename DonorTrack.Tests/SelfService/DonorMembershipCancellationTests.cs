using DonorTrack.Core.SelfService;
using DonorTrack.Tests.Support.Stripe;

namespace DonorTrack.Tests.SelfService;

/// <summary>
/// Issue 16 item 3: a donor stops the card renewal of their own membership from the donor page. Stripe (the fake server,
/// through Stripe.net) cancels first; the membership stops renewing here only when Stripe agreed.
/// </summary>
public sealed class DonorMembershipCancellationTests
{
    private TestDatabase _db = null!;
    private FakeStripeServer _stripe = null!;
    private Actor _staff = null!;
    private DonorCommitmentService _commitments = null!;

    [SetUp]
    public async Task SetUp()
    {
        _db = new TestDatabase();
        _stripe = await FakeStripeServer.StartAsync();
        _staff = _db.NewOrganization();
        _commitments = _db.Get<DonorCommitmentService>();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _stripe.DisposeAsync();
        _db.Dispose();
    }

    /// <summary>A yearly membership renewed by a card subscription, as the first paid invoice enrols it.</summary>
    private (DonorSession Session, long Membership) CardMember(string subscriptionId)
    {
        var donor = _db.Seed.Donor(_staff, "Mai", "Vue", email: $"{subscriptionId}@example.org");
        var plan = _db.Get<MembershipService>().CreatePlan(_staff, new MembershipPlanInput
        {
            Name = $"Yearly {subscriptionId}", MemberKind = MemberKind.Individual, Interval = DuesInterval.Year, PricingKind = DuesPricingKind.Fixed, AmountCents = 6000, GraceDays = 30,
        });
        var metadata = new PaymentMetadata { Kind = "dues", PlanId = plan };
        SubscriptionCommitment commitment;
        using (var session = _db.Connections.BeginTransaction())
        {
            commitment = _db.Get<SubscriptionCommitments>().Ensure(session, Actor.System(_staff.OrganizationId, "Stripe"), subscriptionId, donor, metadata, 6000, new DateOnly(2026, 6, 15))!;
            session.Commit();
        }
        _stripe.AddSubscription(subscriptionId, metadata.ToStripe());
        return (new DonorSession(_staff.OrganizationId, donor), commitment.Id);
    }

    private MembershipRow Row(long id) => _db.Get<MembershipService>().Find(_staff, id)!.Row;

    [Test]
    public async Task CancelMembership_CancelsAtStripeFirst_ThenTheMembershipStopsRenewing_AndThePageNoLongerOffersIt()
    {
        var (session, membership) = CardMember("sub_member_cancel_1");
        var offeredBefore = _db.Get<DonorPageService>().View(session, null)!.CardRenewedMemberships;

        var found = await _commitments.CancelMembershipAsync(session, membership, _stripe.CreateGateway());

        Assert.That(offeredBefore, Does.Contain(membership));
        Assert.That(found, Is.True);
        Assert.That(_stripe.Requests.Count(r => r.Method == "DELETE" && r.Path == "/v1/subscriptions/sub_member_cancel_1"), Is.EqualTo(1));
        Assert.That(Row(membership).AutoRenew, Is.False);
        Assert.That(_db.Get<DonorPageService>().View(session, null)!.CardRenewedMemberships, Is.Empty);
        var again = Assert.ThrowsAsync<ValidationException>(() => _commitments.CancelMembershipAsync(session, membership, _stripe.CreateGateway()));
        Assert.That(again!.Errors.Single().ErrorMessage, Does.Contain("no longer renews"));
    }

    [Test]
    public void CancelMembership_WhenStripeRefuses_KeepsTheMembershipRenewing()
    {
        var (session, membership) = CardMember("sub_member_cancel_2");

        Assert.ThrowsAsync<PaymentGatewayException>(() => _commitments.CancelMembershipAsync(session, membership, _stripe.CreateGateway("sk_test_someone_elses_key_1234")));

        Assert.That(Row(membership).AutoRenew, Is.True);
    }

    [Test]
    public async Task CancelMembership_OfAnotherDonor_IsNotFound_AndWithoutStripeKeysIsRefusedWithAMessage()
    {
        var (_, theirs) = CardMember("sub_member_cancel_3");
        var (mine, own) = CardMember("sub_member_cancel_4");

        var other = await _commitments.CancelMembershipAsync(mine, theirs, _stripe.CreateGateway());
        var noKeys = Assert.ThrowsAsync<ValidationException>(() => _commitments.CancelMembershipAsync(mine, own, null));

        Assert.That(other, Is.False);
        Assert.That(noKeys!.Errors.Single().ErrorMessage, Is.EqualTo(DonorCommitmentService.CardPaymentsOff));
        Assert.That(Row(theirs).AutoRenew && Row(own).AutoRenew, Is.True);
        Assert.That(_stripe.Requests.Where(r => r.Method == "DELETE"), Is.Empty);
    }
}
