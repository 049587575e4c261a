using DonorTrack.Core.Email;
using DonorTrack.Core.SelfService;
using DonorTrack.Tests.Support.Stripe;

namespace DonorTrack.Tests.SelfService;

/// <summary>
/// Issue 16 item 2: a reminder 14 days before an annual card renewal names the card Stripe will charge (brand, last four,
/// expiry, read from the fake Stripe server's subscription), and says so with the card-update link when the card expires
/// first. Real SQLite file, Stripe.net against the fake server on loopback.
/// </summary>
public sealed class AnnualDuesCardRemindersTests
{
    private FakeStripeServer _stripe = null!;
    private TestDatabase _db = null!;
    private Actor _treasurer = null!;
    private AnnualDuesCardReminders _reminders = null!;
    private string _slug = "";

    [SetUp]
    public async Task SetUp()
    {
        _stripe = await FakeStripeServer.StartAsync();
        _db = new TestDatabase();
        _treasurer = _db.NewOrganization();
        _slug = _db.Get<OrganizationService>().Find(_treasurer.OrganizationId)!.Slug;
        DonorPageTestData.UseMail(_db.Connections, _db.Get<MailSettingsRepository>(), _treasurer.OrganizationId, _db.Clock.GetUtcNow());
        _reminders = _db.Get<AnnualDuesCardReminders>();
    }

    [TearDown]
    public async Task TearDown()
    {
        _db.Dispose();
        await _stripe.DisposeAsync();
    }

    /// <summary>A member paying a plan by a Stripe subscription, as the first paid invoice enrols them; returns the renewal date.</summary>
    private DateOnly CardMember(string subscriptionId, DuesInterval interval = DuesInterval.Year, string email = "mai@example.org")
    {
        var donor = _db.Seed.Donor(_treasurer, "Mai", "Vue", email: email);
        var plan = _db.Get<MembershipService>().CreatePlan(_treasurer, new MembershipPlanInput
        {
            Name = $"Plan {subscriptionId}", MemberKind = MemberKind.Individual, Interval = interval, PricingKind = DuesPricingKind.Fixed, AmountCents = 6000, GraceDays = 30,
        });
        using (var session = _db.Connections.BeginTransaction())
        {
            _db.Get<SubscriptionCommitments>().Ensure(session, Actor.System(_treasurer.OrganizationId, "Stripe"), subscriptionId, donor,
                new PaymentMetadata { Kind = "dues", PlanId = plan }, 6000, new DateOnly(2026, 6, 15));
            session.Commit();
        }
        _stripe.AddSubscription(subscriptionId, new PaymentMetadata { Kind = "dues", PlanId = plan }.ToStripe());
        using var db = _db.Connections.Read();
        var paidThrough = db.Connection.QuerySingle<string>("SELECT paid_through FROM memberships WHERE stripe_subscription_id = @subscriptionId", new { subscriptionId });
        return DateOnly.Parse(paidThrough, System.Globalization.CultureInfo.InvariantCulture).AddDays(1);
    }

    /// <summary>Sets the clock to noon UTC of a day (the organization's day too, whatever its zone's offset within a few hours).</summary>
    private void Today(DateOnly day) => _db.Clock.Now = new DateTimeOffset(day.ToDateTime(new TimeOnly(17, 0)), TimeSpan.Zero);

    private Task<CardRenewalReminderRun> Run() => _reminders.QueueAsync(_treasurer, _stripe.CreateGateway());

    private IReadOnlyList<(string? To, string Status, string Subject, string Body)> Reminders() =>
        DonorPageTestData.Outbox(_db.Connections, _treasurer.OrganizationId, EmailKind.DuesDueSoon);

