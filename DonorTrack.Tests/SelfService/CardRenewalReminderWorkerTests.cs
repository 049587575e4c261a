using DonorTrack.Core.Email;
using DonorTrack.Tests.Support.Stripe;
using DonorTrack.Web.Payments;

namespace DonorTrack.Tests.SelfService;

/// <summary>Issue 16 item 2 in the running app: the hourly worker writes the card renewal reminder of an organization with Stripe keys and mail settings, once.</summary>
public sealed class CardRenewalReminderWorkerTests
{
    private FakeStripeServer _stripe = null!;
    private DonorTrackAppFactory _app = null!;

    [SetUp]
    public async Task SetUp()
    {
        _stripe = await FakeStripeServer.StartAsync();
        _app = new DonorTrackAppFactory { StripeApiBase = _stripe.ApiBase };
    }

    [TearDown]
    public async Task TearDown()
    {
        _app.Dispose();
        await _stripe.DisposeAsync();
    }

    [Test]
    public async Task AnOrganizationWithKeysAndMail_GetsItsReminder_AnotherWithoutMailSettingsIsLeftAlone()
    {
        var organization = _app.SetUpFirstOrganization();
        var withoutMail = _app.CreateOrganization("Eastside Renters");
        foreach (var id in new[] { organization, withoutMail })
            _app.Get<PaymentKeyStore>().Save(Actor.System(id), new PaymentKeysInput("pk_test_fake_donortrack", FakeStripeServer.DefaultApiKey, StripeWebhookSigner.DefaultSecret));
        DonorPageTestData.UseMail(_app.Get<IDbConnectionFactory>(), _app.Get<MailSettingsRepository>(), organization, _app.Clock.GetUtcNow());
        var renewsOn = CardMember(organization, "sub_worker_1");
        CardMember(withoutMail, "sub_worker_2");
        _stripe.SetSubscriptionCard("sub_worker_1", "visa", "4242", 8, renewsOn.Year + 2);
        _stripe.SetSubscriptionCard("sub_worker_2", "visa", "1881", 8, renewsOn.Year + 2);
        _app.Clock.Now = new DateTimeOffset(renewsOn.AddDays(-14).ToDateTime(new TimeOnly(17, 0)), TimeSpan.Zero);

        var first = await _app.Get<CardRenewalReminderWorker>().RunOnceAsync();
        var second = await _app.Get<CardRenewalReminderWorker>().RunOnceAsync();

        Assert.That((first, second), Is.EqualTo((1, 0)));
        Assert.That(DonorPageTestData.Outbox(_app.Get<IDbConnectionFactory>(), organization, EmailKind.DuesDueSoon).Single().Body, Does.Contain("Visa ending in 4242"));
        Assert.That(DonorPageTestData.Outbox(_app.Get<IDbConnectionFactory>(), withoutMail, EmailKind.DuesDueSoon), Is.Empty);
    }

    private DateOnly CardMember(long organization, string subscriptionId)
    {
        var actor = Actor.System(organization);
        var donor = _app.Seed.Donor(actor, "Mai", "Vue", email: $"{subscriptionId}@example.org");
        var plan = _app.Get<MembershipService>().CreatePlan(actor, new MembershipPlanInput
        {
            Name = "Yearly", MemberKind = MemberKind.Individual, Interval = DuesInterval.Year, PricingKind = DuesPricingKind.Fixed, AmountCents = 6000, GraceDays = 30,
        });
        var metadata = new PaymentMetadata { Kind = "dues", PlanId = plan };
        using (var session = _app.Get<IDbConnectionFactory>().BeginTransaction())
        {
            _app.Get<SubscriptionCommitments>().Ensure(session, actor, subscriptionId, donor, metadata, 6000, new DateOnly(2026, 6, 15));
            session.Commit();
        }
        _stripe.AddSubscription(subscriptionId, metadata.ToStripe());
        using var db = _app.Get<IDbConnectionFactory>().Read();
        var paidThrough = db.Connection.QuerySingle<string>("SELECT paid_through FROM memberships WHERE stripe_subscription_id = @subscriptionId", new { subscriptionId });
        return DateOnly.Parse(paidThrough, System.Globalization.CultureInfo.InvariantCulture).AddDays(1);
    }
}
