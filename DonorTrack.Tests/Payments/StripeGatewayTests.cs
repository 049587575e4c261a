using DonorTrack.Tests.Support.Stripe;
using Stripe;

namespace DonorTrack.Tests.Payments;

public sealed class StripeGatewayTests
{
    private FakeStripeServer _stripe = null!;
    private StripeGateway _gateway = null!;

    [SetUp]
    public async Task SetUp()
    {
        _stripe = await FakeStripeServer.StartAsync();
        _gateway = _stripe.CreateGateway();
    }

    [TearDown]
    public async Task TearDown() => await _stripe.DisposeAsync();

    private static CheckoutRequest Donation(long amountCents = 2500, long coverFeeCents = 0) => new()
    {
        OrganizationId = 42,
        OrganizationName = "Frogtown Tenants Union",
        Purpose = PaymentPurpose.Donation,
        AmountCents = amountCents,
        CoverFeeCents = coverFeeCents,
        Currency = "USD",
        Donor = new DonorContact("minh.khai@example.org", "Nguyễn Thị", "Minh Khai"),
        CampaignId = 7,
        FundId = 3,
        SuccessUrl = "https://give.example.org/give/frogtown/thanks?session_id={CHECKOUT_SESSION_ID}",
        CancelUrl = "https://give.example.org/give/frogtown",
        IdempotencyKey = "checkout:form-123",
    };

