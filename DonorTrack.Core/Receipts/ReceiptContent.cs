using System.Globalization;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Money;
using DonorTrack.Core.Organizations;

using DonorTrack.Core.Data;

namespace DonorTrack.Core.Receipts;

/// <summary>Everything printed on one receipt, already worded; stored with the receipt so a reprint shows exactly the same.</summary>
public sealed record ReceiptContent(
    string Number,
    string Kind,
    string Title,
    string IssuedOn,
    string IssuerName,
    IReadOnlyList<string> IssuerLines,
    string? ForTheBenefitOf,
    string DonorName,
    IReadOnlyList<string> DonorAddress,
    string? Period,
    string Introduction,
    bool ShowDeductible,
    IReadOnlyList<ReceiptLine> Lines,
    ReceiptLine? TotalLine,
    IReadOnlyList<string> Statements,
    string? Replaces,
    string? Signatory,
    string? SignatoryTitle,
    string Currency,
    long TotalCents,
    long BenefitCents,
    long DeductibleCents)
{
    public byte[]? LogoPng { get; init; }

    /// <summary>A statement for a fiscal year still in progress; false on every receipt stored before interim statements existed.</summary>
    public bool Interim { get; init; }
}

/// <summary>One printed gift line; non-cash gifts carry a description and no value.</summary>
public sealed record ReceiptLine(string Date, string Description, string Amount, string Benefit, string Deductible)
{
    /// <summary>On a household's statement: the member who gave the gift, whom the gift is acknowledged to.</summary>
    public string? GivenBy { get; init; }

    /// <summary>On a household's statement: the line that totals one member's gifts.</summary>
    public bool IsSubtotal { get; init; }
}

/// <summary>The facts a receipt is worded from, other than its gifts.</summary>
public sealed record ReceiptIssue(
    Organization Organization,
    ReceiptSettings Settings,
    Donor Donor,
    string Number,
    DateOnly IssuedOn,
    string? ReplacesNumber,
    Func<long, InsubstantialBenefitLimits> LimitsForTaxYear)
{
    /// <summary>Who the receipt is addressed to when not the donor alone: a household's formal addressee.</summary>
    public string? AddresseeName { get; init; }

    /// <summary>The mailing address that goes with <see cref="AddresseeName"/>.</summary>
    public IReadOnlyList<string>? AddresseeAddress { get; init; }
}

/// <summary>One member's gifts on a household's statement.</summary>
public sealed record MemberGifts(string MemberName, IReadOnlyList<Gift> Gifts);

/// <summary>
/// Words receipts from records, as DESIGN.md § Receipts requires: issuer by legal status, the goods-and-services
/// statement or the quid-pro-quo disclosure, in-kind descriptions without value, the dues benefit statement.
/// Pure: the same records give the same content.
/// </summary>
public static class ReceiptContentBuilder
{
    public const string NoGoodsOrServices = "No goods or services were provided in exchange for this contribution.";

    /// <summary>Annual dues at or below this may treat standard member privileges as having no value.</summary>
    public const long StandardPrivilegesDuesLimitCents = 7500;

    /// <summary>Above this a payment partly for goods or services must carry the quid-pro-quo disclosure.</summary>
    public const long QuidProQuoThresholdCents = 7500;

    /// <summary>Whether a gift can be receipted at all: money the organization kept.</summary>
    public static bool IsReceiptable(Gift gift) => gift.Status.Counts() && gift.AmountCents > gift.RefundedCents;

    public static bool IsNonCash(Gift gift) => gift.Method is GiftMethod.InKind or GiftMethod.Stock;

    /// <summary>The acknowledgment of one gift.</summary>
    public static ReceiptContent ForGift(ReceiptIssue issue, Gift gift)
    {
        var words = new Wording(issue);
        var line = words.Line(gift, out var benefit, out var deductible);
        var statements = new List<string>();
        statements.AddRange(words.GiftStatements(gift, benefit, deductible));
        statements.AddRange(words.LegalStatus());
        var cash = IsNonCash(gift) ? 0 : Net(gift);
        return words.Content(
            ReceiptTerms.Gift,
            period: null,
            introduction: $"Thank you for your gift received on {words.Date(gift.ReceivedOn)}.",
            lines: [line],
            total: null,
            statements,
            cash,
            benefit,
            deductible);
    }

