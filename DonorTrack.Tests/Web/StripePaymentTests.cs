using DonorTrack.Tests.Support.Stripe;
using DonorTrack.Web.Payments;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DonorTrack.Tests.Web;

/// <summary>Card payments end to end: the real Stripe.net client against the fake Stripe server, webhooks signed as Stripe signs them, through HTTP.</summary>
public sealed class StripePaymentTests
{
    private FakeStripeServer _stripe = null!;
    private DonorTrackAppFactory _app = null!;
    private StripeWebhookSigner _signer = null!;
    private long _organization;
    private Actor _treasurer = null!;
    private string _slug = "";

    [SetUp]
    public async Task SetUp()
    {
        _stripe = await FakeStripeServer.StartAsync();
        _app = new DonorTrackAppFactory { StripeApiBase = _stripe.ApiBase };
        _organization = _app.SetUpFirstOrganization();
        _slug = _app.Get<OrganizationService>().Find(_organization)!.Slug;
        _treasurer = Actor.System(_organization);
        _app.Get<PaymentKeyStore>().Save(_treasurer, new PaymentKeysInput("pk_test_fake_donortrack", FakeStripeServer.DefaultApiKey, StripeWebhookSigner.DefaultSecret));
        _signer = new StripeWebhookSigner(StripeWebhookSigner.DefaultSecret, _app.Clock);
    }

    [TearDown]
    public async Task TearDown()
    {
        _app.Dispose();
        await _stripe.DisposeAsync();
    }

