using System.Text;
using DonorTrack.Core.Matching;
using FluentValidation;

namespace DonorTrack.Web.Pages.Matching;

/// <summary>The funder's claim at or after the end (screen, CSV and PDF), and recording the funder's payment of it.</summary>
[Authorize(Policy = RolePolicies.Viewer)]
public sealed class ClaimModel(MatchingCampaignService campaigns) : PageModel
{
    public MatchingClaim? Claim { get; private set; }

    public string? NotYet { get; private set; }

    public bool CanRecordPayment { get; private set; }

    [BindProperty]
    public PaymentForm Input { get; set; } = new();

    public IActionResult OnGet(long id) => Load(id) ?? Page();

    public IActionResult OnGetCsv(long id)
    {
        if (Load(id) is { } result)
            return result;
        if (Claim is null)
            return Redirect($"/Matching/Claim/{id}");
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(MatchingCampaignService.ClaimCsv(Claim))).ToArray(),
            "text/csv; charset=utf-8", $"matching-claim-{id}.csv");
    }

    public IActionResult OnGetPdf(long id)
    {
        if (Load(id) is { } result)
            return result;
        if (Claim is null || campaigns.ClaimPdf(User.ToActor(), id) is not { } file)
            return Redirect($"/Matching/Claim/{id}");
        return File(file.Pdf, "application/pdf", file.FileName);
    }

    public IActionResult OnPost(long id)
    {
        // Razor Pages cannot authorize one handler; the service refuses roles below treasurer, this turns that into a 403.
        if (!User.ToActor().Can(Role.Treasurer))
            return Forbid();
        if (Input.Amount is null && ModelState.IsValid)
            ModelState.AddModelError("Input.Amount", Dollars.InvalidMessage);
        try
        {
            long giftId = 0;
            if (ModelState.TryRun(() => giftId = campaigns.RecordClaimPayment(User.ToActor(), id, new MatchingClaimPaymentInput
                {
                    AmountCents = Input.Amount?.Cents, ReceivedOn = Input.ReceivedOn, Method = PageSupport.Word<GiftMethod>(Input.Method), CheckNumber = Input.CheckNumber,
                }), property => property == nameof(MatchingClaimPaymentInput.AmountCents) ? "Input.Amount" : $"Input.{property}"))
            {
                TempData["Notice"] = "The funder's payment is recorded as a matching gift.";
                return Redirect($"/Gifts/Details/{giftId}");
            }
        }
        catch (ForbiddenException forbidden)
        {
            ModelState.AddModelError(string.Empty, forbidden.Message);
        }
        return Load(id) ?? Page();
    }

    private IActionResult? Load(long id)
    {
        var actor = User.ToActor();
        var campaign = campaigns.Find(actor, id);
        if (campaign is null)
            return NotFound();
        try
        {
            Claim = campaigns.Claim(actor, id);
        }
        catch (ValidationException notYet)
        {
            NotYet = notYet.Errors.First().ErrorMessage;
        }
        CanRecordPayment = Claim is not null && campaign.OrganizationId == actor.OrganizationId && actor.Can(Role.Treasurer) && campaign.ClaimGiftId is null;
        if (Input.Amount is null && Claim is not null)
            Input.Amount = new Dollars(Claim.OwedCents);
        return null;
    }

    /// <summary>The payment as typed: the amount in dollars.</summary>
    public sealed class PaymentForm
    {
        public Dollars? Amount { get; set; }
        public DateOnly? ReceivedOn { get; set; }
        public string? Method { get; set; } = "check";
        public string? CheckNumber { get; set; }
    }
}
