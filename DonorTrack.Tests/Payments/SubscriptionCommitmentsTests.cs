namespace DonorTrack.Tests.Payments;

/// <summary>Stripe subscriptions become pledges and memberships through the Dues services: validated, audited, scoped by organization.</summary>
public sealed class SubscriptionCommitmentsTests
{
    private TestDatabase _db = null!;
    private Actor _stripe = null!;
    private long _donor;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        var admin = _db.NewOrganization();
        _stripe = Actor.System(admin.OrganizationId, "Stripe");
        _donor = _db.Get<DonorService>().Create(admin, new DonorInput { Kind = DonorKinds.Individual, FirstName = "Mai", LastName = "Vue" });
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    private SubscriptionCommitment? Ensure(string subscriptionId, PaymentMetadata metadata, long amountCents)
    {
        using var session = _db.Connections.BeginTransaction();
        var commitment = _db.Get<SubscriptionCommitments>().Ensure(session, _stripe, subscriptionId, _donor, metadata, amountCents, new DateOnly(2026, 6, 15));
        session.Commit();
        return commitment;
    }

    private IReadOnlyList<AuditEntry> Audit(string entityType, long id)
    {
        using var session = _db.Connections.Read();
        return _db.Get<AuditLog>().List(session, _stripe.OrganizationId, entityType, id, new PageRequest(1, 100)).Items;
    }

    [Test]
    public void Ensure_NewRecurringSubscription_CreatesTheLinkedPledgeWithItsCreationAuditEntry()
    {
        var commitment = Ensure("sub_audit_1", new PaymentMetadata { Kind = "recurring_donation", Interval = "month" }, 1500);

        Assert.That(commitment?.Kind, Is.EqualTo(SubscriptionCommitment.RecurringDonation));
        var pledge = _db.Get<RecurringDonationService>().Find(_stripe, commitment!.Id)!.Row;
        Assert.That((pledge.AmountCents, pledge.StripeSubscriptionId), Is.EqualTo((1500L, "sub_audit_1")));
        var created = Audit("recurring_donation", pledge.Id).Single(e => e.Action == "create");
        Assert.That(created.AfterJson, Does.Contain("sub_audit_1"));
        Assert.That(Ensure("sub_audit_1", new PaymentMetadata { Kind = "recurring_donation" }, 1500), Is.EqualTo(commitment));
    }

    [Test]
    public void Ensure_PledgeTheValidatorRefuses_LeavesThePaymentUnlinkedAndWritesNothing()
    {
        // Above the pledge validator's $10,000,000 ceiling: the raw insert used to store it anyway.
        var commitment = Ensure("sub_huge_1", new PaymentMetadata { Kind = "recurring_donation" }, DuesLimits.MaxAmountCents + 1);

        Assert.That(commitment, Is.Null);
        Assert.That(_db.Get<RecurringDonationService>().List(_stripe), Is.Empty);
    }

    [Test]
    public void End_MembershipPaidBySubscription_StopsAutoRenewOnceWithAnAuditEntry()
    {
        var plan = _db.Get<MembershipService>().CreatePlan(_stripe, new MembershipPlanInput
        {
            Name = "Yearly", MemberKind = MemberKind.Individual, Interval = DuesInterval.Year, PricingKind = DuesPricingKind.Fixed, AmountCents = 6000, GraceDays = 30,
        });
        var membership = Ensure("sub_member_1", new PaymentMetadata { Kind = "dues", PlanId = plan }, 6000)!;

        string first, second;
        using (var session = _db.Connections.BeginTransaction())
        {
            first = _db.Get<SubscriptionCommitments>().End(session, _stripe, "sub_member_1", new DateOnly(2026, 7, 1));
            second = _db.Get<SubscriptionCommitments>().End(session, _stripe, "sub_member_1", new DateOnly(2026, 7, 1));
            session.Commit();
        }

        Assert.That(membership.Kind, Is.EqualTo(SubscriptionCommitment.Membership));
        Assert.That(first, Does.Contain("no longer renews automatically"));
        Assert.That(second, Does.Contain("already"));
        Assert.That(_db.Get<MembershipService>().Find(_stripe, membership.Id)!.Row.AutoRenew, Is.False);
        Assert.That(Audit("membership", membership.Id).Select(e => e.Action), Is.SupersetOf(new[] { "enrol", "stripe_subscription", "auto_renew_off" }));
    }
}

/// <summary>Processed Stripe events are keyed by organization and event id.</summary>
public sealed class PaymentEventRepositoryTests
{
    [Test]
    public void Claim_SameEventIdInTwoOrganizations_IsClaimedOnceInEach()
    {
        using var db = new TestDatabase();
        var first = db.NewOrganization("First").OrganizationId;
        var second = db.NewOrganization("Second").OrganizationId;
        var events = db.Get<PaymentEventRepository>();
        using var session = db.Connections.BeginTransaction();

        var claims = new[]
        {
            events.Claim(session, first, "evt_shared", "checkout.session.completed", db.Clock.GetUtcNow()),
            events.Claim(session, second, "evt_shared", "checkout.session.completed", db.Clock.GetUtcNow()),
            events.Claim(session, first, "evt_shared", "checkout.session.completed", db.Clock.GetUtcNow()),
        };

        Assert.That(claims, Is.EqualTo(new[] { true, true, false }));
    }

    [Test]
    public void Migration0016_OnADatabaseWithEventsKeyedByIdAlone_KeepsEveryEventAndAllowsTheSameIdInAnotherOrganization()
    {
        using var db = new TestDatabase();
        var first = db.NewOrganization("First").OrganizationId;
        var second = db.NewOrganization("Second").OrganizationId;
        using (var connection = db.Connections.Open())
        {
            // Back to the 0004 shape, with one processed event, as an existing installation has it.
            Dapper.SqlMapper.Execute(connection, """
                DROP TABLE card_fees_pending;
                DROP TABLE stripe_events;
                CREATE TABLE stripe_events (
                    event_id TEXT PRIMARY KEY, organization_id INTEGER NOT NULL REFERENCES organizations (id), type TEXT NOT NULL,
                    received_at TEXT NOT NULL, outcome TEXT NOT NULL, gift_id INTEGER) STRICT;
                CREATE INDEX ix_stripe_events_received ON stripe_events (organization_id, received_at);
                INSERT INTO stripe_events (event_id, organization_id, type, received_at, outcome) VALUES ('evt_old', @first, 'invoice.paid', '2026-06-01T00:00:00+00:00', 'installment recorded');
                DELETE FROM schema_migrations WHERE name = '0016_payment_events_per_organization';
                """, new { first });
        }

        var applied = db.Get<DatabaseMigrator>().Migrate();
        var events = db.Get<PaymentEventRepository>();
        using var session = db.Connections.BeginTransaction();

        Assert.That(applied, Is.EqualTo(new[] { "0016_payment_events_per_organization" }));
        Assert.That(events.Claim(session, first, "evt_old", "invoice.paid", db.Clock.GetUtcNow()), Is.False);
        Assert.That(events.Claim(session, second, "evt_old", "invoice.paid", db.Clock.GetUtcNow()), Is.True);
    }
}
