using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Money;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Pdf;
using DonorTrack.Core.Receipts;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Email;

/// <summary>What happened to one gift of a "thank" action.</summary>
public sealed record ThankOutcome(long GiftId, bool Thanked, string? Reason);

/// <summary>
/// Thanking donors for gifts: the to-thank work list, thank-you emails with the receipt attached (the acknowledgment and the
/// outbox message written together), letters printed as one PDF for mail, and calls noted by hand.
/// </summary>
public sealed class AcknowledgmentService(
    IDbConnectionFactory connections, AcknowledgmentRepository acknowledgments, OutboxWriter writer, GiftRepository gifts, DonorRepository donors,
    FundRepository funds, CampaignRepository campaigns, OrganizationRepository organizations, ReceiptRepository receipts, ReceiptLedger ledger,
    EmailTemplateRepository templates, IPdfRenderer renderer, AuditLog audit, TimeProvider clock)
{
    /// <summary>The most gifts one action takes, so a request stays one reasonable transaction.</summary>
    public const int MaxGiftsPerAction = 500;

    public Paged<GiftToThank> ToThank(Actor actor, PageRequest page)
    {
        actor.Require(Role.Viewer);
        using var db = connections.Read();
        return acknowledgments.ToThank(db, actor.OrganizationId, page);
    }

    public GiftAcknowledgment? For(Actor actor, long giftId)
    {
        actor.Require(Role.Viewer);
        using var db = connections.Read();
        return acknowledgments.Find(db, actor.OrganizationId, giftId);
    }

    /// <summary>Today in the organization's time zone, for the days a gift has waited.</summary>
    public DateOnly Today(Actor actor)
    {
        using var db = connections.Read();
        return organizations.Find(db, actor.OrganizationId)!.LocalDate(clock.GetUtcNow());
    }

    /// <summary>
    /// Emails a thank-you with the gift's receipt attached to each gift's donor. Per gift, in one transaction: the receipt
    /// (issued if it had none), the outbox message and the acknowledgment. A donor who asked not to be contacted or has no
    /// usable address gets a skipped message with the reason and the gift stays on the list.
    /// </summary>
    public IReadOnlyList<ThankOutcome> ThankByEmail(Actor actor, IReadOnlyCollection<long> giftIds, EmailLanguage? language = null)
    {
        actor.Require(Role.Entry);
        EnsureSelection(giftIds);
        using var db = connections.BeginTransaction();
        var settings = writer.RequireSettings(db, actor.OrganizationId);
        var organization = organizations.Find(db, actor.OrganizationId)!;
        var now = clock.GetUtcNow();
        var outcomes = new List<ThankOutcome>();
        foreach (var giftId in giftIds.Distinct())
        {
            var (gift, refusal) = ThankableGift(db, actor.OrganizationId, giftId);
            if (gift is null)
            {
                outcomes.Add(new ThankOutcome(giftId, false, refusal));
                continue;
            }

            var donor = donors.Find(db, actor.OrganizationId, gift.DonorId)!;
            var receipt = receipts.CurrentForGift(db, actor.OrganizationId, gift.Id);
            var copy = receipt is not null;
            receipt ??= ledger.IssueForGift(db, actor, gift, replaces: null);
            var sent = writer.Write(db, actor, organization, donor, EmailKind.GiftThankYou, language ?? settings.Language,
                GiftValues(db, organization, donor, gift, language ?? settings.Language), now, gift.Id, receipt.Id, copy);
            if (sent.IsQueued)
                acknowledgments.Save(db, actor.OrganizationId, gift.Id, AcknowledgmentMethod.Email, sent.OutboxId, actor.Name, now);
            audit.Record(db, actor, "gift", gift.Id, "thank_email", null, new { outboxId = sent.OutboxId, status = sent.Status.Word(), receipt = receipt.Number });
            outcomes.Add(new ThankOutcome(gift.Id, sent.IsQueued, sent.Reason));
        }

        db.Commit();
        return outcomes;
    }

    /// <summary>
    /// Emails a gift's receipt on its own (the "receipt" template), e.g. when a donor asks for it again: the receipt (issued if
    /// the gift had none) and the outbox message in one transaction. It does not count as thanks.
    /// </summary>
    public QueuedEmail EmailReceipt(Actor actor, long giftId)
    {
        actor.Require(Role.Entry);
        using var db = connections.BeginTransaction();
        var settings = writer.RequireSettings(db, actor.OrganizationId);
        var organization = organizations.Find(db, actor.OrganizationId)!;
        var gift = gifts.Find(db, actor.OrganizationId, giftId) ?? throw InputValidation.FieldError("GiftId", $"Gift {giftId} does not exist.");
        ReceiptLedger.EnsureReceiptable(gift);
        var donor = donors.Find(db, actor.OrganizationId, gift.DonorId)!;
        var receipt = receipts.CurrentForGift(db, actor.OrganizationId, gift.Id);
        var copy = receipt is not null;
        receipt ??= ledger.IssueForGift(db, actor, gift, replaces: null);
        var written = writer.Write(db, actor, organization, donor, EmailKind.Receipt, settings.Language, GiftValues(db, organization, donor, gift, settings.Language),
            clock.GetUtcNow(), gift.Id, receipt.Id, copy);
        audit.Record(db, actor, "gift", gift.Id, "email_receipt", null, new { outboxId = written.OutboxId, status = written.Status.Word(), receipt = receipt.Number });
        db.Commit();
        return written;
    }

    /// <summary>Notes gifts as thanked by a call (or a letter sent outside DonorTrack).</summary>
    public IReadOnlyList<ThankOutcome> Mark(Actor actor, IReadOnlyCollection<long> giftIds, AcknowledgmentMethod method)
    {
        actor.Require(Role.Entry);
        EnsureSelection(giftIds);
        if (!Enum.IsDefined(method))
            throw InputValidation.FieldError("Method", $"Choose one of: {DomainWords.List<AcknowledgmentMethod>()}.");
        if (method == AcknowledgmentMethod.Email)
            throw InputValidation.FieldError("Method", "Email thank-yous are sent, not marked: use “Email thank-you”.");
        using var db = connections.BeginTransaction();
        var outcomes = MarkIn(db, actor, giftIds, method);
        db.Commit();
        return outcomes;
    }

    /// <summary>
    /// One PDF of thank-you letters, each followed by its gift's receipt, for the gifts that can be thanked; they are marked
    /// thanked by letter in the same transaction (receipts issued for them commit with it).
    /// </summary>
    public (byte[] Pdf, IReadOnlyList<ThankOutcome> Outcomes) PrintLetters(Actor actor, IReadOnlyCollection<long> giftIds, EmailLanguage? language = null)
    {
        actor.Require(Role.Entry);
        EnsureSelection(giftIds);
        using var db = connections.BeginTransaction();
        var organization = organizations.Find(db, actor.OrganizationId)!;
        var languageToUse = language ?? writer.LanguageOf(db, actor.OrganizationId);
        var template = templates.Current(db, organization.Id, EmailKind.GiftThankYou, languageToUse);
        var blocks = new List<PdfBlock>();
        var outcomes = new List<ThankOutcome>();
        var today = organization.LocalDate(clock.GetUtcNow());
        foreach (var giftId in giftIds.Distinct())
        {
            var (gift, refusal) = ThankableGift(db, actor.OrganizationId, giftId);
            if (gift is null)
            {
                outcomes.Add(new ThankOutcome(giftId, false, refusal));
                continue;
            }

            var donor = donors.Find(db, actor.OrganizationId, gift.DonorId)!;
            var values = GiftValues(db, organization, donor, gift, languageToUse);
            // The receipt is enclosed after its letter: issued now if the gift had none, else a copy.
            var receipt = receipts.CurrentForGift(db, actor.OrganizationId, gift.Id);
            var printing = receipt is null ? ReceiptPrinting.Original : ReceiptPrinting.Copy;
            receipt ??= ledger.IssueForGift(db, actor, gift, replaces: null);
            if (blocks.Count > 0)
                blocks.Add(new PdfPageBreak());
            blocks.AddRange(ThankYouLetter.Blocks(organization, donor, today, values, template));
            blocks.Add(new PdfPageBreak());
            blocks.AddRange(ReceiptDocument.Page(ReceiptLedger.ReadContent(receipt), printing));
            outcomes.AddRange(MarkIn(db, actor, [gift.Id], AcknowledgmentMethod.Letter));
        }

        if (blocks.Count == 0)
            throw InputValidation.FieldError("GiftIds", "None of the chosen gifts can be thanked: " + string.Join(" ", outcomes.Select(o => o.Reason)));
        using var pdf = new MemoryStream();
        renderer.Render(new PdfDocumentModel { Metadata = new PdfMetadata("Thank-you letters", organization.Name), Blocks = blocks, Footer = null }, pdf);
        db.Commit();
        return (pdf.ToArray(), outcomes);
    }

    /// <summary>A preview of a template filled in for a real donor and their latest gift.</summary>
    public RenderedEmail Preview(Actor actor, EmailTemplateInput template, long donorId)
    {
        actor.Require(Role.Viewer);
        using var db = connections.Read();
        var organization = organizations.Find(db, actor.OrganizationId)!;
        var donor = donors.Find(db, actor.OrganizationId, donorId) ?? throw InputValidation.FieldError("DonorId", "Choose a donor of this organization.");
        var latest = gifts.List(db, actor.OrganizationId, new GiftQuery { DonorId = donorId, Page = new PageRequest(1, 1) }).Gifts.Items.FirstOrDefault();
        var gift = latest is null ? null : gifts.Find(db, actor.OrganizationId, latest.Id);
        var values = gift is null
            ? new MergeValues(template.Language, organization.Name, organization.Currency) { Donor = donor, Year = organization.LocalDate(clock.GetUtcNow()).Year }
            : GiftValues(db, organization, donor, gift, template.Language);
        var shown = new EmailTemplate(template.Kind, template.Language, template.Subject ?? "", template.TextBody ?? "", template.HtmlBody ?? "", true);
        return MergeFields.Render(shown, values.ToDictionary());
    }

    private List<ThankOutcome> MarkIn(DbSession db, Actor actor, IEnumerable<long> giftIds, AcknowledgmentMethod method)
    {
        var now = clock.GetUtcNow();
        var outcomes = new List<ThankOutcome>();
        foreach (var giftId in giftIds.Distinct())
        {
            var (gift, refusal) = ThankableGift(db, actor.OrganizationId, giftId);
            if (gift is null)
            {
                outcomes.Add(new ThankOutcome(giftId, false, refusal));
                continue;
            }

            acknowledgments.Save(db, actor.OrganizationId, gift.Id, method, null, actor.Name, now);
            audit.Record(db, actor, "gift", gift.Id, "thank_" + method.Word(), null, new { method = method.Word() });
            outcomes.Add(new ThankOutcome(gift.Id, true, null));
        }
        return outcomes;
    }

    /// <summary>The gift when it can be thanked now; otherwise why not.</summary>
    private (Gift? Gift, string? Refusal) ThankableGift(DbSession db, long organizationId, long giftId)
    {
        var gift = gifts.Find(db, organizationId, giftId);
        if (gift is null)
            return (null, $"Gift {giftId} does not exist.");
        if (!gift.Status.Counts())
            return (null, $"Gift {giftId} is {gift.Status.Label().ToLowerInvariant()}; only received gifts are thanked.");
        var existing = acknowledgments.Find(db, organizationId, giftId);
        if (existing is { Counts: true })
            return (null, $"Gift {giftId} was already thanked by {existing.Method.Word()} on {DisplayFormat.Date(organizations.Find(db, organizationId)!.LocalDate(existing.AcknowledgedAt))}.");
        return (gift, null);
    }

    private MergeValues GiftValues(DbSession db, Organization organization, Donor donor, Gift gift, EmailLanguage language) =>
        new(language, organization.Name, organization.Currency)
        {
            Donor = donor,
            AmountCents = gift.AmountCents - gift.RefundedCents,
            Date = gift.ReceivedOn,
            Fund = gift.FundId is { } fundId ? funds.Find(db, organization.Id, fundId)?.Name : null,
            Campaign = gift.CampaignId is { } campaignId ? campaigns.Find(db, organization.Id, campaignId)?.Name : null,
            Year = gift.ReceivedOn.Year,
        };

    private static void EnsureSelection(IReadOnlyCollection<long> giftIds)
    {
        if (giftIds.Count == 0)
            throw InputValidation.FieldError("GiftIds", "Choose at least one gift.");
        if (giftIds.Count > MaxGiftsPerAction)
            throw InputValidation.FieldError("GiftIds", $"Choose at most {MaxGiftsPerAction} gifts at a time.");
    }
}

