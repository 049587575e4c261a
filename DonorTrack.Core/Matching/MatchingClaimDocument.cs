using System.Globalization;
using DonorTrack.Core.Money;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Pdf;

namespace DonorTrack.Core.Matching;

/// <summary>
/// Lays out a <see cref="MatchingClaim"/> as a <see cref="PdfDocumentModel"/>: the summary per organization, then each
/// section's eligible gifts. Who may read what is decided by <see cref="MatchingCampaignService.Claim"/>; a donor column
/// appears only in a section whose names the claim carries (the reader's own organization).
/// </summary>
public static class MatchingClaimDocument
{
    public static PdfDocumentModel Build(MatchingClaim claim, Organization owner, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(owner);
        var culture = owner.CultureInfo;
        string Money(long cents) => MoneyFormat.Format(cents, owner.Currency, culture);
        var campaign = claim.Campaign;

        var blocks = new List<PdfBlock>
        {
            new PdfParagraph("Matching claim", 18, bold: true),
            new PdfParagraph($"{campaign.Name} · run by {claim.OwnerName} · claim to {claim.FunderName}") { SpaceAfter = 2 },
            new PdfParagraph(
                $"Drive {Day(campaign.StartsOn)} to {Day(campaign.EndsOn)} · ratio {campaign.Ratio} · pool {Money(campaign.PoolCents)} · prepared {Day(claim.PreparedOn)}")
            {
                SpaceAfter = 10,
            },
        };
        if (!claim.ThresholdMet)
        {
            blocks.Add(new PdfParagraph(
                $"The challenge threshold of {Money(campaign.ThresholdCents ?? 0)} was not met, so nothing is owed.", bold: true));
        }

        blocks.Add(new PdfTable(
            [
                new("Organization", PdfWidth.Relative(3)),
                new("Gifts", PdfWidth.Relative(), PdfAlignment.Right),
                new("Matched", PdfWidth.Relative(), PdfAlignment.Right),
                new("Owed", PdfWidth.Relative(), PdfAlignment.Right),
            ],
            [
                .. claim.Sections.Select(s => new PdfTableRow([s.OrganizationName, Count(s.Gifts.Count), Money(s.MatchedCents), Money(s.OwedCents)])),
                new PdfTableRow(["Total", Count(claim.Sections.Sum(s => s.Gifts.Count)), Money(claim.MatchedCents), Money(claim.OwedCents)]) { IsTotal = true },
            ]));

        foreach (var section in claim.Sections)
        {
            blocks.Add(new PdfParagraph($"{section.OrganizationName} — owed {Money(section.OwedCents)}", 13, bold: true) { SpaceAfter = 4 });
            if (section.Gifts.Count == 0)
            {
                blocks.Add(new PdfParagraph("No eligible gifts."));
                continue;
            }
            blocks.Add(GiftTable(section, Money));
        }

        return new PdfDocumentModel
        {
            Metadata = new PdfMetadata($"Matching claim: {campaign.Name}", claim.OwnerName, $"Claim to {claim.FunderName} for {campaign.Name}")
            {
                CreatedAt = generatedAt,
            },
            Blocks = blocks,
            Footer = new PdfFooter($"{claim.OwnerName} · matching claim to {claim.FunderName} · {campaign.Name}"),
        };
    }

    /// <summary>The download's name: the campaign id and its name in lower-case ASCII words.</summary>
    public static string FileName(MatchingClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var slug = OrganizationService.Slugify(claim.Campaign.Name);
        var id = claim.Campaign.Id.ToString(CultureInfo.InvariantCulture);
        return slug.Length == 0 ? $"matching-claim-{id}.pdf" : $"matching-claim-{id}-{slug}.pdf";
    }

    private static PdfTable GiftTable(MatchingClaimSection section, Func<long, string> money)
    {
        var names = section.ShowsDonorNames;
        List<PdfTableColumn> columns = [new("Gift", PdfWidth.Relative()), new("Received", PdfWidth.Relative(1.3f))];
        if (names)
            columns.Add(new("Donor", PdfWidth.Relative(3)));
        columns.Add(new("Amount", PdfWidth.Relative(1.3f), PdfAlignment.Right));
        columns.Add(new("Matched", PdfWidth.Relative(1.3f), PdfAlignment.Right));

        var rows = section.Gifts.Select(g => new PdfTableRow(names
            ? ["#" + Count(g.GiftId), Day(g.ReceivedOn), g.DonorName ?? "", money(g.AmountCents), money(g.MatchedCents)]
            : ["#" + Count(g.GiftId), Day(g.ReceivedOn), money(g.AmountCents), money(g.MatchedCents)])).ToList();
        var amount = section.Gifts.Sum(g => g.AmountCents);
        var matched = section.Gifts.Sum(g => g.MatchedCents);
        rows.Add(new PdfTableRow(names ? ["Total", "", "", money(amount), money(matched)] : ["Total", "", money(amount), money(matched)]) { IsTotal = true });
        return new PdfTable(columns, rows) { FontSize = 9 };
    }

    private static string Day(DateOnly day) => DonorTrack.Core.Money.DisplayFormat.Date(day);

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A claim rendered for download: its file name and the PDF bytes.</summary>
public sealed record MatchingClaimFile(string FileName, byte[] Pdf);
