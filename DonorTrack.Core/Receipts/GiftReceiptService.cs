using DonorTrack.Core.Data;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Receipts;

/// <summary>
/// Receipts one by one: a gift's receipt issued on first request and a copy afterwards, reprints, voids and reissues (of
/// either kind, since a void is per receipt), the receipts list and the numbering gap report.
/// </summary>
public sealed class GiftReceiptService(
    IDbConnectionFactory connections, ReceiptRepository receipts, GiftRepository gifts, ReceiptLedger ledger, ReceiptPrinter printer)
    : IGiftChangeListener
{
    /// <summary>A voided gift takes its current receipts with it, in the void's transaction.</summary>
    public void OnGiftChanged(DbSession db, GiftChange change)
    {
        if (change.Kind == GiftChangeKind.Voided)
            VoidForGift(db, change.Actor, change.Gift.Id, change.Reason ?? "");
    }

    private readonly VoidReceiptInputValidator _voidValidator = new();

    /// <summary>The receipt of a gift: issued on the first call, a copy on every later one. Null when there is no such gift.</summary>
    public ReceiptPdf? ForGift(Actor actor, long giftId)
    {
        actor.Require(Role.Entry);
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
                ReceiptLedger.EnsureReceiptable(gift);
                existing = ledger.IssueForGift(db, actor, gift, replaces: null);
                printing = ReceiptPrinting.Original;
            }

            receipt = existing;
            db.Commit();
        }

        return printer.Print(receipt, printing);
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
        actor.Require(Role.Viewer);
        var receipt = Find(actor, receiptId);
        return receipt is null ? null : printer.Print(receipt, receipt.IsVoided ? ReceiptPrinting.Void : ReceiptPrinting.Copy);
    }

    public Paged<ReceiptListItem> List(Actor actor, long? donorId, PageRequest page)
    {
        using var db = connections.Read();
        return receipts.List(db, actor.OrganizationId, donorId, page);
    }

    /// <summary>Voids a receipt, keeping its number, and with <paramref name="reissue"/> issues its replacement in the same transaction. Null when there is no such receipt.</summary>
    public Receipt? Void(Actor actor, long receiptId, VoidReceiptInput input, bool reissue)
    {
        actor.Require(Role.Treasurer);
        _voidValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var receipt = receipts.Find(db, actor.OrganizationId, receiptId);
        if (receipt is null)
            return null;
        if (receipt.IsVoided)
            throw InputValidation.FieldError(nameof(input.Reason), "This receipt is already void.");
        ledger.VoidOne(db, actor, receipt, input.Reason!.Trim());
        var result = receipts.Find(db, actor.OrganizationId, receiptId)!;
        if (reissue)
        {
            result = ledger.Reissue(db, actor, receipt)
                ?? throw InputValidation.FieldError(nameof(input.Reason), "The donor has no receiptable gifts left in this period; the statement is voided without a replacement.");
        }

        db.Commit();
        return result;
    }

    /// <summary>Voids every standing receipt that covers a gift being voided, inside the gift's transaction.</summary>
    public void VoidForGift(DbSession db, Actor actor, long giftId, string reason)
    {
        foreach (var receipt in receipts.CurrentCovering(db, actor.OrganizationId, giftId))
            ledger.VoidOne(db, actor, receipt, $"Gift {giftId} voided: {reason}");
    }

    /// <summary>For each numbering year: the numbers handed out, how many are void, and any missing or duplicated.</summary>
    public IReadOnlyList<ReceiptGapYear> GapReport(Actor actor)
    {
        actor.Require(Role.Treasurer);
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
}
