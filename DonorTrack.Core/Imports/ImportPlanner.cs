using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using FluentValidation.Results;

namespace DonorTrack.Core.Imports;

/// <summary>
/// A checked file: the preview, the existing donors its rows matched, and every read the check made with its answer. What
/// committing it writes is not held: the commit reads the file again (<see cref="ImportPlanner.Replay"/>) and writes row by row.
/// </summary>
internal sealed record ImportPlan(ImportPreview Preview, IReadOnlyList<long> MatchedDonorIds, ImportPlanReads Reads, DateOnly Today);

/// <summary>
/// What a plan read from the database, each with the answer it got: a plan made outside the write transaction still holds when
/// every one of them answers the same inside it (<see cref="ImportPlanner.StillHolds"/>). A second pass over the same file asks
/// these answers instead of the database, so it plans every row exactly as the first pass did.
/// </summary>
internal sealed class ImportPlanReads
{
    public long? PreviousImportId { get; set; }
    public Dictionary<long, bool> DonorIds { get; } = [];
    public Dictionary<string, long?> ExternalIds { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, long?> Emails { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<Fund>? Funds { get; set; }
    public IReadOnlyList<Campaign>? Campaigns { get; set; }
}

/// <summary>An existing donor, or the n-th donor the import creates.</summary>
internal readonly record struct DonorRef(long? ExistingId, int? NewIndex);

/// <summary>A validated gift; its donor, fund and campaign are filled in at commit, once new ones have ids.</summary>
internal sealed record PlannedGift(int Row, DonorRef Donor, GiftInput Input, string? FundName, string? CampaignName);

/// <summary>What the commit's pass over the file writes, in file order: each new donor when its first row is reached, then each gift.</summary>
/// <remarks><paramref name="Household"/> gets each row's Household cell with the row's donor, after the row's donor and gift.</remarks>
internal sealed record ImportRowWrites(Action<DonorInput> NewDonor, Action<PlannedGift> Gift, Action<int, DonorRef, string>? Household = null);

/// <summary>
/// Reads a file as a stream and checks every row against the database without writing: donors matched by DonorTrack id, the previous
/// system's id, or email (case-insensitive, the oldest donor with it), rows of one file with the same id or email being one
/// donor; gifts checked by <see cref="GiftInputValidator"/> plus the rules GiftService checks against the database. Rows are read in
/// chunks, and each chunk's donor ids, previous-system ids and emails are looked up with one statement per kind.
/// </summary>
internal sealed class ImportPlanner(DonorRepository donorRepository, ImportRepository importRepository)
{
    public const int MaximumRows = 1_000_000;

    /// <summary>Rows read before their lookups go to the database together.</summary>
    private const int ChunkRows = 4096;

    private readonly DonorRepository _donors = donorRepository;
    private readonly ImportRepository _imports = importRepository;

    private readonly GiftInputValidator _giftValidator = new();
    private readonly DonorInputValidator _donorValidator = new();

    // One statement per kind of read, for a whole set of values: the same rules as DonorRepository.Standing (a donor of the
    // organization not merged away), DonorRepository.WithEmail (the oldest unmerged donor) and ImportRepository.DonorForKey.
    private const string DonorIdsStanding = """
        SELECT j.value, EXISTS (SELECT 1 FROM donors d WHERE d.organization_id = @organizationId AND d.id = j.value AND d.merged_into_id IS NULL)
        FROM json_each(@values) j
        """;
    private const string EmailOwners = """
        SELECT j.value, (SELECT min(d.id) FROM donors d
                         WHERE d.organization_id = @organizationId AND d.email = j.value COLLATE NOCASE AND d.merged_into_id IS NULL)
        FROM json_each(@values) j
        """;
    private const string ExternalIdOwners = """
        SELECT j.value, (SELECT k.donor_id FROM import_donor_keys k WHERE k.organization_id = @organizationId AND k.external_id = j.value)
        FROM json_each(@values) j
        """;

    /// <summary>Checks the file from <paramref name="file"/>'s position to its end; the stream is read once and not closed.</summary>
    public ImportPlan Plan(DbSession db, long organizationId, DateOnly today, string fileName, Stream file, ImportOptions options) =>
        Read(db, organizationId, today, fileName, file, options, new ImportPlanReads(), writes: null).Plan;

    /// <summary>
    /// The commit's pass: reads the same file again, plans every row from the first pass's answers (no lookups), and hands each new
    /// donor and gift to <paramref name="writes"/> in file order. Returns the previous system's ids with their donors. Throws when the
    /// file read differs from the one planned (other bytes, other counts), so the caller's transaction rolls back.
    /// </summary>
    public IReadOnlyDictionary<string, DonorRef> Replay(
        DbSession db, long organizationId, ImportPlan plan, Stream file, ImportOptions options, ImportRowWrites writes)
    {
        var (again, run) = Read(db, organizationId, plan.Today, plan.Preview.FileName, file, options, plan.Reads, writes);
        var before = plan.Preview;
        var after = again.Preview;
        if (run is null || after.Sha256 != before.Sha256 || after.RowCount != before.RowCount || after.DonorsToCreate != before.DonorsToCreate
            || after.DonorsMatched != before.DonorsMatched || after.GiftsToAdd != before.GiftsToAdd || after.TotalCents != before.TotalCents
            || after.Errors.Count != before.Errors.Count)
            throw new InvalidOperationException("The file read for the import is not the file that was checked; nothing was imported.");
        return run.Keys;
    }

    private (ImportPlan Plan, Run? Run) Read(
        DbSession db, long organizationId, DateOnly today, string fileName, Stream file, ImportOptions options, ImportPlanReads reads, ImportRowWrites? writes)
    {
        using var hashing = new Sha256ReadStream(file);
        Run? run = null;
        string[]? problems = null;
        var rowCount = 0;
        try
        {
            var reader = CsvRecordReader.FromUtf8(hashing);
            var columns = ImportColumns.FromHeader(reader.Header, out var headerProblems);
            if (headerProblems.Count > 0)
            {
                problems = headerProblems.ToArray();
            }
            else
            {
                run = new Run(this, db, organizationId, today, columns, options, reads, writes);
                var chunk = new List<CsvRecord>(ChunkRows);
                while (reader.Read() is { } record)
                {
                    // Past the limit the rest is only counted, for the message.
                    if (++rowCount > MaximumRows)
                        continue;
                    chunk.Add(record);
                    if (chunk.Count == ChunkRows)
                    {
                        run.Add(chunk);
                        chunk.Clear();
                    }
                }
                run.Add(chunk);
                if (rowCount == 0)
                    problems = ["The file has a header row but no rows to import."];
                else if (rowCount > MaximumRows)
                    problems = [$"The file has {rowCount:N0} rows; import at most {MaximumRows:N0} at a time."];
            }
        }
        catch (CsvFormatException bad)
        {
            problems = [bad.Message];
        }
        var sha256 = hashing.Finish();
        var previous = _imports.FindByHash(db, organizationId, sha256);
        reads.PreviousImportId = previous?.Id;
        if (problems is not null || run is null)
            return (Refused(fileName, sha256, previous, today, problems ?? []), null);

        var preview = new ImportPreview(
            fileName, sha256, rowCount, run.NewDonorCount, run.Matched.Count, run.GiftCount, run.TotalCents,
            run.Errors, run.Rows, run.Columns.Unknown, run.FundsToCreate.ToList(), run.CampaignsToCreate.ToList(), previous)
        {
            PlannedRowCount = run.PlannedRowCount,
        };
        return (new ImportPlan(preview, run.Matched.Order().ToList(), reads, today), run);
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
        if (reads.DonorIds.Count > 0)
        {
            var standing = db.Connection.Query<(long Id, bool Standing)>(DonorIdsStanding, new { organizationId, values = Json(reads.DonorIds.Keys) }, db.Transaction);
            if (standing.Any(d => reads.DonorIds[d.Id] != d.Standing))
                return false;
        }
        if (!SameAnswers(db, EmailOwners, organizationId, reads.Emails) || !SameAnswers(db, ExternalIdOwners, organizationId, reads.ExternalIds))
            return false;
        return DesignationService.Funds(db, organizationId, activeOnly: false).SequenceEqual(reads.Funds ?? [])
            && DesignationService.Campaigns(db, organizationId, activeOnly: false).SequenceEqual(reads.Campaigns ?? []);
    }

    private static bool SameAnswers(DbSession db, string sql, long organizationId, Dictionary<string, long?> answers)
    {
        if (answers.Count == 0)
            return true;
        var now = db.Connection.Query<(string Value, long? DonorId)>(sql, new { organizationId, values = Json(answers.Keys) }, db.Transaction).AsList();
        return now.Count == answers.Count && now.All(a => answers.TryGetValue(a.Value, out var then) && then == a.DonorId);
    }

    private static string Json<T>(IEnumerable<T> values) => System.Text.Json.JsonSerializer.Serialize(values);

    private static ImportPlan Refused(string fileName, string sha256, PreviousImport? previous, DateOnly today, IReadOnlyList<string> problems) => new(
        new ImportPreview(fileName, sha256, 0, 0, 0, 0, 0, problems.Select(p => new ImportError(0, "File", p)).ToList(), [], [], [], [], previous),
        [], new ImportPlanReads { PreviousImportId = previous?.Id }, today);

    /// <summary>
    /// The state of one pass over a file: donors seen so far by id and email, designations, counts, errors. The commit's pass
    /// (<paramref name="writes"/> given) skips the validators: it replays a plan whose every row passed them, and
    /// <see cref="Replay"/> refuses the pass unless the bytes read have the planned SHA-256, so the same rules would pass the
    /// same rows again; the validators were half the cost of planning a row.
    /// </summary>
    private sealed class Run(
        ImportPlanner planner, DbSession db, long organizationId, DateOnly today, ImportColumns columns, ImportOptions options, ImportPlanReads reads,
        ImportRowWrites? writes)
    {
        private readonly Dictionary<string, DonorRef> _byEmail = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Fund> _funds = (reads.Funds ??= DesignationService.Funds(db, organizationId, activeOnly: false))
            .ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Campaign> _campaigns = (reads.Campaigns ??= DesignationService.Campaigns(db, organizationId, activeOnly: false))
            .ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<long, bool> _donorExists = reads.DonorIds;
        private readonly List<ImportError> _donorErrors = [];

        public ImportColumns Columns => columns;
        public int NewDonorCount { get; private set; }
        public HashSet<long> Matched { get; } = [];
        public int GiftCount { get; private set; }
        public long TotalCents { get; private set; }
        public List<ImportError> Errors { get; } = [];
        /// <summary>The first <see cref="ImportPreview.RowsKept"/> planned rows, for the preview table.</summary>
        public List<ImportPreviewRow> Rows { get; } = [];
        public int PlannedRowCount { get; private set; }
        public Dictionary<string, DonorRef> Keys { get; } = new(StringComparer.Ordinal);
        public SortedSet<string> FundsToCreate { get; } = new(StringComparer.OrdinalIgnoreCase);
        public SortedSet<string> CampaignsToCreate { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Plans a chunk of records in file order, after looking up every donor id, previous system's id and email it names at once.</summary>
        public void Add(IReadOnlyList<CsvRecord> records)
        {
            if (records.Count == 0)
                return;
            // The donor cells are read first so the chunk's emails are known; their errors wait for their row's turn.
            _donorErrors.Clear();
            var donorInputs = new DonorInput[records.Count];
            for (var i = 0; i < records.Count; i++)
                donorInputs[i] = ReadDonor(records[i]);
            LookUp(records, donorInputs);
            var nextDonorError = 0;
            for (var i = 0; i < records.Count; i++)
            {
                var errorsBefore = Errors.Count;
                while (nextDonorError < _donorErrors.Count && _donorErrors[nextDonorError].Row == records[i].Row)
                    Errors.Add(_donorErrors[nextDonorError++]);
                Add(records[i], donorInputs[i], errorsBefore);
            }
        }

        private void Add(CsvRecord record, DonorInput donorInput, int errorsBefore)
        {
            var (donor, action) = FindDonor(record, donorInput);
            // The gift cells are checked even when the donor is refused, so one preview lists every problem of the row.
            var gift = columns.HasGifts && ImportColumns.GiftFields.Any(f => columns.Cell(record, f) is not null)
                ? ReadGift(record, donor ?? default, donorInput)
                : null;
            var household = columns.Cell(record, ImportField.Household);
            if (household is not null && donorInput.Kind == DonorKind.Organization)
                Error(record, ImportField.Household, $"{NameOf(donorInput)} is an organization; only individual donors can be in a household. Leave the household empty on this row.");
            else if (household is { Length: > 200 })
                Error(record, ImportField.Household, "Use at most 200 characters for the household name.");
            if (donor is not { } d)
                return;
            if (Errors.Count == errorsBefore && gift is not null)
            {
                GiftCount++;
                TotalCents += gift.Input.AmountCents ?? 0;
                writes?.Gift(gift);
            }
            if (Errors.Count == errorsBefore && household is not null)
                writes?.Household?.Invoke(record.Row, d, household);
            PlannedRowCount++;
            if (Rows.Count < ImportPreview.RowsKept)
            {
                Rows.Add(new ImportPreviewRow(
                    record.Row, NameOf(donorInput), action, d.ExistingId, gift?.Input.AmountCents, gift?.Input.ReceivedOn, gift?.Input.Method,
                    gift?.Input.Category, gift?.FundName, gift?.CampaignName));
            }
        }

        /// <summary>
        /// One statement per kind for the chunk's donor ids, previous system's ids and emails not answered yet. A second pass finds
        /// every answer already in <see cref="ImportPlanReads"/> and asks nothing.
        /// </summary>
        private void LookUp(IReadOnlyList<CsvRecord> records, DonorInput[] donorInputs)
        {
            var ids = new HashSet<long>();
            var externalIds = new HashSet<string>(StringComparer.Ordinal);
            var emails = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < records.Count; i++)
            {
                if (columns.Cell(records[i], ImportField.DonorId) is { } idText)
                {
                    if (TryParseId(idText, out var id) && !_donorExists.ContainsKey(id))
                        ids.Add(id);
                    continue;
                }
                if (columns.Cell(records[i], ImportField.ExternalId) is { Length: <= 200 } externalId
                    && !Keys.ContainsKey(externalId) && !reads.ExternalIds.ContainsKey(externalId))
                    externalIds.Add(externalId);
                if (donorInputs[i].Email is { } email && !_byEmail.ContainsKey(email) && !reads.Emails.ContainsKey(email))
                    emails.Add(email);
            }
            if (ids.Count > 0)
            {
                foreach (var (id, standing) in db.Connection.Query<(long, bool)>(DonorIdsStanding, new { organizationId, values = Json(ids) }, db.Transaction))
                    _donorExists[id] = standing;
            }
            if (externalIds.Count > 0)
            {
                foreach (var (value, donorId) in db.Connection.Query<(string, long?)>(ExternalIdOwners, new { organizationId, values = Json(externalIds) }, db.Transaction))
                    reads.ExternalIds[value] = donorId;
            }
            if (emails.Count > 0)
            {
                foreach (var (value, donorId) in db.Connection.Query<(string, long?)>(EmailOwners, new { organizationId, values = Json(emails) }, db.Transaction))
                    reads.Emails[value] = donorId;
            }
        }

        private static bool TryParseId(string text, out long id) =>
            long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id);

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
                    DonorError(record, ImportField.Kind, $"“{kindText}” is not a donor type; use individual or organization.");
            }
            var doNotContact = false;
            if (Cell(ImportField.DoNotContact) is { } flag)
            {
                doNotContact = ImportValues.Flag(flag) ?? false;
                if (ImportValues.Flag(flag) is null)
                    DonorError(record, ImportField.DoNotContact, $"“{flag}” is not yes or no.");
            }
            string? defaultCategory = null;
            if (Cell(ImportField.DefaultCategory) is { } categoryText)
            {
                defaultCategory = ImportValues.Category(categoryText)?.Word();
                if (defaultCategory is null)
                    DonorError(record, ImportField.DefaultCategory, $"“{categoryText}” is not a revenue category; {string.Join(", ", DomainWords.All<GiftCategory>())}.");
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
                if (!TryParseId(idText, out var id) || !DonorExists(id))
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
                if (!reads.ExternalIds.TryGetValue(externalId, out var known))
                    known = reads.ExternalIds[externalId] = planner._imports.DonorForKey(db, organizationId, externalId);
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
                if (!reads.Emails.TryGetValue(email, out var owner))
                {
                    var existing = planner._donors.WithEmail(db, organizationId, email, null);
                    owner = reads.Emails[email] = existing.Count > 0 ? existing.Min(d => d.Id) : null;
                }
                if (owner is { } ownerId)
                    return (_byEmail[email] = new DonorRef(ownerId, null), ImportDonorAction.MatchedByEmail);
            }
            var failures = writes is null ? planner._donorValidator.Validate(input).Errors : [];
            if (failures.Count > 0)
            {
                foreach (var failure in failures)
                    Error(record, DonorColumn(failure), failure.ErrorMessage);
                return (null, ImportDonorAction.Create);
            }
            var created = new DonorRef(null, NewDonorCount++);
            writes?.NewDonor(input);
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
            foreach (var failure in writes is null ? planner._giftValidator.Validate(input).Errors : [])
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

        private void DonorError(CsvRecord record, ImportField field, string message) => _donorErrors.Add(new ImportError(record.Row, columns.NameOf(field), message));

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
