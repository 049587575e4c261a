using DonorTrack.Core.Email;
using DonorTrack.Core.SelfService;

namespace DonorTrack.Tests.SelfService;

/// <summary>Issue 16 item 1: the donor page's one-time sign-in links, against a real SQLite file.</summary>
public sealed class DonorSignInServiceTests
{
    private TestDatabase _db = null!;
    private Actor _staff = null!;
    private DonorSignInService _signIns = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _staff = _db.NewOrganization();
        DonorPageTestData.UseMail(_db.Connections, _db.Get<MailSettingsRepository>(), _staff.OrganizationId, _db.Clock.GetUtcNow());
        _signIns = _db.Get<DonorSignInService>();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    private string RequestAndRead(string email, long? organizationId = null)
    {
        _signIns.RequestLink(organizationId ?? _staff.OrganizationId, new DonorSignInRequest { Email = email });
        return DonorPageTestData.LatestToken(_db.Connections, organizationId ?? _staff.OrganizationId);
    }

    private long LinkCount()
    {
        using var db = _db.Connections.Read();
        return db.Connection.ExecuteScalar<long>("SELECT count(*) FROM donor_sign_in_links");
    }

    [Test]
    public void LinkForAnAddressOnARecord_IsMailedThroughTheOutbox_AndSignsThatDonorInOnce()
    {
        var donor = _db.Seed.Donor(_staff, "Pa", "Vang", email: "pa.vang@example.org");

        var token = RequestAndRead("  PA.VANG@example.org ");
        var first = _signIns.Follow(_staff.OrganizationId, token, null);
        var replay = _signIns.Follow(_staff.OrganizationId, token, null);

        var message = DonorPageTestData.Outbox(_db.Connections, _staff.OrganizationId, EmailKind.DonorSignInLink).Single();
        Assert.That(message.To, Is.EqualTo("pa.vang@example.org"));
        Assert.That(message.Status, Is.EqualTo("queued"));
        Assert.That(message.Body, Does.Contain("Dear Pa,").And.Contain("works once, for 30 minutes"));
        Assert.That(first, Is.EqualTo(new DonorLinkOutcome.SignedIn(new DonorSession(_staff.OrganizationId, donor))));
        Assert.That(replay, Is.EqualTo(new DonorLinkOutcome.Refused(DonorSignInService.UsedLink)), "a replayed link");
    }

    [Test]
    public void LinkRequest_ForAnAddressOnNoRecord_AnswersTheSameAndQueuesNothing()
    {
        _db.Seed.Donor(_staff, email: "known@example.org");

        Assert.DoesNotThrow(() => _signIns.RequestLink(_staff.OrganizationId, new DonorSignInRequest { Email = "stranger@example.org" }));

        Assert.That(DonorPageTestData.Outbox(_db.Connections, _staff.OrganizationId, EmailKind.DonorSignInLink), Is.Empty);
        Assert.That(LinkCount(), Is.Zero);
    }

    [TestCase("")]
    [TestCase("not an address")]
    [TestCase("a@b@example.org")]
    public void LinkRequest_WithoutAUsableAddress_IsRefusedOnTheEmailField(string email)
    {
        var refused = Assert.Throws<ValidationException>(() => _signIns.RequestLink(_staff.OrganizationId, new DonorSignInRequest { Email = email }));

        Assert.That(refused!.Errors.Single().PropertyName, Is.EqualTo(nameof(DonorSignInRequest.Email)));
    }

    [Test]
    public void Link_ThirtyMinutesAfterItWasAskedFor_IsRefusedAsExpired_AndOneSecondBeforeStillWorks()
    {
        _db.Seed.Donor(_staff, email: "late@example.org");
        var expired = RequestAndRead("late@example.org");
        _db.Clock.Advance(TimeSpan.FromMinutes(30));
        var late = _signIns.Follow(_staff.OrganizationId, expired, null);

        _db.Clock.Advance(TimeSpan.FromMinutes(16));
        var fresh = RequestAndRead("late@example.org");
        _db.Clock.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        var inTime = _signIns.Follow(_staff.OrganizationId, fresh, null);

        Assert.That(late, Is.EqualTo(new DonorLinkOutcome.Refused(DonorSignInService.ExpiredLink)));
        Assert.That(inTime, Is.TypeOf<DonorLinkOutcome.SignedIn>());
    }

    [Test]
    public void TamperedOrMalformedTokens_AreRefusedAsInvalid_AndTheRealLinkStillWorks()
    {
        _db.Seed.Donor(_staff, email: "pa@example.org");
        var token = RequestAndRead("pa@example.org");
        var flipped = (token[0] == 'A' ? 'B' : 'A') + token[1..];

        string?[] tampered = [flipped, token[..^1], token + "A", token.ToUpperInvariant() == token ? token.ToLowerInvariant() : token.ToUpperInvariant(), null, "", "' OR 1=1 --", new string('A', 43)];
        foreach (var bad in tampered)
            Assert.That(_signIns.Follow(_staff.OrganizationId, bad, null), Is.EqualTo(new DonorLinkOutcome.Refused(DonorSignInService.InvalidLink)), bad ?? "null");

        Assert.That(_signIns.Follow(_staff.OrganizationId, token, null), Is.TypeOf<DonorLinkOutcome.SignedIn>());
    }

