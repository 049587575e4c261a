using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Payments;
using DonorTrack.Core.Security;
using DonorTrack.Web.Hosting;
using DonorTrack.Web.Payments;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DonorTrack.Web.Pages.Give;

/// <summary>The public donation page: anyone may give; card donation appears only once the organization has Stripe keys.</summary>
public sealed class IndexModel(
    OrganizationService organizations, PaymentKeyStore keys, StripeGatewayFactory gateways, OnlineDonationService donations,
    DonorService donors, GiftService gifts, DesignationService designations, DonorTrack.Core.Matching.MatchingCampaignService matching,
    TimeProvider clock, PublicUrls urls, ILogger<IndexModel> logger) : PageModel
{
    public static readonly long[] Presets = [2_500, 5_000, 10_000, 25_000];

    public Organization Organization { get; private set; } = null!;

    public bool AcceptsCards { get; private set; }

    /// <summary>Keys are saved but cannot be decrypted: the page says card giving is unavailable instead of failing.</summary>
    public bool CardGivingUnavailable { get; private set; }

    public long DonorCount { get; private set; }

    public Campaign? ActiveCampaign { get; private set; }

    public long CampaignRaisedCents { get; private set; }

    /// <summary>A matching offer running today that this organization takes part in, with its progress.</summary>
    public DonorTrack.Core.Matching.MatchingProgress? MatchingOffer { get; private set; }

    /// <summary>"$2" for a 1:1 match: what each dollar a donor gives becomes.</summary>
    public string DollarBecomes(DonorTrack.Core.Matching.MatchingCampaign campaign) =>
        PageSupport.Money(100 + 100 * campaign.RatioNumerator / campaign.RatioDenominator, Organization.Currency).Replace(".00", "", StringComparison.Ordinal);

    [BindProperty]
    public string? Amount { get; set; } = "50";

    [BindProperty]
    public string? OtherAmount { get; set; }

    [BindProperty]
    public OnlineDonationInput Input { get; set; } = new();

    [BindProperty]
    public string SubmissionId { get; set; } = Guid.NewGuid().ToString("N");

    public bool Cancelled { get; private set; }

    public IActionResult OnGet(string orgSlug, bool cancelled = false)
    {
        if (!Load(orgSlug))
            return NotFound();
        Cancelled = cancelled;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string orgSlug)
    {
        if (!Load(orgSlug))
            return NotFound();
        if (!AcceptsCards)
            return CardGivingUnavailable ? Page() : NotFound();
        var cents = DonorTrack.Core.Money.MoneyFormat.ParseCents(Amount == "other" ? OtherAmount : Amount);
        if (cents is null)
        {
            ModelState.AddModelError("Input.AmountCents", "Write an amount like 50 or 50.00.");
            return Page();
        }
        var input = Input with { AmountCents = cents, CampaignId = ActiveCampaign?.Id };
        var baseUrl = urls.For($"/give/{Uri.EscapeDataString(orgSlug)}");
        try
        {
            var session = await donations.StartCheckoutAsync(Organization, input, gateways.For(keys.Load(Organization.Id)!.SecretKey),
                $"{baseUrl}/thanks", $"{baseUrl}?cancelled=true", SubmissionId, HttpContext.RequestAborted);
            return Redirect(session.Url);
        }
        catch (ValidationException invalid)
        {
            ModelState.AddValidationErrors(invalid);
            return Page();
        }
        catch (PaymentGatewayException error)
        {
            logger.LogError(error, "Stripe refused a checkout session for {Organization}", LogText.Clean(orgSlug));
            ModelState.AddModelError("", "Card payments are not available right now. Please try again later.");
            return Page();
        }
    }

    private bool Load(string orgSlug)
    {
        var organization = organizations.FindBySlug(orgSlug);
        if (organization is null)
            return false;
        Organization = organization;
        var keyState = keys.State(organization.Id);
        AcceptsCards = keyState == PaymentKeysState.Readable;
        CardGivingUnavailable = keyState == PaymentKeysState.Unreadable;
        if (CardGivingUnavailable)
            logger.LogError("The donation page of {Organization} offers no card giving: its saved Stripe keys can no longer be decrypted and must be re-entered", orgSlug);
        var reader = Actor.System(organization.Id, "public donation page") with { Role = Roles.Viewer };
        DonorCount = donors.Search(reader, new DonorQuery(null, null, new PageRequest(1, 1))).Total;
        var today = organization.LocalDate(clock.GetUtcNow());
        ActiveCampaign = designations.Campaigns(reader, activeOnly: true)
            .Where(c => c.GoalCents is not null && (c.StartsOn is null || c.StartsOn <= today) && (c.EndsOn is null || c.EndsOn >= today))
            .OrderBy(c => c.EndsOn ?? DateOnly.MaxValue)
            .FirstOrDefault();
        var offer = matching.List(reader).FirstOrDefault(c => c.StartsOn <= today && c.EndsOn >= today);
        MatchingOffer = offer is null ? null : matching.Progress(reader, offer.Id);
        if (ActiveCampaign is not null)
            CampaignRaisedCents = gifts.List(reader, new GiftQuery { CampaignId = ActiveCampaign.Id, Page = new PageRequest(1, 1) }).NetTotalCents;
        return true;
    }
}