    /// <summary>
    /// The year-end statement of every receiptable gift in a fiscal year, net of refunds, voided gifts left out; with
    /// <paramref name="interim"/> for a year still in progress, titled and worded as an interim statement.
    /// </summary>
    public static ReceiptContent ForYear(ReceiptIssue issue, DateOnly periodStart, DateOnly periodEnd, IReadOnlyList<Gift> gifts, bool interim = false) =>
        ForYear(issue, periodStart, periodEnd, [new MemberGifts("", gifts)], household: false, interim);

    /// <summary>
    /// A household's year-end statement: addressed to the household, each member's gifts listed under that member's name with
    /// the member's subtotal, because a gift is the contribution of the person who gave it (and deductible by them alone).
    /// </summary>
    public static ReceiptContent ForHouseholdYear(ReceiptIssue issue, DateOnly periodStart, DateOnly periodEnd, IReadOnlyList<MemberGifts> members, bool interim = false) =>
        ForYear(issue, periodStart, periodEnd, members, household: true, interim);

    private static ReceiptContent ForYear(ReceiptIssue issue, DateOnly periodStart, DateOnly periodEnd, IReadOnlyList<MemberGifts> groups, bool household, bool interim)
    {
        var words = new Wording(issue);
        var lines = new List<ReceiptLine>();
        long cash = 0, benefits = 0, deductibles = 0;
        var anyBenefit = false;
        var anyNonCash = false;
        var anyRefund = false;
        foreach (var group in groups)
        {
            long memberCash = 0, memberBenefits = 0, memberDeductibles = 0;
            var memberLines = 0;
            foreach (var gift in group.Gifts.Where(IsReceiptable).OrderBy(g => g.ReceivedOn).ThenBy(g => g.Id))
            {
                var line = words.Line(gift, out var benefit, out var deductible);
                lines.Add(household ? line with { GivenBy = group.MemberName } : line);
                memberLines++;
                anyNonCash |= IsNonCash(gift);
                anyBenefit |= benefit > 0;
                anyRefund |= gift.RefundedCents > 0;
                if (!IsNonCash(gift))
                    memberCash += Net(gift);
                memberBenefits += benefit;
                memberDeductibles += deductible;
            }

            if (household && memberLines > 0)
            {
                lines.Add(new ReceiptLine("", $"Given by {group.MemberName}", words.Money(memberCash), words.Money(memberBenefits), words.Deductible(memberDeductibles))
                {
                    GivenBy = group.MemberName, IsSubtotal = true,
                });
            }

            cash += memberCash;
            benefits += memberBenefits;
            deductibles += memberDeductibles;
        }

        var total = new ReceiptLine("", "Total", words.Money(cash), words.Money(benefits), words.Deductible(deductibles));
        var statements = new List<string>();
        if (lines.Count == 0)
            statements.Add("We have no contributions from you on record for this period.");
        else if (!anyBenefit)
            statements.Add("No goods or services were provided in exchange for these contributions.");
        else if (issue.Organization.LegalStatus == "informal")
            statements.Add("Where a line shows goods or services, that is our good-faith estimate of the value of what you received in exchange.");
        else
            statements.Add("Where a line shows goods or services, that is our good-faith estimate of the value of what you received in exchange; "
                + "the amount deductible for federal income tax purposes is limited to the excess of the amount you paid over that value, shown as the deductible amount.");
        if (anyNonCash)
            statements.Add(words.NonCashValueNote());
        statements.Add(anyRefund ? "Amounts are net of refunds; voided entries are not listed." : "Voided entries are not listed.");
        if (household && lines.Count > 0)
            statements.Insert(0, "Each contribution is listed under the name of the household member who made it and is acknowledged to that member; "
                + "for tax purposes it is that member's contribution.");
        statements.AddRange(words.LegalStatus());
        if (interim)
            statements.Insert(0, $"Interim statement: the fiscal year runs until {words.Date(periodEnd)}, so this lists the contributions received up to "
                + $"{words.Date(issue.IssuedOn)} only. A final year-end statement follows when the year has ended.");
        var content = words.Content(
            ReceiptTerms.Annual,
            period: $"{words.Date(periodStart)} – {words.Date(periodEnd)}",
            introduction: household
                ? $"This statement lists the contributions we received from the members of your household between {words.Date(periodStart)} and {words.Date(periodEnd)}, each under the name of the member who gave it."
                : $"This statement lists the contributions we received from you between {words.Date(periodStart)} and {words.Date(periodEnd)}.",
            lines,
            total,
            statements,
            cash,
            benefits,
            deductibles);
        return interim ? content with { Interim = true, Title = issue.Organization.LegalStatus == "informal" ? "Interim acknowledgment of gifts" : "Interim statement" } : content;
    }

