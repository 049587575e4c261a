namespace DonorTrack.Tests.Organizations;

/// <summary>Issue 18 item 1: an alliance sees a member's figures, and matches its gifts, only after that member's admin accepts.</summary>
public sealed class AllianceConsentTests
{
    private static readonly ReportPeriodInput Year2026 = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
    private static readonly DateOnly June1 = new(2026, 6, 1);

    private TestDatabase _db = null!;
    private OrganizationService _organizations = null!;
    private MatchingCampaignService _campaigns = null!;
    private Actor _alliance = null!;
    private Actor _member = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _organizations = _db.Get<OrganizationService>();
        _campaigns = _db.Get<MatchingCampaignService>();
        _alliance = _db.NewOrganization("Twin Cities Alliance");
        _member = _db.NewOrganization("Frogtown Tenants Union");
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void InvitedByCode_UntilTheMemberAccepts_TheAllianceReportAndDuesShowNoneOfItsFigures()
    {
        Give(_member, 10_000, new DateOnly(2026, 3, 1));
        var invitation = _organizations.Invite(_alliance, new AllianceMemberInput(null, "member", new DateOnly(2025, 1, 1)));

        Assert.That(invitation.Code, Is.Not.Null.And.Length.GreaterThanOrEqualTo(40));
        Assert.That(_db.Get<DiversificationService>().Alliance(_alliance, Year2026), Is.Null);
        Assert.That(_db.Get<AllianceDuesService>().Rows(_alliance), Is.Empty);
        Assert.That(_organizations.Members(_alliance.OrganizationId), Is.Empty);

        _organizations.JoinWithCode(_member, invitation.Code);

        var report = _db.Get<DiversificationService>().Alliance(_alliance, Year2026)!;
        Assert.That(report.Members.Select(m => (m.Name, m.Current.TotalCents)), Is.EqualTo(new[] { ("Frogtown Tenants Union", 10_000L) }));
        Assert.That(_db.Get<AllianceDuesService>().Rows(_alliance).Select(r => r.MemberOrganizationId), Is.EqualTo(new[] { _member.OrganizationId }));
    }

