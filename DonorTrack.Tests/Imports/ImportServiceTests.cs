using System.Globalization;

namespace DonorTrack.Tests.Imports;

public sealed class ImportServiceTests
{
    private TestDatabase _db = null!;
    private Actor _treasurer = null!;
    private ImportService _imports = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _treasurer = _db.NewOrganization(role: Role.Treasurer);
        _imports = _db.Get<ImportService>();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void Commit_2000Rows_StoresEachGiftExactlyAsGiftServiceStoresTheSameInput()
    {
        var fundId = _db.Get<DesignationService>().SaveFund(_treasurer, null, new FundInput("Rent Relief", Restricted: true, null));
        var campaignId = _db.Get<DesignationService>().SaveCampaign(_treasurer, null, new CampaignInput("Spring Appeal", null, null, null));
        string[] methods = ["check", "card", "cash", "ach", "in_kind", "stock", "other"];
        var lines = new List<string> { "First Name,Last Name,Email,Amount,Date,Method,Category,Fund,Campaign,Check Number,Gift Reference,Benefit Value,Benefit Description,In-Kind Description,Fee,Gift Notes" };
        var expected = new List<(string Email, GiftInput Input)>();
        for (var n = 0; n < 2000; n++)
        {
            var method = methods[n % methods.Length];
            var cents = 100L + n * 137 % 250_000;
            var on = new DateOnly(2025, 1, 1).AddDays(n % 500);
            var benefit = n % 5 == 0 ? Math.Min(cents, 1_500) : (long?)null;
            var fee = method == "card" ? cents / 40 : (long?)null;
            var input = new GiftInput
            {
                AmountCents = cents, ReceivedOn = on, Method = DomainWords.Parse<GiftMethod>(method), Category = n % 3 == 0 ? GiftCategory.Events : GiftCategory.Individual,
                FundId = n % 4 == 0 ? fundId : null, CampaignId = n % 6 == 0 ? campaignId : null,
                CheckNumber = method == "check" ? (1000 + n).ToString(CultureInfo.InvariantCulture) : null,
                ExternalId = method == "card" ? $"ch_{n}" : null, BenefitValueCents = benefit, BenefitDescription = benefit is null ? null : "Dinner, \"gala\"",
                InKindDescription = method == "in_kind" ? "Two boxes of\nfolding chairs" : null, FeeCents = fee,
                Notes = n % 7 == 0 ? "Trần Văn Hùng's pledge, paid" : null,
            };
            var email = $"donor{n % 300}@example.org";
            expected.Add((email, input));
            lines.Add(string.Join(",", "Hùng", $"Trần {n % 300}", n % 2 == 0 ? email : email.ToUpperInvariant(), Dollars(cents), n % 2 == 0 ? on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : on.ToString("M/d/yyyy", CultureInfo.InvariantCulture),
                n % 2 == 0 ? method : DomainWords.Label(method), input.Category, input.FundId is null ? "" : "rent relief", input.CampaignId is null ? "" : "Spring Appeal",
                input.CheckNumber, input.ExternalId, benefit is null ? "" : Dollars(benefit.Value), Quote(input.BenefitDescription), Quote(input.InKindDescription),
                fee is null ? "" : Dollars(fee.Value), Quote(input.Notes)));
        }

        var result = _imports.Commit(_treasurer, "gifts.csv", Utf8(lines), new ImportOptions());

        Assert.That(result.GiftIds, Has.Count.EqualTo(2000));
        Assert.That(result.DonorsCreated, Has.Count.EqualTo(300), "rows with the same email (any case) are one donor");
        var gifts = _db.Get<GiftService>();
        var donors = _db.Get<DonorService>();
        using var db = _db.Connections.BeginTransaction();
        var repository = _db.Get<GiftRepository>();
        for (var i = 0; i < expected.Count; i++)
        {
            var imported = repository.Find(db, _treasurer.OrganizationId, result.GiftIds[i])!;
            var donorId = _db.Get<DonorRepository>().WithEmail(db, _treasurer.OrganizationId, expected[i].Email, null).Single().Id;
            var referenceId = gifts.Record(db, _treasurer, expected[i].Input with { DonorId = donorId });
            var reference = repository.Find(db, _treasurer.OrganizationId, referenceId)!;
            Assert.That(Comparable(imported), Is.EqualTo(Comparable(reference)), $"row {i + 2}");
        }
        var donor = donors.Find(_treasurer, result.DonorsCreated[0])!;
        Assert.That((donor.FirstName, donor.LastName, donor.Email), Is.EqualTo(("Hùng", "Trần 0", "donor0@example.org")));
    }