    private static long Net(Gift gift) => gift.AmountCents - gift.RefundedCents;

    /// <summary>Formatting and sentences for one issue; kept together so every receipt uses the same words.</summary>
    private sealed class Wording(ReceiptIssue issue)
    {
        private readonly Organization _org = issue.Organization;
        private readonly CultureInfo _culture = issue.Organization.CultureInfo;

        private bool Informal => _org.LegalStatus == "informal";

        private bool Sponsored => _org.LegalStatus == "fiscally_sponsored";

        private string OwnName => string.IsNullOrWhiteSpace(_org.LegalName) ? _org.Name : _org.LegalName!;

        /// <summary>Who the receipt is issued by: the sponsor for a fiscally sponsored group.</summary>
        private string IssuerName => Sponsored && !string.IsNullOrWhiteSpace(_org.SponsorName) ? _org.SponsorName! : OwnName;

        private string? IssuerEin => Sponsored ? _org.SponsorEin : _org.Ein;

        public string Date(DateOnly date) => date.ToString("MMMM d, yyyy", _culture);

        public string Money(long cents) => MoneyFormat.Format(cents, _org.Currency, _culture);

        public string Deductible(long cents) => Informal ? "—" : Money(cents);

        public ReceiptLine Line(Gift gift, out long benefit, out long deductible)
        {
            var net = Net(gift);
            benefit = gift.BenefitValueCents;
            var disregarded = Disregarded(gift);
            deductible = Informal || IsNonCash(gift) ? 0 : Math.Max(0, net - (disregarded ? 0 : benefit));
            var description = Describe(gift);
            if (IsNonCash(gift))
                return new ReceiptLine(Date(gift.ReceivedOn), description, "Non-cash (no value stated)", "—", "—");
            var benefitText = benefit == 0 ? "None" : Money(benefit) + (disregarded ? " (insubstantial)" : "");
            return new ReceiptLine(Date(gift.ReceivedOn), description, Money(net), benefitText, Informal ? "—" : Money(deductible));
        }

        public IEnumerable<string> GiftStatements(Gift gift, long benefit, long deductible)
        {
            var net = Net(gift);
            if (gift.RefundedCents > 0)
                yield return $"Of the {Money(gift.AmountCents)} paid, {Money(gift.RefundedCents)} was refunded; this receipt is for the {Money(net)} we kept.";
            if (IsNonCash(gift))
            {
                yield return $"Description of the donated property: {gift.InKindDescription ?? gift.Notes ?? "non-cash contribution"}.";
                yield return NonCashValueNote();
            }

            var dues = gift.Category == GiftCategory.MembershipDues;
            if (dues && benefit == 0 && gift.AmountCents <= StandardPrivilegesDuesLimitCents)
            {
                yield return $"Your membership dues of {Money(net)} entitle you only to standard member privileges (such as newsletters, member discounts "
                    + "and invitations to member events) whose value may be disregarded because annual dues are $75 or less; "
                    + (Informal ? "no goods or services of substantial value were provided." : "the full amount is deductible.");
                yield break;
            }

            if (benefit == 0)
            {
                yield return NoGoodsOrServices;
                yield break;
            }

            var what = string.IsNullOrWhiteSpace(gift.BenefitDescription) ? "goods or services" : gift.BenefitDescription!.Trim();
            if (Disregarded(gift))
            {
                yield return $"No goods or services were provided in exchange for this contribution other than {what}, of insubstantial value "
                    + "under the IRS guidelines for the year, which may be disregarded.";
                yield break;
            }

            var estimate = dues
                ? $"In exchange for your membership dues you received member benefits ({what}) with a good-faith estimated value of {Money(benefit)}."
                : $"In exchange for this contribution you received {what} with a good-faith estimated value of {Money(benefit)}.";
            yield return estimate;
            if (!Informal)
            {
                // Required wording (26 U.S.C. § 6115) when a payment over $75 is partly for goods or services; we use it at any amount.
                yield return $"The amount of your contribution that is deductible for federal income tax purposes is limited to the excess of the amount you paid "
                    + $"({Money(net)}) over the value of the goods and services provided ({Money(benefit)}): {Money(deductible)}.";
            }
        }