    [Test]
    public void InvitationCode_WorksOnce()
    {
        var code = _organizations.Invite(_alliance, new AllianceMemberInput(null, "member", June1)).Code;
        _organizations.JoinWithCode(_member, code);
        var another = _db.NewOrganization("Somali Mothers Network");

        var refused = Assert.Throws<ValidationException>(() => _organizations.JoinWithCode(another, code))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo("Code"));
        Assert.That(_organizations.Members(_alliance.OrganizationId).Select(m => m.MemberId), Is.EqualTo(new[] { _member.OrganizationId }));
    }

    [Test]
    public void LinkCandidates_ListOnlyOrganizationsTheAdminAlsoAdministers()
    {
        var (alliance, alsoAdministered) = AdminOfBoth();
        var viewerThere = _db.NewOrganization("Viewer's Garden");
        _db.Get<AccountService>().AddUser(Actor.System(viewerThere.OrganizationId), new AddUserInput("both@example.org", null, null, Role.Viewer));

        var candidates = _organizations.LinkCandidates(alliance);

        Assert.That(candidates.Select(o => o.Id), Is.EqualTo(new[] { alsoAdministered }), "not Frogtown (no role there), not the garden (only viewer)");
        Assert.That(_organizations.LinkCandidates(_alliance), Is.Empty, "an actor without a user (API key) gets no list at all");
    }

    [Test]
    public void InvitingByName_AnOrganizationTheAdminDoesNotAdminister_IsRefused()
    {
        var (alliance, _) = AdminOfBoth();

        var refused = Assert.Throws<ValidationException>(() => _organizations.Invite(alliance, new AllianceMemberInput(_member.OrganizationId, "member", June1)))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo("MemberId"));
        Assert.That(_organizations.InvitationsReceived(_member), Is.Empty);
    }

    [Test]
    public void InvitationByName_WaitsForTheMembersAdmin_WhoCanDeclineIt()
    {
        var (alliance, alsoAdministered) = AdminOfBoth();
        var memberAdmin = Actor.System(alsoAdministered);
        _organizations.Invite(alliance, new AllianceMemberInput(alsoAdministered, "anchor", June1));
        var waiting = _organizations.InvitationsReceived(memberAdmin).Single();
        Assert.That(_organizations.Members(alliance.OrganizationId), Is.Empty, "nothing is linked before the answer");

        _organizations.DeclineInvitation(memberAdmin, waiting.Id);

        Assert.That(_organizations.Members(alliance.OrganizationId), Is.Empty);
        Assert.That(_organizations.InvitationsReceived(memberAdmin), Is.Empty);
        Assert.Throws<ValidationException>(() => _organizations.AcceptInvitation(memberAdmin, waiting.Id));
    }

    [Test]
    public void MemberLeavingTheAlliance_EndsTheMembership_AndTheAllianceReportNoLongerIncludesIt()
    {
        Give(_member, 10_000, new DateOnly(2026, 3, 1));
        var membershipId = _organizations.LinkAccepted(_alliance, _member.OrganizationId, new DateOnly(2025, 1, 1));
        Assert.That(_db.Get<DiversificationService>().Alliance(_alliance, Year2026), Is.Not.Null);

        _organizations.LeaveAlliance(_member, membershipId);

        Assert.That(_db.Get<DiversificationService>().Alliance(_alliance, Year2026), Is.Null);
        Assert.That(_organizations.AlliancesOf(_member).Single().LeftOn, Is.EqualTo(new DateOnly(2026, 6, 15)));
        Assert.Throws<ValidationException>(() => _organizations.LeaveAlliance(Actor.System(_alliance.OrganizationId), membershipId),
            "the alliance cannot use the member's leave action for it");
    }

    [Test]
    public void CampaignNamingAMember_MatchesNoneOfItsGifts_AndIsHiddenFromIt_UntilItsAdminAccepts()
    {
        var membershipId = _organizations.LinkAccepted(_alliance, _member.OrganizationId, new DateOnly(2025, 1, 1));
        var id = _campaigns.Create(_alliance, Campaign(_member.OrganizationId));
        var gift = Give(_member, 5_000, June1.AddDays(1));

        Assert.That(_campaigns.Progress(_alliance, id)!.MatchedCents, Is.Zero);
        Assert.That(_campaigns.Progress(_alliance, id)!.PerOrganization, Is.Empty);
        Assert.That(_campaigns.List(_member), Is.Empty, "not on the member's lists or its /give page");
        Assert.That(_campaigns.ParticipantsNotTakingPart(_alliance, id).Single().OrganizationId, Is.EqualTo(_member.OrganizationId));
        Assert.That(_campaigns.ParticipationRequests(_member).Single().CampaignId, Is.EqualTo(id));

        _campaigns.AcceptParticipation(_member, id);

        Assert.That(_campaigns.Progress(_member, id)!.OwnGifts.Single().GiftId, Is.EqualTo(gift));
        Assert.That(_campaigns.Progress(_alliance, id)!.MatchedCents, Is.EqualTo(5_000));
        Assert.That(_campaigns.List(_member).Single().Id, Is.EqualTo(id));

        _organizations.LeaveAlliance(_member, membershipId);

        Assert.That(_campaigns.Progress(_alliance, id)!.MatchedCents, Is.Zero, "a former member's gifts leave the campaign with it");
        Assert.That(_campaigns.List(_member), Is.Empty);
    }

    [Test]
    public void DeclinedParticipation_TakesTheOrganizationOffTheCampaign()
    {
        _organizations.LinkAccepted(_alliance, _member.OrganizationId, new DateOnly(2025, 1, 1));
        var id = _campaigns.Create(_alliance, Campaign(_member.OrganizationId));
        Give(_member, 5_000, June1.AddDays(1));

        _campaigns.DeclineParticipation(_member, id);

        Assert.That(_campaigns.ParticipationRequests(_member), Is.Empty);
        Assert.That(_campaigns.ParticipantsNotTakingPart(_alliance, id), Is.Empty);
        Assert.Throws<ValidationException>(() => _campaigns.AcceptParticipation(_member, id));
        Assert.That(_campaigns.Progress(_alliance, id)!.MatchedCents, Is.Zero);
    }

    // A person who is admin of the alliance and of one more organization; returns the alliance actor (with the user) and the other id.
    private (Actor Alliance, long AlsoAdministered) AdminOfBoth()
    {
        var other = _db.NewOrganization("Northside Tenants");
        var accounts = _db.Get<AccountService>();
        var userId = accounts.AddUser(Actor.System(_alliance.OrganizationId), new AddUserInput("both@example.org", "Pat Both", "tamarack-lantern-river", Role.Admin));
        accounts.AddUser(Actor.System(other.OrganizationId), new AddUserInput("both@example.org", null, null, Role.Admin));
        return (new Actor(_alliance.OrganizationId, userId, "Pat Both", Role.Admin), other.OrganizationId);
    }

    private MatchingCampaignInput Campaign(long participant) => new()
    {
        Name = "Spring drive",
        FunderDonorId = _db.Get<DonorService>().Create(_alliance, new DonorInput { Kind = DonorKinds.Organization, OrganizationName = "Headwaters Foundation" }),
        PoolCents = 10_000,
        Ratio = "1:1",
        StartsOn = June1,
        EndsOn = new DateOnly(2026, 6, 30),
        Participants = [new() { OrganizationId = participant }],
    };

    private long Give(Actor organization, long cents, DateOnly on)
    {
        var donor = _db.Get<DonorService>().Create(organization, new DonorInput { FirstName = "Ana", LastName = "Quintero" });
        return _db.Get<GiftService>().Record(organization, new GiftInput { DonorId = donor, AmountCents = cents, ReceivedOn = on, Method = GiftMethod.Check, Category = GiftCategory.Individual });
    }
}