    [TestCase("12.345", "“12.345” is not an amount")]
    [TestCase("-5", "Negative amounts")]
    [TestCase("10,000,000.01", "cannot be more than $10,000,000.00")]
    [TestCase("0", "more than zero")]
    public void Commit_OneBadAmount_WritesNothingAndNamesTheRowAndColumn(string amount, string message)
    {
        var file = Utf8(["Name,Last Name,Email,Gift Amount,Date,Method", ",Ana,ana@example.org,10.00,2026-01-05,cash", $",Bo,bo@example.org,\"{amount}\",2026-01-06,cash", ",Cy,cy@example.org,30,2026-01-07,cash"]);

        var refused = Assert.Throws<ImportRefusedException>(() => _imports.Commit(_treasurer, "bad.csv", file, new ImportOptions()))!;

        Assert.That(refused.Preview.Errors.Select(e => e.ToString()), Has.One.StartsWith("Row 3, Gift Amount: ").And.Contains(message));
        Assert.That(refused.Preview.Errors, Has.Count.EqualTo(1));
        Assert.That(Count("gifts") + Count("donors") + Count("imports"), Is.Zero);
    }

    [Test]
    public void Preview_BadCellsInSeveralColumns_ReportsEachWithItsRowAndWritesNothing()
    {
        var file = Utf8(["Last Name,Email,Amount,Date,Method,Category,Fund", "Ana,not-an-email,5,14/3/2026,cash,,", "Bo,,5,2026-03-01,bitcoin,raffle,Nope", "Cy,,5,2030-01-01,cash,,"]);

        var preview = _imports.Preview(_treasurer, "bad.csv", file, new ImportOptions());

        Assert.That(preview.Errors.Select(e => (e.Row, e.Column)), Is.EquivalentTo(new[]
        {
            (2, "Email"), (2, "Date"), (3, "Method"), (3, "Category"), (3, "Fund"), (4, "Date"),
        }));
        Assert.That(preview.Errors.Single(e => e.Row == 4).Message, Does.Contain("future"));
        Assert.That(Count("donors"), Is.Zero);
    }

    [Test]
    public void Commit_EmailsAcrossRowsAndExistingDonors_MatchCaseInsensitivelyWithinTheOrganization()
    {
        var existing = _db.Get<DonorService>().Create(_treasurer, new DonorInput { FirstName = "Mai", LastName = "Nguyễn", Email = "Mai@Example.org" });
        var elsewhere = _db.NewOrganization("Other Group");
        _db.Get<DonorService>().Create(elsewhere, new DonorInput { FirstName = "Not", LastName = "Theirs", Email = "new@example.org" });
        var file = Utf8(["First Name,Last Name,Email,Amount,Date,Method",
            "Mai,Nguyen,mai@example.org,10,2026-01-01,cash",
            "Layla,حداد,NEW@example.org,20,2026-01-02,cash",
            "Layla,حداد,new@EXAMPLE.org,30,2026-01-03,cash",
            "王,秀英,,40,2026-01-04,cash"]);

        var preview = _imports.Preview(_treasurer, "m.csv", file, new ImportOptions());
        var result = _imports.Commit(_treasurer, "m.csv", file, new ImportOptions());

        Assert.That((preview.DonorsToCreate, preview.DonorsMatched, preview.GiftsToAdd, preview.TotalCents), Is.EqualTo((2, 1, 4, 10_000L)));
        var donorOf = GiftDonors(result.GiftIds);
        Assert.That(donorOf[0], Is.EqualTo(existing));
        Assert.That(donorOf[1], Is.EqualTo(donorOf[2]));
        Assert.That(donorOf.Distinct().Count(), Is.EqualTo(3));
        var chinese = _db.Get<DonorService>().Find(_treasurer, donorOf[3])!;
        Assert.That((chinese.FirstName, chinese.LastName), Is.EqualTo(("王", "秀英")));
        Assert.That(_db.Get<DonorService>().Find(_treasurer, donorOf[1])!.LastName, Is.EqualTo("حداد"));
        Assert.That(_db.Get<DonorService>().Find(_treasurer, existing)!.LastName, Is.EqualTo("Nguyễn"), "a matched donor is not changed");
    }

