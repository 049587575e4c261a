using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Threading.Channels;
using DonorTrack.Core.Csv;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Households;
using DonorTrack.Core.Money;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Receipts;

/// <summary>
/// Year-end statements: one donor's, or every donor's in a batch written as a ZIP with a CSV index and, from the same
/// issued statements, optionally one combined PDF for printing. A fiscal year still in progress is refused unless interim
/// statements are asked for, and those say so.
/// </summary>
public sealed class YearEndStatementService(
    IDbConnectionFactory connections, ReceiptRepository receipts, DonorRepository donors, OrganizationRepository organizations,
    ReceiptLedger ledger, ReceiptPrinter printer, HouseholdRepository householdMembers, HouseholdService households, TimeProvider clock)
{
    // Statements issued per transaction in a batch: numbers stay gap-free (a chunk commits or rolls back whole) while the
    // per-transaction and per-query costs are shared by many statements.
    private const int IssueChunkSize = 100;

    private readonly AnnualStatementInputValidator _annualValidator = new();
    private readonly AnnualBatchInputValidator _batchValidator = new();
    private readonly HouseholdStatementInputValidator _householdValidator = new();

    /// <summary>The year-end statement of one donor for a fiscal year (the year it ends in): issued, or a copy when nothing changed since. Null when there is no such donor.</summary>
    public ReceiptPdf? Annual(Actor actor, AnnualStatementInput input)
    {
        actor.Require(Role.Treasurer);
        _annualValidator.EnsureValid(input);
        AnnualStatement? issued;
        using (var db = connections.BeginTransaction())
        {
            var organization = organizations.Find(db, actor.OrganizationId)!;
            var donor = donors.Find(db, actor.OrganizationId, input.DonorId!.Value);
            if (donor is null)
                return null;
            var (start, end) = EnsureFinishedOrInterim(organization, input.Year!.Value, input.Interim);
            // Under per-household statements a member's statement is the household's, so both members asking get the same one.
            var household = receipts.Settings(db, organization.Id).AnnualStatements == AnnualStatementAddressee.PerHousehold
                ? householdMembers.HouseholdOf(db, organization.Id, donor.Id)
                : null;
            issued = household is null
                ? ledger.IssueOrReprintAnnual(db, actor, organization, donor, start, end, input.Interim, replaces: null)
                : ledger.IssueOrReprintHouseholdAnnual(db, actor, organization, households.Find(db, organization.Id, household.HouseholdId)!, start, end, input.Interim, replaces: null);
            if (issued is null)
                throw InputValidation.FieldError(nameof(input.DonorId), $"This donor has no receiptable gifts between {DisplayFormat.Date(start)} and {DisplayFormat.Date(end)}.");
            db.Commit();
        }

        return printer.Print(issued.Receipt, issued.Content, issued.Printing);
    }

    /// <summary>
    /// The year-end statement of a household for a fiscal year, whatever the organization's setting (staff may send one on
    /// request): addressed to the household, each gift under the member who gave it. Null when there is no such household.
    /// </summary>
    public ReceiptPdf? HouseholdAnnual(Actor actor, HouseholdStatementInput input)
    {
        actor.Require(Role.Treasurer);
        _householdValidator.EnsureValid(input);
        AnnualStatement? issued;
        using (var db = connections.BeginTransaction())
        {
            var organization = organizations.Find(db, actor.OrganizationId)!;
            var household = households.Find(db, actor.OrganizationId, input.HouseholdId!.Value);
            if (household is null)
                return null;
            var (start, end) = EnsureFinishedOrInterim(organization, input.Year!.Value, input.Interim);
            issued = ledger.IssueOrReprintHouseholdAnnual(db, actor, organization, household, start, end, input.Interim, replaces: null);
            if (issued is null)
                throw InputValidation.FieldError(nameof(input.HouseholdId), $"No member of this household has receiptable gifts between {DisplayFormat.Date(start)} and {DisplayFormat.Date(end)}.");
            db.Commit();
        }

        return printer.Print(issued.Receipt, issued.Content, issued.Printing);
    }

    /// <summary>Checks role, input and that the fiscal year may be run now, so a form can show the error before a batch starts.</summary>
    public void EnsureBatchCanRun(Actor actor, AnnualBatchInput input)
    {
        actor.Require(Role.Treasurer);
        _batchValidator.EnsureValid(input);
        EnsureFinishedOrInterim(FindOrganization(actor), input.Year!.Value, input.Interim);
    }

    /// <summary>
    /// Year-end statements of every donor with gifts in the fiscal year, written one by one into a ZIP with a CSV index, so
    /// memory stays flat however many donors there are; with <paramref name="combinedPdf"/> the same statements (same numbers,
    /// same printing) also go into one PDF for printing, so printing a batch is never a reprint stamped as a copy.
    /// </summary>
    public async Task<IReadOnlyList<ReceiptBatchEntry>> WriteAnnualBatchAsync(
        Actor actor, AnnualBatchInput input, Stream zipOutput, Stream? combinedPdf = null, IProgress<ReceiptBatchProgress>? progress = null,
        CancellationToken cancel = default)
    {
        EnsureBatchCanRun(actor, input);
        var year = input.Year!.Value;
        var entries = new List<ReceiptBatchEntry>();
        var forPrinting = combinedPdf is null ? null : new List<(ReceiptContent Content, ReceiptPrinting Printing)>();
        using (var zip = new ZipArchive(zipOutput, ZipArchiveMode.Create, leaveOpen: true))
        {
            await foreach (var (statement, pdf) in RenderedStatements(actor, year, input.Interim, progress, cancel))
            {
                var (receipt, content, printing) = statement;
                // The PDFs' streams are deflated already; deflating them again costs time and saves almost nothing.
                using (var stream = zip.CreateEntry(receipt.FileName, CompressionLevel.NoCompression).Open())
                    stream.Write(pdf);
                entries.Add(new ReceiptBatchEntry(receipt.Number, receipt.DonorId, content.DonorName, receipt.FileName, receipt.TotalCents, receipt.DeductibleCents, printing == ReceiptPrinting.Copy));
                forPrinting?.Add((content, printing));
            }

            using var writer = new StreamWriter(zip.CreateEntry("index.csv", CompressionLevel.Fastest).Open(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            WriteIndex(writer, entries);
        }

        if (combinedPdf is not null)
            printer.Combined(forPrinting!, $"Year-end statements {year}", FindOrganization(actor).Name, combinedPdf);
        return entries;
    }

    /// <summary>The fiscal year's start and end, refusing a year not over yet unless interim statements were asked for.</summary>
    private (DateOnly Start, DateOnly End) EnsureFinishedOrInterim(Organization organization, int year, bool interim)
    {
        var (start, end) = ReceiptLedger.FiscalPeriod(organization, year);
        if (!interim && organization.LocalDate(clock.GetUtcNow()) <= end)
            throw InputValidation.FieldError(nameof(AnnualBatchInput.Year),
                $"Fiscal year {year} runs until {DisplayFormat.Date(end)} and is not over yet, so a year-end statement now would leave out gifts still to come. "
                + "Choose interim statements to issue statements marked \u201cInterim statement\u201d, or run this after the year has ended.");
        return (start, end);
    }

    private static void WriteIndex(StreamWriter writer, IReadOnlyList<ReceiptBatchEntry> entries)
    {
        var csv = new CsvWriter(writer).Row("number", "donor_id", "donor_name", "file", "total", "deductible", "copy");
        foreach (var e in entries)
            csv.Row(e.Number, CsvCell.Number(e.DonorId), e.DonorName, e.FileName, CsvCell.Amount(e.TotalCents), CsvCell.Amount(e.DeductibleCents), e.IsCopy ? "yes" : "no");
    }

    /// <summary>
    /// Issues (or reprints) the year-end statement of every donor with gifts in the fiscal year, chunk by chunk, without
    /// rendering them; <paramref name="onIssued"/> runs inside each chunk's transaction, so what the caller writes for a
    /// statement (an outbox message) commits or rolls back with it. Returns how many statements there were.
    /// </summary>
    public int IssueAnnualBatch(
        Actor actor, AnnualBatchInput input, Action<DbSession, Organization, Donor, AnnualStatement> onIssued, IProgress<ReceiptBatchProgress>? progress = null,
        CancellationToken cancel = default)
    {
        EnsureBatchCanRun(actor, input);
        return AnnualStatements(actor, input.Year!.Value, input.Interim, progress, cancel, onIssued).Count();
    }

    private IEnumerable<AnnualStatement> AnnualStatements(
        Actor actor, int year, bool interim, IProgress<ReceiptBatchProgress>? progress, CancellationToken cancel,
        Action<DbSession, Organization, Donor, AnnualStatement>? onIssued = null)
    {
        var organization = FindOrganization(actor);
        var (start, end) = ReceiptLedger.FiscalPeriod(organization, year);
        IReadOnlyList<long> donorIds;
        using (var db = connections.Read())
            donorIds = receipts.DonorsWithGifts(db, actor.OrganizationId, start, end);
        progress?.Report(new ReceiptBatchProgress(0, donorIds.Count));
        var done = 0;
        var householdsDone = new HashSet<long>();
        foreach (var chunk in donorIds.Chunk(IssueChunkSize))
        {
            cancel.ThrowIfCancellationRequested();
            // A chunk commits as a whole and only then is handed on, so no PDF is written for a statement that rolls back.
            var issued = new List<AnnualStatement>(chunk.Length);
            using (var db = connections.BeginTransaction())
            {
                var settings = receipts.Settings(db, organization.Id);
                var limits = ledger.Limits(db, organization.Id);
                var donorsById = receipts.DonorsOf(db, organization.Id, chunk).ToDictionary(d => d.Id);
                var giftsByDonor = receipts.KeptGiftsOfDonors(db, organization.Id, chunk, start, end, settings.ExcludeReceiptedFromAnnual)
                    .GroupBy(g => g.DonorId).ToDictionary(g => g.Key, g => (IReadOnlyList<Gift>)g.ToList());
                var annualsByDonor = receipts.AnnualsOfDonors(db, organization.Id, chunk, start).ToLookup(r => r.DonorId);
                var heldByDonor = receipts.HouseholdAnnualsHeldBy(db, organization.Id, chunk, start).ToLookup(r => r.DonorId);
                var householdOf = settings.AnnualStatements == AnnualStatementAddressee.PerHousehold
                    ? householdMembers.HouseholdIdsOf(db, organization.Id, chunk)
                    : new Dictionary<long, long>();
                foreach (var donorId in chunk)
                {
                    if (!donorsById.TryGetValue(donorId, out var donor))
                        continue;
                    if (householdOf.TryGetValue(donorId, out var householdId))
                    {
                        // The household's statement covers every member; it is issued once, with the first member that gave.
                        if (!householdsDone.Add(householdId))
                            continue;
                        var householdStatement = ledger.IssueOrReprintHouseholdAnnual(
                            db, actor, organization, households.Find(db, organization.Id, householdId)!, start, end, interim, replaces: null);
                        if (householdStatement is null)
                            continue;
                        issued.Add(householdStatement);
                        onIssued?.Invoke(db, organization, donors.Find(db, organization.Id, householdStatement.Receipt.DonorId)!, householdStatement);
                        continue;
                    }

                    var annuals = annualsByDonor[donorId];
                    var statement = ledger.IssueOrReprintAnnual(db, actor, organization, settings, limits, donor, start, end, interim,
                        giftsByDonor.GetValueOrDefault(donorId, []), annuals.SingleOrDefault(r => !r.IsVoided),
                        () => annuals.Where(r => r.IsVoided).MaxBy(r => r.Id), replaces: null, heldByDonor[donorId].ToList());
                    if (statement is null)
                        continue;
                    issued.Add(statement);
                    onIssued?.Invoke(db, organization, donor, statement);
                }

                db.Commit();
            }

            foreach (var statement in issued)
                yield return statement;
            done += chunk.Length;
            progress?.Report(new ReceiptBatchProgress(done, donorIds.Count));
        }
    }

    /// <summary>
    /// The year's statements with their PDFs, in issuing order. Three stages overlap, joined by channels: one task issues
    /// statements (a chunk per transaction, one after another, so numbers come out exactly as in a serial run), up to four
    /// tasks render them (rendering needs no database), and the caller consumes them in order. The bounded in-order channel
    /// keeps only a small window of statements in flight, so memory does not grow with the batch. No stage blocks a thread
    /// waiting for another, so a small thread pool is not starved. On an error or cancellation every stage stops before
    /// this ends.
    /// </summary>
    private async IAsyncEnumerable<(AnnualStatement Statement, byte[] Pdf)> RenderedStatements(
        Actor actor, int year, bool interim, IProgress<ReceiptBatchProgress>? progress, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancel)
    {
        var workers = Math.Clamp(Environment.ProcessorCount, 1, 4);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var inOrder = Channel.CreateBounded<RenderSlot>(new BoundedChannelOptions(4 * workers) { SingleWriter = true, SingleReader = true });
        // Unbounded, yet never longer than the in-order window: a slot enters it only after entering the bounded channel.
        var toRender = Channel.CreateUnbounded<RenderSlot>(new UnboundedChannelOptions { SingleWriter = true });
        var issuing = Task.Run(async () =>
        {
            try
            {
                foreach (var statement in AnnualStatements(actor, year, interim, progress, stop.Token))
                {
                    var slot = new RenderSlot(statement);
                    await inOrder.Writer.WriteAsync(slot, stop.Token);
                    toRender.Writer.TryWrite(slot);
                }

                inOrder.Writer.Complete();
            }
            catch (Exception error)
            {
                inOrder.Writer.TryComplete(error);
                throw;
            }
            finally
            {
                toRender.Writer.TryComplete();
            }
        }, CancellationToken.None);
        var rendering = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            await foreach (var slot in toRender.Reader.ReadAllAsync(CancellationToken.None))
            {
                if (stop.IsCancellationRequested)
                {
                    slot.Pdf.TrySetCanceled(stop.Token);
                    continue;
                }

                try
                {
                    slot.Pdf.TrySetResult(printer.Bytes(slot.Statement.Content, slot.Statement.Printing));
                }
                catch (Exception error)
                {
                    slot.Pdf.TrySetException(error);
                }
            }
        }, CancellationToken.None)).ToArray();

        var finished = false;
        try
        {
            await foreach (var slot in inOrder.Reader.ReadAllAsync(stop.Token))
                yield return (slot.Statement, await slot.Pdf.Task);
            finished = true;
        }
        finally
        {
            if (!finished)
                await stop.CancelAsync();
            await Task.WhenAll(rendering);
            try
            {
                await issuing;
            }
            catch (Exception) when (!finished)
            {
                // The consumer's own exception (or the issuer's, passed on through the channel) is the one that counts.
            }
        }
    }

    private Organization FindOrganization(Actor actor)
    {
        using var db = connections.Read();
        return organizations.Find(db, actor.OrganizationId)!;
    }

    /// <summary>A statement on its way through the batch pipeline; the PDF arrives when a worker has rendered it.</summary>
    private sealed class RenderSlot(AnnualStatement statement)
    {
        public AnnualStatement Statement { get; } = statement;
        public TaskCompletionSource<byte[]> Pdf { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
