using DonorTrack.Core.Email;
using DonorTrack.Tests.Support.Mail;

namespace DonorTrack.Tests.Email;

/// <summary>Dues reminders and "your $50 became $100" matching thank-yous, queued to the outbox and sent to a loopback SMTP server.</summary>
public sealed class DonorNoticeMailingTests
{
    private TestDatabase _db = null!;
    private LocalSmtpServer _smtp = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _smtp = LocalSmtpServer.Start();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _smtp.DisposeAsync();
        _db.Dispose();
    }

    private void UseMail(Actor actor)
    {
        using var session = _db.Connections.BeginTransaction();
        var s = _smtp.Settings();
        _db.Get<MailSettingsRepository>().Save(session, new StoredMailSettings(actor.OrganizationId, s.Host, s.Port, s.Security, null, null,
            s.FromName, s.FromAddress, null, EmailLanguage.En, _db.Clock.GetUtcNow(), "test"));
        session.Commit();
    }

    private long Person(Actor actor, string first, string? email) =>
        _db.Get<DonorService>().Create(actor, new DonorInput { FirstName = first, LastName = "Tester", Email = email });

    private Task<int> SendDue() => _db.Get<OutboxSender>().SendDueAsync(_ => _smtp.Settings(), CancellationToken.None);

    [Test]
    public async Task DueSoonReminder_SaysWhatFallsDueAndWhen()
    {
        var actor = _db.NewOrganization();
        UseMail(actor);
        var memberships = _db.Get<MembershipService>();
        var plan = memberships.CreatePlan(actor, new MembershipPlanInput
        {
            Name = "Monthly", MemberKind = MemberKind.Individual, Interval = DuesInterval.Month, PricingKind = DuesPricingKind.Fixed, AmountCents = 2_500, GraceDays = 30,
        });
        var membership = memberships.Enrol(actor, new MembershipEnrolmentInput { DonorId = Person(actor, "Xee", "xee@example.org"), PlanId = plan, StartsOn = new DateOnly(2026, 6, 20) }).MembershipId;

        var written = _db.Get<DonorNoticeMailing>().QueueDuesReminders(actor, EmailKind.DuesDueSoon, [membership]);
        await SendDue();

        Assert.That(written.Single().Status, Is.EqualTo(OutboxStatus.Queued));
        var message = _smtp.Messages.Single();
        Assert.That(message.Subject, Is.EqualTo("Your Frogtown Tenants Union dues are due on June 20, 2026"));
        Assert.That(message.TextBody, Does.Contain("Dear Xee,").And.Contain("your dues of $25.00 are due on June 20, 2026"));
    }

    [Test]
    public void LapsedReminder_ForAMembershipThatIsNotLapsed_IsRefusedNamingTheList()
    {
        var actor = _db.NewOrganization();
        UseMail(actor);
        var memberships = _db.Get<MembershipService>();
        var plan = memberships.CreatePlan(actor, new MembershipPlanInput
        {
            Name = "Monthly", MemberKind = MemberKind.Individual, Interval = DuesInterval.Month, PricingKind = DuesPricingKind.Fixed, AmountCents = 2_500, GraceDays = 30,
        });
        var membership = memberships.Enrol(actor, new MembershipEnrolmentInput { DonorId = Person(actor, "Xee", "xee@example.org"), PlanId = plan, StartsOn = new DateOnly(2026, 6, 20) }).MembershipId;

        var refused = Assert.Throws<FluentValidation.ValidationException>(() => _db.Get<DonorNoticeMailing>().QueueDuesReminders(actor, EmailKind.DuesLapsed, [membership]))!;

        Assert.That(refused.Errors.Single().ErrorMessage, Is.EqualTo("None of the chosen memberships is in grace or recently lapsed."));
    }

    [Test]
    public async Task MatchingThankYou_TellsEachMatchedDonorWhatTheirGiftBecame_OncePerGift()
    {
        var alliance = _db.NewOrganization("Twin Cities Tenant Alliance");
        var north = _db.NewOrganization("Northside Tenants");
        _db.Get<OrganizationService>().LinkAccepted(alliance, north.OrganizationId, new DateOnly(2025, 1, 1));
        var funder = _db.Get<DonorService>().Create(alliance, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Headwaters Foundation" });
        var campaign = _db.Get<MatchingCampaignService>().CreateAccepted(alliance, new MatchingCampaignInput
        {
            Name = "Spring drive", FunderDonorId = funder, PoolCents = 10_000, Ratio = "1:1", StartsOn = new DateOnly(2026, 6, 1), EndsOn = new DateOnly(2026, 6, 30),
            Participants = [new() { OrganizationId = north.OrganizationId }],
        });
        UseMail(north);
        _db.Get<GiftService>().Record(north, new GiftInput
        {
            DonorId = Person(north, "Ana", "ana@example.org"), AmountCents = 5_000, ReceivedOn = new DateOnly(2026, 6, 3), Method = GiftMethod.Check, Category = GiftCategory.Individual,
        });

        var first = _db.Get<DonorNoticeMailing>().QueueMatchingThanks(north, campaign);
        var second = _db.Get<DonorNoticeMailing>().QueueMatchingThanks(north, campaign);
        await SendDue();

        Assert.That((first.Count, second.Count), Is.EqualTo((1, 0)), "a gift thanked once is not thanked again");
        var message = _smtp.Messages.Single();
        Assert.That(message.Subject, Is.EqualTo("Your $50.00 became $100.00"));
        Assert.That(message.TextBody, Does.Contain("Thanks to the Spring drive match").And.Contain("$50.00 more, matched"));
    }
}
