using DonorTrack.Tests.Reports;

namespace DonorTrack.Tests.Donors;

public sealed class DonorMergeServiceTests
{
    private static readonly DateOnly June1 = new(2026, 6, 1);

    private TestDatabase _db = null!;
    private Actor _admin = null!;
    private DonorMergeService _merges = null!;
    private DonorService _donors = null!;
    private GiftService _gifts = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _admin = _db.NewOrganization();
        _merges = _db.Get<DonorMergeService>();
        _donors = _db.Get<DonorService>();
        _gifts = _db.Get<GiftService>();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void Merge_MovesEveryGift_AndTheSurvivorsGivingIsTheSumOfBoth()
    {
        var survivor = Person("Xee", "Yang");
        var duplicate = Person("Xee", "Yang");
        Give(survivor, 10_000, new DateOnly(2025, 3, 1));
        Give(survivor, 2_500, new DateOnly(2026, 2, 1));
        Give(duplicate, 4_000, new DateOnly(2024, 12, 31));
        Give(duplicate, 1_500, new DateOnly(2026, 2, 20), category: "membership_dues");
        var voided = Give(duplicate, 9_900, new DateOnly(2026, 5, 5));
        _gifts.Void(_admin, voided, new VoidGiftInput("Entered twice"));
        var before = (_donors.GivingSummary(_admin, survivor), _donors.GivingSummary(_admin, duplicate));

        var result = _merges.Merge(_admin, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });

