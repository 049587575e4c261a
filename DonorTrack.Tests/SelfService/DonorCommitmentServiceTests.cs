using DonorTrack.Core.SelfService;
using DonorTrack.Tests.Support.Stripe;

namespace DonorTrack.Tests.SelfService;

/// <summary>
/// Issue 16 item 1: a donor managing their own card gift. Stripe (the fake server, through the real Stripe.net client) is
/// asked first; the recurring donation here changes only when Stripe agreed.
/// </summary>
public sealed class DonorCommitmentServiceTests
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

    /// <summary>A $20 monthly gift paid by a card subscription, as the webhook creates it.</summary>
    private (DonorSession Session, long Pledge) CardPledge(string subscriptionId, bool knownToStripe = true)
    {
        var donor = _db.Seed.Donor(_staff, "Pa", "Vang", email: $"{subscriptionId}@example.org");
        if (knownToStripe)
            _stripe.AddSubscription(subscriptionId);
        using var db = _db.Connections.BeginTransaction();
        var pledge = _db.Get<RecurringDonationService>().CreateForSubscription(db, _staff, new RecurringDonationInput
        {
            DonorId = donor, AmountCents = 2_000, Interval = DuesInterval.Month, StartsOn = new DateOnly(2026, 6, 1),
        }, subscriptionId);
        db.Commit();
        return (new DonorSession(_staff.OrganizationId, donor), pledge);
    }

    private RecurringDonationRow Pledge(long id) => _db.Get<RecurringDonationService>().Find(_staff, id)!.Row;

    private int SubscriptionUpdates(string subscriptionId) => _stripe.Requests.Count(r => r.Method == "POST" && r.Path == $"/v1/subscriptions/{subscriptionId}");

    [Test]
    public async Task ChangeAmount_ChangesTheStripeSubscriptionFirst_ThenThePledge_WithAnAuditEntry()
    {
        var (session, pledge) = CardPledge("sub_amount_1");

        var found = await _commitments.ChangeAmountAsync(session, pledge, new CommitmentAmountInput { AmountCents = 3_500 }, _stripe.CreateGateway());

        Assert.That(found, Is.True);
        var update = _stripe.Requests.Single(r => r.Method == "POST" && r.Path == "/v1/subscriptions/sub_amount_1");
        Assert.That(update["items[0][price_data][unit_amount]"], Is.EqualTo("3500"));
        Assert.That(update["items[0][price_data][recurring][interval]"], Is.EqualTo("month"));
        Assert.That(update["proration_behavior"], Is.EqualTo("none"));
        Assert.That(_stripe.SubscriptionAmount("sub_amount_1"), Is.EqualTo(3_500));
        Assert.That(Pledge(pledge).AmountCents, Is.EqualTo(3_500));
        using var db = _db.Connections.Read();
        Assert.That(db.Connection.ExecuteScalar<long>("SELECT count(*) FROM audit_entries WHERE entity_type = 'recurring_donation' AND entity_id = @pledge AND action = 'change_amount'", new { pledge }), Is.EqualTo(1));
    }

    [Test]
    public void ChangeAmount_WhenStripeRefuses_ChangesNothingHere()
    {
        // Stripe no longer has this subscription: it answers 404 and nothing may change locally.
        var (session, pledge) = CardPledge("sub_unknown_1", knownToStripe: false);

        Assert.ThrowsAsync<PaymentGatewayException>(() => _commitments.ChangeAmountAsync(session, pledge, new CommitmentAmountInput { AmountCents = 3_500 }, _stripe.CreateGateway()));

        Assert.That(Pledge(pledge).AmountCents, Is.EqualTo(2_000));
    }

    [Test]
    public void ChangeAmount_WithARevokedKey_ChangesNothingHere()
    {
        var (session, pledge) = CardPledge("sub_revoked_1");

        Assert.ThrowsAsync<PaymentGatewayException>(() => _commitments.ChangeAmountAsync(session, pledge, new CommitmentAmountInput { AmountCents = 3_500 }, _stripe.CreateGateway("sk_test_revoked")));

        Assert.That((Pledge(pledge).AmountCents, _stripe.SubscriptionAmount("sub_revoked_1")), Is.EqualTo((2_000L, 2_000L)));
    }

    [TestCase(null, "Enter the new amount.")]
    [TestCase(99L, "The amount must be at least $1.00.")]
    [TestCase(0L, "The amount must be at least $1.00.")]
    [TestCase(-500L, "The amount must be at least $1.00.")]
    [TestCase(1_000_000_001L, "The amount must be at most $10,000,000.")]
    public void ChangeAmount_OutsideTheLimits_IsRefusedOnTheAmount_BeforeStripeIsAsked(long? cents, string message)
    {
        var (session, pledge) = CardPledge("sub_limits_1");

        var refused = Assert.ThrowsAsync<ValidationException>(() => _commitments.ChangeAmountAsync(session, pledge, new CommitmentAmountInput { AmountCents = cents }, _stripe.CreateGateway()));

        Assert.That(refused!.Errors.Select(e => (e.PropertyName, e.ErrorMessage)), Is.EqualTo(new[] { (nameof(CommitmentAmountInput.AmountCents), message) }));
        Assert.That(SubscriptionUpdates("sub_limits_1"), Is.Zero);
        Assert.That(Pledge(pledge).AmountCents, Is.EqualTo(2_000));
    }

    [Test]
    public async Task AnotherDonorsPledge_IsNotFound_ForEveryChange_AndStripeIsNeverAsked()
    {
        var (_, theirs) = CardPledge("sub_theirs_1");
        var intruder = new DonorSession(_staff.OrganizationId, _db.Seed.Donor(_staff, "Someone", "Else"));
        var gateway = _stripe.CreateGateway();

        Assert.That(await _commitments.ChangeAmountAsync(intruder, theirs, new CommitmentAmountInput { AmountCents = 100 }, gateway), Is.False);
        Assert.That(await _commitments.SetPausedAsync(intruder, theirs, paused: true, gateway), Is.False);
        Assert.That(await _commitments.CancelAsync(intruder, theirs, gateway), Is.False);
        Assert.That(await _commitments.CardUpdateAddressAsync(intruder, theirs, "http://localhost:5000/my/x", gateway), Is.Null);

        Assert.That(_stripe.Requests, Is.Empty);
        Assert.That((Pledge(theirs).AmountCents, Pledge(theirs).Status), Is.EqualTo((2_000L, RecurringDonationStatus.Active)));
    }

    [Test]
    public async Task APledgeOfTheSameDonorIdInAnotherOrganization_IsNotFound()
    {
        var (own, pledge) = CardPledge("sub_org_1");
        var elsewhere = _db.NewOrganization("Eastside Renters");

        var found = await _commitments.ChangeAmountAsync(own with { OrganizationId = elsewhere.OrganizationId }, pledge, new CommitmentAmountInput { AmountCents = 100 }, _stripe.CreateGateway());

        Assert.That(found, Is.False);
        Assert.That(_stripe.Requests, Is.Empty);
    }

    [Test]
    public async Task PauseThenResume_PausesAndResumesCollectionAtStripe_AndThePledgeHere()
    {
        var (session, pledge) = CardPledge("sub_pause_1");
        var gateway = _stripe.CreateGateway();

        await _commitments.SetPausedAsync(session, pledge, paused: true, gateway);
        var paused = (_stripe.SubscriptionPaused("sub_pause_1"), Pledge(pledge).Status);
        await _commitments.SetPausedAsync(session, pledge, paused: false, gateway);

        Assert.That(paused, Is.EqualTo((true, RecurringDonationStatus.Paused)));
        Assert.That((_stripe.SubscriptionPaused("sub_pause_1"), Pledge(pledge).Status), Is.EqualTo((false, RecurringDonationStatus.Active)));
        Assert.That(_stripe.Requests.Where(r => r.Method == "POST").Select(r => r["pause_collection[behavior]"] ?? r["pause_collection"]), Is.EqualTo(new[] { "void", "" }));
    }

    [Test]
    public async Task Cancel_CancelsAtStripe_ThenEndsThePledge()
    {
        var (session, pledge) = CardPledge("sub_cancel_1");

        await _commitments.CancelAsync(session, pledge, _stripe.CreateGateway());

        Assert.That(_stripe.SubscriptionStatus("sub_cancel_1"), Is.EqualTo("canceled"));
        Assert.That(Pledge(pledge).Status, Is.EqualTo(RecurringDonationStatus.Ended));
    }

    [Test]
    public async Task UpdateCard_OpensACustomerPortalSessionForTheSubscriptionsCustomer_ReturningToTheDonorPage()
    {
        var (session, pledge) = CardPledge("sub_card_1");

        var url = await _commitments.CardUpdateAddressAsync(session, pledge, "http://localhost:5000/my/frogtown-tenants-union", _stripe.CreateGateway());

        var portal = _stripe.Requests.Single(r => r.Path == "/v1/billing_portal/sessions");
        Assert.That(portal["customer"], Is.EqualTo("cus_QXg1o8vcGmoR32"), "the customer of the fixture subscription");
        Assert.That(portal["return_url"], Is.EqualTo("http://localhost:5000/my/frogtown-tenants-union"));
        Assert.That(url, Does.StartWith("https://billing.stripe.com/p/session/bps_fake"));
        Assert.That(Pledge(pledge).AmountCents, Is.EqualTo(2_000), "the card changes at Stripe only");
    }

    [Test]
    public void ChangingAPledgePaidByCheck_IsRefusedWithAMessage()
    {
        var donor = _db.Seed.Donor(_staff, "Pa", "Vang");
        var pledge = _db.Get<RecurringDonationService>().Create(_staff, new RecurringDonationInput { DonorId = donor, AmountCents = 2_000, Interval = DuesInterval.Month, StartsOn = new DateOnly(2026, 6, 1) });

        var refused = Assert.ThrowsAsync<ValidationException>(() => _commitments.ChangeAmountAsync(new DonorSession(_staff.OrganizationId, donor), pledge, new CommitmentAmountInput { AmountCents = 3_000 }, _stripe.CreateGateway()));

        Assert.That(refused!.Errors.Single().ErrorMessage, Is.EqualTo(DonorCommitmentService.NotCardPaid));
        Assert.That(_stripe.Requests, Is.Empty);
    }
}
