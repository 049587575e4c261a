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
    /// <summary>
    /// A voided gift takes its current receipts with it, in the void's transaction; an edited gift whose receipts print a
    /// changed field has them voided and reissued when the treasurer asked for that, and is refused otherwise.
    /// </summary>
    public void OnGiftChanged(DbSession db, GiftChange change)
    {
        if (change.Kind == GiftChangeKind.Voided)
            VoidForGift(db, change.Actor, change.Gift.Id, change.Reason ?? "");
        if (change is { Kind: GiftChangeKind.Edited, Before: { } before })
            AfterGiftEdited(db, change.Actor, before, change.Gift, change.ReissueReceipts);
    }

    /// <summary>The standing receipts and statements that print this gift, for the edit page to name before a change.</summary>
    public IReadOnlyList<Receipt> CurrentCovering(Actor actor, long giftId)
    {
        using var db = connections.Read();
        return receipts.CurrentCovering(db, actor.OrganizationId, giftId);
    }

    /// <summary>The fields a receipt or year-end statement prints that differ between the two versions of a gift, in words.</summary>
    public static IReadOnlyList<string> ReceiptedFieldsChanged(Gift before, Gift after)
    {
        var changed = new List<string>();
        if (before.AmountCents != after.AmountCents)
            changed.Add("amount");
        if (before.ReceivedOn != after.ReceivedOn)
            changed.Add("date received");
        if (before.Method != after.Method)
            changed.Add("payment method");
        if (before.Category != after.Category)
            changed.Add("category");
        if (before.CheckNumber != after.CheckNumber)
            changed.Add("check number");
        if (before.BenefitValueCents != after.BenefitValueCents || before.BenefitDescription != after.BenefitDescription)
            changed.Add("goods or services received");
        if (before.InKindDescription != after.InKindDescription)
            changed.Add("in-kind description");
        // A non-cash gift without its own description is described on the receipt by its notes.
        if (before.Notes != after.Notes && ReceiptContentBuilder.IsNonCash(after) && after.InKindDescription is null)
            changed.Add("notes");
        return changed;
    }

    private void AfterGiftEdited(DbSession db, Actor actor, Gift before, Gift after, bool reissue)
    {
        var changed = ReceiptedFieldsChanged(before, after);
        if (changed.Count == 0)
            return;
        var covering = receipts.CurrentCovering(db, actor.OrganizationId, after.Id);
        if (covering.Count == 0)
            return;
        var fields = string.Join(", ", changed);
        if (!reissue)
        {
            var numbers = string.Join(", ", covering.Select(r => r.Number));
            throw InputValidation.FieldError(nameof(GiftEditInput.ReissueReceipts),
                $"{(covering.Count == 1 ? "Receipt" : "Receipts")} {numbers} already {(covering.Count == 1 ? "shows" : "show")} this gift's {fields}. "
                + "Tick \u201cVoid and reissue\u201d to void what was issued and issue a corrected receipt in its place, or change only the fund, campaign or notes.");
        }

        foreach (var receipt in covering)
        {
            ledger.VoidOne(db, actor, receipt, $"Gift {after.Id} corrected: {fields}.");
            ledger.Reissue(db, actor, receipt);
        }
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