    [Test]
    public void LinkOfOneOrganization_DoesNotOpenAnotherOrganization_EvenForTheSameAddress()
    {
        var other = _db.NewOrganization("Eastside Renters");
        DonorPageTestData.UseMail(_db.Connections, _db.Get<MailSettingsRepository>(), other.OrganizationId, _db.Clock.GetUtcNow());
        _db.Seed.Donor(_staff, email: "both@example.org");
        _db.Seed.Donor(other, email: "both@example.org");
        var token = RequestAndRead("both@example.org");

        var elsewhere = _signIns.Follow(other.OrganizationId, token, null);
        var home = _signIns.Follow(_staff.OrganizationId, token, null);

        Assert.That(elsewhere, Is.EqualTo(new DonorLinkOutcome.Refused(DonorSignInService.InvalidLink)));
        Assert.That(home, Is.TypeOf<DonorLinkOutcome.SignedIn>().And.Property("Session").Property("OrganizationId").EqualTo(_staff.OrganizationId));
    }

    [Test]
    public void AddressOnTwoRecords_TheDonorPicksOne_AnotherDonorsRecordIsRefused_AndNothingIsMerged()
    {
        var home = _db.Seed.Donor(_staff, "Pa", "Vang", email: "shared@example.org", postalCode: "55104");
        var work = _db.Seed.Donor(_staff, "Pa", "Vang", email: "Shared@Example.org", postalCode: "55414");
        var stranger = _db.Seed.Donor(_staff, "Someone", "Else", email: "else@example.org");
        var token = RequestAndRead("shared@example.org");

        var choice = _signIns.Follow(_staff.OrganizationId, token, null);
        var notTheirs = _signIns.Follow(_staff.OrganizationId, token, stranger);
        var picked = _signIns.Follow(_staff.OrganizationId, token, work);

        Assert.That(choice, Is.TypeOf<DonorLinkOutcome.ChooseRecord>());
        Assert.That(((DonorLinkOutcome.ChooseRecord)choice).Records.Select(r => r.DonorId), Is.EqualTo(new[] { home, work }));
        Assert.That(notTheirs, Is.EqualTo(new DonorLinkOutcome.Refused(DonorSignInService.NotYourRecord)), "the link stays unused after a wrong pick");
        Assert.That(picked, Is.EqualTo(new DonorLinkOutcome.SignedIn(new DonorSession(_staff.OrganizationId, work))));
        Assert.That(_db.Get<DonorService>().Find(_staff, home)!.MergedIntoId, Is.Null);
        Assert.That(_db.Get<DonorService>().Find(_staff, work)!.MergedIntoId, Is.Null);
    }

    [Test]
    public void AnAddress_GetsAtMostThreeLinksInFifteenMinutes_ThenAgainAfterwards()
    {
        _db.Seed.Donor(_staff, email: "eager@example.org");
        for (var i = 0; i < 5; i++)
            _signIns.RequestLink(_staff.OrganizationId, new DonorSignInRequest { Email = "eager@example.org" });
        var withinWindow = DonorPageTestData.Outbox(_db.Connections, _staff.OrganizationId, EmailKind.DonorSignInLink).Count;
        _db.Clock.Advance(DonorSignInService.AddressWindow);
        _signIns.RequestLink(_staff.OrganizationId, new DonorSignInRequest { Email = "eager@example.org" });

        Assert.That(withinWindow, Is.EqualTo(DonorSignInService.LinksPerAddress));
        Assert.That(DonorPageTestData.Outbox(_db.Connections, _staff.OrganizationId, EmailKind.DonorSignInLink), Has.Count.EqualTo(DonorSignInService.LinksPerAddress + 1));
    }

    [Test]
    public void OnlyTheTokensHashIsStored()
    {
        _db.Seed.Donor(_staff, email: "pa@example.org");
        var token = RequestAndRead("pa@example.org");

        using var db = _db.Connections.Read();
        var stored = db.Connection.QuerySingle<string>("SELECT token_hash FROM donor_sign_in_links");
        Assert.That(stored, Is.EqualTo(SignInTokens.Hash(token)).And.Not.Contain(token));
        Assert.That(db.Connection.ExecuteScalar<long>("SELECT count(*) FROM donor_sign_in_links WHERE token_hash LIKE '%' || @token || '%' OR email = @token", new { token }), Is.Zero);
    }

    [Test]
    public void DonorWhoAskedNotToBeContacted_StillGetsTheLinkTheyAskedFor()
    {
        _db.Seed.Donor(_staff, new DonorInput { FirstName = "Quiet", LastName = "Donor", Email = "quiet@example.org", DoNotContact = true });

        RequestAndRead("quiet@example.org");

        Assert.That(DonorPageTestData.Outbox(_db.Connections, _staff.OrganizationId, EmailKind.DonorSignInLink).Single().Status, Is.EqualTo("queued"));
    }

    [Test]
    public void LinkRequest_WhenTheOrganizationCannotSendEmail_SaysSo_ForAnyAddress()
    {
        var silent = _db.NewOrganization("No Mail Yet");
        _db.Seed.Donor(silent, email: "pa@example.org");

        var known = Assert.Throws<ValidationException>(() => _signIns.RequestLink(silent.OrganizationId, new DonorSignInRequest { Email = "pa@example.org" }));
        var unknown = Assert.Throws<ValidationException>(() => _signIns.RequestLink(silent.OrganizationId, new DonorSignInRequest { Email = "nobody@example.org" }));

        Assert.That(known!.Errors.Single().ErrorMessage, Is.EqualTo(unknown!.Errors.Single().ErrorMessage), "the answer does not depend on the address");
        Assert.That(LinkCount(), Is.Zero);
    }
}