        public string NonCashValueNote() =>
            $"{IssuerName} does not state a value for non-cash gifts; determining their value for tax purposes is the donor's responsibility.";

        public IEnumerable<string> LegalStatus()
        {
            if (Informal)
            {
                yield return $"{OwnName} is not a tax-exempt charitable organization. This gift is not tax-deductible as a charitable contribution.";
            }
            else if (Sponsored)
            {
                yield return $"{IssuerName} is a tax-exempt organization under Section 501(c)(3) of the Internal Revenue Code{EinClause(IssuerEin)}. "
                    + $"This contribution was received by {IssuerName} for the benefit of {_org.Name}, its fiscally sponsored project; "
                    + $"{IssuerName} has discretion and control over its use.";
                yield return "Please keep this receipt for your tax records.";
            }
            else
            {
                yield return $"{IssuerName} is a tax-exempt organization under Section 501(c)(3) of the Internal Revenue Code{EinClause(IssuerEin)}. "
                    + "Contributions are tax-deductible to the extent allowed by law.";
                yield return "Please keep this receipt for your tax records.";
            }

            if (!string.IsNullOrWhiteSpace(_org.ReceiptStatement))
                yield return _org.ReceiptStatement!.Trim();
        }

        public ReceiptContent Content(
            string kind, string? period, string introduction, IReadOnlyList<ReceiptLine> lines, ReceiptLine? total,
            IReadOnlyList<string> statements, long cash, long benefit, long deductible)
        {
            var title = Informal ? (kind == ReceiptTerms.Annual ? "Year-end acknowledgment of gifts" : "Acknowledgment of gift")
                : kind == ReceiptTerms.Annual ? "Year-end giving statement" : "Donation receipt";
            var issuerLines = new List<string>();
            if (!string.IsNullOrWhiteSpace(_org.AddressOneLine))
                issuerLines.Add(_org.AddressOneLine);
            if (!string.IsNullOrWhiteSpace(IssuerEin))
                issuerLines.Add($"EIN {IssuerEin}");
            var donor = issue.Donor;
            return new ReceiptContent(
                issue.Number,
                kind,
                title,
                Date(issue.IssuedOn),
                IssuerName,
                issuerLines,
                Sponsored && IssuerName != _org.Name ? $"For the benefit of {_org.Name}" : null,
                issue.AddresseeName ?? donor.DisplayName,
                issue.AddresseeAddress ?? donor.AddressLines,
                period,
                introduction,
                !Informal,
                lines,
                total,
                statements,
                issue.ReplacesNumber is null ? null : $"Replaces receipt {issue.ReplacesNumber}, which is void.",
                _org.ReceiptSignatory,
                issue.Settings.SignatoryTitle,
                _org.Currency,
                cash,
                benefit,
                Informal ? 0 : deductible)
            {
                LogoPng = issue.Settings.LogoPng,
            };
        }

        private bool Disregarded(Gift gift) =>
            !IsNonCash(gift) && issue.LimitsForTaxYear(gift.ReceivedOn.Year).AreInsubstantial(gift.AmountCents, gift.BenefitValueCents);

        private string Describe(Gift gift)
        {
            var kind = gift.Category switch
            {
                GiftCategory.MembershipDues => "Membership dues",
                GiftCategory.Events => "Event payment",
                _ => IsNonCash(gift) ? (gift.Method == GiftMethod.Stock ? "Gift of stock" : "In-kind gift") : "Contribution",
            };
            var how = gift.Method switch
            {
                GiftMethod.Check => gift.CheckNumber is null ? "check" : $"check {gift.CheckNumber}",
                GiftMethod.InKind or GiftMethod.Stock => null,
                _ => gift.Method.Label().ToLowerInvariant(),
            };
            var text = how is null ? kind : $"{kind} by {(how == "ach" ? "ACH" : how)}";
            if (IsNonCash(gift) && !string.IsNullOrWhiteSpace(gift.InKindDescription))
                text += $": {gift.InKindDescription!.Trim()}";
            if (gift.BenefitValueCents > 0 && !string.IsNullOrWhiteSpace(gift.BenefitDescription))
                text += $"; received {gift.BenefitDescription!.Trim()}";
            if (gift.RefundedCents > 0)
                text += $"; {Money(gift.RefundedCents)} of {Money(gift.AmountCents)} refunded";
            return text;
        }

        private static string EinClause(string? ein) => string.IsNullOrWhiteSpace(ein) ? "" : $" (EIN {ein})";
    }
}
