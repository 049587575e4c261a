using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Households;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Receipts;

/// <summary>
/// The one place receipt rows are written: takes the next number in the caller's transaction, words the content, stores it
/// with its hash, links its gifts and audits; voids keep their number. Gift receipts and year-end statements both issue here.
/// </summary>
public sealed class ReceiptLedger(
    ReceiptRepository receipts, GiftRepository gifts, DonorRepository donors, OrganizationRepository organizations, HouseholdService households, AuditLog audit,
    TimeProvider clock)
{
    private static readonly JsonSerializerOptions ContentJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

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

    /// <summary>Refuses a gift that cannot be receipted (not completed, voided, refunded), saying why.</summary>
    public static void EnsureReceiptable(Gift gift)
    {
        if (ReceiptContentBuilder.IsReceiptable(gift))
            return;
        var why = gift.Status switch
        {
            GiftStatus.Voided => "A voided gift cannot be receipted.",
            GiftStatus.Refunded => "A refunded gift cannot be receipted.",
            _ => $"A {gift.Status.Label().ToLowerInvariant()} gift cannot be receipted until it is completed.",
        };
        throw InputValidation.FieldError("GiftId", why);
    }

    /// <summary>Issues the receipt of one gift (a replacement when <paramref name="replaces"/> is given).</summary>
    public Receipt IssueForGift(DbSession db, Actor actor, Gift gift, Receipt? replaces)
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

    /// <summary>Reissues a voided receipt of either kind in the caller's transaction; null when a statement has nothing left to receipt.</summary>
    public Receipt? Reissue(DbSession db, Actor actor, Receipt voided)
    {
        if (voided.Kind == ReceiptTerms.Gift)
        {
            var gift = gifts.Find(db, actor.OrganizationId, voided.GiftId!.Value)!;
            EnsureReceiptable(gift);
            return IssueForGift(db, actor, gift, replaces: voided);
        }

        var organization = organizations.Find(db, actor.OrganizationId)!;
        // A replacement for a year still in progress can only be interim, whatever the voided one was.
        var interim = organization.LocalDate(clock.GetUtcNow()) <= voided.PeriodEnd!.Value;
        if (receipts.HouseholdOfStatement(db, organization.Id, voided.Id) is { } householdId)
        {
            var household = households.Find(db, organization.Id, householdId)!;
            return IssueOrReprintHouseholdAnnual(db, actor, organization, household, voided.PeriodStart!.Value, voided.PeriodEnd!.Value, interim, voided)?.Receipt;
        }

        var donor = donors.Find(db, actor.OrganizationId, voided.DonorId)!;
        return IssueOrReprintAnnual(db, actor, organization, donor, voided.PeriodStart!.Value, voided.PeriodEnd!.Value, interim, voided)?.Receipt;
    }

    /// <summary>
    /// Issues the donor's statement for the period, or returns the standing one as a copy when it covers exactly the same
    /// gifts; a standing statement whose gifts changed is voided and replaced. Null when the donor has nothing to receipt.
    /// </summary>
    public AnnualStatement? IssueOrReprintAnnual(
        DbSession db, Actor actor, Organization organization, Donor donor, DateOnly start, DateOnly end, bool interim, Receipt? replaces)
    {
        var settings = receipts.Settings(db, organization.Id);
        var kept = receipts.KeptGiftsOfDonor(db, organization.Id, donor.Id, start, end, settings.ExcludeReceiptedFromAnnual);
        var standing = receipts.CurrentAnnual(db, organization.Id, donor.Id, start);
        return IssueOrReprintAnnual(db, actor, organization, settings, Limits(db, organization.Id), donor, start, end, interim, kept, standing,
            () => receipts.LatestVoidedAnnual(db, organization.Id, donor.Id, start), replaces, receipts.HouseholdAnnualsHeldBy(db, organization.Id, [donor.Id], start));
    }

    /// <summary>The same, with the donor's kept gifts, standing statement and settings already read (the batch reads them per chunk).</summary>
    public AnnualStatement? IssueOrReprintAnnual(
        DbSession db, Actor actor, Organization organization, ReceiptSettings settings, Func<long, InsubstantialBenefitLimits> limits, Donor donor,
        DateOnly start, DateOnly end, bool interim, IReadOnlyList<Gift> kept, Receipt? standing, Func<Receipt?> latestVoided, Receipt? replaces,
        IReadOnlyList<Receipt> heldHouseholdStatements)
    {
        // A household statement issued under this donor as primary contact gives way to the donor's own: the organization now
        // issues statements per person (or the donor left the household), and only one statement per donor and period stands.
        foreach (var held in heldHouseholdStatements)
            VoidOne(db, actor, held, "Superseded: year-end statements for this period are now issued to each person.");
        if (standing is not null)
        {
            var draft = ReceiptContentBuilder.ForYear(new ReceiptIssue(organization, settings, donor, "", default, null, limits), start, end, kept);
            var storedContent = ReadContent(standing);
            var same = receipts.GiftIdsOf(db, organization.Id, standing.Id).SequenceEqual(kept.Select(g => g.Id).Order())
                && draft.TotalCents == standing.TotalCents && draft.BenefitCents == standing.BenefitCents && draft.DeductibleCents == standing.DeductibleCents;
            // An interim statement is never handed out as the final one once the year has ended, even when no gift changed.
            if (same && storedContent.Interim == interim)
                return new AnnualStatement(standing, storedContent, ReceiptPrinting.Copy);
            VoidOne(db, actor, standing, same ? "Superseded: the fiscal year has ended; the final statement replaces the interim one." : "Superseded: the gifts of the period changed.");
            replaces = standing;
        }

        if (kept.Count == 0)
            return null;
        replaces ??= latestVoided();
        var now = clock.GetUtcNow();
        var today = organization.LocalDate(now);
        var (year, sequence, number) = TakeNumber(db, organization, settings, today);
        var content = ReceiptContentBuilder.ForYear(new ReceiptIssue(organization, settings, donor, number, today, replaces?.Number, limits), start, end, kept, interim);
        var receipt = Store(db, actor, content, year, sequence, donor.Id, giftId: null, start, end, organization.Currency, replaces, now);
        foreach (var gift in kept)
            receipts.LinkGift(db, organization.Id, receipt.Id, gift.Id, gift.AmountCents - gift.RefundedCents, gift.BenefitValueCents, 0);
        return new AnnualStatement(receipt, content, ReceiptPrinting.Original);
    }

    /// <summary>
    /// Issues the household's statement for the period (every member's kept gifts, each under the member who gave it), or
    /// returns the standing one as a copy when it covers exactly the same gifts. Members' own standing statements for the
    /// period are voided first: a gift is acknowledged on one standing statement. Null when no member has anything to receipt.
    /// </summary>
    public AnnualStatement? IssueOrReprintHouseholdAnnual(
        DbSession db, Actor actor, Organization organization, HouseholdDetail household, DateOnly start, DateOnly end, bool interim, Receipt? replaces)
    {
        var organizationId = organization.Id;
        var householdId = household.Household.Id;
        if (household.PrimaryContact is not { } primaryMember)
            return null;
        var settings = receipts.Settings(db, organizationId);
        var limits = Limits(db, organizationId);
        foreach (var member in household.Members)
        {
            if (receipts.CurrentAnnual(db, organizationId, member.DonorId, start) is { } own)
                VoidOne(db, actor, own, "Superseded: year-end statements for this period are now issued to the household.");
        }

        var standing = receipts.HouseholdAnnual(db, organizationId, householdId, start, voided: false);
        // The primary contact may hold another household's statement (they moved): one statement per donor and period stands.
        foreach (var held in receipts.HouseholdAnnualsHeldBy(db, organizationId, [primaryMember.DonorId], start).Where(r => r.Id != standing?.Id))
            VoidOne(db, actor, held, "Superseded: the primary contact now belongs to another household.");
        var primary = donors.Find(db, organizationId, primaryMember.DonorId)!;
        var kept = household.Members
            .Select(m => new MemberGifts(m.DisplayName, receipts.KeptGiftsOfDonor(db, organizationId, m.DonorId, start, end, settings.ExcludeReceiptedFromAnnual)))
            .Where(m => m.Gifts.Count > 0)
            .ToList();
        var keptIds = kept.SelectMany(m => m.Gifts).Select(g => g.Id).Order().ToList();
        ReceiptIssue Issue(string number, DateOnly issuedOn, string? replacesNumber) =>
            new(organization, settings, primary, number, issuedOn, replacesNumber, limits)
            {
                AddresseeName = household.FormalAddressee, AddresseeAddress = household.MailingAddress(primary),
            };

        if (standing is not null)
        {
            var draft = ReceiptContentBuilder.ForHouseholdYear(Issue("", default, null), start, end, kept);
            var storedContent = ReadContent(standing);
            var same = receipts.GiftIdsOf(db, organizationId, standing.Id).SequenceEqual(keptIds)
                && draft.TotalCents == standing.TotalCents && draft.BenefitCents == standing.BenefitCents && draft.DeductibleCents == standing.DeductibleCents;
            if (same && storedContent.Interim == interim)
                return new AnnualStatement(standing, storedContent, ReceiptPrinting.Copy);
            VoidOne(db, actor, standing, same ? "Superseded: the fiscal year has ended; the final statement replaces the interim one." : "Superseded: the gifts of the period changed.");
            replaces = standing;
        }

        if (keptIds.Count == 0)
            return null;
        replaces ??= receipts.HouseholdAnnual(db, organizationId, householdId, start, voided: true);
        var now = clock.GetUtcNow();
        var today = organization.LocalDate(now);
        var (year, sequence, number) = TakeNumber(db, organization, settings, today);
        var content = ReceiptContentBuilder.ForHouseholdYear(Issue(number, today, replaces?.Number), start, end, kept, interim);
        var receipt = Store(db, actor, content, year, sequence, primary.Id, giftId: null, start, end, organization.Currency, replaces, now);
        receipts.LinkHousehold(db, organizationId, receipt.Id, householdId, start);
        foreach (var gift in kept.SelectMany(m => m.Gifts))
            receipts.LinkGift(db, organizationId, receipt.Id, gift.Id, gift.AmountCents - gift.RefundedCents, gift.BenefitValueCents, 0);
        return new AnnualStatement(receipt, content, ReceiptPrinting.Original);
    }

    /// <summary>Voids a receipt, keeping its number, with the reason on record.</summary>
    public void VoidOne(DbSession db, Actor actor, Receipt receipt, string reason)
    {
        receipts.Void(db, actor.OrganizationId, receipt.Id, reason, actor.Name, clock.GetUtcNow());
        audit.Record(db, actor, "receipt", receipt.Id, "void", Summary(receipt), Summary(receipts.Find(db, actor.OrganizationId, receipt.Id)!));
    }

    /// <summary>The insubstantial-benefit limits per tax year: the organization's overrides, else the published ones.</summary>
    public Func<long, InsubstantialBenefitLimits> Limits(DbSession db, long organizationId)
    {
        var overrides = receipts.Limits(db, organizationId).ToDictionary(l => l.TaxYear);
        return year => overrides.TryGetValue(year, out var limits) ? limits : InsubstantialBenefitLimits.PublishedFor(year);
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

    /// <summary>What the audit log keeps of a receipt: everything but the rendered content, which the hash stands for.</summary>
    private static object Summary(Receipt receipt) => receipt with { ContentJson = "" };
}

/// <summary>A year-end statement as the ledger left it: issued now (original) or standing unchanged (copy).</summary>
public sealed record AnnualStatement(Receipt Receipt, ReceiptContent Content, ReceiptPrinting Printing);
