using System.Text.RegularExpressions;
using UglyToad.PdfPig;

namespace DonorTrack.Tests.Receipts;

/// <summary>Organizations, donors and gifts for receipt tests, and reading receipts back as text.</summary>
internal static partial class ReceiptTestSupport
{
    public static Actor Organization(TestDatabase db, string legalStatus = "501c3", int fiscalYearStartMonth = 1, string name = "Eastside Tenants Alliance")
    {
        var id = db.Get<OrganizationService>().Create(new OrganizationInput
        {
            Name = name,
            LegalName = legalStatus == "501c3" ? name + " Inc." : null,
            LegalStatus = legalStatus,
            Ein = legalStatus == "501c3" ? "93-1234567" : null,
            SponsorName = legalStatus == "fiscally_sponsored" ? "Community Partners Fund" : null,
            SponsorEin = legalStatus == "fiscally_sponsored" ? "95-7654321" : null,
            AddressLine1 = "1200 Alder Street",
            City = "Portland",
            Region = "OR",
            PostalCode = "97214",
            Timezone = "America/Los_Angeles",
            FiscalYearStartMonth = fiscalYearStartMonth,
            ReceiptSignatory = "Dana Whitfield",
        });
        return new Actor(id, null, "Dana Whitfield", Role.Admin);
    }

    public static long Donor(TestDatabase db, Actor actor, string first = "Xee", string last = "Yang") =>
        db.Seed.Donor(actor, new DonorInput { FirstName = first, LastName = last, AddressLine1 = "48 Rose Lane", City = "Portland", Region = "OR", PostalCode = "97202" });

    public static long Gift(TestDatabase db, Actor actor, long donorId, long cents, string receivedOn = "2026-03-01", string method = "check",
        string category = "individual", long benefit = 0, string? benefitDescription = null, string? inKind = null) =>
        db.Seed.Gift(actor, new GiftInput
        {
            DonorId = donorId,
            AmountCents = cents,
            ReceivedOn = DateOnly.Parse(receivedOn, System.Globalization.CultureInfo.InvariantCulture),
            Method = DomainWords.Parse<GiftMethod>(method),
            Category = DomainWords.Parse<GiftCategory>(category),
            BenefitValueCents = benefit,
            BenefitDescription = benefitDescription,
            InKindDescription = inKind,
            CheckNumber = method == "check" ? "1043" : null,
        });

    /// <summary>All pages' text, NFKC-folded (CJK radicals, Arabic presentation forms) with whitespace removed, since wrapped lines join without spaces.</summary>
    public static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return Squash(string.Concat(document.GetPages().Select(p => p.Text)));
    }

    public static string Squash(string text) => Whitespace().Replace(text.Normalize(NormalizationForm.FormKC), "");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
