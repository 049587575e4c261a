using DonorTrack.Core.Payments;
using DonorTrack.Core.SelfService;
using DonorTrack.Web.Payments;
using FluentValidation;

namespace DonorTrack.Web.Pages.My;

/// <summary>
/// The donor's own page: giving history, memberships, monthly gifts (new amount, pause, resume, cancel, new card),
/// receipts and statements. Every change to a card gift goes to Stripe first and changes nothing here when Stripe refuses.
/// </summary>
public sealed class IndexModel(
    OrganizationService organizations, DonorPageService donorPage, DonorCommitmentService commitments, PaymentKeyStore keys,
    StripeGatewayFactory gateways, DonorPageAddress address, ILogger<IndexModel> logger) : DonorPageModel(organizations)
{
    public DonorPageView View { get; private set; } = null!;

    /// <summary>The new amount typed for the pledge named by the form's id.</summary>
    [BindProperty]
    public Dollars? Amount { get; set; }

    /// <summary>The pledge the last refused change was for, so its form shows the message.</summary>
    public long? RefusedFor { get; private set; }

    public Task<IActionResult> OnGetAsync(int? p) => ShowAsync(p);

    public Task<IActionResult> OnPostAmountAsync(long id) => ChangeAsync(id, gateway =>
        commitments.ChangeAmountAsync(Session, id, new CommitmentAmountInput { AmountCents = Amount?.Cents }, gateway, HttpContext.RequestAborted),
        "Your monthly gift now has its new amount, from the next payment on.");

    public Task<IActionResult> OnPostPauseAsync(long id) => ChangeAsync(id, gateway =>
        commitments.SetPausedAsync(Session, id, paused: true, gateway, HttpContext.RequestAborted),
        "Your gift is paused: nothing will be charged until you resume it.");

    public Task<IActionResult> OnPostResumeAsync(long id) => ChangeAsync(id, gateway =>
        commitments.SetPausedAsync(Session, id, paused: false, gateway, HttpContext.RequestAborted),
        "Your gift is running again, from the next payment date on.");

    public Task<IActionResult> OnPostCancelAsync(long id) => ChangeAsync(id, gateway =>
        commitments.CancelAsync(Session, id, gateway, HttpContext.RequestAborted),
        "Your recurring gift is cancelled; your card will not be charged again. Thank you for your support.");

    public Task<IActionResult> OnPostCancelMembershipAsync(long id) => ChangeAsync(id, gateway =>
        commitments.CancelMembershipAsync(Session, id, gateway, HttpContext.RequestAborted),
        "Your membership will not renew: your card will not be charged for it again. It stays active through its paid-through date.");

    public async Task<IActionResult> OnPostCardAsync(long id)
    {
        string? portal = null;
        var result = await ChangeAsync(id, async gateway =>
        {
            portal = await commitments.CardUpdateAddressAsync(Session, id, address.Page(Organization.Slug), gateway, HttpContext.RequestAborted);
            return portal is not null;
        }, notice: null);
        return portal is null ? result : Redirect(portal);
    }

    private async Task<IActionResult> ChangeAsync(long id, Func<StripeGateway?, Task<bool>> change, string? notice)
    {
        // A failed bind ("25.5.5") is already in ModelState; the use case is not run then.
        if (!ModelState.IsValid)
            return await Refused(id);
        try
        {
            if (!await change(Gateway()))
                return NotFound();
        }
        catch (ValidationException invalid)
        {
            foreach (var failure in invalid.Errors)
                ModelState.AddModelError("", failure.ErrorMessage);
            return await Refused(id);
        }
        catch (PaymentGatewayException refused)
        {
            logger.LogWarning(refused, "Stripe refused a donor-page change to recurring donation {Id}", id);
            ModelState.AddModelError("", $"Our card processor did not accept the change, so nothing was changed: {refused.Message}");
            return await Refused(id);
        }
        if (notice is not null)
            TempData["Notice"] = notice;
        return Redirect($"/my/{Uri.EscapeDataString(Organization.Slug)}");
    }

    private Task<IActionResult> Refused(long id)
    {
        RefusedFor = id;
        return ShowAsync(null);
    }

    private async Task<IActionResult> ShowAsync(int? page)
    {
        if (donorPage.View(Session, page) is not { } view)
            return await SessionEndedAsync();
        View = view;
        ViewData["OrganizationName"] = Organization.Name;
        ViewData["OrganizationSlug"] = Organization.Slug;
        ViewData["DonorSignedIn"] = true;
        return Page();
    }

    private StripeGateway? Gateway()
    {
        try
        {
            return keys.Load(Organization.Id) is { } stripeKeys ? gateways.For(stripeKeys.SecretKey) : null;
        }
        catch (PaymentKeysUnreadableException)
        {
            return null;
        }
    }
}
