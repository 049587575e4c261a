using Dapper;
using System.Security.Cryptography;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using FluentValidation.Results;

namespace DonorTrack.Core.Imports;

/// <summary>A checked file: the preview, and what committing it writes (donors to create, gifts with their donors, keys to remember).</summary>
internal sealed record ImportPlan(
    ImportPreview Preview,
    IReadOnlyList<DonorInput> NewDonors,
    IReadOnlyList<PlannedGift> Gifts,
    IReadOnlyDictionary<string, DonorRef> Keys,
    ImportPlanReads Reads);

/// <summary>
/// What a plan read from the database, each with the answer it got: a plan made outside the write transaction still holds when
/// every one of them answers the same inside it (<see cref="ImportPlanner.StillHolds"/>).
/// </summary>
internal sealed class ImportPlanReads
{
    public long? PreviousImportId { get; set; }
    public Dictionary<long, bool> DonorIds { get; } = [];
    public Dictionary<string, long?> ExternalIds { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, long?> Emails { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<Fund> Funds { get; set; } = [];
    public IReadOnlyList<Campaign> Campaigns { get; set; } = [];
}

/// <summary>An existing donor, or the n-th donor the import creates.</summary>
internal readonly record struct DonorRef(long? ExistingId, int? NewIndex);

/// <summary>A validated gift; its donor, fund and campaign are filled in at commit, once new ones have ids.</summary>
internal sealed record PlannedGift(int Row, DonorRef Donor, GiftInput Input, string? FundName, string? CampaignName);

/// <summary>
/// Reads a file and checks every row against the database without writing: donors matched by DonorTrack id, the previous
/// system's id, or email (case-insensitive, the oldest donor with it), rows of one file with the same id or email being one
/// donor; gifts checked by <see cref="GiftInputValidator"/> plus the rules GiftService checks against the database.
/// </summary>
internal sealed class ImportPlanner(DonorRepository donorRepository, ImportRepository importRepository)
{
    public const int MaximumRows = 100_000;

    private readonly DonorRepository _donors = donorRepository;
    private readonly ImportRepository _imports = importRepository;

    private readonly GiftInputValidator _giftValidator = new();
    private readonly DonorInputValidator _donorValidator = new();

    public ImportPlan Plan(DbSession db, long organizationId, DateOnly today, string fileName, byte[] bytes, ImportOptions options)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var previous = _imports.FindByHash(db, organizationId, sha256);
        var reads = new ImportPlanReads { PreviousImportId = previous?.Id };
        CsvTable table;
        try
        {
            table = CsvReader.Parse(bytes);
        }
        catch (CsvFormatException bad)
        {
            return Refused(fileName, sha256, previous, bad.Message);
        }
        var columns = ImportColumns.FromHeader(table.Header, out var headerProblems);
        if (headerProblems.Count > 0)
            return Refused(fileName, sha256, previous, headerProblems.ToArray());
        if (table.Records.Count == 0)
            return Refused(fileName, sha256, previous, "The file has a header row but no rows to import.");
        if (table.Records.Count > MaximumRows)
            return Refused(fileName, sha256, previous, $"The file has {table.Records.Count:N0} rows; import at most {MaximumRows:N0} at a time.");

        var run = new Run(this, db, organizationId, today, columns, options, reads);
        foreach (var record in table.Records)
            run.Add(record);
        var preview = new ImportPreview(
            fileName, sha256, table.Records.Count, run.NewDonors.Count, run.Matched.Count, run.Gifts.Count, run.Gifts.Sum(g => g.Input.AmountCents ?? 0),
            run.Errors, run.Rows, columns.Unknown, run.FundsToCreate.ToList(), run.CampaignsToCreate.ToList(), previous);
        return new ImportPlan(preview, run.NewDonors, run.Gifts, run.Keys, reads);
    }

    /// <summary>
    /// Whether every read a plan made (in an earlier transaction) answers the same now: the same earlier import of the file, the
    /// same standing of each donor id, the same donor for each previous system's id and each email, the same funds and
    /// campaigns. One statement per kind, whatever the number of rows.
    /// </summary>
    public bool StillHolds(DbSession db, long organizationId, ImportPlan plan)
    {
        var reads = plan.Reads;
        if (_imports.FindByHash(db, organizationId, plan.Preview.Sha256)?.Id != reads.PreviousImportId)
            return false;

        const string donorIds = """
            SELECT j.value, EXISTS (SELECT 1 FROM donors d WHERE d.organization_id = @organizationId AND d.id = j.value AND d.merged_into_id IS NULL)
            FROM json_each(@values) j
            """;
        if (reads.DonorIds.Count > 0)
        {
            var standing = db.Connection.Query<(long Id, bool Standing)>(donorIds, new { organizationId, values = Json(reads.DonorIds.Keys) }, db.Transaction);
            if (standing.Any(d => reads.DonorIds[d.Id] != d.Standing))
                return false;
        }

        // The same statements as DonorRepository.WithEmail (oldest unmerged donor) and ImportRepository.DonorForKey, for a whole set.
        const string emails = """
            SELECT j.value, (SELECT min(d.id) FROM donors d
                             WHERE d.organization_id = @organizationId AND d.email = j.value COLLATE NOCASE AND d.merged_into_id IS NULL)
            FROM json_each(@values) j
            """;
        const string externalIds = """
            SELECT j.value, (SELECT k.donor_id FROM import_donor_keys k WHERE k.organization_id = @organizationId AND k.external_id = j.value)
            FROM json_each(@values) j
            """;
        if (!SameAnswers(db, emails, organizationId, reads.Emails) || !SameAnswers(db, externalIds, organizationId, reads.ExternalIds))
            return false;

        return DesignationService.Funds(db, organizationId, activeOnly: false).SequenceEqual(reads.Funds)
            && DesignationService.Campaigns(db, organizationId, activeOnly: false).SequenceEqual(reads.Campaigns);
    }

    private static bool SameAnswers(DbSession db, string sql, long organizationId, Dictionary<string, long?> answers)
    {
        if (answers.Count == 0)
            return true;
        var now = db.Connection.Query<(string Value, long? DonorId)>(sql, new { organizationId, values = Json(answers.Keys) }, db.Transaction).AsList();
        return now.Count == answers.Count && now.All(a => answers.TryGetValue(a.Value, out var then) && then == a.DonorId);
    }

    private static string Json<T>(IEnumerable<T> values) => System.Text.Json.JsonSerializer.Serialize(values);

    private static ImportPlan Refused(string fileName, string sha256, PreviousImport? previous, params string[] problems) => new(
        new ImportPreview(fileName, sha256, 0, 0, 0, 0, 0, problems.Select(p => new ImportError(0, "File", p)).ToList(), [], [], [], [], previous),
        [], [], new Dictionary<string, DonorRef>(), new ImportPlanReads { PreviousImportId = previous?.Id });

    /// <summary>The state of one pass over a file: donors seen so far by id and email, designations, errors.</summary>
    private sealed class Run(
        ImportPlanner planner, DbSession db, long organizationId, DateOnly today, ImportColumns columns, ImportOptions options, ImportPlanReads reads)
    {
        private readonly Dictionary<string, DonorRef> _byEmail = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Fund> _funds = (reads.Funds = DesignationService.Funds(db, organizationId, activeOnly: false))
            .ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Campaign> _campaigns = (reads.Campaigns = DesignationService.Campaigns(db, organizationId, activeOnly: false))
            .ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<long, bool> _donorExists = reads.DonorIds;

        public List<DonorInput> NewDonors { get; } = [];
        public HashSet<long> Matched { get; } = [];
        public List<PlannedGift> Gifts { get; } = [];
        public List<ImportError> Errors { get; } = [];
        public List<ImportPreviewRow> Rows { get; } = [];
        public Dictionary<string, DonorRef> Keys { get; } = new(StringComparer.Ordinal);
        public SortedSet<string> FundsToCreate { get; } = new(StringComparer.OrdinalIgnoreCase);
        public SortedSet<string> CampaignsToCreate { get; } = new(StringComparer.OrdinalIgnoreCase);

        public void Add(CsvRecord record)
        {
            var errorsBefore = Errors.Count;
            var donorInput = ReadDonor(record);
            var (donor, action) = FindDonor(record, donorInput);
            // The gift cells are checked even when the donor is refused, so one preview lists every problem of the row.
            var gift = columns.HasGifts && ImportColumns.GiftFields.Any(f => columns.Cell(record, f) is not null)
                ? ReadGift(record, donor ?? default, donorInput)
                : null;
            if (donor is not { } d)
                return;
            if (Errors.Count == errorsBefore && gift is not null)
                Gifts.Add(gift);
            Rows.Add(new ImportPreviewRow(
                record.Row, NameOf(donorInput), action, d.ExistingId, gift?.Input.AmountCents, gift?.Input.ReceivedOn, gift?.Input.Method,
                gift?.Input.Category, gift?.FundName, gift?.CampaignName));
        }

        private DonorInput ReadDonor(CsvRecord record)
        {
            string? Cell(ImportField f) => columns.Cell(record, f);
            var first = Cell(ImportField.FirstName);
            var last = Cell(ImportField.LastName);
            var organizationName = Cell(ImportField.OrganizationName);
            var kind = first is null && last is null && organizationName is not null ? DonorKind.Organization : DonorKind.Individual;
            if (Cell(ImportField.Kind) is { } kindText)
            {
                kind = ImportValues.Kind(kindText) ?? kind;
                if (ImportValues.Kind(kindText) is null)
                    Error(record, ImportField.Kind, $"“{kindText}” is not a donor type; use individual or organization.");
            }
            var doNotContact = false;
            if (Cell(ImportField.DoNotContact) is { } flag)
            {
                doNotContact = ImportValues.Flag(flag) ?? false;
                if (ImportValues.Flag(flag) is null)
                    Error(record, ImportField.DoNotContact, $"“{flag}” is not yes or no.");
            }
            string? defaultCategory = null;
            if (Cell(ImportField.DefaultCategory) is { } categoryText)
            {
                defaultCategory = ImportValues.Category(categoryText)?.Word();
                if (defaultCategory is null)
                    Error(record, ImportField.DefaultCategory, $"“{categoryText}” is not a revenue category; {string.Join(", ", DomainWords.All<GiftCategory>())}.");
            }
            return new DonorInput
            {
                Kind = kind, FirstName = first, LastName = last, OrganizationName = organizationName, Email = Cell(ImportField.Email),
                Phone = Cell(ImportField.Phone), AddressLine1 = Cell(ImportField.AddressLine1), AddressLine2 = Cell(ImportField.AddressLine2),
                City = Cell(ImportField.City), Region = Cell(ImportField.Region), PostalCode = Cell(ImportField.PostalCode),
                Country = Cell(ImportField.Country), DefaultCategory = defaultCategory,
                Tags = Cell(ImportField.Tags) is { } tags ? ImportValues.Tags(tags) : [],
                DoNotContact = doNotContact, Notes = Cell(ImportField.DonorNotes),
            }.Normalized();
        }

        private (DonorRef? Donor, ImportDonorAction Action) FindDonor(CsvRecord record, DonorInput input)
        {
            if (columns.Cell(record, ImportField.DonorId) is { } idText)
            {
                if (!long.TryParse(idText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || !DonorExists(id))
                {
                    Error(record, ImportField.DonorId, $"There is no donor {idText} in this organization.");
                    return (null, ImportDonorAction.Create);
                }
                Matched.Add(id);
                return (new DonorRef(id, null), ImportDonorAction.MatchedById);
            }

            var externalId = columns.Cell(record, ImportField.ExternalId);
            if (externalId is not null)
            {
                if (externalId.Length > 200)
                {
                    Error(record, ImportField.ExternalId, "Use at most 200 characters.");
                    return (null, ImportDonorAction.Create);
                }
                if (Keys.TryGetValue(externalId, out var seen))
                    return (seen, ImportDonorAction.SameAsEarlierRow);
                var known = reads.ExternalIds[externalId] = planner._imports.DonorForKey(db, organizationId, externalId);
                if (known is not null)
                {
                    Matched.Add(known.Value);
                    return (Keys[externalId] = new DonorRef(known, null), ImportDonorAction.MatchedByExternalId);
                }
            }

            var (donor, action) = ByEmail(record, input);
            if (externalId is not null && donor is { } found)
                Keys[externalId] = found;
            if (donor is { ExistingId: { } existing })
                Matched.Add(existing);
            return (donor, action);
        }

        private (DonorRef? Donor, ImportDonorAction Action) ByEmail(CsvRecord record, DonorInput input)
        {
            if (input.Email is { } email)
            {
                if (_byEmail.TryGetValue(email, out var seen))
                    return (seen, ImportDonorAction.SameAsEarlierRow);
                var existing = planner._donors.WithEmail(db, organizationId, email, null);
                reads.Emails[email] = existing.Count > 0 ? existing.Min(d => d.Id) : null;
                if (existing.Count > 0)
                    return (_byEmail[email] = new DonorRef(existing.Min(d => d.Id), null), ImportDonorAction.MatchedByEmail);
            }
            var failures = planner._donorValidator.Validate(input).Errors;
            if (failures.Count > 0)
            {
                foreach (var failure in failures)
                    Error(record, DonorColumn(failure), failure.ErrorMessage);
                return (null, ImportDonorAction.Create);
            }
            var created = new DonorRef(null, NewDonors.Count);
            NewDonors.Add(input);
            if (input.Email is { } newEmail)
                _byEmail[newEmail] = created;
            return (created, ImportDonorAction.Create);
        }

        private PlannedGift? ReadGift(CsvRecord record, DonorRef donor, DonorInput donorInput)
        {
            string? Cell(ImportField f) => columns.Cell(record, f);
            var errorsBefore = Errors.Count;
            long? Money(ImportField field)
            {
                if (Cell(field) is not { } text)
                    return null;
                if (ImportValues.TryParseCents(text, out var cents, out var error))
                    return cents;
                Error(record, field, error!);
                return null;
            }

            var amount = Money(ImportField.Amount);
            var benefit = Money(ImportField.BenefitValue);
            var fee = Money(ImportField.Fee);
            DateOnly? receivedOn = null;
            if (Cell(ImportField.ReceivedOn) is { } dateText)
            {
                if (ImportValues.TryParseDate(dateText, out var date))
                    receivedOn = date;
                else
                    Error(record, ImportField.ReceivedOn, $"“{dateText}” is not a date; use 2026-03-14 or 3/14/2026 (month/day/year).");
            }
            GiftMethod? method = null;
            if (Cell(ImportField.Method) is { } methodText && (method = ImportValues.Method(methodText)) is null)
                Error(record, ImportField.Method, $"“{methodText}” is not a gift method; use one of: {string.Join(", ", DomainWords.All<GiftMethod>())}.");
            GiftCategory? category = null;
            if (Cell(ImportField.Category) is { } categoryText)
            {
                if ((category = ImportValues.Category(categoryText)) is null)
                    Error(record, ImportField.Category, $"“{categoryText}” is not a revenue category; use one of: {string.Join(", ", DomainWords.All<GiftCategory>())}.");
            }
            else
            {
                // As on the gift form: a blank category is the donor's default, else an individual gift.
                category = DomainWords.TryParse<GiftCategory>(donorInput.DefaultCategory, out var usual) ? usual : GiftCategory.Individual;
            }
            var fund = Designation(record, ImportField.Fund, _funds, FundsToCreate, f => f.Active, "fund");
            var campaign = Designation(record, ImportField.Campaign, _campaigns, CampaignsToCreate, _ => true, "campaign");

            var input = new GiftInput
            {
                DonorId = donor.ExistingId ?? long.MaxValue,
                AmountCents = amount, ReceivedOn = receivedOn, Method = method, Category = category,
                FundId = fund.Id, CampaignId = campaign.Id, BenefitValueCents = benefit, BenefitDescription = Cell(ImportField.BenefitDescription),
                InKindDescription = Cell(ImportField.InKindDescription), CheckNumber = Cell(ImportField.CheckNumber),
                ExternalId = Cell(ImportField.GiftReference), FeeCents = fee, Notes = Cell(ImportField.GiftNotes),
            };
            foreach (var failure in planner._giftValidator.Validate(input).Errors)
            {
                // A cell that did not parse already has its message; the validator would only add "Enter the amount".
                var field = GiftColumn(failure);
                if (Cell(field) is null || Errors.Skip(errorsBefore).All(e => e.Column != columns.NameOf(field)))
                    Error(record, field, failure.ErrorMessage);
            }
            if (receivedOn > today)
                Error(record, ImportField.ReceivedOn, "A gift cannot be received in the future; record pledges when they are paid.");
            return Errors.Count > errorsBefore ? null : new PlannedGift(record.Row, donor, input, fund.Name, campaign.Name);
        }

        private (long? Id, string? Name) Designation<T>(
            CsvRecord record, ImportField field, Dictionary<string, T> existing, SortedSet<string> toCreate, Func<T, bool> usable, string noun)
            where T : class
        {
            if (columns.Cell(record, field) is not { } name)
                return (null, null);
            if (existing.TryGetValue(name, out var found))
            {
                if (!usable(found))
                    Error(record, field, $"The {noun} “{name}” is inactive; make it active under Designations first.");
                return (found switch { Fund f => f.Id, Campaign c => c.Id, _ => null }, found switch { Fund f => f.Name, Campaign c => c.Name, _ => name });
            }
            if (!options.CreateMissingDesignations)
            {
                Error(record, field, $"There is no {noun} named “{name}”. Add it under Designations, or tick “create missing funds and campaigns”.");
                return (null, null);
            }
            if (name.Length > 100)
            {
                Error(record, field, $"A {noun} name can have at most 100 characters.");
                return (null, null);
            }
            toCreate.Add(name);
            return (null, toCreate.TryGetValue(name, out var spelled) ? spelled : name);
        }

        private bool DonorExists(long id)
        {
            if (!_donorExists.TryGetValue(id, out var exists))
                _donorExists[id] = exists = planner._donors.Standing(db, organizationId, id) is (true, null);
            return exists;
        }

        private void Error(CsvRecord record, ImportField field, string message) => Errors.Add(new ImportError(record.Row, columns.NameOf(field), message));

        private static string NameOf(DonorInput input) => DonorNames.Display(input.Kind ?? DonorKind.Individual, input.FirstName, input.LastName, input.OrganizationName);

        private static ImportField DonorColumn(ValidationFailure failure) => failure.PropertyName switch
        {
            nameof(DonorInput.Kind) => ImportField.Kind,
            nameof(DonorInput.FirstName) => ImportField.FirstName,
            nameof(DonorInput.LastName) => ImportField.LastName,
            nameof(DonorInput.OrganizationName) => ImportField.OrganizationName,
            nameof(DonorInput.Email) => ImportField.Email,
            nameof(DonorInput.Phone) => ImportField.Phone,
            nameof(DonorInput.AddressLine1) => ImportField.AddressLine1,
            nameof(DonorInput.AddressLine2) => ImportField.AddressLine2,
            nameof(DonorInput.City) => ImportField.City,
            nameof(DonorInput.Region) => ImportField.Region,
            nameof(DonorInput.PostalCode) => ImportField.PostalCode,
            nameof(DonorInput.Country) => ImportField.Country,
            nameof(DonorInput.DefaultCategory) => ImportField.DefaultCategory,
            nameof(DonorInput.Notes) => ImportField.DonorNotes,
            _ => ImportField.Tags,
        };

        private static ImportField GiftColumn(ValidationFailure failure) => failure.PropertyName switch
        {
            nameof(GiftInput.AmountCents) => ImportField.Amount,
            nameof(GiftInput.ReceivedOn) => ImportField.ReceivedOn,
            nameof(GiftInput.Method) => ImportField.Method,
            nameof(GiftInput.Category) => ImportField.Category,
            nameof(GiftInput.BenefitValueCents) => ImportField.BenefitValue,
            nameof(GiftInput.BenefitDescription) => ImportField.BenefitDescription,
            nameof(GiftInput.InKindDescription) => ImportField.InKindDescription,
            nameof(GiftInput.CheckNumber) => ImportField.CheckNumber,
            nameof(GiftInput.ExternalId) => ImportField.GiftReference,
            nameof(GiftInput.FeeCents) => ImportField.Fee,
            _ => ImportField.GiftNotes,
        };
    }
}