    [Test]
    public async Task FourteenDaysBeforeTheRenewal_TheReminderNamesTheCard_AndARepeatedRunWritesNoSecond()
    {
        var renewsOn = CardMember("sub_year_1");
        _stripe.SetSubscriptionCard("sub_year_1", "visa", "4242", 8, renewsOn.Year + 3);

        Today(renewsOn.AddDays(-15));
        var early = await Run();
        Today(renewsOn.AddDays(-AnnualDuesCardReminders.DaysAhead));
        var due = await Run();
        var again = await Run();

        Assert.That(early.Written, Is.Empty, "15 days ahead is too early");
        Assert.That(due.Written, Has.Count.EqualTo(1));
        Assert.That(again.Written, Is.Empty, "one reminder per renewal");
        var message = Reminders().Single();
        Assert.That(message.To, Is.EqualTo("mai@example.org"));
        Assert.That(message.Body, Does.Contain($"We will charge your Visa ending in 4242 (expires 08/{renewsOn.Year + 3})."));
        Assert.That(message.Body, Does.Contain("$60.00").And.Not.Contain("{{"));
    }

    [Test]
    public async Task CardExpiringBeforeTheRenewal_TheReminderSaysSo_AndLinksToTheCardUpdate()
    {
        var renewsOn = CardMember("sub_year_2");
        var lastMonth = renewsOn.AddMonths(-1);
        _stripe.SetSubscriptionCard("sub_year_2", "mastercard", "4444", lastMonth.Month, lastMonth.Year);
        Today(renewsOn.AddDays(-AnnualDuesCardReminders.DaysAhead));

        await Run();

        var body = Reminders().Single().Body;
        Assert.That(body, Does.Contain($"Your Mastercard ending in 4444 expires {lastMonth.Month:00}/{lastMonth.Year}, before the renewal: please update your card on your donor page, "));
        Assert.That(body, Does.Contain($"/my/{_slug}"));
        Assert.That(body, Does.Not.Contain("We will charge"));
    }

    [Test]
    public async Task MonthlyCardPlans_AndUnreachableSubscriptions_GetNoReminder_TheUnreachableOneIsTriedNextRun()
    {
        var monthly = CardMember("sub_month_1", DuesInterval.Month, "monthly@example.org");
        var yearly = CardMember("sub_year_3", email: "yearly@example.org");
        // Stripe does not know this subscription (deleted there): the run reports it and writes nothing for it.
        using (var db = _db.Connections.BeginTransaction())
        {
            db.Connection.Execute("UPDATE memberships SET stripe_subscription_id = 'sub_unknown' WHERE stripe_subscription_id = 'sub_year_3'", transaction: db.Transaction);
            db.Commit();
        }
        Today(yearly.AddDays(-AnnualDuesCardReminders.DaysAhead));

        var run = await Run();

        Assert.That(monthly, Is.Not.EqualTo(default(DateOnly)));
        Assert.That(run.Written, Is.Empty);
        Assert.That(run.StripeUnreachable, Has.Count.EqualTo(1));
        Assert.That(Reminders(), Is.Empty);
    }

    [TestCase(2027, 6, "2027-06-30", false)]
    [TestCase(2027, 6, "2027-07-01", true)]
    [TestCase(2027, 12, "2028-01-01", true)]
    public void CardNotice_CountsTheCardValidThroughTheEndOfItsExpiryMonth(int year, int month, string renewsOn, bool expiresFirst)
    {
        var notice = AnnualDuesCardReminders.CardNotice(new SubscriptionCard("visa", "1111", month, year), DateOnly.Parse(renewsOn, System.Globalization.CultureInfo.InvariantCulture), EmailLanguage.En, "https://example.org/my/frogtown");

        Assert.That(notice.Contains("before the renewal", StringComparison.Ordinal), Is.EqualTo(expiresFirst), notice);
        Assert.That(notice, Does.StartWith(" ").And.Contain("Visa ending in 1111"));
    }

    [Test]
    public void CardNotice_InSpanish_AndWithoutACard()
    {
        var notice = AnnualDuesCardReminders.CardNotice(new SubscriptionCard("amex", "0005", 1, 2030), new DateOnly(2027, 3, 1), EmailLanguage.Es, "https://example.org/my/frogtown");

        Assert.That(notice, Is.EqualTo(" Lo cargaremos a su tarjeta American Express terminada en 0005 (vence 01/2030)."));
        Assert.That(AnnualDuesCardReminders.CardNotice(null, new DateOnly(2027, 3, 1), EmailLanguage.En, "x"), Is.Empty);
    }
}