    [Test]
    public async Task CreateCheckoutSession_OneTimeDonationWithFeeCover_SendsPaymentModeWithDonationAndFeeLinesAndMetadata()
    {
        var created = await _gateway.CreateCheckoutSessionAsync(Donation(2500, coverFeeCents: 103));

        var sent = _stripe.Requests.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent.Method + " " + sent.Path, Is.EqualTo("POST /v1/checkout/sessions"));
            Assert.That(sent["mode"], Is.EqualTo("payment"));
            Assert.That(sent["submit_type"], Is.EqualTo("donate"));
            Assert.That(sent.LineItemCount, Is.EqualTo(2));
            Assert.That(sent["line_items[0][price_data][unit_amount]"], Is.EqualTo("2500"));
            Assert.That(sent["line_items[0][price_data][currency]"], Is.EqualTo("usd"));
            Assert.That(sent["line_items[0][price_data][product_data][name]"], Is.EqualTo("Donation to Frogtown Tenants Union"));
            Assert.That(sent["line_items[0][quantity]"], Is.EqualTo("1"));
            Assert.That(sent["line_items[0][price_data][recurring][interval]"], Is.Null);
            Assert.That(sent["line_items[1][price_data][unit_amount]"], Is.EqualTo("103"));
            Assert.That(sent["line_items[1][price_data][product_data][name]"], Is.EqualTo("Covering the processing fee"));
            Assert.That(sent["line_items[1][price_data][recurring][interval]"], Is.Null);
            Assert.That(sent["customer_email"], Is.EqualTo("minh.khai@example.org"));
            Assert.That(sent["success_url"], Is.EqualTo("https://give.example.org/give/frogtown/thanks?session_id={CHECKOUT_SESSION_ID}"));
            Assert.That(sent["cancel_url"], Is.EqualTo("https://give.example.org/give/frogtown"));
            Assert.That(sent.IdempotencyKey, Is.EqualTo("checkout:form-123"));
            Assert.That(sent.StripeVersion, Is.EqualTo(StripeConfiguration.ApiVersion));
            Assert.That(sent.Hash("metadata"), Is.EquivalentTo(new Dictionary<string, string>
            {
                ["organization_id"] = "42",
                ["kind"] = "donation",
                ["donor_email"] = "minh.khai@example.org",
                ["donor_first_name"] = "Nguyễn Thị",
                ["donor_last_name"] = "Minh Khai",
                ["campaign_id"] = "7",
                ["fund_id"] = "3",
                ["cover_fee_cents"] = "103",
            }));
            Assert.That(sent.Hash("payment_intent_data[metadata]"), Is.EquivalentTo(sent.Hash("metadata")));
            Assert.That(created.Id, Does.StartWith("cs_test_"));
            Assert.That(created.Url, Is.EqualTo($"https://checkout.stripe.com/c/pay/{created.Id}"));
        }
    }

    [TestCase(PaymentPurpose.RecurringDonation, BillingInterval.Month, "month", "1", "recurring_donation", "Monthly donation to Frogtown Tenants Union")]
    [TestCase(PaymentPurpose.RecurringDonation, BillingInterval.Quarter, "month", "3", "recurring_donation", "Quarterly donation to Frogtown Tenants Union")]
    [TestCase(PaymentPurpose.RecurringDonation, BillingInterval.Year, "year", "1", "recurring_donation", "Yearly donation to Frogtown Tenants Union")]
    [TestCase(PaymentPurpose.Dues, BillingInterval.Year, "year", "1", "dues", "Sustaining member dues to Frogtown Tenants Union")]
    [TestCase(PaymentPurpose.Dues, BillingInterval.Quarter, "month", "3", "dues", "Sustaining member dues to Frogtown Tenants Union")]
    public async Task CreateCheckoutSession_Recurring_SendsSubscriptionModeWithRecurringLinesAndKind(
        PaymentPurpose purpose, BillingInterval interval, string stripeInterval, string intervalCount, string kind, string lineName)
    {
        var request = Donation(1500, coverFeeCents: 75) with
        {
            Purpose = purpose,
            Interval = interval,
            PlanId = purpose == PaymentPurpose.Dues ? 11 : null,
            PlanName = purpose == PaymentPurpose.Dues ? "Sustaining member" : null,
        };

        await _gateway.CreateCheckoutSessionAsync(request);

        var sent = _stripe.Requests.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent["mode"], Is.EqualTo("subscription"));
            Assert.That(sent["submit_type"], Is.Null);
            Assert.That(sent["line_items[0][price_data][unit_amount]"], Is.EqualTo("1500"));
            Assert.That(sent["line_items[0][price_data][product_data][name]"], Is.EqualTo(lineName));
            // Both lines must recur on the same schedule or Stripe refuses the session.
            foreach (var line in new[] { 0, 1 })
            {
                Assert.That(sent[$"line_items[{line}][price_data][recurring][interval]"], Is.EqualTo(stripeInterval));
                Assert.That(sent[$"line_items[{line}][price_data][recurring][interval_count]"], Is.EqualTo(intervalCount));
            }

            Assert.That(sent["line_items[1][price_data][unit_amount]"], Is.EqualTo("75"));
            Assert.That(sent.Hash("metadata")["kind"], Is.EqualTo(kind));
            Assert.That(sent.Hash("metadata").GetValueOrDefault("plan_id"), Is.EqualTo(purpose == PaymentPurpose.Dues ? "11" : null));
            Assert.That(sent.Hash("subscription_data[metadata]"), Is.EquivalentTo(sent.Hash("metadata")));
            Assert.That(sent.Hash("payment_intent_data[metadata]"), Is.Empty);
        }
    }

    [Test]
    public async Task CreateCheckoutSession_SameIdempotencyKeyTwice_OpensOneSession()
    {
        var first = await _gateway.CreateCheckoutSessionAsync(Donation());
        var second = await _gateway.CreateCheckoutSessionAsync(Donation());

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void CreateCheckoutSession_DuesWithoutPlan_ThrowsWithoutCallingStripe()
    {
        var request = Donation() with { Purpose = PaymentPurpose.Dues, Interval = BillingInterval.Year };

        Assert.ThrowsAsync<ArgumentException>(() => _gateway.CreateCheckoutSessionAsync(request));
        Assert.That(_stripe.Requests, Is.Empty);
    }

    [Test]
    public async Task Refund_WithoutAmount_RefundsTheWholeCharge()
    {
        var charge = _stripe.AddCharge(5000);

        var refund = await _gateway.RefundAsync(new RefundRequest(charge.Id, null, "refund:gift-1:0:all"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refund.AmountCents, Is.EqualTo(5000));
            Assert.That(refund.ChargeId, Is.EqualTo(charge.Id));
            Assert.That(refund.PaymentIntentId, Is.EqualTo(charge.PaymentIntentId));
            Assert.That(refund.Status, Is.EqualTo("succeeded"));
            Assert.That(_stripe.RefundedCents(charge.Id), Is.EqualTo(5000));
            Assert.That(_stripe.Requests.Single()["amount"], Is.Null);
        }
    }

    [Test]
    public async Task Refund_PartialThenRest_RefundsEachPartAndThenRefusesAThird()
    {
        var charge = _stripe.AddCharge(5000);

        var partial = await _gateway.RefundAsync(new RefundRequest(charge.Id, 1500, "refund:gift-1:0:1500", "requested_by_customer"));
        var rest = await _gateway.RefundAsync(new RefundRequest(charge.Id, null, "refund:gift-1:1500:all"));
        var third = Assert.ThrowsAsync<PaymentGatewayException>(() => _gateway.RefundAsync(new RefundRequest(charge.Id, null, "refund:gift-1:5000:all")))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(partial.AmountCents, Is.EqualTo(1500));
            Assert.That(rest.AmountCents, Is.EqualTo(3500));
            Assert.That(_stripe.RefundedCents(charge.Id), Is.EqualTo(5000));
            Assert.That(third.StripeCode, Is.EqualTo("charge_already_refunded"));
            Assert.That(_stripe.Requests[0]["reason"], Is.EqualTo("requested_by_customer"));
        }
    }

    [Test]
    public async Task Refund_SameIdempotencyKeyTwice_RefundsOnceAndReturnsTheSameRefund()
    {
        var charge = _stripe.AddCharge(5000);
        var click = new RefundRequest(charge.Id, 2000, "refund:gift-9:0:2000");

        var first = await _gateway.RefundAsync(click);
        var second = await _gateway.RefundAsync(click);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(_stripe.Refunds, Has.Count.EqualTo(1));
            Assert.That(_stripe.RefundedCents(charge.Id), Is.EqualTo(2000));
            Assert.That(_stripe.Requests.Select(request => request.IdempotencyKey), Is.All.EqualTo("refund:gift-9:0:2000"));
        }
    }

    [Test]
    public async Task Refund_SameIdempotencyKeyConcurrently_RefundsOnce()
    {
        var charge = _stripe.AddCharge(5000);
        var click = new RefundRequest(charge.Id, null, "refund:gift-10:0:all");

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _gateway.RefundAsync(click)));

        Assert.That(results.Select(result => result.RefundId).Distinct().Count(), Is.EqualTo(1));
        Assert.That(_stripe.Refunds, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Refund_SameIdempotencyKeyWithAnotherAmount_IsRefusedAndRefundsNothingMore()
    {
        var charge = _stripe.AddCharge(5000);
        await _gateway.RefundAsync(new RefundRequest(charge.Id, 1000, "refund:gift-11"));

        var failure = Assert.ThrowsAsync<PaymentGatewayException>(() => _gateway.RefundAsync(new RefundRequest(charge.Id, 2000, "refund:gift-11")))!;

        Assert.That(failure.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(_stripe.RefundedCents(charge.Id), Is.EqualTo(1000));
    }

    [Test]
    public void Refund_MoreThanRemains_ThrowsWithStripesMessage()
    {
        var charge = _stripe.AddCharge(5000);

        var failure = Assert.ThrowsAsync<PaymentGatewayException>(() => _gateway.RefundAsync(new RefundRequest(charge.Id, 6000, "refund:gift-2:0:6000")))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(failure.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(failure.StripeCode, Is.EqualTo("amount_too_large"));
            Assert.That(failure.Message, Does.Contain("greater than unrefunded amount"));
            Assert.That(_stripe.RefundedCents(charge.Id), Is.Zero);
        }
    }

    [Test]
    public async Task Refund_ByPaymentIntentId_SendsPaymentIntentNotCharge()
    {
        var charge = _stripe.AddCharge(5000);

        var refund = await _gateway.RefundAsync(new RefundRequest(charge.PaymentIntentId, 500, "refund:gift-3:0:500"));

        var sent = _stripe.Requests.Single();
        Assert.That((sent["payment_intent"], sent["charge"], sent["amount"]), Is.EqualTo((charge.PaymentIntentId, (string?)null, "500")));
        Assert.That(refund.ChargeId, Is.EqualTo(charge.Id));
    }

    [Test]
    public async Task GetChargeFees_ReadsFeeAndNetFromTheExpandedBalanceTransaction()
    {
        var charge = _stripe.AddCharge(5000, feeCents: 175);

        var fees = await _gateway.GetChargeFeesAsync(charge.Id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fees, Is.EqualTo(new ChargeFees(charge.Id, 5000, 175, 4825, "usd", charge.AvailableOn)));
            Assert.That(_stripe.Requests.Single().Parameters.Values, Does.Contain("balance_transaction"));
        }
    }

    [Test]
    public async Task CancelSubscription_Active_ReturnsItCanceled()
    {
        _stripe.AddSubscription("sub_member_1");

        var cancelled = await _gateway.CancelSubscriptionAsync("sub_member_1");

        Assert.That((cancelled.SubscriptionId, cancelled.Status), Is.EqualTo(("sub_member_1", "canceled")));
        Assert.That(cancelled.CanceledAt, Is.Not.Null);
        Assert.That(_stripe.Requests.Single().Method, Is.EqualTo("DELETE"));
    }

    [Test]
    public void CancelSubscription_Unknown_ThrowsResourceMissing()
    {
        var failure = Assert.ThrowsAsync<PaymentGatewayException>(() => _gateway.CancelSubscriptionAsync("sub_nobody"))!;

        Assert.That((failure.StatusCode, failure.StripeCode), Is.EqualTo(((HttpStatusCode?)HttpStatusCode.NotFound, "resource_missing")));
    }

    [Test]
    public async Task GetPaymentFailure_DeclinedIntent_ReturnsDeclineCodeAndMessage()
    {
        _stripe.AddDeclinedPaymentIntent("pi_declined", "insufficient_funds", "Your card has insufficient funds.");

        var failure = await _gateway.GetPaymentFailureAsync("pi_declined");

        Assert.That(failure, Is.EqualTo(new PaymentFailure("insufficient_funds", "Your card has insufficient funds.")));
    }

    [Test]
    public async Task TestKeys_KeyStripeAccepts_Succeeds()
    {
        var check = await _gateway.TestKeysAsync();

        Assert.That(check, Is.EqualTo(new StripeKeyCheck(true, false, null)));
        Assert.That(_stripe.Requests.Single().Path, Is.EqualTo("/v1/balance"));
    }

    [Test]
    public async Task TestKeys_KeyStripeRejects_FailsWithStripesMessage()
    {
        var check = await _stripe.CreateGateway("sk_test_someone_elses_key_1234").TestKeysAsync();

        Assert.That(check.Succeeded, Is.False);
        Assert.That(check.Error, Does.StartWith("Invalid API Key provided"));
    }

    [TestCase("sk_test_abc", "pk_test_abc", null)]
    [TestCase("rk_live_abc", "pk_live_abc", null)]
    [TestCase("sk_test_abc", "pk_live_abc", "One key is a test key and the other a live key.")]
    [TestCase("pk_test_abc", "pk_test_abc", "The secret key should start with sk_ (or rk_ for a restricted key).")]
    [TestCase("sk_test_abc", "whsec_abc", "The publishable key should start with pk_.")]
    public void DescribeKeyMismatch_KeyPairs_ExplainsWhatIsWrong(string secretKey, string publishableKey, string? expected) =>
        Assert.That(StripeGateway.DescribeKeyMismatch(secretKey, publishableKey), Is.EqualTo(expected));
}