    [Test]
    public void Commit_ExternalIdFromAnEarlierDonorFile_FindsTheDonorForALaterGiftsFile()
    {
        var donorsFile = Utf8(["Constituent ID,Organization Name,Email", "A-1,Frogtown Hardware,", "A-2,Rondo Bakery,bakery@example.org"]);
        var first = _imports.Commit(_treasurer, "donors.csv", donorsFile, new ImportOptions());
        var giftsFile = Utf8(["External ID,Amount,Date,Method,Category", "A-1,250,2026-02-01,check,corporate", "A-2,50,2026-02-02,card,corporate", "A-3,5,2026-02-02,cash,"]);

        var preview = _imports.Preview(_treasurer, "gifts.csv", giftsFile, new ImportOptions());

        Assert.That(first.DonorsCreated, Has.Count.EqualTo(2));
        Assert.That(_db.Get<DonorService>().Find(_treasurer, first.DonorsCreated[0])!.Kind, Is.EqualTo(DonorKind.Organization));
        Assert.That(preview.Rows.Take(2).Select(r => (r.DonorAction, r.ExistingDonorId)),
            Is.EqualTo(new[] { (ImportDonorAction.MatchedByExternalId, (long?)first.DonorsCreated[0]), (ImportDonorAction.MatchedByExternalId, first.DonorsCreated[1]) }));
        Assert.That(preview.Errors.Select(e => e.ToString()), Is.EqualTo(new[] { "Row 4, Last Name: Enter a first or last name." }), "an unknown id with no name cannot create a donor");
    }

    [Test]
    public void PlanMadeOutsideTheWriteLock_StillHoldsOnlyWhileEverythingItReadAnswersTheSame()
    {
        var existing = _db.Get<DonorService>().Create(_treasurer, new DonorInput { FirstName = "Mai", LastName = "Vang", Email = "mai@example.org" });
        _db.Get<DesignationService>().SaveFund(_treasurer, null, new FundInput("Rent Relief", Restricted: false, null));
        var file = Utf8([
            "Donor ID,Constituent ID,First Name,Last Name,Email,Amount,Date,Method,Fund",
            $"{existing},,,,,10,2026-01-02,cash,Rent Relief",
            ",K-1,Bo,Lee,bo@example.org,20,2026-01-03,check,",
            ",,Ana,Ruiz,mai@example.org,30,2026-01-04,check,",
        ]);
        var planner = new ImportPlanner(_db.Get<DonorRepository>(), _db.Get<ImportRepository>());
        ImportPlan Plan()
        {
            using var read = _db.Connections.Read();
            return planner.Plan(read, _treasurer.OrganizationId, new DateOnly(2026, 6, 15), "f.csv", new MemoryStream(file), new ImportOptions());
        }
        bool Holds(ImportPlan plan)
        {
            using var write = _db.Connections.BeginTransaction();
            return planner.StillHolds(write, _treasurer.OrganizationId, plan);
        }

        var plan = Plan();
        Assert.That(plan.Preview.IsValid, Is.True, string.Join("; ", plan.Preview.Errors));
        Assert.That(Holds(plan), Is.True, "nothing changed");

        _db.Get<DonorService>().Create(_treasurer, new DonorInput { FirstName = "Bo", LastName = "Lee", Email = "BO@example.org" });
        Assert.That(Holds(plan), Is.False, "a donor now holds the email a new donor was planned for");

        plan = Plan();
        _db.Get<DesignationService>().SaveFund(_treasurer, null, new FundInput("Rent Relief 2", Restricted: false, null));
        Assert.That(Holds(plan), Is.False, "a fund was added");

        plan = Plan();
        _imports.Commit(_treasurer, "keys.csv", Utf8(["Constituent ID,First Name,Last Name", "K-1,Bo,Lee"]), new ImportOptions());
        Assert.That(Holds(plan), Is.False, "an import recorded the previous system's id");

        plan = Plan();
        var other = _db.Get<DonorService>().Create(_treasurer, new DonorInput { FirstName = "Zed", LastName = "Vang" });
        _db.Get<DonorMergeService>().Merge(_treasurer, new DonorMergeInput { SurvivorId = other, DuplicateId = existing });
        Assert.That(Holds(plan), Is.False, "the donor named by id was merged away");
    }

