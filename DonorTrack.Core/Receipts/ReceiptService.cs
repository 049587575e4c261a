using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Csv;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Money;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Pdf;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Receipts;

/// <summary>
/// Issuing, reprinting, voiding and reissuing receipts, year-end statements one by one or in a streamed batch,
/// and the gap report. A number is taken in the same transaction that writes its receipt.
/// </summary>
public sealed class ReceiptService(
    IDbConnectionFactory connections, ReceiptRepository receipts, GiftRepository gifts, DonorRepository donors,
    OrganizationRepository organizations, AuditLog audit, IPdfRenderer renderer, TimeProvider clock)
{
    private static readonly JsonSerializerOptions ContentJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Statements issued per transaction in a batch: numbers stay gap-free (a chunk commits or rolls back whole) while the
    // per-transaction and per-query costs are shared by many statements.
    private const int IssueChunkSize = 100;

    private readonly VoidReceiptInputValidator _voidValidator = new();
    private readonly AnnualStatementInputValidator _annualValidator = new();
    private readonly AnnualBatchInputValidator _batchValidator = new();
    private readonly ReceiptSettingsInputValidator _settingsValidator = new();
    private readonly InsubstantialBenefitLimitsInputValidator _limitsValidator = new();
    private readonly ReceiptSettingsFormValidator _formValidator = new();

    /// <summary>The receipt of a gift: issued on the first call, a copy on every later one. Null when there is no such gift.</summary>
    public ReceiptPdf? ForGift(Actor actor, long giftId)
    {
        actor.Require(Roles.Entry);
        Receipt receipt;
        var printing = ReceiptPrinting.Copy;
        using (var db = connections.BeginTransaction())
        {
            var gift = gifts.Find(db, actor.OrganizationId, giftId);
            if (gift is null)
                return null;
            var existing = receipts.CurrentForGift(db, actor.OrganizationId, giftId);
            if (existing is null)
            {
                EnsureReceiptable(gift);
                existing = IssueForGift(db, actor, gift, replaces: null);
                printing = ReceiptPrinting.Original;
            }

            receipt = existing;
            db.Commit();
        }

        return Render(receipt, printing);
    }

    /// <summary>The standing receipt of a gift, if any, for pages to show.</summary>
    public Receipt? CurrentForGift(Actor actor, long giftId)
    {
        using var db = connections.Read();
        return receipts.CurrentForGift(db, actor.OrganizationId, giftId);
    }

    public Receipt? Find(Actor actor, long receiptId)
    {
        using var db = connections.Read();
        return receipts.Find(db, actor.OrganizationId, receiptId);
    }

    /// <summary>A stored receipt rendered again from its stored content, marked as a copy (or void). Null when there is no such receipt.</summary>
    public ReceiptPdf? Reprint(Actor actor, long receiptId)
    {
        actor.Require(Roles.Viewer);
        var receipt = Find(actor, receiptId);
        return receipt is null ? null : Render(receipt, receipt.IsVoided ? ReceiptPrinting.Void : ReceiptPrinting.Copy);
    }

    public Paged<ReceiptListItem> List(Actor actor, long? donorId, PageRequest page)
    {
        using var db = connections.Read();
        return receipts.List(db, actor.OrganizationId, donorId, page);
    }

    /// <summary>Voids a receipt, keeping its number, and with <paramref name="reissue"/> issues its replacement in the same transaction. Null when there is no such receipt.</summary>
    public Receipt? Void(Actor actor, long receiptId, VoidReceiptInput input, bool reissue)
    {
        actor.Require(Roles.Treasurer);
        _voidValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var receipt = receipts.Find(db, actor.OrganizationId, receiptId);
        if (receipt is null)
            return null;
        if (receipt.IsVoided)
            throw InputValidation.FieldError(nameof(input.Reason), "This receipt is already void.");
        VoidOne(db, actor, receipt, input.Reason!.Trim());
        var result = receipts.Find(db, actor.OrganizationId, receiptId)!;
        if (reissue)
        {
            if (receipt.Kind == ReceiptTerms.Gift)
            {
                var gift = gifts.Find(db, actor.OrganizationId, receipt.GiftId!.Value)!;
                EnsureReceiptable(gift);
                result = IssueForGift(db, actor, gift, replaces: receipt);
            }
            else
            {
                var organization = organizations.Find(db, actor.OrganizationId)!;
                var donor = donors.Find(db, actor.OrganizationId, receipt.DonorId)!;
                result = IssueOrReprintAnnual(db, actor, organization, donor, receipt.PeriodStart!.Value, receipt.PeriodEnd!.Value, receipt)?.Receipt
                    ?? throw InputValidation.FieldError(nameof(input.Reason), "The donor has no receiptable gifts left in this period; the statement is voided without a replacement.");
            }
        }

        db.Commit();
        return result;
    }

    /// <summary>Voids every standing receipt that covers a gift being voided, inside the gift's transaction.</summary>
    public void VoidForGift(DbSession db, Actor actor, long giftId, string reason)
    {
        foreach (var receipt in receipts.CurrentCovering(db, actor.OrganizationId, giftId))
            VoidOne(db, actor, receipt, $"Gift {giftId} voided: {reason}");
    }

    /// <summary>The year-end statement of one donor for a fiscal year (the year it ends in): issued, or a copy when nothing changed since. Null when there is no such donor.</summary>
    public ReceiptPdf? Annual(Actor actor, AnnualStatementInput input)
    {
        actor.Require(Roles.Treasurer);
        _annualValidator.EnsureValid(input);
        (Receipt Receipt, ReceiptContent Content, ReceiptPrinting Printing)? issued;
        using (var db = connections.BeginTransaction())
        {
            var organization = organizations.Find(db, actor.OrganizationId)!;
            var donor = donors.Find(db, actor.OrganizationId, input.DonorId!.Value);
            if (donor is null)
                return null;
            var (start, end) = FiscalPeriod(organization, input.Year!.Value);
            issued = IssueOrReprintAnnual(db, actor, organization, donor, start, end, replaces: null);
            if (issued is null)
                throw InputValidation.FieldError(nameof(input.DonorId), $"This donor has no receiptable gifts between {start:yyyy-MM-dd} and {end:yyyy-MM-dd}.");
            db.Commit();
        }

        return Render(issued.Value.Receipt, issued.Value.Content, issued.Value.Printing);
    }

    /// <summary>
    /// Year-end statements of every donor with gifts in the fiscal year, written one by one into a ZIP with a CSV index,
    /// so memory stays flat however many donors there are. Each statement commits on its own.
    /// </summary>
    public IReadOnlyList<ReceiptBatchEntry> WriteAnnualBatch(Actor actor, AnnualBatchInput input, Stream output, IProgress<ReceiptBatchProgress>? progress = null, CancellationToken cancel = default)
    {
        actor.Require(Roles.Treasurer);
        _batchValidator.EnsureValid(input);
        var entries = new List<ReceiptBatchEntry>();
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (receipt, content, printing, pdf) in RenderedStatements(actor, input.Year!.Value, progress, cancel))
        {
            // The PDFs' streams are deflated already; deflating them again costs time and saves almost nothing.
            using (var stream = zip.CreateEntry(receipt.FileName, CompressionLevel.NoCompression).Open())
                stream.Write(pdf);
            entries.Add(new ReceiptBatchEntry(receipt.Number, receipt.DonorId, content.DonorName, receipt.FileName, receipt.TotalCents, receipt.DeductibleCents, printing == ReceiptPrinting.Copy));
        }

        using (var writer = new StreamWriter(zip.CreateEntry("index.csv", CompressionLevel.Fastest).Open(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        {
            var csv = new CsvWriter(writer).Row("number", "donor_id", "donor_name", "file", "total", "deductible", "copy");
            foreach (var e in entries)
                csv.Row(e.Number, CsvCell.Number(e.DonorId), e.DonorName, e.FileName, CsvCell.Amount(e.TotalCents), CsvCell.Amount(e.DeductibleCents), e.IsCopy ? "yes" : "no");
        }

        return entries;
    }

    /// <summary>Every year-end statement of the fiscal year in one PDF for printing, each starting on a new page.</summary>
    public int WriteAnnualCombined(Actor actor, AnnualBatchInput input, Stream output, IProgress<ReceiptBatchProgress>? progress = null, CancellationToken cancel = default)
    {
        actor.Require(Roles.Treasurer);
        _batchValidator.EnsureValid(input);
        var statements = AnnualStatements(actor, input.Year!.Value, progress, cancel).Select(s => (s.Content, s.Printing)).ToList();
        var organization = FindOrganization(actor);
        renderer.Render(ReceiptDocument.Combined(statements, $"Year-end statements {input.Year}", organization.Name), output);
        return statements.Count;
    }

    /// <summary>For each numbering year: the numbers handed out, how many are void, and any missing or duplicated.</summary>
    public IReadOnlyList<ReceiptGapYear> GapReport(Actor actor)
    {
        actor.Require(Roles.Treasurer);
        using var db = connections.Read();
        var years = new List<ReceiptGapYear>();
        foreach (var (year, next) in receipts.Sequences(db, actor.OrganizationId))
        {
            var numbers = receipts.NumbersOfYear(db, actor.OrganizationId, year);
            var present = numbers.Select(n => n.SequenceNumber).ToHashSet();
            var missing = Enumerable.Range(1, (int)(next - 1)).Where(n => !present.Contains(n)).Select(n => ReceiptFiles.Number(year, n)).ToList();
            var duplicated = numbers.GroupBy(n => n.SequenceNumber).Where(g => g.Count() > 1).Select(g => ReceiptFiles.Number(year, g.Key)).ToList();
            years.Add(new ReceiptGapYear(year, numbers.Count, numbers.Count(n => n.Voided), numbers.Count == 0 ? 0 : numbers.Min(n => n.SequenceNumber),
                numbers.Count == 0 ? 0 : numbers.Max(n => n.SequenceNumber), missing, duplicated));
        }

        return years;
    }

    public ReceiptSettings Settings(Actor actor)
    {
        using var db = connections.Read();
        return receipts.Settings(db, actor.OrganizationId);
    }

    public void SaveSettings(Actor actor, ReceiptSettingsInput input)
    {
        actor.Require(Roles.Admin);
        _settingsValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var before = receipts.Settings(db, actor.OrganizationId) with { LogoPng = null };
        receipts.SaveSettings(db, actor.OrganizationId, input, clock.GetUtcNow());
        audit.Record(db, actor, "receipt_settings", actor.OrganizationId, "update", before, input);
        db.Commit();
    }

    /// <summary>Saves the receipt settings page in one transaction, audited; nothing is written when any field is invalid.</summary>
    public void SaveSettingsForm(Actor actor, ReceiptSettingsForm form)
    {
        actor.Require(Roles.Treasurer);
        _formValidator.EnsureValid(form);
        var now = clock.GetUtcNow();
        using var db = connections.BeginTransaction();
        var before = receipts.Settings(db, actor.OrganizationId);
        var organization = organizations.Find(db, actor.OrganizationId)!;
        var input = new ReceiptSettingsInput(form.NumberingYear, form.ExcludeReceiptedFromAnnual, form.SignatoryTitle?.Trim() is { Length: > 0 } title ? title : null);
        receipts.SaveSettings(db, actor.OrganizationId, input, now);
        var logoChanged = form.RemoveLogo || form.Logo is { Length: > 0 };
        if (logoChanged)
            receipts.SaveLogo(db, actor.OrganizationId, form.RemoveLogo ? null : form.Logo, now);
        var signatory = form.SignatoryName?.Trim() is { Length: > 0 } name ? name : null;
        if (signatory != organization.ReceiptSignatory)
            organizations.Update(db, actor.OrganizationId, OrganizationInput.From(organization) with { ReceiptSignatory = signatory });
        audit.Record(db, actor, "receipt_settings", actor.OrganizationId, "update",
            new { Settings = before with { LogoPng = null }, LogoBytes = before.LogoPng?.Length, organization.ReceiptSignatory },
            new { Settings = input, LogoBytes = logoChanged ? form.Logo?.Length : before.LogoPng?.Length, ReceiptSignatory = signatory });
        if (form.LimitsTaxYear is { } taxYear)
        {
            var limits = new InsubstantialBenefitLimitsInput(taxYear, form.LowCostArticleCents, form.MinimumPaymentCents, form.BenefitCapCents);
            receipts.SaveLimits(db, actor.OrganizationId, limits);
            audit.Record(db, actor, "insubstantial_benefit_limits", taxYear, "update", null, limits);
        }

        db.Commit();
    }

    public void SaveLimits(Actor actor, InsubstantialBenefitLimitsInput input)
    {
        actor.Require(Roles.Admin);
        _limitsValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        receipts.SaveLimits(db, actor.OrganizationId, input);
        audit.Record(db, actor, "insubstantial_benefit_limits", input.TaxYear!.Value, "update", null, input);
        db.Commit();
    }

    /// <summary>The first and last day of the fiscal year that ends in <paramref name="year"/>.</summary>
    public static (DateOnly Start, DateOnly End) FiscalPeriod(Organization organization, int year)
    {
        var month = (int)organization.FiscalYearStartMonth;
        var start = month == 1 ? new DateOnly(year, 1, 1) : new DateOnly(year - 1, month, 1);
        return (start, start.AddYears(1).AddDays(-1));
    }

    /// <summary>The year a receipt issued today is numbered in: the calendar year, or the year the current fiscal year ends in.</summary>
    public static long NumberingYear(Organization organization, ReceiptSettings settings, DateOnly today)
    {
        if (settings.NumberingYear != ReceiptTerms.FiscalYear)
            return today.Year;
        var start = organization.FiscalYearStart(today);
        return start.Month == 1 ? start.Year : start.Year + 1;
    }

    public static ReceiptContent ReadContent(Receipt receipt) =>
        JsonSerializer.Deserialize<ReceiptContent>(receipt.ContentJson, ContentJson)
            ?? throw new InvalidOperationException($"Receipt {receipt.Number} has no stored content.");

    private IEnumerable<(Receipt Receipt, ReceiptContent Content, ReceiptPrinting Printing)> AnnualStatements(
        Actor actor, int year, IProgress<ReceiptBatchProgress>? progress, CancellationToken cancel)
    {
        var organization = FindOrganization(actor);
        var (start, end) = FiscalPeriod(organization, year);
        IReadOnlyList<long> donorIds;
        using (var db = connections.Read())
            donorIds = receipts.DonorsWithGifts(db, actor.OrganizationId, start, end);
        progress?.Report(new ReceiptBatchProgress(0, donorIds.Count));
        var done = 0;
        foreach (var chunk in donorIds.Chunk(IssueChunkSize))
        {
            cancel.ThrowIfCancellationRequested();
            // A chunk commits as a whole and only then is handed on, so no PDF is written for a statement that rolls back.
            var issued = new List<(Receipt Receipt, ReceiptContent Content, ReceiptPrinting Printing)>(chunk.Length);
            using (var db = connections.BeginTransaction())
            {
                var settings = receipts.Settings(db, organization.Id);
                var limits = Limits(db, organization.Id);
                var donorsById = receipts.DonorsOf(db, organization.Id, chunk).ToDictionary(d => d.Id);
                var giftsByDonor = receipts.KeptGiftsOfDonors(db, organization.Id, chunk, start, end, settings.ExcludeReceiptedFromAnnual)
                    .GroupBy(g => g.DonorId).ToDictionary(g => g.Key, g => (IReadOnlyList<Gift>)g.ToList());
                var annualsByDonor = receipts.AnnualsOfDonors(db, organization.Id, chunk, start).ToLookup(r => r.DonorId);
                foreach (var donorId in chunk)
                {
                    if (!donorsById.TryGetValue(donorId, out var donor))
                        continue;
                    var annuals = annualsByDonor[donorId];
                    var statement = IssueOrReprintAnnual(db, actor, organization, settings, limits, donor, start, end,
                        giftsByDonor.GetValueOrDefault(donorId, []), annuals.SingleOrDefault(r => !r.IsVoided),
                        () => annuals.Where(r => r.IsVoided).MaxBy(r => r.Id), replaces: null);
                    if (statement is { } value)
                        issued.Add(value);
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
    /// The year's statements with their PDFs, in issuing order. Three stages overlap: one thread issues statements (one
    /// transaction each, one after another, so numbers come out exactly as in a serial run), worker threads render them
    /// (rendering needs no database), and the caller consumes them in order. At most a small window of statements is in
    /// flight, so memory does not grow with the batch. On an error or cancellation every stage stops before this returns.
    /// </summary>
    private IEnumerable<(Receipt Receipt, ReceiptContent Content, ReceiptPrinting Printing, byte[] Pdf)> RenderedStatements(
        Actor actor, int year, IProgress<ReceiptBatchProgress>? progress, CancellationToken cancel)
    {
        var workers = Math.Clamp(Environment.ProcessorCount, 1, 4);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var inOrder = new BlockingCollection<RenderSlot>(boundedCapacity: 4 * workers);
        using var toRender = new BlockingCollection<RenderSlot>();
        // Dedicated threads, not pool tasks: every stage blocks on the others, which would starve a small thread pool.
        var issuing = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var (receipt, content, printing) in AnnualStatements(actor, year, progress, stop.Token))
                {
                    var slot = new RenderSlot(receipt, content, printing);
                    inOrder.Add(slot, stop.Token);
                    toRender.Add(slot, CancellationToken.None);
                }
            }
            finally
            {
                inOrder.CompleteAdding();
                toRender.CompleteAdding();
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var rendering = Enumerable.Range(0, workers).Select(_ => Task.Factory.StartNew(() =>
        {
            foreach (var slot in toRender.GetConsumingEnumerable(CancellationToken.None))
            {
                if (stop.IsCancellationRequested)
                {
                    slot.Pdf.TrySetCanceled(stop.Token);
                    continue;
                }

                try
                {
                    slot.Pdf.TrySetResult(RenderBytes(slot.Content, slot.Printing));
                }
                catch (Exception error)
                {
                    slot.Pdf.TrySetException(error);
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();

        var finished = false;
        try
        {
            foreach (var slot in inOrder.GetConsumingEnumerable(stop.Token))
                yield return (slot.Receipt, slot.Content, slot.Printing, slot.Pdf.Task.GetAwaiter().GetResult());
            finished = true;
        }
        finally
        {
            if (!finished)
                stop.Cancel();
            try
            {
                Task.WaitAll([issuing, .. rendering], CancellationToken.None);
            }
            catch (AggregateException)
            {
                // Reported below as the issuer's own exception; when the consumer stopped first, its error is the one that counts.
            }
        }

        issuing.GetAwaiter().GetResult();
    }

    private byte[] RenderBytes(ReceiptContent content, ReceiptPrinting printing)
    {
        using var pdf = new MemoryStream();
        renderer.Render(ReceiptDocument.Build(content, printing), pdf);
        return pdf.ToArray();
    }

    /// <summary>A statement on its way through the batch pipeline; the PDF arrives when a worker has rendered it.</summary>
    private sealed class RenderSlot(Receipt receipt, ReceiptContent content, ReceiptPrinting printing)
    {
        public Receipt Receipt { get; } = receipt;
        public ReceiptContent Content { get; } = content;
        public ReceiptPrinting Printing { get; } = printing;
        public TaskCompletionSource<byte[]> Pdf { get; } = new();
    }

    private Organization FindOrganization(Actor actor)
    {
        using var db = connections.Read();
        return organizations.Find(db, actor.OrganizationId)!;
    }

    /// <summary>
    /// Issues the donor's statement for the period, or returns the standing one as a copy when it covers exactly the same
    /// gifts; a standing statement whose gifts changed is voided and replaced. Null when the donor has nothing to receipt.
    /// </summary>
    private (Receipt Receipt, ReceiptContent Content, ReceiptPrinting Printing)? IssueOrReprintAnnual(
        DbSession db, Actor actor, Organization organization, Donor donor, DateOnly start, DateOnly end, Receipt? replaces)
    {
        var settings = receipts.Settings(db, organization.Id);
        var kept = receipts.KeptGiftsOfDonor(db, organization.Id, donor.Id, start, end, settings.ExcludeReceiptedFromAnnual);
        var standing = receipts.CurrentAnnual(db, organization.Id, donor.Id, start);
        return IssueOrReprintAnnual(db, actor, organization, settings, Limits(db, organization.Id), donor, start, end, kept, standing,
            () => receipts.LatestVoidedAnnual(db, organization.Id, donor.Id, start), replaces);
    }

    /// <summary>The same, with the donor's kept gifts, standing statement and settings already read (the batch reads them per chunk).</summary>
    private (Receipt Receipt, ReceiptContent Content, ReceiptPrinting Printing)? IssueOrReprintAnnual(
        DbSession db, Actor actor, Organization organization, ReceiptSettings settings, Func<long, InsubstantialBenefitLimits> limits, Donor donor,
        DateOnly start, DateOnly end, IReadOnlyList<Gift> kept, Receipt? standing, Func<Receipt?> latestVoided, Receipt? replaces)
    {
        if (standing is not null)
        {
            var draft = ReceiptContentBuilder.ForYear(new ReceiptIssue(organization, settings, donor, "", default, null, limits), start, end, kept);
            var same = receipts.GiftIdsOf(db, organization.Id, standing.Id).SequenceEqual(kept.Select(g => g.Id).Order())
                && draft.TotalCents == standing.TotalCents && draft.BenefitCents == standing.BenefitCents && draft.DeductibleCents == standing.DeductibleCents;
            if (same)
                return (standing, ReadContent(standing), ReceiptPrinting.Copy);
            VoidOne(db, actor, standing, "Superseded: the gifts of the period changed.");
            replaces = standing;
        }

        if (kept.Count == 0)
            return null;
        replaces ??= latestVoided();
        var now = clock.GetUtcNow();
        var today = organization.LocalDate(now);
        var (year, sequence, number) = TakeNumber(db, organization, settings, today);
        var content = ReceiptContentBuilder.ForYear(new ReceiptIssue(organization, settings, donor, number, today, replaces?.Number, limits), start, end, kept);
        var receipt = Store(db, actor, content, year, sequence, donor.Id, giftId: null, start, end, organization.Currency, replaces, now);
        foreach (var gift in kept)
            receipts.LinkGift(db, organization.Id, receipt.Id, gift.Id, gift.AmountCents - gift.RefundedCents, gift.BenefitValueCents, 0);
        return (receipt, content, ReceiptPrinting.Original);
    }

    private Receipt IssueForGift(DbSession db, Actor actor, Gift gift, Receipt? replaces)
    {
        var organization = organizations.Find(db, actor.OrganizationId)!;
        var settings = receipts.Settings(db, organization.Id);
        var donor = donors.Find(db, actor.OrganizationId, gift.DonorId)!;
        var now = clock.GetUtcNow();
        var today = organization.LocalDate(now);
        var (year, sequence, number) = TakeNumber(db, organization, settings, today);
        var content = ReceiptContentBuilder.ForGift(
            new ReceiptIssue(organization, settings, donor, number, today, replaces?.Number, Limits(db, organization.Id)), gift);
        var receipt = Store(db, actor, content, year, sequence, donor.Id, gift.Id, null, null, gift.Currency, replaces, now);
        receipts.LinkGift(db, organization.Id, receipt.Id, gift.Id, gift.AmountCents - gift.RefundedCents, gift.BenefitValueCents, content.DeductibleCents);
        return receipt;
    }

    private (long Year, long Sequence, string Number) TakeNumber(DbSession db, Organization organization, ReceiptSettings settings, DateOnly today)
    {
        var year = NumberingYear(organization, settings, today);
        var sequence = receipts.TakeNumber(db, organization.Id, year);
        return (year, sequence, ReceiptFiles.Number(year, sequence));
    }

    private Receipt Store(
        DbSession db, Actor actor, ReceiptContent content, long year, long sequence, long donorId, long? giftId, DateOnly? start, DateOnly? end,
        string currency, Receipt? replaces, DateTimeOffset now)
    {
        var json = JsonSerializer.Serialize(content, ContentJson);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        var receipt = new Receipt(0, actor.OrganizationId, content.Number, year, sequence, content.Kind, donorId, giftId, start, end, currency,
            content.TotalCents, content.BenefitCents, content.DeductibleCents, now, actor.Name, replaces?.Id, null, null, null, hash, json);
        receipt = receipt with { Id = receipts.Insert(db, receipt) };
        audit.Record(db, actor, "receipt", receipt.Id, replaces is null ? "issue" : "reissue", null, Summary(receipt));
        return receipt;
    }

    private void VoidOne(DbSession db, Actor actor, Receipt receipt, string reason)
    {
        receipts.Void(db, actor.OrganizationId, receipt.Id, reason, actor.Name, clock.GetUtcNow());
        audit.Record(db, actor, "receipt", receipt.Id, "void", Summary(receipt), Summary(receipts.Find(db, actor.OrganizationId, receipt.Id)!));
    }

    private Func<long, InsubstantialBenefitLimits> Limits(DbSession db, long organizationId)
    {
        var overrides = receipts.Limits(db, organizationId).ToDictionary(l => l.TaxYear);
        return year => overrides.TryGetValue(year, out var limits) ? limits : InsubstantialBenefitLimits.PublishedFor(year);
    }

    private ReceiptPdf Render(Receipt receipt, ReceiptPrinting printing) => Render(receipt, ReadContent(receipt), printing);

    private ReceiptPdf Render(Receipt receipt, ReceiptContent content, ReceiptPrinting printing)
    {
        using var output = new MemoryStream();
        renderer.Render(ReceiptDocument.Build(content, printing), output);
        return new ReceiptPdf(receipt, receipt.FileName, output.ToArray(), printing != ReceiptPrinting.Original);
    }

    private static void EnsureReceiptable(Gift gift)
    {
        if (ReceiptContentBuilder.IsReceiptable(gift))
            return;
        var why = gift.Status switch
        {
            "voided" => "A voided gift cannot be receipted.",
            "refunded" => "A refunded gift cannot be receipted.",
            _ => $"A {GiftTerms.Label(gift.Status).ToLowerInvariant()} gift cannot be receipted until it is completed.",
        };
        throw InputValidation.FieldError("GiftId", why);
    }

    /// <summary>What the audit log keeps of a receipt: everything but the rendered content, which the hash stands for.</summary>
    private static object Summary(Receipt receipt) => receipt with { ContentJson = "" };
}
