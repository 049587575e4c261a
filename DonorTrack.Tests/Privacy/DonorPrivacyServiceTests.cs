using System.IO.Compression;
using DonorTrack.Core.Email;
using DonorTrack.Core.Privacy;
using DonorTrack.Tests.Receipts;

namespace DonorTrack.Tests.Privacy;

public sealed class DonorPrivacyServiceTests
{
    private const string Email = "nguyen.van.an@example.org";
    private const string Phone = "612-555-0147";
    private const string Street = "1783 Larpenteur Avenue";
    private const string Note = "Prefers calls after six; daughter Linh volunteers";

    private TestDatabase _db = null!;
    private Actor _admin = null!;
    private DonorPrivacyService _privacy = null!;
    private DonorService _donors = null!;
    private GiftService _gifts = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _admin = ReceiptTestSupport.Organization(_db);
        _privacy = _db.Get<DonorPrivacyService>();
        _donors = _db.Get<DonorService>();
        _gifts = _db.Get<GiftService>();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void EveryColumnThatHoldsADonorId_IsOneTheExportReads()
    {
        using var connection = _db.Connections.Open();
        var inSchema = DonorReferenceColumns.InSchema(connection);
        var exported = DonorPrivacyRepository.DonorDataSources.SelectMany(s => s.DonorIdColumns.Select(c => $"{s.Table}.{c}")).ToList();
        var merged = DonorMergeRepository.DonorReferences.Select(r => $"{r.Table}.{r.Column}").ToList();

        Assert.That(inSchema, Does.Contain("gifts.donor_id").And.Contain("grants.funder_donor_id").And.Contain("donors.merged_into_id"));
        Assert.That(inSchema.Except(exported), Is.Empty, "columns that reference donors and that the export does not read");
        Assert.That(exported.Except(inSchema), Is.Empty, "columns the export lists that the schema no longer has");
        Assert.That(exported.Order(StringComparer.Ordinal), Is.EqualTo(merged.Order(StringComparer.Ordinal)), "the export and the merge know the same columns");
    }

    [Test]
    public void Export_OfADonorWithGiftsTagsAndAReceipt_HoldsTheirRows_AndNothingOfAnotherDonor()
    {
        var donor = Person(tags: ["tenant-leader"]);
        var other = _donors.Create(_admin, new DonorInput { FirstName = "Other", LastName = "Person", Email = "other@example.org" });
        var gift = Give(donor, 12_500, notes: Note);
        Give(other, 99_900);
        _db.Get<GiftReceiptService>().ForGift(_admin, gift);

        var export = _privacy.Export(_admin, donor)!;

        var tables = export.Tables.ToDictionary(t => t.Name);
        Assert.That(tables.Keys, Is.EquivalentTo(DonorPrivacyRepository.DonorDataSources.Select(s => s.Table)));
        Assert.That(Column(tables["donors"], "email"), Is.EqualTo(new object[] { Email }));
        Assert.That(Column(tables["donor_tags"], "tag"), Is.EqualTo(new object[] { "tenant-leader" }));
        Assert.That(Column(tables["gifts"], "amount_cents"), Is.EqualTo(new object[] { 12_500L }));
        Assert.That(Column(tables["gifts"], "notes"), Is.EqualTo(new object[] { Note }));
        Assert.That(Column(tables["receipts"], "gift_id"), Is.EqualTo(new object[] { gift }));
        Assert.That(Column(tables["audit_entries"], "action"), Does.Contain("create"));
        var everything = Encoding.UTF8.GetString(DonorDataFiles.ToJson(export));
        Assert.That(everything, Does.Not.Contain("other@example.org").And.Not.Contain("99900"));
    }

    [Test]
    public void ExportFiles_JsonAndZip_CarryTheSameRows_AndTheExportIsAudited()
    {
        var donor = Person();
        Give(donor, 4_200);
        Give(donor, 800);

        var export = _privacy.Export(_admin, donor)!;

        using var json = JsonDocument.Parse(DonorDataFiles.ToJson(export));
        var gifts = json.RootElement.GetProperty("tables").GetProperty("gifts").GetProperty("rows");
        Assert.That(gifts.EnumerateArray().Select(g => g.GetProperty("amount_cents").GetInt64()), Is.EquivalentTo(new[] { 4_200L, 800L }));
        Assert.That(json.RootElement.GetProperty("tables").GetProperty("donors").GetProperty("rows")[0].GetProperty("phone").GetString(), Is.EqualTo(Phone));

        using var zip = new ZipArchive(new MemoryStream(DonorDataFiles.ToZip(export)));
        Assert.That(zip.Entries.Select(e => e.FullName), Is.EquivalentTo(export.Tables.Select(t => t.Name + ".csv")));
        using var reader = new StreamReader(zip.GetEntry("gifts.csv")!.Open(), Encoding.UTF8);
        var lines = reader.ReadToEnd().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("id,organization_id,donor_id,amount_cents"));
        Assert.That(lines, Has.Length.EqualTo(3));