    private Task<HttpResponseMessage> Deliver(SignedWebhook webhook, HttpClient? client = null, string? slug = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/stripe/webhook/{slug ?? _slug}") { Content = new StringContent(webhook.Payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", webhook.SignatureHeader);
        return (client ?? _app.CreateClient()).SendAsync(request);
    }

    private IReadOnlyList<Gift> Gifts(Actor? of = null) =>
        _app.Get<GiftService>().List(of ?? _treasurer, new GiftQuery()).Gifts.Items.Select(g => _app.Get<GiftService>().Find(of ?? _treasurer, g.Id)!).ToList();

    /// <summary>The webhook answers before Stripe is asked for the fee; this waits for the fee worker's run, not for a time.</summary>
    private Task FeesFetched() => _app.Get<CardFeeWorker>().WhenCaughtUpAsync().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>A second organization on the same instance whose webhook endpoint has the same signing secret (one shared Stripe account).</summary>
    private (Actor Actor, string Slug) SecondOrganizationSharingTheStripeAccount()
    {
        var id = _app.CreateOrganization("Eastside Renters");
        var actor = Actor.System(id);
        _app.Get<PaymentKeyStore>().Save(actor, new PaymentKeysInput("pk_test_fake_donortrack", FakeStripeServer.DefaultApiKey, StripeWebhookSigner.DefaultSecret));
        return (actor, _app.Get<OrganizationService>().Find(id)!.Slug);
    }

    private long StoredEvents(string eventId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_app.DataDirectory, "donortrack.db")}");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM stripe_events WHERE event_id = $id";
        count.Parameters.AddWithValue("$id", eventId);
        return (long)count.ExecuteScalar()!;
    }

    [Test]
    public async Task DonationPage_OneTimeGiftWithCoverTheFee_CreatesACheckoutSessionWithTheRightLineItems()
    {
        var response = await DonorTrackAppFactory.PostFormAsync(_app.Browser(), $"/give/{_slug}", $"/give/{_slug}", new()
        {
            ["Amount"] = "50", ["Input.Frequency"] = "once", ["Input.CoverFee"] = "true",
            ["Input.FirstName"] = "Fartun", ["Input.LastName"] = "Abdi", ["Input.Email"] = "fartun@example.org",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var session = _stripe.Requests.Single(r => r.Path == "/v1/checkout/sessions");
        Assert.That(session["mode"], Is.EqualTo("payment"));
        Assert.That(session["line_items[0][price_data][unit_amount]"], Is.EqualTo("5000"));
        Assert.That(session["line_items[0][price_data][currency]"], Is.EqualTo("usd"));
        Assert.That(session["line_items[1][price_data][unit_amount]"], Is.EqualTo(OnlineDonationService.FeeToCover(5000).ToString()));
        Assert.That(session["customer_email"], Is.EqualTo("fartun@example.org"));
        Assert.That(session["metadata[organization_id]"], Is.EqualTo(_organization.ToString()));
        Assert.That(session.IdempotencyKey, Does.StartWith($"checkout:{_organization}:"));
        Assert.That(response.Headers.Location!.ToString(), Does.StartWith("https://"));
    }

    [Test]
    public async Task DonationPage_Monthly_UsesSubscriptionModeWithAMonthlyPrice()
    {
        await DonorTrackAppFactory.PostFormAsync(_app.Browser(), $"/give/{_slug}", $"/give/{_slug}", new()
        {
            ["Amount"] = "other", ["OtherAmount"] = "15", ["Input.Frequency"] = "monthly",
            ["Input.FirstName"] = "Fartun", ["Input.LastName"] = "Abdi", ["Input.Email"] = "fartun@example.org",
        });

        var session = _stripe.Requests.Single(r => r.Path == "/v1/checkout/sessions");
        Assert.That(session["mode"], Is.EqualTo("subscription"));
        Assert.That(session["line_items[0][price_data][recurring][interval]"], Is.EqualTo("month"));
        Assert.That(session["line_items[0][price_data][unit_amount]"], Is.EqualTo("1500"));
    }

    [Test]
    public async Task DonationPage_WithBadInput_ShowsFieldMessagesAndCallsNoStripe()
    {
        var response = await DonorTrackAppFactory.PostFormAsync(_app.Browser(), $"/give/{_slug}", $"/give/{_slug}", new()
        {
            ["Amount"] = "other", ["OtherAmount"] = "0.50", ["Input.Frequency"] = "once", ["Input.FirstName"] = "", ["Input.LastName"] = "Abdi", ["Input.Email"] = "nope",
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("The smallest online gift is $1.00.").And.Contain("Enter your first name.").And.Contain("Enter a valid email address."));
        Assert.That(_stripe.Requests.Any(r => r.Path == "/v1/checkout/sessions"), Is.False);
    }

    [Test]
    public async Task DonationPage_DuringAMatchingDrive_ShowsTheOfferAndWhatIsLeftInThePool()
    {
        var funder = _app.Get<DonorService>().Create(_treasurer, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Northside Community Foundation" });
        var campaign = _app.Get<DonorTrack.Core.Matching.MatchingCampaignService>().Create(_treasurer, new DonorTrack.Core.Matching.MatchingCampaignInput
        {
            Name = "June drive", FunderDonorId = funder, PoolCents = 100_000, Ratio = "1:1",
            StartsOn = new DateOnly(2026, 6, 1), EndsOn = new DateOnly(2026, 6, 30),
            Participants = [new DonorTrack.Core.Matching.MatchingParticipantInput { OrganizationId = _organization }],
        });
        var donor = _app.Get<DonorService>().Create(_treasurer, new DonorInput { FirstName = "Ana", LastName = "Lee" });
        _app.Get<GiftService>().Record(_treasurer, new GiftInput { DonorId = donor, AmountCents = 25_000, ReceivedOn = new DateOnly(2026, 6, 10), Method = GiftMethod.Check, Category = GiftCategory.Individual });

        var html = await _app.CreateClient().GetStringAsync($"/give/{_slug}");

        Assert.That(campaign, Is.GreaterThan(0));
        Assert.That(html, Does.Contain("Every $1 you give becomes $2 until Jun 30, 2026"));
        Assert.That(html, Does.Contain("$750.00 of matching left."));
    }

    [Test]
    public async Task DonationPage_WithoutKeys_IsShownWithoutCardGiving()
    {
        _app.Get<PaymentKeyStore>().Remove(_treasurer);

        var html = await _app.CreateClient().GetStringAsync($"/give/{_slug}");

        Assert.That(html, Does.Contain("offline-giving").And.Not.Contain("donation-form"));
    }

    [Test]
    public async Task CheckoutCompleted_RecordsTheCardGiftForANewDonor_WithTheFeeFromTheBalanceTransaction()
    {
        var charge = _stripe.AddCharge(5000, feeCents: 175);
        var session = StripeFixtures.CompletedCheckoutSession("cs_test_1", "payment", 5000, "new.donor@example.org",
            new PaymentMetadata { OrganizationId = _organization, Kind = "donation", DonorFirstName = "Linh", DonorLastName = "Trần" }.ToStripe(),
            paymentIntentId: charge.PaymentIntentId);

        var response = await Deliver(_signer.Sign("checkout.session.completed", session));
        await FeesFetched();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var gift = Gifts().Single();
        Assert.That((gift.AmountCents, gift.Method.Word(), gift.Category.Word(), gift.ExternalId, gift.FeeCents), Is.EqualTo((5000L, "card", "individual", charge.PaymentIntentId, 175L)));
        Assert.That(gift.SettledOn, Is.EqualTo(new DateOnly(2026, 6, 17)));
        var donor = _app.Get<DonorService>().Find(_treasurer, gift.DonorId)!;
        Assert.That((donor.FirstName, donor.LastName, donor.Email), Is.EqualTo(("Linh", "Trần", "new.donor@example.org")));
    }

    [Test]
    public async Task SameEvent_DeliveredTenTimesConcurrently_RecordsOneGift()
    {
        var charge = _stripe.AddCharge(2500);
        var webhook = _signer.Sign("checkout.session.completed", StripeFixtures.CompletedCheckoutSession("cs_test_2", "payment", 2500, "twice@example.org",
            new PaymentMetadata { OrganizationId = _organization, Kind = "donation" }.ToStripe(), paymentIntentId: charge.PaymentIntentId));

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Deliver(webhook)));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(Gifts(), Has.Count.EqualTo(1));
        Assert.That(_app.Get<DonorService>().Search(_treasurer, new DonorQuery(null, null, new())).Total, Is.EqualTo(1));
    }

    [Test]
    public async Task CheckoutCompleted_AnswersWithoutWaitingForStripe_AndTheFeeIsRecordedAfterwards()
    {
        var charge = _stripe.AddCharge(5000, feeCents: 175);
        var webhook = _signer.Sign("checkout.session.completed", StripeFixtures.CompletedCheckoutSession("cs_fast_1", "payment", 5000, "fast@example.org",
            new PaymentMetadata { OrganizationId = _organization, Kind = "donation" }.ToStripe(), paymentIntentId: charge.PaymentIntentId));
        var fees = _app.Get<CardFeeCollector>();

        Gift answered;
        using (_stripe.HoldResponses())
        {
            // While Stripe answers nothing, the webhook must still answer: a fee lookup inside it would hang here.
            var response = await Deliver(webhook).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            answered = Gifts().Single();
            Assert.That(fees.CountPending(_treasurer), Is.EqualTo(1));
        }
        await FeesFetched();

        Assert.That((answered.AmountCents, answered.FeeCents, answered.SettledOn), Is.EqualTo((5000L, 0L, (DateOnly?)null)));
        var settled = Gifts().Single();
        Assert.That((settled.FeeCents, settled.SettledOn), Is.EqualTo((175L, (DateOnly?)new DateOnly(2026, 6, 17))));
        Assert.That(fees.CountPending(_treasurer), Is.Zero);
    }

    [Test]
    public async Task FeeUnreadableWhenTheWebhookArrives_StaysPending_AndIsFetchedWhenTheWorkerStartsAgain()
    {
        var charge = _stripe.AddCharge(4000, feeCents: 146);
        // A revoked secret key: Stripe refuses the fee lookup, but the gift is recorded all the same.
        _app.Get<PaymentKeyStore>().Save(_treasurer, new PaymentKeysInput("pk_test_fake_donortrack", "sk_test_revoked", StripeWebhookSigner.DefaultSecret));
        await Deliver(_signer.Sign("checkout.session.completed", StripeFixtures.CompletedCheckoutSession("cs_retry_1", "payment", 4000, "retry@example.org",
            new PaymentMetadata { OrganizationId = _organization, Kind = "donation" }.ToStripe(), paymentIntentId: charge.PaymentIntentId)));
        await FeesFetched();
        var fees = _app.Get<CardFeeCollector>();
        Assert.That((Gifts().Single().FeeCents, fees.CountPending(_treasurer)), Is.EqualTo((0L, 1L)));
        var treasurer = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        Assert.That(await treasurer.GetStringAsync("/Payments"), Does.Contain("1 card gift is still waiting for Stripe"));

        _app.Get<PaymentKeyStore>().Save(_treasurer, new PaymentKeysInput("pk_test_fake_donortrack", FakeStripeServer.DefaultApiKey, StripeWebhookSigner.DefaultSecret));
        // The next webhook's run fetches only its own new fee, leaving one that failed before (retrying it would slow every
        // webhook); the start-up run retries it.
        var next = _stripe.AddCharge(1000, feeCents: 59);
        await Deliver(_signer.Sign("checkout.session.completed", StripeFixtures.CompletedCheckoutSession("cs_retry_2", "payment", 1000, "next@example.org",
            new PaymentMetadata { OrganizationId = _organization, Kind = "donation" }.ToStripe(), paymentIntentId: next.PaymentIntentId)));
        await FeesFetched();
        Assert.That(Gifts().Single(g => g.ExternalId == next.PaymentIntentId).FeeCents, Is.EqualTo(59));
        Assert.That(fees.CountPending(_treasurer), Is.EqualTo(1));
        var restarted = ActivatorUtilities.CreateInstance<CardFeeWorker>(_app.Services);
        await restarted.StartAsync(CancellationToken.None);
        await restarted.WhenCaughtUpAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await restarted.StopAsync(CancellationToken.None);

        Assert.That((Gifts().Single(g => g.ExternalId == charge.PaymentIntentId).FeeCents, fees.CountPending(_treasurer)), Is.EqualTo((146L, 0L)));
    }

    [Test]
    public async Task SameSignedEvent_DeliveredFirstToAnotherOrganization_IsStillRecordedForItsOwner()
    {
        var (other, otherSlug) = SecondOrganizationSharingTheStripeAccount();
        var charge = _stripe.AddCharge(3000);
        var webhook = _signer.Sign("checkout.session.completed", StripeFixtures.CompletedCheckoutSession("cs_owner_1", "payment", 3000, "owner@example.org",
            new PaymentMetadata { OrganizationId = _organization, Kind = "donation" }.ToStripe(), paymentIntentId: charge.PaymentIntentId));

        var atOther = await Deliver(webhook, slug: otherSlug);
        var atOwner = await Deliver(webhook);

        Assert.That(await atOther.Content.ReadAsStringAsync(), Does.Contain($"ignored: created for organization {_organization}"));
        Assert.That(await atOwner.Content.ReadAsStringAsync(), Does.Contain("\"duplicate\":false").And.Contain("gift recorded"));
        Assert.That(Gifts().Single().ExternalId, Is.EqualTo(charge.PaymentIntentId));
        Assert.That(Gifts(other), Is.Empty);
        Assert.That(StoredEvents(webhook.EventId), Is.EqualTo(2));
    }

    [Test]
    public async Task RefundEvent_FirstReceivedByAnOrganizationWithoutTheGift_IsStillAppliedToTheOwner()
    {
        var (other, otherSlug) = SecondOrganizationSharingTheStripeAccount();
        var charge = _stripe.AddCharge(6000);
        await Deliver(_signer.Sign("checkout.session.completed", StripeFixtures.CompletedCheckoutSession("cs_owner_2", "payment", 6000, "refunded@example.org",
            new PaymentMetadata { OrganizationId = _organization, Kind = "donation" }.ToStripe(), paymentIntentId: charge.PaymentIntentId)));
        // A charge created outside DonorTrack's checkout carries no organization in its metadata: only the gift lookup can tell.
        var refund = _signer.Sign("charge.refunded", StripeFixtures.Charge(charge.Id, 6000, 6000, charge.PaymentIntentId));

        var atOther = await Deliver(refund, slug: otherSlug);
        var atOwner = await Deliver(refund);

        Assert.That(await atOther.Content.ReadAsStringAsync(), Does.Contain("ignored: no gift for charge"));
        Assert.That(await atOwner.Content.ReadAsStringAsync(), Does.Contain("\"duplicate\":false"));
        Assert.That((Gifts().Single().Status.Word(), Gifts().Single().RefundedCents), Is.EqualTo(("refunded", 6000L)));
        Assert.That(Gifts(other), Is.Empty);
    }

    [Test]
    public async Task SameEvent_DeliveredTenTimesConcurrentlyToItsOwnerAndToAnotherOrganization_RecordsOneGiftForTheOwnerOnly()
    {
        var (other, otherSlug) = SecondOrganizationSharingTheStripeAccount();
        var charge = _stripe.AddCharge(2500);
        var webhook = _signer.Sign("checkout.session.completed", StripeFixtures.CompletedCheckoutSession("cs_both_1", "payment", 2500, "both@example.org",
            new PaymentMetadata { OrganizationId = _organization, Kind = "donation" }.ToStripe(), paymentIntentId: charge.PaymentIntentId));

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Deliver(webhook, slug: i % 2 == 0 ? _slug : otherSlug)));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(Gifts(), Has.Count.EqualTo(1));
        Assert.That(Gifts(other), Is.Empty);
        Assert.That(StoredEvents(webhook.EventId), Is.EqualTo(2));
    }

    [Test]
    public async Task InvoicePaidBeforeCheckoutCompleted_EndsWithOneDonorAndOneInstallment()
    {
        var metadata = new PaymentMetadata { OrganizationId = _organization, Kind = "recurring_donation", DonorEmail = "monthly@example.org", DonorFirstName = "Mai", DonorLastName = "Vue", Interval = "month" }.ToStripe();
        var charge = _stripe.AddCharge(1500, feeCents: 74);
        var invoice = StripeFixtures.SubscriptionInvoice("in_test_1", "sub_test_1", 1500, metadata, charge.Id, charge.PaymentIntentId, customerEmail: "monthly@example.org");
        var checkout = StripeFixtures.CompletedCheckoutSession("cs_test_3", "subscription", 1500, "monthly@example.org", metadata, subscriptionId: "sub_test_1");

        await Deliver(_signer.Sign("invoice.paid", invoice));
        await Deliver(_signer.Sign("checkout.session.completed", checkout));
        await FeesFetched();

        var gift = Gifts().Single();
        Assert.That((gift.AmountCents, gift.Method.Word(), gift.FeeCents), Is.EqualTo((1500L, "card", 74L)));
        Assert.That(_app.Get<DonorService>().Search(_treasurer, new DonorQuery("monthly@example.org", null, new())).Total, Is.EqualTo(1));
        var pledge = _app.Get<DonorTrack.Core.Dues.RecurringDonationService>().List(_treasurer).Single();
        Assert.That((pledge.Row.AmountCents, gift.RecurringDonationId), Is.EqualTo((1500L, (long?)pledge.Row.Id)));

        await Deliver(_signer.Sign("customer.subscription.deleted", StripeFixtures.Subscription("sub_test_1", "canceled", metadata)));

        Assert.That(_app.Get<DonorTrack.Core.Dues.RecurringDonationService>().Find(_treasurer, pledge.Row.Id)!.Row.Status.Word(), Is.EqualTo("ended"));
    }

    [Test]
    public async Task DuesInvoicePaid_IsRecordedAsMembershipDues()
    {
        var metadata = new PaymentMetadata { OrganizationId = _organization, Kind = "dues", DonorEmail = "member@example.org", DonorLastName = "Member", Interval = "year" }.ToStripe();
        var charge = _stripe.AddCharge(6000);

        await Deliver(_signer.Sign("invoice.paid", StripeFixtures.SubscriptionInvoice("in_test_2", "sub_test_2", 6000, metadata, charge.Id, charge.PaymentIntentId)));

        Assert.That(Gifts().Single().Category.Word(), Is.EqualTo("membership_dues"));
    }

    [Test]
    public async Task InvoicePaymentFailed_ShowsOnTheTreasurersPageWithTheDeclineReason_UntilTheSubscriptionEnds()
    {
        var metadata = new PaymentMetadata { OrganizationId = _organization, Kind = "recurring_donation", DonorEmail = "declined@example.org" }.ToStripe();
        var invoice = StripeFixtures.SubscriptionInvoice("in_test_3", "sub_test_3", 2000, metadata, paid: false, customerEmail: "declined@example.org");
        invoice["last_finalization_error"] = System.Text.Json.Nodes.JsonNode.Parse("""{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","message":"Your card has insufficient funds."}""");

        await Deliver(_signer.Sign("invoice.payment_failed", invoice));
        var treasurer = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var page = await treasurer.GetStringAsync("/Payments");
        await Deliver(_signer.Sign("customer.subscription.deleted", StripeFixtures.Subscription("sub_test_3", "canceled", metadata)));
        var after = await treasurer.GetStringAsync("/Payments");

        Assert.That(page, Does.Contain("declined@example.org").And.Contain("insufficient"));
        Assert.That(after, Does.Not.Contain("declined@example.org"));
    }

    [Test]
    public async Task ChargeRefunded_PartialThenFull_AdjustsTheGift_AndALateSmallerTotalChangesNothing()
    {
        var charge = _stripe.AddCharge(10000);
        await Deliver(_signer.Sign("checkout.session.completed", StripeFixtures.CompletedCheckoutSession("cs_test_4", "payment", 10000, "r@example.org",
            new PaymentMetadata { OrganizationId = _organization, Kind = "donation" }.ToStripe(), paymentIntentId: charge.PaymentIntentId)));

        await Deliver(_signer.Sign("charge.refunded", StripeFixtures.Charge(charge.Id, 10000, 3000, charge.PaymentIntentId)));
        var partial = Gifts().Single();
        await Deliver(_signer.Sign("charge.refunded", StripeFixtures.Charge(charge.Id, 10000, 10000, charge.PaymentIntentId)));
        await Deliver(_signer.Sign("charge.refunded", StripeFixtures.Charge(charge.Id, 10000, 3000, charge.PaymentIntentId)));
        var full = Gifts().Single();

        Assert.That((partial.Status.Word(), partial.RefundedCents, partial.NetCents), Is.EqualTo(("partially_refunded", 3000L, 7000L)));
        Assert.That((full.Status.Word(), full.RefundedCents, full.NetCents), Is.EqualTo(("refunded", 10000L, 0L)));
    }

    [Test]
    public async Task DisputeCreated_FlagsTheGift()
    {
        var charge = _stripe.AddCharge(4000);
        await Deliver(_signer.Sign("checkout.session.completed", StripeFixtures.CompletedCheckoutSession("cs_test_5", "payment", 4000, "d@example.org",
            new PaymentMetadata { OrganizationId = _organization, Kind = "donation" }.ToStripe(), paymentIntentId: charge.PaymentIntentId)));

        await Deliver(_signer.Sign("charge.dispute.created", StripeFixtures.Dispute("dp_test_1", charge.Id, 4000, "fraudulent", charge.PaymentIntentId)));

        var gift = Gifts().Single();
        Assert.That(gift.DisputedAt, Is.Not.Null);
        Assert.That(gift.DisputeReason, Is.EqualTo("fraudulent"));
    }

    [TestCase(WebhookForgery.TamperedBody)]
    [TestCase(WebhookForgery.WrongSecret)]
    [TestCase(WebhookForgery.OldTimestamp)]
    public async Task ForgedOrStaleDelivery_IsRejectedWith400_AndRecordsNothing(WebhookForgery forgery)
    {
        var charge = _stripe.AddCharge(2500);
        var webhook = _signer.Sign("checkout.session.completed", StripeFixtures.CompletedCheckoutSession("cs_test_6", "payment", 2500, "forged@example.org",
            new PaymentMetadata { OrganizationId = _organization, Kind = "donation" }.ToStripe(), paymentIntentId: charge.PaymentIntentId), forgery);

        var response = await Deliver(webhook);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Gifts(), Is.Empty);
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_app.DataDirectory, "donortrack.db")}");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM stripe_events";
        Assert.That((long)count.ExecuteScalar()!, Is.Zero);
    }

    [Test]
    public async Task RefundButton_PartialThenDoubleSubmittedFull_RefundsOnceEach()
    {
        var charge = _stripe.AddCharge(8000);
        await Deliver(_signer.Sign("checkout.session.completed", StripeFixtures.CompletedCheckoutSession("cs_test_7", "payment", 8000, "refund.me@example.org",
            new PaymentMetadata { OrganizationId = _organization, Kind = "donation" }.ToStripe(), paymentIntentId: charge.PaymentIntentId)));
        var giftId = Gifts().Single().Id;
        var treasurer = await _app.SignedInAs(_app.AddUser(_organization, Role.Treasurer));

        var partial = await DonorTrackAppFactory.PostFormAsync(treasurer, $"/Gifts/Details/{giftId}", $"/Gifts/Details/{giftId}?handler=Refund", new() { ["RefundAmount"] = "20.00" });
        Assert.That(partial.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        // Both clicks carry the same form state: same gift, same refunded-so-far, same amount.
        var clicks = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            DonorTrackAppFactory.PostFormAsync(treasurer, $"/Gifts/Details/{giftId}", $"/Gifts/Details/{giftId}?handler=Refund", new() { ["RefundAmount"] = "" })));

        // A second click either overlaps the first (same idempotency key: Stripe replays the refund and the page redirects)
        // or lands after it committed (the page says nothing is left). Either way Stripe refunds once.
        foreach (var click in clicks)
        {
            if (click.StatusCode != HttpStatusCode.Redirect)
                Assert.That(await click.Content.ReadAsStringAsync(), Does.Contain("Nothing is left to refund on this gift."));
        }
        Assert.That(_stripe.Refunds.Select(r => r.AmountCents), Is.EqualTo(new[] { 2000L, 6000L }));
        var gift = _app.Get<GiftService>().Find(_treasurer, giftId)!;
        Assert.That((gift.Status.Word(), gift.RefundedCents), Is.EqualTo(("refunded", 8000L)));
        var late = await DonorTrackAppFactory.PostFormAsync(treasurer, $"/Gifts/Details/{giftId}", $"/Gifts/Details/{giftId}?handler=Refund", new() { ["RefundAmount"] = "" });
        Assert.That(await late.Content.ReadAsStringAsync(), Does.Contain("Nothing is left to refund on this gift."));
        Assert.That(_stripe.Refunds, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task CancelCardSubscriptionButton_CancelsAtStripeFirst_EndsThePledge_AndTheLaterWebhookChangesNothing()
    {
        var metadata = new PaymentMetadata { OrganizationId = _organization, Kind = "recurring_donation", DonorEmail = "monthly@example.org", DonorLastName = "Vue", Interval = "month" }.ToStripe();
        _stripe.AddSubscription("sub_cancel_1", metadata);
        var charge = _stripe.AddCharge(1500);
        await Deliver(_signer.Sign("invoice.paid", StripeFixtures.SubscriptionInvoice("in_cancel_1", "sub_cancel_1", 1500, metadata, charge.Id, charge.PaymentIntentId, customerEmail: "monthly@example.org")));
        var pledges = _app.Get<DonorTrack.Core.Dues.RecurringDonationService>();
        var pledge = pledges.List(_treasurer).Single().Row.Id;
        var treasurer = await _app.SignedInAs(_app.AddUser(_organization, Role.Treasurer));
        Assert.That(await treasurer.GetStringAsync("/Dues/Recurring"), Does.Contain("Cancel card subscription"));

        // Ending a card pledge only here would leave Stripe charging the card: the plain End button refuses it.
        var plainEnd = await DonorTrackAppFactory.PostFormAsync(treasurer, "/Dues/Recurring", $"/Dues/Recurring?handler=Change&id={pledge}&change=end", new() { ["Confirmed"] = "true" });
        Assert.That(await (await treasurer.GetAsync(plainEnd.Headers.Location)).Content.ReadAsStringAsync(), Does.Contain("paid by a card subscription in Stripe"));
        Assert.That(pledges.Find(_treasurer, pledge)!.Row.Status.Word(), Is.EqualTo("active"));

        var cancel = await DonorTrackAppFactory.PostFormAsync(treasurer, "/Dues/Recurring", $"/Dues/Recurring?handler=CancelCard&id={pledge}", new() { ["Confirmed"] = "true" });
        var page = await (await treasurer.GetAsync(cancel.Headers.Location)).Content.ReadAsStringAsync();

        Assert.That(page, Does.Contain("Card subscription cancelled at Stripe and the recurring donation ended."));
        Assert.That(_stripe.Requests.Count(r => r.Method == "DELETE" && r.Path == "/v1/subscriptions/sub_cancel_1"), Is.EqualTo(1));
        Assert.That(pledges.Find(_treasurer, pledge)!.Row.Status.Word(), Is.EqualTo("ended"));
        var webhook = await Deliver(_signer.Sign("customer.subscription.deleted", StripeFixtures.Subscription("sub_cancel_1", "canceled", metadata)));
        Assert.That(webhook.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(pledges.Find(_treasurer, pledge)!.Row.Status.Word(), Is.EqualTo("ended"));
        Assert.That(await treasurer.GetStringAsync("/Dues/Recurring"), Does.Not.Contain("Cancel card subscription"));
    }

    [Test]
    public async Task StopCardRenewalButton_OnAMembership_CancelsAtStripe_AndOnlyThenCanTheMembershipBeCancelled()
    {
        var memberships = _app.Get<DonorTrack.Core.Dues.MembershipService>();
        var plan = memberships.CreatePlan(_treasurer, new DonorTrack.Core.Dues.MembershipPlanInput
        {
            Name = "Yearly", MemberKind = DonorTrack.Core.Dues.MemberKind.Individual, Interval = DonorTrack.Core.Dues.DuesInterval.Year,
            PricingKind = DonorTrack.Core.Dues.DuesPricingKind.Fixed, AmountCents = 6000, GraceDays = 30,
        });
        var metadata = new PaymentMetadata { OrganizationId = _organization, Kind = "dues", PlanId = plan, DonorEmail = "member@example.org", DonorLastName = "Member", Interval = "year" }.ToStripe();
        _stripe.AddSubscription("sub_member_9", metadata);
        var charge = _stripe.AddCharge(6000);
        await Deliver(_signer.Sign("invoice.paid", StripeFixtures.SubscriptionInvoice("in_member_9", "sub_member_9", 6000, metadata, charge.Id, charge.PaymentIntentId, customerEmail: "member@example.org")));
        var membership = memberships.List(_treasurer, new DonorTrack.Core.Dues.MembershipQuery()).Items.Single().Id;
        var treasurer = await _app.SignedInAs(_app.AddUser(_organization, Role.Treasurer));
        var url = $"/Dues/Membership/{membership}";

        var refused = await DonorTrackAppFactory.PostFormAsync(treasurer, url, $"{url}?handler=Cancel", new() { ["On"] = "2026-07-01", ["Reason"] = "Moved away", ["Confirmed"] = "true" });
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("stop the card renewal first"));
        Assert.That(_stripe.Requests.Any(r => r.Method == "DELETE"), Is.False);

        var stop = await DonorTrackAppFactory.PostFormAsync(treasurer, url, $"{url}?handler=StopCardRenewal", new() { ["Confirmed"] = "true" });
        Assert.That(await (await treasurer.GetAsync(stop.Headers.Location)).Content.ReadAsStringAsync(), Does.Contain("Card renewal stopped"));
        Assert.That(_stripe.Requests.Count(r => r.Method == "DELETE" && r.Path == "/v1/subscriptions/sub_member_9"), Is.EqualTo(1));

        var cancelled = await DonorTrackAppFactory.PostFormAsync(treasurer, url, $"{url}?handler=Cancel", new() { ["On"] = "2026-07-01", ["Reason"] = "Moved away", ["Confirmed"] = "true" });
        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(memberships.Find(_treasurer, membership)!.Summary.CancelledOn, Is.EqualTo(new DateOnly(2026, 7, 1)));
    }

    [Test]
    public async Task CancelCardSubscriptionButton_WhenStripeRefuses_ChangesNothingHere()
    {
        var metadata = new PaymentMetadata { OrganizationId = _organization, Kind = "recurring_donation", DonorEmail = "gone@example.org", DonorLastName = "Gone", Interval = "month" }.ToStripe();
        var charge = _stripe.AddCharge(1500);
        await Deliver(_signer.Sign("invoice.paid", StripeFixtures.SubscriptionInvoice("in_gone_1", "sub_gone_1", 1500, metadata, charge.Id, charge.PaymentIntentId, customerEmail: "gone@example.org")));
        var pledges = _app.Get<DonorTrack.Core.Dues.RecurringDonationService>();
        var pledge = pledges.List(_treasurer).Single().Row.Id;
        // A revoked secret key: Stripe answers 401 and the subscription keeps running, so the pledge must stay active here.
        _app.Get<PaymentKeyStore>().Save(_treasurer, new PaymentKeysInput("pk_test_fake_donortrack", "sk_test_revoked", StripeWebhookSigner.DefaultSecret));
        var treasurer = await _app.SignedInAs(_app.AddUser(_organization, Role.Treasurer));

        var cancel = await DonorTrackAppFactory.PostFormAsync(treasurer, "/Dues/Recurring", $"/Dues/Recurring?handler=CancelCard&id={pledge}", new() { ["Confirmed"] = "true" });

        Assert.That(await (await treasurer.GetAsync(cancel.Headers.Location)).Content.ReadAsStringAsync(), Does.Contain("Stripe refused to cancel the subscription, so nothing changed"));
        Assert.That(pledges.Find(_treasurer, pledge)!.Row.Status.Word(), Is.EqualTo("active"));
    }

    [Test]
    public async Task RefundButton_IsRefusedToAnEntryVolunteer()
    {
        var charge = _stripe.AddCharge(3000);
        await Deliver(_signer.Sign("checkout.session.completed", StripeFixtures.CompletedCheckoutSession("cs_test_8", "payment", 3000, "x@example.org",
            new PaymentMetadata { OrganizationId = _organization, Kind = "donation" }.ToStripe(), paymentIntentId: charge.PaymentIntentId)));
        var giftId = Gifts().Single().Id;
        var entry = await _app.SignedInAs(_app.AddUser(_organization, Role.Entry));

        var response = await DonorTrackAppFactory.PostFormAsync(entry, $"/Gifts/Details/{giftId}", $"/Gifts/Details/{giftId}?handler=Refund", new() { ["RefundAmount"] = "" });

        Assert.That(response.Headers.Location!.ToString(), Does.Contain("/Account/Denied"));
        Assert.That(_stripe.Refunds, Is.Empty);
    }

    [Test]
    public async Task PaymentSettings_AreEncryptedAtRest()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_app.DataDirectory, "donortrack.db")}");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT protected_secret_key || protected_webhook_secret FROM payment_settings";
        var stored = (string)read.ExecuteScalar()!;

        Assert.That(stored, Does.Not.Contain(FakeStripeServer.DefaultApiKey).And.Not.Contain(StripeWebhookSigner.DefaultSecret));
        Assert.That(_app.Get<PaymentKeyStore>().Load(_organization)!.SecretKey, Is.EqualTo(FakeStripeServer.DefaultApiKey));
        await Task.CompletedTask;
    }
}