/// <summary>Lays out one thank-you letter: the organization, the date, the donor's address, and the template's text.</summary>
public static class ThankYouLetter
{
    public static IEnumerable<PdfBlock> Blocks(Organization organization, Donor donor, DateOnly today, MergeValues values, EmailTemplate template)
    {
        yield return new PdfParagraph(organization.Name, fontSize: 14, bold: true);
        if (!string.IsNullOrWhiteSpace(organization.AddressOneLine))
            yield return new PdfParagraph(organization.AddressOneLine);
        yield return new PdfSpacer(18);
        yield return new PdfParagraph(values.Language == EmailLanguage.Es ? today.ToString("d 'de' MMMM 'de' yyyy", values.Culture) : today.ToString("MMMM d, yyyy", values.Culture));
        yield return new PdfSpacer(12);
        yield return new PdfParagraph(donor.DisplayName);
        foreach (var line in donor.AddressLines)
            yield return new PdfParagraph(line) { SpaceAfter = 0 };
        yield return new PdfSpacer(18);
        var fields = values.ToDictionary();
        foreach (var paragraph in MergeFields.Fill(template.TextBody, fields, html: false).ReplaceLineEndings("\n").Split("\n\n"))
            yield return new PdfParagraph(paragraph.Replace('\n', ' ')) { SpaceAfter = 10 };
    }
}