    [Test]
    public void Commit_UnknownDonorId_IsAnErrorOnThatRow()
    {
        var preview = _imports.Preview(_treasurer, "x.csv", Utf8(["Donor ID,Amount,Date,Method", "99999,5,2026-01-01,cash"]), new ImportOptions());

        Assert.That(preview.Errors.Single().ToString(), Is.EqualTo("Row 2, Donor ID: There is no donor 99999 in this organization."));
    }

    [Test]
    public void Commit_MissingFundWithoutTheOption_IsRefused_WithTheOption_CreatesItOnce()
    {
        var file = Utf8(["Last Name,Amount,Date,Method,Fund,Campaign", "Ana,5,2026-01-01,cash,Bail Fund,Rent Strike", "Bo,6,2026-01-02,cash,bail fund,Rent Strike"]);

        var without = _imports.Preview(_treasurer, "f.csv", file, new ImportOptions());
        var result = _imports.Commit(_treasurer, "f.csv", file, new ImportOptions(CreateMissingDesignations: true));

        Assert.That(without.Errors.Select(e => (e.Row, e.Column)), Is.EqualTo(new[] { (2, "Fund"), (2, "Campaign"), (3, "Fund"), (3, "Campaign") }));
        var funds = DesignationService.Funds(_db.Connections.Read(), _treasurer.OrganizationId, activeOnly: true);
        Assert.That(funds.Select(f => f.Name), Is.EqualTo(new[] { "Bail Fund" }));
        var fundIds = _db.Connections.Read().Connection.Query<long>("SELECT fund_id FROM gifts ORDER BY id").ToList();
        Assert.That(fundIds, Is.EqualTo(new[] { funds[0].Id, funds[0].Id }));
        Assert.That(result.GiftIds, Has.Count.EqualTo(2));
    }

    [Test]
    public void Commit_SameFileAgain_IsRefusedUnlessConfirmed()
    {
        var file = Utf8(["Last Name,Amount,Date,Method", "Ana,5,2026-01-01,cash"]);
        _imports.Commit(_treasurer, "once.csv", file, new ImportOptions());

        var preview = _imports.Preview(_treasurer, "renamed.csv", file, new ImportOptions());
        var refused = Assert.Throws<ImportRefusedException>(() => _imports.Commit(_treasurer, "renamed.csv", file, new ImportOptions()))!;
        Assert.That(Count("gifts"), Is.EqualTo(1));
        _imports.Commit(_treasurer, "renamed.csv", file, new ImportOptions(ConfirmDuplicate: true));

        Assert.That(preview.AlreadyImported!.FileName, Is.EqualTo("once.csv"));
        Assert.That(refused.Message, Does.Contain("imported on"));
        Assert.That(Count("gifts"), Is.EqualTo(2));
    }

    [Test]
    public void Commit_WritesOneAuditEntryWithTheCountsAndIds()
    {
        var result = _imports.Commit(_treasurer, "audit.csv", Utf8(["Last Name,Amount,Date,Method", "Ana,5,2026-01-01,cash", "Bo,6,2026-01-02,cash"]), new ImportOptions());

        using var db = _db.Connections.Read();
        var entries = db.Connection.Query<(string EntityType, long EntityId, string Actor, string AfterJson)>(
            "SELECT entity_type, entity_id, actor, after_json FROM audit_entries WHERE organization_id = @id", new { id = _treasurer.OrganizationId }).ToList();
        var entry = entries.Single(e => e.EntityType == "import");
        Assert.That(entries.Count(e => e.EntityType is "gift" or "donor"), Is.Zero, "one entry for the whole import");
        Assert.That(entry.EntityId, Is.EqualTo(result.ImportId));
        Assert.That(entry.Actor, Is.EqualTo(_treasurer.Name));
        Assert.That(entry.AfterJson, Does.Contain("\"fileName\":\"audit.csv\"").And.Contain("\"giftsCreated\":2")
            .And.Contain($"\"giftIds\":[[{result.GiftIds[0]},{result.GiftIds[1]}]]"));
    }

