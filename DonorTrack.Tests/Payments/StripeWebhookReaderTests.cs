using System.Text.Json.Nodes;
using DonorTrack.Tests.Support.Stripe;

namespace DonorTrack.Tests.Payments;

public sealed class StripeWebhookReaderTests
{
    private const string Secret = StripeWebhookSigner.DefaultSecret;

    private static readonly Dictionary<string, string> DuesMetadata = new()
    {
        ["organization_id"] = "42",
        ["kind"] = "dues",
        ["plan_id"] = "11",
        ["interval"] = "year",
        ["donor_email"] = "amal@example.org",
    };

    private readonly StripeWebhookSigner _signer = new(Secret);
    private readonly StripeWebhookReader _reader = new(TimeProvider.System);

    private VerifiedStripeEvent Deliver(SignedWebhook webhook) => _reader.Read(webhook.Payload, webhook.SignatureHeader, Secret);

    [Test]
    public void Read_CheckoutSessionCompleted_TranslatesSessionCustomerAndMetadata()
    {
        var session = StripeFixtures.CompletedCheckoutSession("cs_test_1", "payment", 2603, "minh.khai@example.org",
            new Dictionary<string, string> { ["organization_id"] = "42", ["kind"] = "donation", ["campaign_id"] = "7", ["cover_fee_cents"] = "103" },
            name: "Nguyễn Thị Minh Khai", paymentIntentId: "pi_1");
        var webhook = _signer.Sign("checkout.session.completed", session);

        var verified = Deliver(webhook);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(verified.EventId, Is.EqualTo(webhook.EventId));
            Assert.That(verified.Type, Is.EqualTo("checkout.session.completed"));
            Assert.That(verified.ApiVersionCompatible, Is.True);
            var completed = (CheckoutCompleted)verified.Payload;
            Assert.That(completed with { Metadata = new PaymentMetadata() }, Is.EqualTo(new CheckoutCompleted(
                "cs_test_1", "payment", "paid", null, "minh.khai@example.org", "Nguyễn Thị Minh Khai", 2603, "usd", "pi_1", null, null,
                new PaymentMetadata())));
            Assert.That(completed.IsPaid, Is.True);
            Assert.That(completed.Metadata, Is.EqualTo(new PaymentMetadata { OrganizationId = 42, Kind = "donation", CampaignId = 7, CoverFeeCents = 103 }));
        }
    }

    [Test]
    public async Task Read_CheckoutCompletedForASessionTheGatewayCreated_ReturnsTheMetadataTheGatewayWrote()
    {
        await using var stripe = await FakeStripeServer.StartAsync();
        var created = await stripe.CreateGateway().CreateCheckoutSessionAsync(new CheckoutRequest
        {
            OrganizationId = 42,
            OrganizationName = "Frogtown Tenants Union",
            Purpose = PaymentPurpose.Dues,
            Interval = BillingInterval.Year,
            PlanId = 11,
            AmountCents = 6000,
            Currency = "usd",
            Donor = new DonorContact("amal@example.org", "أمل", "الأحمد"),
            SuccessUrl = "https://example.org/ok",
            CancelUrl = "https://example.org/cancel",
            IdempotencyKey = "checkout:form-9",
        });

        var completed = (CheckoutCompleted)Deliver(_signer.Sign("checkout.session.completed", stripe.PayCheckoutSession(created.Id, "أمل الأحمد"))).Payload;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(completed.Mode, Is.EqualTo("subscription"));
            Assert.That(completed.SubscriptionId, Does.StartWith("sub_"));
            Assert.That(completed.AmountTotalCents, Is.EqualTo(6000));
            Assert.That(completed.CustomerName, Is.EqualTo("أمل الأحمد"));
            Assert.That(completed.Metadata, Is.EqualTo(new PaymentMetadata
            {
                OrganizationId = 42, Kind = "dues", PlanId = 11, Interval = "year",
                DonorEmail = "amal@example.org", DonorFirstName = "أمل", DonorLastName = "الأحمد",
            }));
        }
    }

    [Test]
    public void Read_CheckoutCompletedAwaitingBankDebit_IsNotPaid()
    {
        var session = StripeFixtures.CompletedCheckoutSession("cs_test_2", "payment", 5000, "a@example.org", paymentStatus: "unpaid");

        var completed = (CheckoutCompleted)Deliver(_signer.Sign("checkout.session.completed", session)).Payload;

        Assert.That(completed.IsPaid, Is.False);
    }

    [Test]
    public void Read_InvoicePaidInBasilShape_TakesSubscriptionFromParentAndPaymentsFromTheList()
    {
        var invoice = StripeFixtures.SubscriptionInvoice("in_1", "sub_1", 6000, DuesMetadata, chargeId: "ch_1", paymentIntentId: "pi_1",
            customerEmail: "amal@example.org");

        var verified = Deliver(_signer.Sign("invoice.paid", invoice));

        var paid = (InvoicePaid)verified.Payload;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(paid.InvoiceId, Is.EqualTo("in_1"));
            Assert.That(paid.SubscriptionId, Is.EqualTo("sub_1"));
            Assert.That(paid.AmountPaidCents, Is.EqualTo(6000));
            Assert.That(paid.Currency, Is.EqualTo("usd"));
            Assert.That(paid.ChargeIds, Is.EqualTo(new[] { "ch_1" }));
            Assert.That(paid.PaymentIntentIds, Is.EqualTo(new[] { "pi_1" }));
            Assert.That(paid.CustomerEmail, Is.EqualTo("amal@example.org"));
            Assert.That(paid.CustomerId, Is.EqualTo("cus_QXg1o8vcGmoR32"));
            Assert.That(paid.BillingReason, Is.EqualTo("subscription_cycle"));
            Assert.That(paid.ServicePeriodEnd, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1721954054)));
            Assert.That(paid.Metadata, Is.EqualTo(PaymentMetadata.FromStripe(DuesMetadata)));
        }
    }

    [Test]
    public void Read_InvoicePaidFromAPreBasilEndpoint_FindsSubscriptionAndChargeAtTheOldTopLevelFields()
    {
        var invoice = StripeFixtures.SubscriptionInvoice("in_2", "sub_ignored", 6000);
        invoice.Remove("parent");
        invoice.Remove("payments");
        invoice["subscription"] = "sub_legacy";
        invoice["charge"] = "ch_legacy";
        invoice["payment_intent"] = "pi_legacy";

        var verified = Deliver(_signer.Sign("invoice.paid", invoice, apiVersion: "2024-06-20"));

        var paid = (InvoicePaid)verified.Payload;
        Assert.That(verified.ApiVersionCompatible, Is.False);
        Assert.That((paid.SubscriptionId, paid.ChargeIds.Single(), paid.PaymentIntentIds.Single()), Is.EqualTo(("sub_legacy", "ch_legacy", "pi_legacy")));
    }

    [Test]
    public void Read_InvoicePaymentFailedWithCardError_CarriesTheDeclineReason()
    {
        var invoice = StripeFixtures.SubscriptionInvoice("in_3", "sub_3", 2500, DuesMetadata, paymentIntentId: "pi_3", paid: false);
        invoice["attempt_count"] = 2;
        invoice["next_payment_attempt"] = 1781000000;
        invoice["last_finalization_error"] = new JsonObject
        {
            ["type"] = "card_error", ["code"] = "card_declined", ["decline_code"] = "insufficient_funds", ["message"] = "Your card has insufficient funds.",
        };

        var failed = (InvoicePaymentFailed)Deliver(_signer.Sign("invoice.payment_failed", invoice)).Payload;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(failed.SubscriptionId, Is.EqualTo("sub_3"));
            Assert.That(failed.AmountDueCents, Is.EqualTo(2500));
            Assert.That(failed.AttemptCount, Is.EqualTo(2));
            Assert.That(failed.NextPaymentAttempt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1781000000)));
            Assert.That(failed.DeclineReason, Is.EqualTo("Your card has insufficient funds."));
            Assert.That(failed.PaymentIntentIds, Is.EqualTo(new[] { "pi_3" }));
            Assert.That(failed.Metadata.PlanId, Is.EqualTo(11));
        }
    }

    [Test]
    public void Read_InvoicePaymentFailedWithoutCardError_LeavesDeclineReasonForTheGatewayToFetch()
    {
        var invoice = StripeFixtures.SubscriptionInvoice("in_4", "sub_4", 2500, paymentIntentId: "pi_4", paid: false);
        invoice["last_finalization_error"] = new JsonObject { ["type"] = "idempotency_error" };

        var failed = (InvoicePaymentFailed)Deliver(_signer.Sign("invoice.payment_failed", invoice)).Payload;

        Assert.That(failed.DeclineReason, Is.Null);
        Assert.That(failed.PaymentIntentIds, Is.EqualTo(new[] { "pi_4" }));
    }

    [Test]
    public void Read_CustomerSubscriptionDeleted_TranslatesTheEnd()
    {
        var subscription = StripeFixtures.Subscription("sub_5", "canceled", DuesMetadata, cancellationReason: "payment_failed");
        subscription["ended_at"] = 1781000000;

        var ended = (SubscriptionEnded)Deliver(_signer.Sign("customer.subscription.deleted", subscription)).Payload;

        Assert.That(ended, Is.EqualTo(new SubscriptionEnded("sub_5", "cus_QXg1o8vcGmoR32", "canceled",
            DateTimeOffset.FromUnixTimeSeconds(1781000000), "payment_failed", PaymentMetadata.FromStripe(DuesMetadata))));
    }

    [TestCase(5000, 5000, true)]
    [TestCase(5000, 1500, false)]
    [TestCase(5000, 4999, false)]
    public void Read_ChargeRefunded_ReportsTheCumulativeRefundAndWhetherItIsFull(long amount, long refunded, bool full)
    {
        var charge = StripeFixtures.Charge("ch_6", amount, refunded, "pi_6", new Dictionary<string, string> { ["organization_id"] = "42" });

        var refund = (ChargeRefunded)Deliver(_signer.Sign("charge.refunded", charge)).Payload;

        Assert.That(refund, Is.EqualTo(new ChargeRefunded("ch_6", "pi_6", amount, refunded, "usd", full, new PaymentMetadata { OrganizationId = 42 })));
    }

    [Test]
    public void Read_ChargeDisputeCreated_TranslatesTheDispute()
    {
        var dispute = StripeFixtures.Dispute("dp_7", "ch_7", 5000, "fraudulent", "pi_7");

        var created = (DisputeCreated)Deliver(_signer.Sign("charge.dispute.created", dispute)).Payload;

        Assert.That(created, Is.EqualTo(new DisputeCreated("dp_7", "ch_7", "pi_7", 5000, "usd", "fraudulent", "needs_response")));
    }

    [Test]
    public void Read_TypeDonorTrackDoesNotHandle_IsIgnoredNotRejected()
    {
        var verified = Deliver(_signer.Sign("customer.created", StripeFixtures.Resource("customer")));

        Assert.That(verified.Payload, Is.EqualTo(new IgnoredStripeEvent("customer.created")));
    }

    [TestCase(WebhookForgery.TamperedBody, WebhookRejection.BadSignature)]
    [TestCase(WebhookForgery.WrongSecret, WebhookRejection.BadSignature)]
    [TestCase(WebhookForgery.OldTimestamp, WebhookRejection.StaleTimestamp)]
    public void Read_SpoiledDelivery_IsRejectedWithTheReason(WebhookForgery forgery, WebhookRejection reason)
    {
        var webhook = _signer.Sign("charge.refunded", StripeFixtures.Charge("ch_8", 5000, 5000), forgery);

        var rejection = Assert.Throws<StripeWebhookRejectedException>(() => Deliver(webhook))!;

        Assert.That(rejection.Reason, Is.EqualTo(reason));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("v1=abc")]
    public void Read_NoUsableSignatureHeader_IsRejectedAsMissing(string? header)
    {
        var webhook = _signer.Sign("charge.refunded", StripeFixtures.Charge("ch_9", 5000, 5000));

        var rejection = Assert.Throws<StripeWebhookRejectedException>(() => _reader.Read(webhook.Payload, header, Secret))!;

        Assert.That(rejection.Reason, Is.EqualTo(WebhookRejection.MissingSignature));
    }

    [TestCase("{\"n\":\"x\"}")]
    [TestCase("{\"id\":\"evt_1\"}")]
    [TestCase("{\"type\":\"charge.refunded\"}")]
    public void Read_CorrectlySignedJsonWithoutAnEventIdOrType_IsRejectedAsMalformed(string payload)
    {
        var rejection = Assert.Throws<StripeWebhookRejectedException>(
            () => _reader.Read(payload, StripeWebhookSigner.Header(payload, DateTimeOffset.UtcNow, Secret), Secret))!;

        Assert.That(rejection.Reason, Is.EqualTo(WebhookRejection.MalformedPayload));
    }

    [Test]
    public void Read_CorrectlySignedGarbage_IsRejectedAsMalformed()
    {
        const string payload = "{\"not\": \"an event\"";

        var rejection = Assert.Throws<StripeWebhookRejectedException>(
            () => _reader.Read(payload, StripeWebhookSigner.Header(payload, DateTimeOffset.UtcNow, Secret), Secret))!;

        Assert.That(rejection.Reason, Is.EqualTo(WebhookRejection.MalformedPayload));
    }

    [Test]
    public void Read_SignedFourMinutesAgo_IsStillAccepted()
    {
        var payload = _signer.EventJson("charge.refunded", StripeFixtures.Charge("ch_10", 5000, 5000));

        var verified = _reader.Read(payload, StripeWebhookSigner.Header(payload, DateTimeOffset.UtcNow.AddMinutes(-4), Secret), Secret);

        Assert.That(verified.Payload, Is.TypeOf<ChargeRefunded>());
    }
}