        var after = _donors.GivingSummary(_admin, survivor);
        Assert.That(after.GiftCount, Is.EqualTo(before.Item1.GiftCount + before.Item2.GiftCount));
        Assert.That(after.LifetimeCents, Is.EqualTo(before.Item1.LifetimeCents + before.Item2.LifetimeCents).And.EqualTo(18_000));
        Assert.That(after.FirstGiftOn, Is.EqualTo(new DateOnly(2024, 12, 31)));
        Assert.That(_gifts.List(_admin, new GiftQuery { DonorId = survivor }).Gifts.Total, Is.EqualTo(5), "the voided gift moves too");
        Assert.That(_gifts.List(_admin, new GiftQuery { DonorId = duplicate }).Gifts.Total, Is.Zero);
        Assert.That(result.Moved.GiftCount, Is.EqualTo(3));
        Assert.That(result.Moved.GiftNetCents, Is.EqualTo(5_500));
        var kept = _donors.Find(_admin, duplicate)!;
        Assert.That(kept.MergedIntoId, Is.EqualTo(survivor), "the duplicate stays, marked merged");
        Assert.That(_donors.Search(_admin, new DonorQuery("Yang", null, new PageRequest())).Items.Select(d => d.Id), Is.EqualTo(new[] { survivor }));
    }

    [Test]
    public void Record_GiftOrSoftCreditForAMergedDonor_IsRefusedAndNamesTheSurvivor()
    {
        var survivor = Person("Xee", "Yang");
        var duplicate = Person("Xee", "Yang");
        _merges.Merge(_admin, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });

        var toMerged = Assert.Throws<ValidationException>(() => Give(duplicate, 1_000, new DateOnly(2026, 3, 1)))!;
        var creditToMerged = Assert.Throws<ValidationException>(() => Give(survivor, 1_000, new DateOnly(2026, 3, 1), credits: [new SoftCreditInput(duplicate, SoftCreditKind.Household, null)]))!;

        Assert.That(toMerged.Errors.Single().ErrorMessage, Is.EqualTo($"This donor was merged into donor {survivor}; record the gift there."));
        Assert.That(creditToMerged.Errors.Single().PropertyName, Is.EqualTo("SoftCredits[0].DonorId"));
        Assert.That(_gifts.List(_admin, new GiftQuery()).Gifts.Total, Is.Zero);
    }

    [Test]
    public void Merge_KeepsReportRollupsEqualToAFullRecomputation()
    {
        var random = new Random(11);
        var people = Enumerable.Range(0, 6).Select(i => Person("Pa", $"Vue {i}")).ToList();
        string[] categories = ["individual", "membership_dues", "events"];
        for (var i = 0; i < 120; i++)
            Give(people[random.Next(people.Count)], random.Next(1, 30) * 500, new DateOnly(2023, 1, 1).AddDays(random.Next(1200)), categories[random.Next(categories.Length)]);

        _merges.Merge(_admin, new DonorMergeInput { SurvivorId = people[0], DuplicateId = people[1] });
        _merges.Merge(_admin, new DonorMergeInput { SurvivorId = people[5], DuplicateId = people[2] });
        _merges.Merge(_admin, new DonorMergeInput { SurvivorId = people[5], DuplicateId = people[0] });

        ReportRollupTests.AssertRollupsMatchGifts(_db);
        ReportRollupTests.AssertReportsMatch(_db, _admin, new ReportPeriodInput(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)));
        ReportRollupTests.AssertReportsMatch(_db, _admin, new ReportPeriodInput(new DateOnly(2024, 3, 1), new DateOnly(2026, 4, 30)));
    }

    [Test]
    public void Merge_DropsSoftCreditsThatWouldCreditTheSurvivorOnItsOwnGift_AndMovesTheRest()
    {
        var survivor = Person("Amina", "Abdi");
        var duplicate = Person("Amina", "Abdi");
        var neighbour = Person("Hodan", "Farah");
        var survivorsGift = Give(survivor, 5_000, June1, credits: [new SoftCreditInput(duplicate, SoftCreditKind.Household, null)]);
        var duplicatesGift = Give(duplicate, 3_000, June1, credits: [new SoftCreditInput(survivor, SoftCreditKind.Household, null)]);
        var neighboursGift = Give(neighbour, 2_000, June1, credits: [new SoftCreditInput(duplicate, SoftCreditKind.InHonor, "Birthday")]);
        var preview = _merges.Preview(_admin, survivor, duplicate)!;

        _merges.Merge(_admin, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });

        Assert.That(preview.Moves.SoftCreditsDropped, Is.EqualTo(2));
        Assert.That(preview.Moves.SoftCreditsMoved, Is.EqualTo(1));
        Assert.That(_gifts.Find(_admin, survivorsGift)!.SoftCredits, Is.Empty);
        Assert.That(_gifts.Find(_admin, duplicatesGift)!.SoftCredits, Is.Empty);
        Assert.That(_gifts.Find(_admin, neighboursGift)!.SoftCredits.Select(c => (c.DonorId, c.Kind.Word(), c.Note)),
            Is.EqualTo(new[] { (survivor, "in_honor", (string?)"Birthday") }));
        using var connection = _db.Connections.Open();
        Assert.That(connection.ExecuteScalar<long>(
            "SELECT count(*) FROM gift_soft_credits c JOIN gifts g ON g.id = c.gift_id WHERE c.donor_id = g.donor_id"), Is.Zero);
    }

    [Test]
    public void Merge_UnionsTags_IgnoringCase_AndTheDuplicateKeepsNone()
    {
        var survivor = _donors.Create(_admin, new DonorInput { FirstName = "Lupe", LastName = "Ortiz", Tags = ["volunteer", "Board"] });
        var duplicate = _donors.Create(_admin, new DonorInput { FirstName = "Lupe", LastName = "Ortiz", Tags = ["board", "phone bank"] });

        _merges.Merge(_admin, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });

        Assert.That(_donors.Find(_admin, survivor)!.Tags, Is.EquivalentTo(new[] { "Board", "phone bank", "volunteer" }));
        Assert.That(_donors.Find(_admin, duplicate)!.Tags, Is.Empty);
    }

    [Test]
    public void Merge_TakesEachChosenField_AndFillsBlanksFromTheDuplicateByDefault()
    {
        var survivor = _donors.Create(_admin, new DonorInput { FirstName = "Mai", LastName = "Lor", Email = "mai@old.example", City = "Saint Paul", PostalCode = "55104" });
        var duplicate = _donors.Create(_admin, new DonorInput
        {
            FirstName = "Mai Nou", LastName = "Lor", Email = "mai@new.example", Phone = "651-555-0101", City = "Minneapolis", PostalCode = "55407", DoNotContact = true,
        });
        var preview = _merges.Preview(_admin, survivor, duplicate)!;

        _merges.Merge(_admin, new DonorMergeInput
        {
            SurvivorId = survivor, DuplicateId = duplicate,
            Keep = new Dictionary<string, string> { ["email"] = "duplicate", ["name"] = "survivor", ["address"] = "survivor" },
        });

        Assert.That(preview.Differences.Select(d => d.Field), Is.EqualTo(new[] { "name", "email", "phone", "address", "doNotContact" }));
        Assert.That(preview.Differences.Single(d => d.Field == "phone").Suggested, Is.EqualTo("duplicate"));
        Assert.That(preview.Differences.Single(d => d.Field == "doNotContact").Suggested, Is.EqualTo("duplicate"));
        var merged = _donors.Find(_admin, survivor)!;
        Assert.That((merged.FirstName, merged.Email, merged.Phone, merged.City, merged.PostalCode, merged.DoNotContact),
            Is.EqualTo(("Mai", (string?)"mai@new.example", (string?)"651-555-0101", (string?)"Saint Paul", (string?)"55104", true)));
    }

    [Test]
    public void Merge_MovesMembershipsAndRecurringDonations_AndTheirStandingIsReplayedFromTheirGifts()
    {
        var memberships = _db.Get<MembershipService>();
        var plan = memberships.CreatePlan(_admin, new MembershipPlanInput
        {
            Name = "Monthly", MemberKind = MemberKind.Individual, Interval = DuesInterval.Month, PricingKind = DuesPricingKind.Fixed, AmountCents = 1_000, GraceDays = 30,
        });
        var survivor = Person("Xee", "Yang");
        var duplicate = Person("Xee", "Yang");
        var term = memberships.Enrol(_admin, new MembershipEnrolmentInput { DonorId = duplicate, PlanId = plan, StartsOn = new DateOnly(2026, 3, 1) }).MembershipId;
        memberships.RecordPayment(_admin, term, new GiftInput { AmountCents = 3_000, ReceivedOn = new DateOnly(2026, 3, 1), Method = GiftMethod.Check });
        var pledge = _db.Get<RecurringDonationService>().Create(_admin, new RecurringDonationInput { DonorId = duplicate, AmountCents = 2_000, Interval = DuesInterval.Month, StartsOn = new DateOnly(2026, 4, 1) });
        _db.Get<RecurringDonationService>().RecordPayment(_admin, pledge, new DateOnly(2026, 4, 1), GiftMethod.Card);
        var standingBefore = memberships.Find(_admin, term)!.Summary;
        // A stale cache the merge's replay must repair: the ledger, not the stored row, is the truth.
        Execute("UPDATE memberships SET paid_through = starts_on, paid_periods = 0, credit_cents = 0 WHERE id = @term", new { term });
        Execute("UPDATE recurring_donations SET next_installment = 0 WHERE id = @pledge", new { pledge });

        _merges.Merge(_admin, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });

        var after = memberships.Find(_admin, term)!;
        Assert.That(after.Summary.DonorId, Is.EqualTo(survivor));
        Assert.That((after.Summary.PaidThrough, after.Summary.CreditCents, after.Summary.Status),
            Is.EqualTo((standingBefore.PaidThrough, standingBefore.CreditCents, standingBefore.Status)));
        Assert.That(after.Summary.PaidThrough, Is.GreaterThan(new DateOnly(2026, 3, 1)), "three months paid, not the stale cache");
        Assert.That(memberships.ForDonor(_admin, survivor).Select(m => m.Id), Is.EqualTo(new[] { term }));
        var recurring = _db.Get<RecurringDonationService>().Find(_admin, pledge)!;
        Assert.That((recurring.Row.DonorId, recurring.Row.Schedule.NextInstallment), Is.EqualTo((survivor, 1)));
    }

    [TestCase(null)]
    [TestCase("new_donors")]
    public void Merge_ReRunsMatching_SoAllocationsEqualAFreshRun(string? eligibility)
    {
        var funder = _donors.Create(_admin, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Headwaters Foundation" });
        var survivor = Person("Ana", "Lopez");
        var duplicate = Person("Ana", "Lopez");
        if (eligibility == "new_donors")
            Give(survivor, 1_000, new DateOnly(2025, 12, 1));
        var campaign = _db.Get<MatchingCampaignService>().Create(_admin, new MatchingCampaignInput
        {
            Name = "Spring drive", FunderDonorId = funder, PoolCents = 100_000, Ratio = "1:1", PerDonorCapCents = 3_000,
            StartsOn = June1, EndsOn = new DateOnly(2026, 6, 30), Eligibility = eligibility,
            Participants = [new MatchingParticipantInput { OrganizationId = _admin.OrganizationId }],
        });
        Give(survivor, 2_500, June1.AddDays(1));
        Give(duplicate, 2_500, June1.AddDays(3));
        var matchedBefore = MatchedTotal(campaign);

        var result = _merges.Merge(_admin, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });

        Assert.That(result.CampaignsReallocated, Does.Contain(campaign));
        AssertStoredEqualsFreshRun(campaign);
        if (eligibility is null)
        {
            Assert.That(matchedBefore, Is.EqualTo(5_000), "two donors, each under the cap");
            Assert.That(MatchedTotal(campaign), Is.EqualTo(3_000), "one donor now: the per-donor cap binds across both gifts");
        }
        else
        {
            Assert.That(matchedBefore, Is.EqualTo(2_500), "only the duplicate was new");
            Assert.That(MatchedTotal(campaign), Is.Zero, "merged with a donor who gave in the look-back, nobody is new");
        }
    }

    [Test]
    public void Merge_OfDonorsWithNoGiftInACampaignsWindowOrLookBack_LeavesThatCampaignAlone()
    {
        var funder = _donors.Create(_admin, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Headwaters Foundation" });
        var survivor = Person("Ana", "Lopez");
        var duplicate = Person("Ana", "Lopez");
        var other = Person("Bo", "Vang");
        var campaign = _db.Get<MatchingCampaignService>().Create(_admin, new MatchingCampaignInput
        {
            Name = "Spring drive", FunderDonorId = funder, PoolCents = 100_000, Ratio = "1:1", StartsOn = June1, EndsOn = new DateOnly(2026, 6, 30),
            Eligibility = "new_donors", Participants = [new MatchingParticipantInput { OrganizationId = _admin.OrganizationId }],
        });
        Give(survivor, 2_500, new DateOnly(2025, 5, 31));
        Give(duplicate, 2_500, new DateOnly(2024, 1, 10));
        Give(other, 4_000, June1);

        var result = _merges.Merge(_admin, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });

        Assert.That(result.CampaignsReallocated, Is.Empty, "the day before the look-back starts is outside it");
        AssertStoredEqualsFreshRun(campaign);
        Assert.That(MatchedTotal(campaign), Is.EqualTo(4_000));
    }

    [Test]
    public void Merge_OfTheFunder_MovesTheCampaignToTheSurvivor()
    {
        var survivor = _donors.Create(_admin, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Headwaters Foundation" });
        var duplicate = _donors.Create(_admin, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Headwaters Fdn" });
        var campaign = _db.Get<MatchingCampaignService>().Create(_admin, new MatchingCampaignInput
        {
            Name = "Spring drive", FunderDonorId = duplicate, PoolCents = 100_000, Ratio = "1:1", StartsOn = June1, EndsOn = new DateOnly(2026, 6, 30),
            Participants = [new MatchingParticipantInput { OrganizationId = _admin.OrganizationId }],
        });

        _merges.Merge(_admin, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });

        Assert.That(_db.Get<MatchingCampaignService>().Find(_admin, campaign)!.FunderDonorId, Is.EqualTo(survivor));
    }

    [Test]
    public void Merge_PointsReceiptsAtTheSurvivor_WithTheirIssuedContentUntouched()
    {
        var survivor = Person("Xee", "Yang");
        var duplicate = Person("Xee", "Yang");
        var gift = Give(duplicate, 5_000, June1);
        var receipts = _db.Get<GiftReceiptService>();
        receipts.ForGift(_admin, gift);
        var issued = receipts.CurrentForGift(_admin, gift)!;

        _merges.Merge(_admin, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });

        var after = receipts.Find(_admin, issued.Id)!;
        Assert.That(after.DonorId, Is.EqualTo(survivor));
        Assert.That((after.Number, after.ContentHash, after.ContentJson), Is.EqualTo((issued.Number, issued.ContentHash, issued.ContentJson)));
    }

    [Test]
    public void Merge_WhenBothHoldAStandingYearEndStatementForTheSamePeriod_IsRefusedAndWritesNothing()
    {
        var survivor = Person("Xee", "Yang");
        var duplicate = Person("Xee", "Yang");
        Give(survivor, 5_000, new DateOnly(2025, 5, 1));
        Give(duplicate, 5_000, new DateOnly(2025, 6, 1));
        var receipts = _db.Get<YearEndStatementService>();
        receipts.Annual(_admin, new AnnualStatementInput(2025, survivor));
        receipts.Annual(_admin, new AnnualStatementInput(2025, duplicate));

        var refused = AssertRefusedAndUnchanged(new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo(nameof(DonorMergeInput.DuplicateId)));
        Assert.That(refused.Errors.Single().ErrorMessage, Does.Contain("year-end statement"));
        Assert.That(_merges.Preview(_admin, survivor, duplicate)!.Blockers, Has.Count.EqualTo(1));
    }

    [Test]
    public void Merge_MovesTheAllianceDuesPayerLink_AndIsRefusedWhenBothStandForAMember()
    {
        var north = _db.NewOrganization("Northside Tenants").OrganizationId;
        var south = _db.NewOrganization("Southside Tenants").OrganizationId;
        var survivor = _donors.Create(_admin, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Northside Tenants" });
        var duplicate = _donors.Create(_admin, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Northside Tenants Union" });
        var third = _donors.Create(_admin, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Southside Tenants" });
        const string link = "INSERT INTO alliance_dues_payers (organization_id, member_organization_id, donor_id) VALUES (@organization, @member, @donor)";
        Execute(link, new { organization = _admin.OrganizationId, member = north, donor = duplicate });
        Execute(link, new { organization = _admin.OrganizationId, member = south, donor = third });

        var refused = AssertRefusedAndUnchanged(new DonorMergeInput { SurvivorId = third, DuplicateId = duplicate });
        _merges.Merge(_admin, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });

        Assert.That(refused.Errors.Single().ErrorMessage, Does.Contain("alliance dues"));
        using var connection = _db.Connections.Open();
        Assert.That(connection.ExecuteScalar<long>("SELECT donor_id FROM alliance_dues_payers WHERE member_organization_id = @north", new { north }), Is.EqualTo(survivor));
    }

    [Test]
    public void Merge_OfDifferentKindsWithoutConfirmation_IsRefusedAndWritesNothing()
    {
        var survivor = Person("Xee", "Yang");
        var duplicate = _donors.Create(_admin, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Yang Family Fund" });
        Give(duplicate, 5_000, June1);

        var refused = AssertRefusedAndUnchanged(new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });

        Assert.That(refused.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { nameof(DonorMergeInput.ConfirmDifferentKinds) }));
        _merges.Merge(_admin, new DonorMergeInput
        {
            SurvivorId = survivor, DuplicateId = duplicate, ConfirmDifferentKinds = true, Keep = new Dictionary<string, string> { ["name"] = "duplicate" },
        });
        Assert.That(_donors.Find(_admin, survivor)!.DisplayName, Is.EqualTo("Yang Family Fund"));
    }

    [Test]
    public void Merge_WithAnUnknownFieldOrSide_IsRefusedNamingTheField()
    {
        var survivor = Person("Xee", "Yang");
        var duplicate = Person("Xee", "Yang");
        Give(duplicate, 5_000, June1);

        var refused = AssertRefusedAndUnchanged(new DonorMergeInput
        {
            SurvivorId = survivor, DuplicateId = duplicate, Keep = new Dictionary<string, string> { ["shoeSize"] = "survivor", ["email"] = "both" },
        });

        Assert.That(refused.Errors.Select(e => e.PropertyName), Is.EquivalentTo(new[] { "Keep.shoeSize", "Keep.email" }));
    }

    [Test]
    public void Merge_OfTheSameDonorAnotherOrganizationsDonorOrAMergedDonor_IsRefused()
    {
        var survivor = Person("Xee", "Yang");
        var duplicate = Person("Xee", "Yang");
        var elsewhere = _db.Get<DonorService>().Create(_db.NewOrganization("Other Union"), new DonorInput { FirstName = "Xee", LastName = "Yang" });

        Assert.That(Refused(new DonorMergeInput { SurvivorId = survivor, DuplicateId = survivor }), Does.Contain("DuplicateId: Choose two different donors."));
        Assert.That(Refused(new DonorMergeInput { SurvivorId = survivor, DuplicateId = elsewhere }), Does.Contain("DuplicateId: There is no such donor in this organization."));
        Assert.That(Refused(new DonorMergeInput { SurvivorId = elsewhere, DuplicateId = duplicate }), Does.Contain("SurvivorId: There is no such donor in this organization."));
        _merges.Merge(_admin, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });
        Assert.That(Refused(new DonorMergeInput { SurvivorId = Person("Xee", "Yang"), DuplicateId = duplicate }),
            Does.Contain($"DuplicateId: This donor was already merged into donor {survivor}."));
    }

    [TestCase(Role.Viewer)]
    [TestCase(Role.Entry)]
    public void Merge_ByViewerOrEntry_IsForbidden(Role role)
    {
        var survivor = Person("Xee", "Yang");
        var duplicate = Person("Xee", "Yang");
        var actor = _admin with { Role = role };

        Assert.Throws<ForbiddenException>(() => _merges.Merge(actor, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate }));
        Assert.Throws<ForbiddenException>(() => _merges.Preview(actor, survivor, duplicate));
        Assert.Throws<ForbiddenException>(() => _merges.FindLikelyDuplicates(actor, new PageRequest()));
        Assert.That(_donors.Find(_admin, duplicate)!.MergedIntoId, Is.Null);
    }

    [Test]
    public void Merge_ByATreasurer_WritesOneAuditEntryWithBothDonorsBeforeAndAfter()
    {
        var survivor = Person("Xee", "Yang");
        var duplicate = _donors.Create(_admin, new DonorInput { FirstName = "Xee", LastName = "Yang", Email = "xee@example.org" });
        var treasurer = _admin with { Role = Role.Treasurer };
        var entriesBefore = AuditCount();

        _merges.Merge(treasurer, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });

        Assert.That(AuditCount(), Is.EqualTo(entriesBefore + 1));
        using var session = _db.Connections.Read();
        var entry = _db.Get<AuditLog>().List(session, _admin.OrganizationId, "donor", survivor, new PageRequest()).Items.First();
        Assert.That(entry.Action, Is.EqualTo("merge"));
        Assert.That(entry.BeforeJson, Does.Contain("\"survivor\":").And.Contain("\"duplicate\":").And.Contain("\"mergedIntoId\":null"));
        Assert.That(entry.AfterJson, Does.Contain($"\"mergedIntoId\":{survivor}").And.Contain("\"email\":\"xee@example.org\""));
    }

    [Test]
    public void Merge_OfADonorOthersWereMergedInto_PointsThemAtTheNewSurvivor()
    {
        var first = Person("Xee", "Yang");
        var second = Person("Xee", "Yang");
        var third = Person("Xee", "Yang");

        _merges.Merge(_admin, new DonorMergeInput { SurvivorId = second, DuplicateId = first });
        _merges.Merge(_admin, new DonorMergeInput { SurvivorId = third, DuplicateId = second });

        Assert.That(_donors.Find(_admin, first)!.MergedIntoId, Is.EqualTo(third));
        Assert.That(_donors.Find(_admin, second)!.MergedIntoId, Is.EqualTo(third));
    }

    [Test]
    public void FindLikelyDuplicates_PairsSameEmailAndSameNameAndPostalCode_IgnoringCaseAndAccents()
    {
        var nguyen = _donors.Create(_admin, new DonorInput { FirstName = "Nguyễn Văn", LastName = "An", PostalCode = "55104" });
        var plain = _donors.Create(_admin, new DonorInput { FirstName = "nguyen van", LastName = "AN", PostalCode = "55104-1234" });
        _donors.Create(_admin, new DonorInput { FirstName = "Nguyen Van", LastName = "An", PostalCode = "55407" });
        var dang = _donors.Create(_admin, new DonorInput { FirstName = "Đặng", LastName = "Thu", Email = "Thu@Example.org" });
        var thu = _donors.Create(_admin, new DonorInput { FirstName = "T.", LastName = "Dang", Email = "thu@example.org" });
        var other = _db.NewOrganization("Other Union");
        _db.Get<DonorService>().Create(other, new DonorInput { FirstName = "Đặng", LastName = "Thu", Email = "thu@example.org" });

        var pairs = _merges.FindLikelyDuplicates(_admin, new PageRequest()).Items;

        Assert.That(pairs.Select(p => (p.Survivor.Id, p.Duplicate.Id, p.SameEmail, p.SameNameAndPostalCode)),
            Is.EquivalentTo(new[] { (nguyen, plain, false, true), (dang, thu, true, false) }));
    }

    [Test]
    public void FindLikelyDuplicates_LeavesOutMergedDonorsAndPairsMarkedNotDuplicates_AndPages()
    {
        var a = _donors.Create(_admin, new DonorInput { FirstName = "Ana", LastName = "One", Email = "shared@example.org" });
        var b = _donors.Create(_admin, new DonorInput { FirstName = "Ana", LastName = "Two", Email = "shared@example.org" });
        var c = _donors.Create(_admin, new DonorInput { FirstName = "Ana", LastName = "Three", Email = "shared@example.org" });
        var d = _donors.Create(_admin, new DonorInput { FirstName = "Bo", LastName = "Four", Email = "bo@example.org" });
        var e = _donors.Create(_admin, new DonorInput { FirstName = "Bo", LastName = "Five", Email = "BO@example.org" });
        Assert.That(_merges.FindLikelyDuplicates(_admin, new PageRequest()).Total, Is.EqualTo(3), "a group of three pairs with its oldest: two pairs");

        _merges.Merge(_admin, new DonorMergeInput { SurvivorId = a, DuplicateId = b });
        Assert.That(_merges.MarkNotDuplicate(_admin, e, d), Is.True);

        var page1 = _merges.FindLikelyDuplicates(_admin, new PageRequest(1, 1));
        Assert.That(page1.Total, Is.EqualTo(1));
        Assert.That(page1.Items.Select(p => (p.Survivor.Id, p.Duplicate.Id)), Is.EqualTo(new[] { (a, c) }));
        Assert.That(_merges.FindLikelyDuplicates(_admin, new PageRequest(2, 1)).Items, Is.Empty);
    }

    private ValidationException AssertRefusedAndUnchanged(DonorMergeInput input)
    {
        var snapshot = DatabaseSnapshot();
        var refused = Assert.Throws<ValidationException>(() => _merges.Merge(_admin, input))!;
        Assert.That(DatabaseSnapshot(), Is.EqualTo(snapshot), "a refused merge writes nothing");
        return refused;
    }

    private string Refused(DonorMergeInput input) =>
        string.Join("\n", Assert.Throws<ValidationException>(() => _merges.Merge(_admin, input))!.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}"));

    private string DatabaseSnapshot()
    {
        using var connection = _db.Connections.Open();
        var parts = new[]
        {
            "SELECT id, donor_id, updated_at FROM gifts ORDER BY id",
            "SELECT id, kind, first_name, organization_name, email, merged_into_id, updated_at FROM donors ORDER BY id",
            "SELECT donor_id, tag FROM donor_tags ORDER BY 1, 2",
            "SELECT id, donor_id FROM gift_soft_credits ORDER BY id",
            "SELECT id, donor_id FROM receipts ORDER BY id",
            "SELECT member_organization_id, donor_id FROM alliance_dues_payers ORDER BY 1",
            "SELECT organization_id, donor_id, month, category, net_cents FROM report_rollups ORDER BY 1, 2, 3, 4",
            "SELECT count(*) FROM audit_entries",
        };
        return string.Join("\n", parts.Select(sql => string.Join(";", connection.Query(sql).Select(row => string.Join(",", ((IDictionary<string, object?>)row).Values)))));
    }

    private long AuditCount()
    {
        using var connection = _db.Connections.Open();
        return connection.ExecuteScalar<long>("SELECT count(*) FROM audit_entries");
    }

    private long MatchedTotal(long campaignId)
    {
        using var db = _db.Connections.Read();
        return _db.Get<MatchingRepository>().Allocations(db, campaignId).Sum(a => a.MatchedCents);
    }

    private void AssertStoredEqualsFreshRun(long campaignId)
    {
        using var db = _db.Connections.Read();
        var repository = _db.Get<MatchingRepository>();
        var reallocation = _db.Get<MatchingReallocation>();
        var campaign = repository.FindVisible(db, _admin.OrganizationId, campaignId)!;
        var fresh = reallocation.FreshRun(db, reallocation.RulesOf(db, campaign, out var participants));
        var stored = repository.Allocations(db, campaignId);

        Assert.That(stored.Select(a => (a.GiftId, a.DonorId, a.MatchableBaseCents, a.MatchedCents)),
            Is.EqualTo(fresh.Allocations.Select(a => (a.GiftId, DonorOf(a.GiftId), a.MatchableBaseCents, a.MatchedCents))));
        Assert.That(participants.Select(p => (p.OrganizationId, p.RaisedCents, p.MatchedCents, p.GiftCount, p.DonorCount)),
            Is.EquivalentTo(fresh.PerOrganization.Select(o => (o.OrganizationId, o.RaisedCents, o.MatchedCents, (long)o.GiftCount, (long)o.DonorCount))));
    }

    private long DonorOf(long giftId) => _gifts.Find(_admin, giftId)!.DonorId;

    private void Execute(string sql, object args)
    {
        using var connection = _db.Connections.Open();
        connection.Execute(sql, args);
    }

    private long Person(string first, string last) => _donors.Create(_admin, new DonorInput { FirstName = first, LastName = last });

    private long Give(long donor, long cents, DateOnly on, string category = "individual", IReadOnlyList<SoftCreditInput>? credits = null) =>
        _gifts.Record(_admin, new GiftInput { DonorId = donor, AmountCents = cents, ReceivedOn = on, Method = GiftMethod.Check, Category = DomainWords.Parse<GiftCategory>(category), SoftCredits = credits });

    [Test]
    public void EveryColumnThatHoldsADonorId_IsOneTheMergeHandles()
    {
        using var connection = _db.Connections.Open();
        var inSchema = DonorReferenceColumns.InSchema(connection);
        var handled = DonorMergeRepository.DonorReferences.Select(r => $"{r.Table}.{r.Column}").Order(StringComparer.Ordinal).ToList();

        Assert.That(inSchema, Does.Contain("import_donor_keys.donor_id").And.Contain("donors.merged_into_id").And.Contain("gifts.donor_id"));
        Assert.That(inSchema.Except(handled), Is.Empty, "columns that reference donors and that the merge does not handle");
        Assert.That(handled.Except(inSchema), Is.Empty, "columns the merge lists that the schema no longer has");
    }

    [Test]
    public void ImportKeyOfTheDuplicate_AfterTheMerge_LeadsALaterImportToTheSurvivor()
    {
        var imports = _db.Get<DonorTrack.Core.Imports.ImportService>();
        var donorsFile = Encoding.UTF8.GetBytes("Constituent ID,First Name,Last Name,Email\r\nA-1,Mai,Vang,mai@example.org\r\nA-2,Mai,Vang,\r\n");
        var created = imports.Commit(_admin, "donors.csv", donorsFile, new DonorTrack.Core.Imports.ImportOptions()).DonorsCreated;
        _merges.Merge(_admin, new DonorMergeInput { SurvivorId = created[0], DuplicateId = created[1] });

        var giftsFile = Encoding.UTF8.GetBytes("Constituent ID,Amount,Date,Method\r\nA-2,40,2026-02-01,check\r\n");
        var preview = imports.Preview(_admin, "gifts.csv", giftsFile, new DonorTrack.Core.Imports.ImportOptions());
        var result = imports.Commit(_admin, "gifts.csv", giftsFile, new DonorTrack.Core.Imports.ImportOptions());

        Assert.That(preview.Rows.Single().ExistingDonorId, Is.EqualTo(created[0]));
        using var connection = _db.Connections.Open();
        Assert.That(connection.QuerySingle<long>("SELECT donor_id FROM gifts WHERE id = @id", new { id = result.GiftIds.Single() }), Is.EqualTo(created[0]));
        Assert.That(connection.QuerySingle<long>("SELECT donor_id FROM import_donor_keys WHERE external_id = 'A-2'"), Is.EqualTo(created[0]));
    }

    [Test]
    public void GrantAndPledgeOfTheDuplicate_AfterTheMerge_BelongToTheSurvivorWithTheirPaymentsIntact()
    {
        var donorService = _db.Get<DonorService>();
        var survivor = donorService.Create(_admin, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Bush Foundation" });
        var duplicate = donorService.Create(_admin, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Bush Foundation Inc." });
        var grants = _db.Get<DonorTrack.Core.Grants.GrantService>();
        var pledges = _db.Get<DonorTrack.Core.Grants.PledgeService>();
        var grantId = grants.Create(_admin, new DonorTrack.Core.Grants.GrantInput
        {
            FunderDonorId = duplicate, Name = "General support", AmountCents = 30_000_00, AwardedOn = new DateOnly(2026, 1, 10),
            StartsOn = new DateOnly(2026, 1, 1), EndsOn = new DateOnly(2028, 12, 31),
            Restriction = DonorTrack.Core.Grants.GrantRestriction.GeneralOperating, Status = DonorTrack.Core.Grants.GrantStatus.Awarded, InstallmentCount = 3,
        });
        var pledgeId = pledges.Create(_admin, new DonorTrack.Core.Grants.PledgeInput
        {
            DonorId = duplicate, AmountCents = 1_200_00, PledgedOn = new DateOnly(2026, 1, 5), Category = GiftCategory.Corporate, InstallmentCount = 12, IntervalMonths = 1,
        });
        var gifts = _db.Get<GiftService>();
        gifts.Record(_admin, new GiftInput { DonorId = duplicate, AmountCents = 10_000_00, ReceivedOn = new DateOnly(2026, 2, 1), Method = GiftMethod.Check, Category = GiftCategory.Foundation, GrantId = grantId });
        gifts.Record(_admin, new GiftInput { DonorId = duplicate, AmountCents = 100_00, ReceivedOn = new DateOnly(2026, 2, 1), Method = GiftMethod.Check, Category = GiftCategory.Corporate, PledgeId = pledgeId });

        _merges.Merge(_admin, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });
        gifts.Record(_admin, new GiftInput { DonorId = survivor, AmountCents = 10_000_00, ReceivedOn = new DateOnly(2026, 3, 1), Method = GiftMethod.Check, Category = GiftCategory.Foundation, GrantId = grantId });

        var grant = grants.Find(_admin, grantId)!;
        var pledge = pledges.Find(_admin, pledgeId)!;
        Assert.Multiple(() =>
        {
            Assert.That(grant.Grant.FunderDonorId, Is.EqualTo(survivor));
            Assert.That(grant.BalanceCents, Is.EqualTo(10_000_00), "both payments, before and after the merge, count");
            Assert.That(pledge.Pledge.DonorId, Is.EqualTo(survivor));
            Assert.That(pledge.BalanceCents, Is.EqualTo(1_100_00));
        });
    }

}