        using var connection = _db.Connections.Open();
        Assert.That(connection.ExecuteScalar<long>("SELECT count(*) FROM audit_entries WHERE entity_type = 'donor' AND entity_id = @donor AND action = 'export'", new { donor }), Is.EqualTo(1));
    }

    [Test]
    public void Erase_ReplacesThePersonalFields_AndKeepsTheGiftsWithTheirAmountsAndTheIssuedReceipt()
    {
        var donor = Person(tags: ["tenant-leader"]);
        var gift = Give(donor, 12_500, notes: Note);
        Give(donor, 3_000);
        var receipt = _db.Get<GiftReceiptService>().ForGift(_admin, gift)!.Receipt;
        var givingBefore = _donors.GivingSummary(_admin, donor);

        var result = Erase(donor);

        var erased = _donors.Find(_admin, donor)!;
        Assert.That(erased.DisplayName, Is.EqualTo($"Erased donor #{donor}"));
        Assert.That(new[] { erased.FirstName, erased.Email, erased.Phone, erased.AddressLine1, erased.City, erased.PostalCode, erased.Notes }, Is.All.Null);
        Assert.That(erased.Tags, Is.Empty);
        Assert.That(erased.ErasedAt, Is.EqualTo(_db.Clock.Now));
        Assert.That(_donors.GivingSummary(_admin, donor), Is.EqualTo(givingBefore), "the books keep every gift and amount");
        Assert.That(_gifts.Find(_admin, gift)!.Notes, Is.Null);
        var kept = _db.Get<GiftReceiptService>().Find(_admin, receipt.Id)!;
        Assert.That(kept.ContentHash, Is.EqualTo(receipt.ContentHash), "an issued receipt stays as issued");
        Assert.That(kept.VoidedAt, Is.Null);
        Assert.That((result.GiftsKept, result.ReceiptsKept, result.TagsRemoved), Is.EqualTo((2L, 1L, 1L)));
    }

    [Test]
    public void Erase_WithdrawsTheDonorsQueuedMessages_AndClearsTheWordsOfEveryMessageWrittenToThem()
    {
        var donor = Person();
        var neighbor = _donors.Create(_admin, new DonorInput { FirstName = "Linh", LastName = "Tran", Email = "linh@example.org" });
        var gift = Give(donor, 5_000);
        var queued = Queue(donor, gift, OutboxStatus.Queued);
        var sent = Queue(donor, gift, OutboxStatus.Sent);
        var theirs = Queue(neighbor, null, OutboxStatus.Queued);

        Erase(donor);

        using var connection = _db.Connections.Open();
        var rows = connection.Query<(long Id, string Status, string RecipientName, string? RecipientAddress, string Subject, string TextBody, string HtmlBody, string? Reason)>(
            "SELECT id, status, recipient_name, recipient_address, subject, text_body, html_body, reason FROM email_outbox ORDER BY id").ToDictionary(r => r.Id);
        Assert.Multiple(() =>
        {
            Assert.That((rows[queued].Status, rows[queued].Reason), Is.EqualTo(("skipped", "The donor was erased on request.")), "a queued message is never sent");
            Assert.That(rows[sent].Status, Is.EqualTo("sent"), "what was sent stays on record as sent");
            foreach (var id in new[] { queued, sent })
            {
                var row = rows[id];
                Assert.That(new[] { row.RecipientName, row.RecipientAddress, row.Subject, row.TextBody, row.HtmlBody },
                    Is.EqualTo(new[] { "Erased donor", null, "Erased", "", "" }), $"message {id}");
            }
            Assert.That((rows[theirs].Status, rows[theirs].RecipientAddress, rows[theirs].Subject), Is.EqualTo(("queued", "linh@example.org", "Thank you, Linh")),
                "another donor's message is untouched");
        });
    }

    private long Queue(long donor, long? gift, OutboxStatus status)
    {
        var name = _donors.Find(_admin, donor)!;
        var message = new NewOutboxMessage(EmailKind.GiftThankYou, donor, gift, name.DisplayName, name.Email,
            new RenderedEmail($"Thank you, {name.FirstName}", $"Dear {name.FirstName}, thank you.", $"<p>Dear {name.FirstName}, thank you.</p>"));
        using var db = _db.Connections.BeginTransaction();
        var id = _db.Get<OutboxRepository>().Insert(db, _admin.OrganizationId, message, status, null, $"<{Guid.NewGuid():N}@donortrack.test>", "test", _db.Clock.Now);
        db.Commit();
        return id;
    }

    [Test]
    public void Erase_TakesTheDonorOutOfSearch_AndTheDatabaseStaysIntact()
    {
        var donor = Person();
        Assert.That(Search("Nguyễn").Select(d => d.Id), Is.EqualTo(new[] { donor }));

        Erase(donor);

        Assert.That(Search("Nguyen"), Is.Empty);
        Assert.That(Search("nguyen.van.an"), Is.Empty);
        Assert.That(Search("Erased"), Is.Empty, "the placeholder is not indexed either");
        using var connection = _db.Connections.Open();
        Assert.That(connection.ExecuteScalar<string>("PRAGMA integrity_check"), Is.EqualTo("ok"));
        connection.Execute("INSERT INTO donor_search (donor_search) VALUES ('integrity-check')");
    }

    [Test]
    public void Erase_AuditEntry_NamesNoErasedDetail_AndEarlierSnapshotsOfTheDonorAreRedacted()
    {
        var donor = Person();
        _donors.Update(_admin, donor, DonorInput.From(_donors.Find(_admin, donor)!) with { City = "Falcon Heights" });
        Give(donor, 2_000, notes: Note);

        Erase(donor);

        using var connection = _db.Connections.Open();
        var audit = connection.Query<(string Action, string? Before, string? After)>(
            "SELECT action, before_json, after_json FROM audit_entries ORDER BY id").ToList();
        var text = string.Join("\n", audit.Select(a => $"{a.Before} {a.After}"));
        foreach (var personal in new[] { "Nguyễn", "Văn An", Email, Phone, Street, "Falcon Heights", "Saint Paul", Note })
            Assert.That(text, Does.Not.Contain(personal));
        var erase = audit.Single(a => a.Action == "erase");
        Assert.That(erase.After, Does.Contain("\"giftsKept\":1").And.Contain($"\"donorIds\":[{donor}]"));
        Assert.That(audit.Select(a => a.Action), Does.Contain("create").And.Contain("update"), "who changed what and when stays");
    }

    [Test]
    public void Erase_WithAnOpenCardSubscription_IsRefusedUntilItIsCancelled()
    {
        var donor = Person();
        long recurring;
        using (var db = _db.Connections.BeginTransaction())
        {
            recurring = _db.Get<RecurringDonationService>().CreateForSubscription(db, _admin,
                new RecurringDonationInput { DonorId = donor, AmountCents = 2_500, Interval = DuesInterval.Month, StartsOn = new DateOnly(2026, 6, 1) }, "sub_1Privacy");
            db.Commit();
        }

        var refused = Assert.Throws<ValidationException>(() => Erase(donor))!;

        Assert.That(refused.Errors.Single().ErrorMessage, Does.Contain($"recurring donation #{recurring}").And.Contain("keep charging"));
        Assert.That(_donors.Find(_admin, donor)!.Email, Is.EqualTo(Email), "nothing was erased");
        using (var db = _db.Connections.BeginTransaction())
        {
            // What the webhook does when Stripe reports the subscription cancelled.
            _db.Get<RecurringDonationService>().EndForCancelledSubscription(db, _admin, recurring, new DateOnly(2026, 6, 15));
            db.Commit();
        }
        Assert.That(Erase(donor).DonorIds, Is.EqualTo(new[] { donor }));
    }

    [TestCase(null)]
    [TestCase("erase")]
    [TestCase("erase donor 999")]
    public void Erase_WithoutTheTypedConfirmation_IsRefusedOnThatField_AndChangesNothing(string? typed)
    {
        var donor = Person();

        var refused = Assert.Throws<ValidationException>(() => _privacy.Erase(_admin, donor, new DonorErasureInput { Confirmation = typed }))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo(nameof(DonorErasureInput.Confirmation)));
        Assert.That(refused.Errors.Single().ErrorMessage, Does.Contain($"erase donor {donor}"));
        Assert.That(_donors.Find(_admin, donor)!.ErasedAt, Is.Null);
    }

    [Test]
    public void Erase_ByATreasurer_IsForbidden_AndAnotherOrganizationsDonorIsNotFound()
    {
        var donor = Person();
        var treasurer = _admin with { Role = Role.Treasurer };
        var stranger = _db.NewOrganization("Westside Renters");

        Assert.Throws<ForbiddenException>(() => _privacy.Erase(treasurer, donor, Confirmed(donor)));
        Assert.That(_privacy.Erase(stranger, donor, Confirmed(donor)), Is.Null);
        Assert.That(_privacy.Export(stranger, donor), Is.Null);
        Assert.That(_donors.Find(_admin, donor)!.ErasedAt, Is.Null);
    }

    [Test]
    public void Erase_OfASurvivor_ErasesTheDonorMergedIntoIt_AndAMergedDonorIsReferredToItsSurvivor()
    {
        var survivor = Person();
        var duplicate = _donors.Create(_admin, new DonorInput { FirstName = "An", LastName = "Nguyen", Email = "an.old@example.org", Phone = "651-555-0199" });
        _db.Get<DonorMergeService>().Merge(_admin, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });

        var refused = Assert.Throws<ValidationException>(() => Erase(duplicate))!;
        Assert.That(refused.Errors.Single().ErrorMessage, Does.Contain($"erase donor {survivor}"));

        var result = Erase(survivor);

        Assert.That(result.DonorIds, Is.EqualTo(new[] { survivor, duplicate }));
        var old = _donors.Find(_admin, duplicate)!;
        Assert.That((old.DisplayName, old.Email, old.Phone), Is.EqualTo(($"Erased donor #{duplicate}", (string?)null, (string?)null)));
        Assert.Throws<ValidationException>(() => Erase(survivor), "a second erasure is refused");
    }

    [Test]
    public void ImportNamingTheErasedDonorsOldId_CreatesANewDonor_InsteadOfFillingTheErasedOneBackIn()
    {
        var imports = _db.Get<ImportService>();
        var file = Encoding.UTF8.GetBytes("Constituent ID,First Name,Last Name,Email\r\nA-7,Mai,Vang,mai@example.org\r\n");
        var donor = imports.Commit(_admin, "donors.csv", file, new ImportOptions()).DonorsCreated.Single();

        var result = Erase(donor);
        var gifts = Encoding.UTF8.GetBytes("Constituent ID,First Name,Last Name,Email,Amount,Date,Method\r\nA-7,Mai,Vang,mai@example.org,40,2026-02-01,check\r\n");
        var preview = imports.Preview(_admin, "gifts.csv", gifts, new ImportOptions());

        Assert.That(result.ImportKeysRemoved, Is.EqualTo(1));
        Assert.That((preview.Rows.Single().DonorAction, preview.Rows.Single().ExistingDonorId), Is.EqualTo((ImportDonorAction.Create, (long?)null)));
    }

    [Test]
    public void Update_OfAnErasedDonor_IsRefused()
    {
        var donor = Person();
        Erase(donor);

        Assert.Throws<ValidationException>(() => _donors.Update(_admin, donor, new DonorInput { FirstName = "Nguyễn", LastName = "Văn An" }));
        Assert.That(_donors.Find(_admin, donor)!.FirstName, Is.Null);
    }

    private long Person(IReadOnlyList<string>? tags = null) => _donors.Create(_admin, new DonorInput
    {
        FirstName = "Nguyễn", LastName = "Văn An", Email = Email, Phone = Phone, AddressLine1 = Street, City = "Saint Paul", Region = "MN",
        PostalCode = "55113", Notes = Note, Tags = tags, Deceased = false,
    });

    private long Give(long donor, long cents, string? notes = null) => _gifts.Record(_admin, new GiftInput
    {
        DonorId = donor, AmountCents = cents, ReceivedOn = new DateOnly(2026, 3, 2), Method = GiftMethod.Check, Category = GiftCategory.Individual, Notes = notes,
    });

    private DonorErasureResult Erase(long donor) => _privacy.Erase(_admin, donor, Confirmed(donor))!;

    private static DonorErasureInput Confirmed(long donor) => new() { Confirmation = $"  Erase Donor {donor} " };

    private IReadOnlyList<DonorListItem> Search(string text) => _donors.Search(_admin, new DonorQuery(text, null, new PageRequest(1, 50))).Items;

    private static IReadOnlyList<object?> Column(DonorDataTable table, string column)
    {
        var index = table.Columns.ToList().IndexOf(column);
        return table.Rows.Select(r => r[index]).ToList();
    }
}
