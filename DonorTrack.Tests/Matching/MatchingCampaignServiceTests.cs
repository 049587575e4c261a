namespace DonorTrack.Tests.Matching;

public sealed class MatchingCampaignServiceTests
{
    private static readonly DateOnly June1 = new(2026, 6, 1);

    private TestDatabase _db = null!;
    private Actor _alliance = null!;
    private Actor _north = null!;
    private Actor _south = null!;
    private long _funder;
    private MatchingCampaignService _campaigns = null!;
    private GiftService _gifts = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _alliance = _db.NewOrganization("Twin Cities Tenant Alliance");
        _north = _db.NewOrganization("Northside Tenants");
        _south = _db.NewOrganization("Southside Tenants");
        var organizations = _db.Get<OrganizationService>();
        organizations.LinkAccepted(_alliance, _north.OrganizationId, new DateOnly(2025, 1, 1));
        organizations.LinkAccepted(_alliance, _south.OrganizationId, new DateOnly(2025, 1, 1));
        _funder = _db.Get<DonorService>().Create(_alliance, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Headwaters Foundation" });
        _campaigns = _db.Get<MatchingCampaignService>();
        _gifts = _db.Get<GiftService>();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void GiftRecordedInTheWindow_IsAllocatedInTheSameTransaction()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(participants: [new() { OrganizationId = _north.OrganizationId }]));

