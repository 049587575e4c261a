using DonorTrack.Core.Payments;
using DonorTrack.Web.Hosting;
using DonorTrack.Web.Payments;

namespace DonorTrack.Web.Pages.Give;

/// <summary>The public donation page: anyone may give; card donation appears only once the organization has Stripe keys.</summary>
/// <remarks>
/// No antiforgery token: the form is anonymous, so a forged post rides on no one's session, and on a site that frames this page
/// (an organization's listed embed origin) the browser withholds the SameSite antiforgery cookie, which would refuse every gift.
/// </remarks>
[IgnoreAntiforgeryToken]
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

    /// <summary>The chosen preset ("50"), or "other" for the amount typed in <see cref="OtherAmount"/>.</summary>
    [BindProperty]
    public string? Amount { get; set; } = "50";

    /// <summary>The value a preset's radio button posts: whole dollars, "50".</summary>
    public static string PresetValue(long presetCents) => (presetCents / 100).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [BindProperty]
    public Dollars? OtherAmount { get; set; }

    [BindProperty]
    public OnlineDonationInput Input { get; set; } = new();

    /// <summary>Makes a double-submitted form start one checkout; a post without it (an old form) still gives, under a fresh id.</summary>
    [BindProperty]
    public string? SubmissionId { get; set; } = Guid.NewGuid().ToString("N");

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
        if (Amount != "other")
            ModelState.Remove(nameof(OtherAmount));
        var cents = Amount == "other" ? OtherAmount?.Cents : Presets.Cast<long?>().FirstOrDefault(preset => PresetValue(preset!.Value) == Amount);
        if (cents is null)
        {
            if (ModelState.IsValid)
                ModelState.AddModelError("Input.AmountCents", Dollars.InvalidMessage);
            return Page();
        }
        var input = Input with { AmountCents = cents, CampaignId = ActiveCampaign?.Id };
        var baseUrl = urls.For($"/give/{Uri.EscapeDataString(orgSlug)}");
        try
        {
            string? checkoutUrl = null;
            if (await ModelState.TryRunAsync(async () => checkoutUrl = (await donations.StartCheckoutAsync(Organization, input, gateways.For(keys.Load(Organization.Id)!.SecretKey),
                    $"{baseUrl}/thanks", $"{baseUrl}?cancelled=true", SubmissionId ?? Guid.NewGuid().ToString("N"), HttpContext.RequestAborted)).Url))
                return Redirect(checkoutUrl!);
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
        var reader = Actor.System(organization.Id, "public donation page") with { Role = Role.Viewer };
        DonorCount = donors.Search(reader, new DonorQuery(null, null, new PageRequest(1, 1))).Total;
        var today = organization.LocalDate(clock.GetUtcNow());
        ActiveCampaign = Campaign.Featured(designations.Campaigns(reader, activeOnly: true), today);
        var offer = matching.List(reader).FirstOrDefault(c => c.RunsOn(today));
        MatchingOffer = offer is null ? null : matching.Progress(reader, offer.Id);
        if (ActiveCampaign is not null)
            CampaignRaisedCents = gifts.List(reader, new GiftQuery { CampaignId = ActiveCampaign.Id, Page = new PageRequest(1, 1) }).NetTotalCents;
        return true;
    }
}
