using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Households;
using DonorTrack.Core.Matching;
using DonorTrack.Core.Money;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Reports;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Imports;

/// <summary>
/// CSV import of donors and gifts in two steps: <see cref="Preview(Actor, string, Stream, ImportOptions)"/> checks every row and writes nothing; <see cref="Commit(Actor, string, Stream, ImportOptions)"/>
/// checks again (outside the write lock, confirmed inside it) and writes all of it in one transaction, or nothing. Treasurer or admin only.
/// </summary>
public sealed class ImportService(
    IDbConnectionFactory connections, DonorRepository donors, ImportRepository imports, OrganizationRepository organizations,
    MatchingRepository matchingCampaigns, MatchingReallocation matching, AuditLog audit, TimeProvider clock,
    HouseholdService householdService, HouseholdRepository households)
{
    private readonly ImportPlanner _planner = new(donors, imports);

    /// <summary>Gifts held and inserted in date order at a time: about 25 MB of rows.</summary>
    private const int GiftsSortedTogether = 65_536;

    public ImportPreview Preview(Actor actor, string fileName, byte[] bytes, ImportOptions options) =>
        Preview(actor, fileName, new MemoryStream(bytes, writable: false), options);

    /// <summary>Checks the file read from <paramref name="file"/>'s position to its end, once, row by row; the stream is not closed.</summary>
    public ImportPreview Preview(Actor actor, string fileName, Stream file, ImportOptions options)
    {
        actor.Require(Role.Treasurer);
        using var db = connections.Read();
        return Plan(db, actor, fileName, file, options).Preview;
    }

    public ImportResult Commit(Actor actor, string fileName, byte[] bytes, ImportOptions options) =>
        Commit(actor, fileName, new MemoryStream(bytes, writable: false), options);

    /// <summary>
    /// Imports the file: new donors through <see cref="DonorBulkWriter"/>, gifts through <see cref="GiftBulkWriter"/> with the report
    /// rollups paid once (<see cref="ReportRollupBatch"/>), the matching campaigns the gifts fall in re-run, and one audit entry, all in
    /// one transaction. The result lists gift ids in the file's row order; the ids themselves follow the gifts' dates within each
    /// run of rows inserted together. Throws <see cref="ImportRefusedException"/> (nothing written) when any row has an error or a repeat is not
    /// confirmed. The file is read twice from <paramref name="file"/>'s position, to check it and then to write it, so the stream
    /// must seek; neither pass holds the rows.
    /// </summary>
    public ImportResult Commit(Actor actor, string fileName, Stream file, ImportOptions options)
    {
        actor.Require(Role.Treasurer);
        if (!file.CanSeek)
            throw new ArgumentException("An import reads its file twice (to check it, then to write it); pass a stream that can seek, such as a file.", nameof(file));
        var start = file.Position;
        // Parsing, validating and matching every row only reads: it runs before the write lock is taken, so other
        // organizations' writes wait only for the write below. Inside the transaction each read of the plan is asked
        // again in one statement per kind; if any answer changed meanwhile (a donor merged, an email or key added, a fund
        // renamed), the file is planned again under the lock, so what is written is what the database holds at commit.
        ImportPlan plan;
        using (var read = connections.Read())
        {
            plan = Plan(read, actor, fileName, file, options);
            Refuse(read, actor.OrganizationId, plan.Preview, options);
        }
        using var db = BulkWriteTransaction.Begin(connections);
        if (!_planner.StillHolds(db, actor.OrganizationId, plan))
        {
            file.Position = start;
            plan = Plan(db, actor, fileName, file, options);
            Refuse(db, actor.OrganizationId, plan.Preview, options);
        }
        var preview = plan.Preview;

        var organizationId = actor.OrganizationId;
        var now = clock.GetUtcNow();
        var currency = organizations.Find(db, organizationId)!.Currency;
        var importId = imports.Insert(db, organizationId, preview, actor.Name, now);
        var funds = preview.FundsToCreate.ToDictionary(name => name, name => imports.InsertFund(db, organizationId, name), StringComparer.OrdinalIgnoreCase);
        var campaigns = preview.CampaignsToCreate.ToDictionary(name => name, name => imports.InsertCampaign(db, organizationId, name), StringComparer.OrdinalIgnoreCase);

        var created = new List<long>(preview.DonorsToCreate);
        var giftIds = new long[preview.GiftsToAdd];
        var days = new HashSet<DateOnly>();
        long DonorId(DonorRef donor) => donor.ExistingId ?? created[donor.NewIndex!.Value];
        var rollups = ReportRollupBatch.Suspend(db);
        IReadOnlyDictionary<string, DonorRef> keys;
        var householdRows = new List<(int Row, DonorRef Donor, string Name)>();
        using (var donorWriter = new DonorBulkWriter(db))
        using (var giftWriter = new GiftBulkWriter(db))
        {
            var pending = new List<(int Index, GiftInput Input)>(GiftsSortedTogether);
            var giftCount = 0;
            void WritePending()
            {
                // In the order of the gifts' date indexes: consecutive inserts land on the same index pages instead of a random
                // page of each index per row (a file in random date order took twice the time), and every gift keeps its place
                // in the result's file order.
                pending.Sort(static (a, b) => a.Input.ReceivedOn!.Value.CompareTo(b.Input.ReceivedOn!.Value) is var byDate and not 0
                    ? byDate : a.Input.DonorId!.Value.CompareTo(b.Input.DonorId!.Value) is var byDonor and not 0 ? byDonor : a.Index.CompareTo(b.Index));
                foreach (var (index, input) in pending)
                    giftIds[index] = giftWriter.Insert(organizationId, input, currency, actor.Name, now);
                pending.Clear();
            }
            file.Position = start;
            keys = _planner.Replay(db, organizationId, plan, file, options, new ImportRowWrites(
                donor => created.Add(donorWriter.Insert(organizationId, donor, now)),
                gift =>
                {
                    var input = gift.Input with
                    {
                        DonorId = DonorId(gift.Donor),
                        FundId = gift.Input.FundId ?? (gift.FundName is { } fund ? funds[fund] : null),
                        CampaignId = gift.Input.CampaignId ?? (gift.CampaignName is { } campaign ? campaigns[campaign] : null),
                    };
                    pending.Add((giftCount++, input));
                    days.Add(input.ReceivedOn!.Value);
                    if (pending.Count == GiftsSortedTogether)
                        WritePending();
                },
                (row, donor, household) => householdRows.Add((row, donor, household))));
            WritePending();
        }
        imports.AddKeys(db, organizationId, keys.Select(k => (k.Key, DonorId(k.Value))), importId);
        var householdsJoined = JoinHouseholds(db, actor, householdRows.Select(h => (h.Row, DonorId(h.Donor), h.Name)));
        rollups.Complete();
        var reallocated = Reallocate(db, organizationId, days);

        var matched = plan.MatchedDonorIds;
        audit.Record(db, actor, "import", importId, "create", null, new
        {
            preview.FileName,
            preview.Sha256,
            preview.RowCount,
            DonorsCreated = created.Count,
            DonorsMatched = matched.Count,
            GiftsCreated = giftIds.Length,
            preview.TotalCents,
            FundsCreated = funds.Values.Order().ToList(),
            CampaignsCreated = campaigns.Values.Order().ToList(),
            // Ids as [first, last] runs: a 100,000-row import writes consecutive ids, so the entry stays a few bytes.
            CreatedDonorIds = Runs(created),
            MatchedDonorIds = Runs(matched),
            GiftIds = Runs(giftIds),
            HouseholdsCreated = householdsJoined.Created,
            HouseholdMembersAdded = householdsJoined.MembersAdded,
        });
        db.Commit();
        return new ImportResult(importId, created, matched, giftIds, preview.TotalCents, reallocated);
    }

    /// <summary>
    /// Puts the donors of rows with a Household cell into the household of that name: the organization's oldest one with the
    /// name, or one created with the donor as its first member (and its address). Runs inside the import's transaction after
    /// the rows are written, so a donor who cannot join (an organization, or already in another household) refuses the whole
    /// import, naming the row.
    /// </summary>
    private (int Created, int MembersAdded) JoinHouseholds(DbSession db, Actor actor, IEnumerable<(int Row, long DonorId, string Name)> rows)
    {
        var created = 0;
        var added = 0;
        var byName = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var (row, donorId, name) in rows)
        {
            var householdId = byName.TryGetValue(name, out var known) ? known : households.FindByName(db, actor.OrganizationId, name)?.Id;
            var current = households.HouseholdOf(db, actor.OrganizationId, donorId);
            if (current is not null && current.HouseholdId == householdId)
                continue;
            try
            {
                if (current is not null)
                    throw InputValidation.FieldError("Household", $"this donor is already in the household “{current.Name}”; remove them there first, or leave the cell empty");
                if (householdId is { } existing)
                    householdService.AddMember(db, actor, existing, donorId);
                else
                {
                    householdId = householdService.Create(db, actor, new HouseholdInput { Name = name, MemberDonorIds = [donorId] }, externalId: null);
                    created++;
                }
            }
            catch (FluentValidation.ValidationException refused)
            {
                throw InputValidation.FieldError("Household", $"Nothing was imported: row {row}, Household “{name}”: {string.Join(" ", refused.Errors.Select(e => e.ErrorMessage.TrimEnd('.')))}.");
            }
            byName[name] = householdId!.Value;
            added++;
        }
        return (created, added);
    }

    private void Refuse(DbSession db, long organizationId, ImportPreview preview, ImportOptions options)
    {
        if (!preview.IsValid)
            throw new ImportRefusedException(preview, $"Nothing was imported: {DisplayFormat.Count(preview.Errors.Count, "problem")}, the first: {preview.Errors[0]}");
        if (preview.AlreadyImported is { } earlier && !options.ConfirmDuplicate)
            throw new ImportRefusedException(preview,
                $"Nothing was imported: this exact file was imported on {DisplayFormat.Date(organizations.Find(db, organizationId)!.LocalDate(earlier.ImportedAt))} by {earlier.ImportedBy}. Confirm to import it again.");
    }

    public IReadOnlyList<PreviousImport> Recent(Actor actor, int limit = 10)
    {
        actor.Require(Role.Treasurer);
        using var db = connections.Read();
        return imports.Recent(db, actor.OrganizationId, limit);
    }

    private ImportPlan Plan(DbSession db, Actor actor, string fileName, Stream file, ImportOptions options)
    {
        var organization = organizations.Find(db, actor.OrganizationId)!;
        return _planner.Plan(db, actor.OrganizationId, organization.LocalDate(clock.GetUtcNow()), fileName, file, options);
    }

    /// <summary>Re-runs every campaign whose window, or the look-back its eligibility rule reads, holds an imported gift.</summary>
    private int Reallocate(DbSession db, long organizationId, IReadOnlySet<DateOnly> days)
    {
        if (days.Count == 0)
            return 0;
        var count = 0;
        foreach (var campaign in matchingCampaigns.TouchedBy(db, organizationId, days.Min()))
        {
            var rules = matching.RulesOf(db, campaign, out _);
            var from = rules.Eligibility == MatchingEligibility.All ? rules.StartsOn : DonorPriorHistory.LookBackStartsOn(rules.StartsOn);
            if (!days.Any(day => day >= from && day <= rules.EndsOn))
                continue;
            matching.RunFully(db, campaign);
            count++;
        }
        return count;
    }

    private static List<long[]> Runs(IEnumerable<long> ids)
    {
        var runs = new List<long[]>();
        foreach (var id in ids.Order())
        {
            if (runs.Count > 0 && runs[^1][1] + 1 == id)
                runs[^1][1] = id;
            else
                runs.Add([id, id]);
        }
        return runs;
    }
}