        var gift = _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "Ana", last: "Tester"), 5_000, on: June1.AddDays(2));

        var progress = _campaigns.Progress(_north, id)!;
        Assert.That(progress.OwnGifts.Single().GiftId, Is.EqualTo(gift));
        Assert.That(progress.OwnGifts.Single().MatchedCents, Is.EqualTo(5_000));
        Assert.That(progress.RaisedCents, Is.EqualTo(5_000));
        Assert.That(progress.PoolRemainingCents, Is.EqualTo(5_000));
        Assert.That(progress.DonorCount, Is.EqualTo(1));
        Assert.That(progress.DaysLeft, Is.EqualTo(16), "June 15 through June 30, inclusive");
    }

    [Test]
    public void GiftOutsideTheWindowOrOfAnIneligibleCategory_GetsNoAllocation()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(participants: [new() { OrganizationId = _north.OrganizationId }]));
        var donor = _db.Seed.Donor(_north, first: "Ana", last: "Tester");

        _db.Seed.Gift(_north, donor, 5_000, on: June1.AddDays(-1));
        _db.Seed.Gift(_north, donor, 5_000, on: June1, category: GiftCategory.Events);

        Assert.That(_campaigns.Progress(_north, id)!.OwnGifts, Is.Empty);
    }

    [Test]
    public void VoidOfAnEarlyGift_FreesPoolToTheNextGiftInOrder()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(pool: 6_000, participants: [new() { OrganizationId = _north.OrganizationId }]));
        var early = _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "Ana", last: "Tester"), 5_000, on: June1);
        var later = _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "Bo", last: "Tester"), 5_000, on: June1.AddDays(1));
        Assert.That(Matched(id, _north)[later], Is.EqualTo(1_000));

        _gifts.Void(_north, early, new VoidGiftInput("Check bounced"));

        var matched = Matched(id, _north);
        Assert.That(matched.ContainsKey(early), Is.False);
        Assert.That(matched[later], Is.EqualTo(5_000));
        AssertStoredEqualsFreshRun(id);
    }

    [Test]
    public void EditMovingAnEarlyGiftOutOfTheWindow_FreesItsMatchToTheNextGiftInOrder()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(pool: 6_000, participants: [new() { OrganizationId = _north.OrganizationId }]));
        var early = _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "Ana", last: "Tester"), 5_000, on: June1);
        var later = _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "Bo", last: "Tester"), 5_000, on: June1.AddDays(1));
        Assume.That(Matched(id, _north)[later], Is.EqualTo(1_000));

        _gifts.Edit(_north, early, GiftEditInput.From(_gifts.Find(_north, early)!) with { ReceivedOn = June1.AddDays(-10) });

        var matched = Matched(id, _north);
        Assert.That(matched.ContainsKey(early), Is.False);
        Assert.That(matched[later], Is.EqualTo(5_000));
        AssertStoredEqualsFreshRun(id);
    }

    [Test]
    public void EditMovingAGiftIntoTheWindowOrLoweringItsAmount_ReallocatesThePool()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(pool: 6_000, participants: [new() { OrganizationId = _north.OrganizationId }]));
        var outside = _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "Ana", last: "Tester"), 5_000, on: June1.AddDays(-3));
        var inside = _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "Bo", last: "Tester"), 5_000, on: June1.AddDays(2));

        _gifts.Edit(_north, outside, GiftEditInput.From(_gifts.Find(_north, outside)!) with { ReceivedOn = June1 });
        var afterMove = Matched(id, _north);
        _gifts.Edit(_north, outside, GiftEditInput.From(_gifts.Find(_north, outside)!) with { AmountCents = 2_000 });
        var afterAmount = Matched(id, _north);

        Assert.That((afterMove[outside], afterMove[inside]), Is.EqualTo((5_000L, 1_000L)));
        Assert.That((afterAmount[outside], afterAmount[inside]), Is.EqualTo((2_000L, 4_000L)));
        AssertStoredEqualsFreshRun(id);
    }

    [Test]
    public void RefundOfAnEarlyGift_FreesPoolToTheNextGiftInOrder()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(pool: 6_000, participants: [new() { OrganizationId = _north.OrganizationId }]));
        var early = _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "Ana", last: "Tester"), 5_000, on: June1);
        var later = _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "Bo", last: "Tester"), 5_000, on: June1.AddDays(1));

        _db.Seed.Refund(_north, early, 4000);

        var matched = Matched(id, _north);
        Assert.That(matched[early], Is.EqualTo(1_000));
        Assert.That(matched[later], Is.EqualTo(5_000));
        AssertStoredEqualsFreshRun(id);
    }

    [Test]
    public void AllianceDrive_AcrossTwoMembersWithCaps_StopsEachAtItsCapAndSharesThePool()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(pool: 20_000, participants:
        [
            new() { OrganizationId = _north.OrganizationId, CapCents = 3_000 },
            new() { OrganizationId = _south.OrganizationId },
        ]));
        var ana = _db.Seed.Donor(_north, first: "Ana", last: "Tester");
        var bo = _db.Seed.Donor(_south, first: "Bo", last: "Tester");

        _db.Seed.Gift(_north, ana, 2_000, on: June1);
        _db.Seed.Gift(_north, ana, 2_000, on: June1.AddDays(1));
        _db.Seed.Gift(_south, bo, 4_000, on: June1.AddDays(1));
        _db.Seed.Gift(_north, ana, 2_000, on: June1.AddDays(2));

        var progress = _campaigns.Progress(_alliance, id)!;
        var north = progress.PerOrganization.Single(o => o.OrganizationId == _north.OrganizationId);
        var south = progress.PerOrganization.Single(o => o.OrganizationId == _south.OrganizationId);
        Assert.That((north.RaisedCents, north.MatchedCents, north.GiftCount, north.DonorCount), Is.EqualTo((6_000L, 3_000L, 3L, 1L)));
        Assert.That((south.RaisedCents, south.MatchedCents), Is.EqualTo((4_000L, 4_000L)));
        Assert.That(progress.PoolRemainingCents, Is.EqualTo(13_000));
        AssertStoredEqualsFreshRun(id);
    }

    [Test]
    public void AllianceStaff_SeeMemberTotalsOnly_AndEachMemberSeesOnlyItsOwnGiftsWithNames()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(participants:
            [new() { OrganizationId = _north.OrganizationId }, new() { OrganizationId = _south.OrganizationId }]));
        _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "Ana", last: "Tester"), 2_000, on: June1);
        _db.Seed.Gift(_south, _db.Seed.Donor(_south, first: "Bo", last: "Tester"), 3_000, on: June1);

        Assert.That(_campaigns.Progress(_alliance, id)!.OwnGifts, Is.Empty);
        Assert.That(_campaigns.Progress(_north, id)!.OwnGifts.Select(g => g.DonorName), Is.EqualTo(new[] { "Ana Tester" }));
        Assert.That(_campaigns.Progress(_south, id)!.OwnGifts.Select(g => g.DonorName), Is.EqualTo(new[] { "Bo Tester" }));
        var outsider = _db.NewOrganization("Unrelated Garden Club");
        Assert.That(_campaigns.Progress(outsider, id), Is.Null);
    }

    [Test]
    public void StoredAllocations_EqualAFreshRun_AfterBackDatedGiftsVoidsAndCaps()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(pool: 25_000, perDonorCap: 4_000, perGiftCap: 3_000, participants:
        [
            new() { OrganizationId = _north.OrganizationId, CapCents = 12_000 },
            new() { OrganizationId = _south.OrganizationId },
        ]));
        var random = new Random(5);
        var donors = Enumerable.Range(0, 6).Select(i => _db.Seed.Donor(i % 2 == 0 ? _north : _south, first: "D" + i, last: "Tester")).ToList();
        var recorded = new List<(Actor Org, long Gift)>();
        for (var i = 0; i < 40; i++)
        {
            var index = random.Next(donors.Count);
            var org = index % 2 == 0 ? _north : _south;
            recorded.Add((org, _db.Seed.Gift(org, donors[index], random.Next(1, 60) * 100, on: June1.AddDays(random.Next(0, 15)))));
            if (i % 7 == 6)
            {
                var (voidOrg, voidGift) = recorded[random.Next(recorded.Count)];
                if (_gifts.Find(voidOrg, voidGift)!.Status != GiftStatus.Voided)
                    _gifts.Void(voidOrg with { Role = Role.Treasurer }, voidGift, new VoidGiftInput("Entered twice"));
            }
        }

        AssertStoredEqualsFreshRun(id);
    }

    [Test]
    public void NewDonorsCampaign_BackDatedGiftInTheLookBack_RemovesTheDonorsMatch()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(eligibility: "new_donors", participants: [new() { OrganizationId = _north.OrganizationId }]));
        var ana = _db.Seed.Donor(_north, first: "Ana", last: "Tester");
        var inWindow = _db.Seed.Gift(_north, ana, 2_000, on: June1);
        Assert.That(Matched(id, _north)[inWindow], Is.EqualTo(2_000));

        _db.Seed.Gift(_north, ana, 1_000, on: June1.AddMonths(-11));

        Assert.That(Matched(id, _north).ContainsKey(inWindow), Is.False);
        AssertStoredEqualsFreshRun(id);
    }

    [TestCase("new_donors")]
    [TestCase("new_or_increased")]
    [TestCase("all")]
    public void StoredAllocations_EqualAnIndependentRun_WithLookBackGiftsOfEveryStatusAndAmountsChangedAfterwards(string eligibility)
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(pool: 40_000, perDonorCap: 6_000, eligibility: eligibility, participants:
        [
            new() { OrganizationId = _north.OrganizationId, CapCents = 15_000 },
            new() { OrganizationId = _south.OrganizationId },
        ]));
        var random = new Random(11);
        var donors = Enumerable.Range(0, 8).Select(i => (Org: i % 2 == 0 ? _north : _south, Id: _db.Seed.Donor(i % 2 == 0 ? _north : _south, first: "D" + i, last: "Tester"))).ToList();
        // Two donors new to their organization keep a new_donors run from matching nothing.
        var gifts = new List<(Actor Org, long Gift)>
        {
            (_north, _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "New", last: "Tester"), 2_500, on: June1.AddDays(3))),
            (_south, _db.Seed.Gift(_south, _db.Seed.Donor(_south, first: "Newer", last: "Tester"), 1_500, on: June1.AddDays(4))),
        };
        for (var i = 0; i < 50; i++)
        {
            var (org, donor) = donors[random.Next(donors.Count)];
            // Half in the window so far, half over the 14 months before it (in and outside the look-back), and its boundary days.
            var on = i % 10 == 0 ? June1.AddMonths(-12) : i % 10 == 1 ? June1.AddDays(-1) : i % 2 == 0 ? June1.AddDays(random.Next(0, 15)) : June1.AddDays(random.Next(-420, 0));
            gifts.Add((org, _db.Seed.Gift(org, donor, random.Next(1, 80) * 100, on: on, category: DomainWords.Parse<GiftCategory>(i % 9 == 4 ? "events" : "individual"))));
        }
        // Refunds, whole and partial, recorded as the payments webhook records them (the reallocation hook runs in that transaction).
        foreach (var (org, gift) in gifts.Where((_, i) => i % 6 == 3))
        {
            var amount = _gifts.Find(org, gift)!.AmountCents;
            _db.Seed.Refund(org, gift, random.Next(3) switch { 0 => amount, 1 => amount / 2, _ => 1 });
        }
        foreach (var (org, gift) in gifts.Where((_, i) => i % 11 == 5))
            _gifts.Void(org with { Role = Role.Treasurer }, gift, new VoidGiftInput("Entered twice"));

        Assert.That(_campaigns.Progress(_alliance, id)!.MatchedCents, Is.GreaterThan(0));
        AssertStoredEqualsFreshRun(id);
    }

    [TestCase("0:1", "Ratio")]
    [TestCase("two to one", "Ratio")]
    public void Create_MalformedRatio_IsRefusedOnTheField(string ratio, string field) =>
        AssertRefused(Campaign(ratio: ratio, participants: [new() { OrganizationId = _north.OrganizationId }]), field);

    [Test]
    public void Create_NegativeCaps_AreRefusedOnTheirFields()
    {
        AssertRefused(Campaign(perGiftCap: -1, participants: [new() { OrganizationId = _north.OrganizationId }]), "PerGiftCapCents");
        AssertRefused(Campaign(perDonorCap: -5, participants: [new() { OrganizationId = _north.OrganizationId }]), "PerDonorCapCents");
        AssertRefused(Campaign(participants: [new() { OrganizationId = _north.OrganizationId, CapCents = -100 }]), "Participants[0].CapCents");
    }

    [Test]
    public void Create_EndBeforeStart_IsRefused() =>
        AssertRefused(Campaign(participants: [new() { OrganizationId = _north.OrganizationId }]) with { EndsOn = June1.AddDays(-1) }, "EndsOn");

    [Test]
    public void Create_ParticipantThatIsNotAMember_IsRefusedAndNothingIsWritten()
    {
        var outsider = _db.NewOrganization("Unrelated Garden Club");

        AssertRefused(Campaign(participants: [new() { OrganizationId = _north.OrganizationId }, new() { OrganizationId = outsider.OrganizationId }]),
            "Participants[1].OrganizationId");
        Assert.That(_campaigns.List(_alliance), Is.Empty);
    }

    [Test]
    public void Create_FunderFromAnotherOrganization_IsRefused()
    {
        var theirDonor = _db.Seed.Donor(_north, first: "Ana", last: "Tester");
        AssertRefused(Campaign(participants: [new() { OrganizationId = _alliance.OrganizationId }]) with { FunderDonorId = theirDonor }, "FunderDonorId");
    }

    [Test]
    public void Create_ByAViewer_IsForbidden() =>
        Assert.Throws<ForbiddenException>(() => _campaigns.Create(_alliance with { Role = Role.Viewer }, Campaign(participants: [new() { OrganizationId = _north.OrganizationId }])));

    [Test]
    public void EditAfterGiftsWereMatched_IsHeldBackWithAPreview_UntilConfirmed_AndIsAudited()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(participants: [new() { OrganizationId = _north.OrganizationId }]));
        var gift = _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "Ana", last: "Tester"), 2_000, on: June1);
        var halved = Campaign(ratio: "1:2", participants: [new() { OrganizationId = _north.OrganizationId }]);

        var held = _campaigns.Edit(_alliance, id, halved, confirmed: false)!;

        Assert.That(held.Applied, Is.False);
        Assert.That((held.Preview!.MatchedBeforeCents, held.Preview.MatchedAfterCents, held.Preview.GiftsChanged), Is.EqualTo((2_000L, 1_000L, 1)));
        Assert.That(Matched(id, _north)[gift], Is.EqualTo(2_000));
        Assert.That(_campaigns.Find(_alliance, id)!.Ratio.ToString(), Is.EqualTo("1:1"));

        var applied = _campaigns.Edit(_alliance, id, halved, confirmed: true)!;

        Assert.That(applied.Applied, Is.True);
        Assert.That(Matched(id, _north)[gift], Is.EqualTo(1_000));
        using var db = _db.Connections.Read();
        var entries = _db.Get<AuditLog>().List(db, _alliance.OrganizationId, "matching_campaign", id, new PageRequest(1, 10)).Items;
        Assert.That(entries.Select(e => e.Action), Is.EqualTo(new[] { "edit", "create" }));
        Assert.That(entries[0].AfterJson, Does.Contain("\"matchedAfterCents\":1000"));
    }

    [Test]
    public void EditBeforeAnyMatch_AppliesWithoutConfirmation()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(participants: [new() { OrganizationId = _north.OrganizationId }]));

        var outcome = _campaigns.Edit(_alliance, id, Campaign(pool: 50_000, participants: [new() { OrganizationId = _north.OrganizationId }]), confirmed: false)!;

        Assert.That(outcome.Applied, Is.True);
        Assert.That(_campaigns.Find(_alliance, id)!.PoolCents, Is.EqualTo(50_000));
    }

    [Test]
    public void EditByAParticipant_FindsNothingToEdit()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(participants: [new() { OrganizationId = _north.OrganizationId }]));
        Assert.That(_campaigns.Edit(_north, id, Campaign(participants: [new() { OrganizationId = _north.OrganizationId }]), confirmed: true), Is.Null);
    }

    [Test]
    public void Claim_BeforeTheLastDay_IsRefused_AndAfterItListsSectionsWithNamesOnlyForTheReadersOwn()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(participants:
            [new() { OrganizationId = _north.OrganizationId }, new() { OrganizationId = _south.OrganizationId }]));
        var northGift = _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "Ana", last: "Tester"), 2_000, on: June1);
        _db.Seed.Gift(_south, _db.Seed.Donor(_south, first: "Bo", last: "Tester"), 3_000, on: June1);
        Assert.Throws<ValidationException>(() => _campaigns.Claim(_alliance, id));

        _db.Clock.Advance(TimeSpan.FromDays(16));

        var allianceClaim = _campaigns.Claim(_alliance, id)!;
        Assert.That(allianceClaim.OwedCents, Is.EqualTo(5_000));
        Assert.That(allianceClaim.Sections, Has.Count.EqualTo(2));
        Assert.That(allianceClaim.Sections.SelectMany(s => s.Gifts).Select(g => g.DonorName), Is.All.Null);
        var northClaim = _campaigns.Claim(_north, id)!;
        Assert.That(northClaim.Sections.Single().Gifts.Single(), Is.EqualTo(new MatchingGiftLine(northGift, June1, 2_000, 2_000, northClaim.Sections[0].Gifts[0].DonorId, "Ana Tester")));
        var csv = MatchingCampaignService.ClaimCsv(allianceClaim);
        Assert.That(csv, Does.StartWith("organization,gift_id,received_on,amount,matched,donor"));
        Assert.That(csv, Does.Not.Contain("Ana").And.Not.Contain("Bo Tester"));
        Assert.That(MatchingCampaignService.ClaimCsv(northClaim), Does.Contain(",Ana Tester\r\n"));
    }

    [Test]
    public void Claim_AnonymousDonor_IsAnonymousInTheClaimCsvAndPdf_ButNamedOnTheOrganizationsOwnProgress()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(participants: [new() { OrganizationId = _north.OrganizationId }]));
        var shy = _db.Get<DonorService>().Create(_north, new DonorInput { FirstName = "Shy", LastName = "Giver", Anonymous = true });
        _db.Seed.Gift(_north, shy, 2_000, on: June1);
        _db.Clock.Advance(TimeSpan.FromDays(16));

        var claim = _campaigns.Claim(_north, id)!;

        Assert.That(claim.Sections.Single().Gifts.Single().DonorName, Is.EqualTo("Anonymous"));
        Assert.That(MatchingCampaignService.ClaimCsv(claim), Does.Contain(",20.00,20.00,Anonymous\r\n").And.Not.Contain("Shy"));
        var pdf = DonorTrack.Tests.Receipts.ReceiptTestSupport.Text(_campaigns.ClaimPdf(_north, id)!.Pdf);
        Assert.That(pdf, Does.Contain("Anonymous").And.Not.Contain("Shy").And.Not.Contain("Giver"));
        Assert.That(_campaigns.Progress(_north, id)!.OwnGifts.Single().DonorName, Is.EqualTo("Shy Giver"), "the organization's own screen still names its donor");
    }

    [Test]
    public void ClaimCsv_DonorNamedLikeAFormula_WritesTheNameAsText()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(participants: [new() { OrganizationId = _north.OrganizationId }]));
        _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "=HYPERLINK(\"http://evil.example\")", last: "Tester"), 2_000, on: June1);
        _db.Clock.Advance(TimeSpan.FromDays(16));

        var csv = MatchingCampaignService.ClaimCsv(_campaigns.Claim(_north, id)!);

        Assert.That(csv, Does.Contain(",20.00,20.00,\"'=HYPERLINK(\"\"http://evil.example\"\") Tester\"\r\n"));
    }

    [Test]
    public void Progress_AnonymousFunder_IsAnAnonymousFunderOnPublicPages()
    {
        var shyFunder = _db.Get<DonorService>().Create(_alliance, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Quiet Trust", Anonymous = true });
        var id = _campaigns.CreateAccepted(_alliance, Campaign(participants: [new() { OrganizationId = _north.OrganizationId }]) with { FunderDonorId = shyFunder });
        var named = _campaigns.CreateAccepted(_alliance, Campaign(participants: [new() { OrganizationId = _north.OrganizationId }]) with { Name = "Named drive" });

        Assert.That(_campaigns.Progress(_north, id)!.PublicFunderName, Is.EqualTo("an anonymous funder"));
        Assert.That(_campaigns.Progress(_north, named)!.PublicFunderName, Is.EqualTo("Headwaters Foundation"));
    }

    [Test]
    public void ChallengeBelowItsThreshold_OwesNothing()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(kind: "challenge", threshold: 10_000, participants: [new() { OrganizationId = _north.OrganizationId }]));
        _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "Ana", last: "Tester"), 2_000, on: June1);

        var progress = _campaigns.Progress(_alliance, id)!;

        Assert.That((progress.MatchedCents, progress.OwedCents, progress.ThresholdMet), Is.EqualTo((2_000L, 0L, false)));
    }

    [Test]
    public void FundersPaymentOfTheClaim_IsAGiftInCategoryMatchingFromTheFunder()
    {
        var id = _campaigns.CreateAccepted(_alliance, Campaign(participants: [new() { OrganizationId = _north.OrganizationId }]));
        _db.Seed.Gift(_north, _db.Seed.Donor(_north, first: "Ana", last: "Tester"), 2_000, on: June1);
        _db.Clock.Advance(TimeSpan.FromDays(20));

        var giftId = _campaigns.RecordClaimPayment(_alliance, id, new MatchingClaimPaymentInput { AmountCents = 2_000, ReceivedOn = new DateOnly(2026, 7, 5), CheckNumber = "881" });

        var gift = _gifts.Find(_alliance, giftId)!;
        Assert.That((gift.DonorId, gift.Category.Word(), gift.AmountCents), Is.EqualTo((_funder, "matching", 2_000L)));
        Assert.That(_campaigns.Find(_alliance, id)!.ClaimGiftId, Is.EqualTo(giftId));
        Assert.Throws<ValidationException>(() => _campaigns.RecordClaimPayment(_alliance, id, new MatchingClaimPaymentInput { AmountCents = 2_000, ReceivedOn = new DateOnly(2026, 7, 5) }));
    }

    private MatchingCampaignInput Campaign(
        IReadOnlyList<MatchingParticipantInput> participants, long pool = 10_000, string ratio = "1:1", long? perGiftCap = null, long? perDonorCap = null,
        string? eligibility = null, string? kind = null, long? threshold = null) => new()
        {
            Name = "Spring drive",
            FunderDonorId = _funder,
            PoolCents = pool,
            Ratio = ratio,
            PerGiftCapCents = perGiftCap,
            PerDonorCapCents = perDonorCap,
            StartsOn = June1,
            EndsOn = new DateOnly(2026, 6, 30),
            Eligibility = eligibility,
            Kind = kind,
            ThresholdCents = threshold,
            Participants = participants,
        };

    private void AssertRefused(MatchingCampaignInput input, string field)
    {
        var refused = Assert.Throws<ValidationException>(() => _campaigns.CreateAccepted(_alliance, input))!;
        Assert.That(refused.Errors.Select(e => e.PropertyName), Does.Contain(field));
    }

    private Dictionary<long, long> Matched(long campaignId, Actor org) =>
        _campaigns.Progress(org, campaignId)!.OwnGifts.ToDictionary(g => g.GiftId, g => g.MatchedCents);

    // Stored rows against a reference that shares no loading code with the service: every gift of the participants read with
    // Dapper's record mapping, history summed by DonorPriorHistory.FromPriorGifts, the window filtered in C#.
    private void AssertStoredEqualsFreshRun(long campaignId)
    {
        using var db = _db.Connections.Read();
        var repository = _db.Get<MatchingRepository>();
        var reallocation = _db.Get<MatchingReallocation>();
        var campaign = repository.FindVisible(db, _alliance.OrganizationId, campaignId)!;
        var rules = reallocation.RulesOf(db, campaign, out var participants);
        var everyGift = ReferenceCandidates(db, rules.Participants.Select(p => p.OrganizationId).ToList());
        var reference = MatchingAllocator.Allocate(
            rules, everyGift.Where(g => rules.Covers(g.ReceivedOn)).ToList(),
            rules.Eligibility == MatchingEligibility.All ? [] : DonorPriorHistory.FromPriorGifts(everyGift, rules.StartsOn));
        var byId = everyGift.ToDictionary(g => g.GiftId);
        var stored = repository.Allocations(db, campaignId);

        Assert.That(stored, Is.EqualTo(reference.Allocations.Select(a => new StoredMatchingAllocation(
            a.GiftId, a.OrganizationId, a.DonorId, byId[a.GiftId].ReceivedOn, byId[a.GiftId].NetCents, a.MatchableBaseCents, a.MatchedCents))));
        Assert.That(participants.Select(p => (p.OrganizationId, p.RaisedCents, p.MatchedCents, p.GiftCount, p.DonorCount)),
            Is.EquivalentTo(reference.PerOrganization.Select(o => (o.OrganizationId, o.RaisedCents, o.MatchedCents, (long)o.GiftCount, (long)o.DonorCount))));
        Assert.That(reallocation.FreshRun(db, rules).Allocations, Is.EqualTo(reference.Allocations));
    }

    private static List<CandidateGift> ReferenceCandidates(DbSession db, IReadOnlyList<long> organizationIds) =>
        db.Connection.Query<ReferenceRow>("""
            SELECT g.id, g.organization_id, g.donor_id, d.kind AS donor_kind, g.amount_cents, g.refunded_cents, g.benefit_value_cents,
                   g.received_on, g.method, g.category, g.status, r.id AS recurring_donation_id, r.starts_on AS recurring_starts_on
            FROM gifts g JOIN donors d ON d.id = g.donor_id
            LEFT JOIN recurring_donations r ON r.organization_id = g.organization_id AND r.id = g.recurring_donation_id
            WHERE g.organization_id IN @organizationIds
            """, new { organizationIds }, db.Transaction)
            .Select(r => new CandidateGift(r.Id, r.OrganizationId, r.DonorId, r.DonorKind, r.AmountCents, r.RefundedCents, r.BenefitValueCents,
                r.ReceivedOn, r.Method, r.Category, r.Status,
                r.RecurringDonationId is { } pledge ? new RecurringInstallment(pledge, r.RecurringStartsOn!.Value) : null))
            .ToList();

    private sealed record ReferenceRow(
        long Id, long OrganizationId, long DonorId, string DonorKind, long AmountCents, long RefundedCents, long BenefitValueCents,
        DateOnly ReceivedOn, string Method, string Category, string Status, long? RecurringDonationId, DateOnly? RecurringStartsOn);
}