    [Test]
    public void Commit_GiftsInAMatchingWindow_LeaveStoredAllocationsEqualToAFreshRun()
    {
        var funder = _db.Get<DonorService>().Create(_treasurer, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Headwaters Foundation" });
        var campaigns = _db.Get<MatchingCampaignService>();
        var admin = _treasurer with { Role = Role.Admin };
        var campaignId = campaigns.Create(admin, new MatchingCampaignInput
        {
            Name = "June match", FunderDonorId = funder, PoolCents = 10_000, Ratio = "1:1", StartsOn = new DateOnly(2026, 6, 1), EndsOn = new DateOnly(2026, 6, 30),
            Participants = [new() { OrganizationId = _treasurer.OrganizationId }],
        });
        var early = _db.Get<DonorService>().Create(_treasurer, new DonorInput { LastName = "Early" });
        var recorded = _db.Get<GiftService>().Record(_treasurer, new GiftInput
        {
            DonorId = early, AmountCents = 6_000, ReceivedOn = new DateOnly(2026, 6, 10), Method = GiftMethod.Cash, Category = GiftCategory.Individual,
        });
        var file = Utf8(["Last Name,Amount,Date,Method", "Ana,50,2026-06-02,check", "Bo,30,2026-06-03,cash", "Cy,20,2026-05-31,cash"]);

        var result = _imports.Commit(_treasurer, "june.csv", file, new ImportOptions());

        Assert.That(result.CampaignsReallocated, Is.EqualTo(1));
        using var db = _db.Connections.Read();
        var repository = _db.Get<MatchingRepository>();
        var reallocation = _db.Get<MatchingReallocation>();
        var fresh = reallocation.FreshRun(db, reallocation.RulesOf(db, repository.FindVisible(db, _treasurer.OrganizationId, campaignId)!, out _));
        var stored = repository.Allocations(db, campaignId);
        Assert.That(stored.Select(a => (a.GiftId, a.MatchedCents)), Is.EqualTo(fresh.Allocations.Select(a => (a.GiftId, a.MatchedCents))));
        Assert.That(stored.Single(a => a.GiftId == recorded).MatchedCents, Is.EqualTo(2_000), "the back-dated imported gifts took the pool first");
    }

    [TestCase(Role.Entry)]
    [TestCase(Role.Viewer)]
    public void PreviewAndCommit_BelowTreasurer_AreForbidden(Role role)
    {
        var actor = _treasurer with { Role = role };
        var file = Utf8(["Last Name", "Ana"]);

        Assert.That(() => _imports.Preview(actor, "x.csv", file, new ImportOptions()), Throws.TypeOf<ForbiddenException>());
        Assert.That(() => _imports.Commit(actor, "x.csv", file, new ImportOptions()), Throws.TypeOf<ForbiddenException>());
        Assert.That(Count("donors"), Is.Zero);
    }

    [Test]
    public void Preview_HeaderWithoutDonorColumns_IsAFileLevelError()
    {
        var preview = _imports.Preview(_treasurer, "x.csv", Utf8(["Amount,Date", "5,2026-01-01"]), new ImportOptions());

        Assert.That(preview.Errors.Single().Row, Is.Zero);
        Assert.That(preview.Errors.Single().ToString(), Does.StartWith("File: No column names the donor"));
    }

    private static object Comparable(Gift gift) => gift with { Id = 0, SoftCredits = Array.Empty<SoftCredit>() };

    private List<long> GiftDonors(IReadOnlyList<long> giftIds)
    {
        using var db = _db.Connections.Read();
        return giftIds.Select(id => _db.Get<GiftRepository>().Find(db, _treasurer.OrganizationId, id)!.DonorId).ToList();
    }

    private long Count(string table)
    {
        using var db = _db.Connections.Read();
        return db.Connection.ExecuteScalar<long>($"SELECT count(*) FROM {table}");
    }

    private static byte[] Utf8(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    private static string Dollars(long cents) => Quote(FormattableString.Invariant($"{cents / 100:N0}.{cents % 100:00}"));

    private static string Quote(string? text) => text is null ? "" : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
