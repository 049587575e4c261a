using DonorTrack.Core.Payments;
using DonorTrack.Core.Receipts;
using DonorTrack.Core.Validation;
using DonorTrack.Web.Payments;

namespace DonorTrack.Web.Pages.Gifts;

public sealed class DetailsModel(
    GiftService gifts, DonorService donors, DesignationService designations, CardRefundService refunds, PaymentKeyStore keys,
    StripeGatewayFactory gateways, DonorTrack.Core.Email.AcknowledgmentService acknowledgments, ILogger<DetailsModel> logger,
    GrantService grants) : PageModel
{
    /// <summary>Whether, how and when the gift was thanked.</summary>
    public DonorTrack.Core.Email.GiftAcknowledgment? Acknowledgment { get; private set; }

    public Gift Gift { get; private set; } = null!;

    public Donor Donor { get; private set; } = null!;

    public string? FundName { get; private set; }

    public string? CampaignName { get; private set; }

    /// <summary>The name of the grant this gift pays, when it pays one.</summary>
    public string? GrantName { get; private set; }

    [BindProperty]
    public string? VoidReason { get; set; }

    [BindProperty]
    public Dollars? RefundAmount { get; set; }

    /// <summary>Card gifts paid through Stripe can be refunded from here while anything is left to refund.</summary>
    public bool CanRefund(Actor actor) => actor.Can(Role.Treasurer) && CardRefundService.Refundable(Gift);

    public async Task<IActionResult> OnPostRefundAsync(long id)
    {
        var actor = User.ToActor();
        if (!actor.Can(Role.Treasurer))
            return Forbid();
        var stripeKeys = keys.Load(actor.OrganizationId);
        if (ModelState.IsValid && stripeKeys is null)
            ModelState.AddModelError("Refund.AmountCents", "Card payments are not set up: add the Stripe keys under Admin first.");
        if (stripeKeys is not null)
        {
            try
            {
                var found = true;
                if (await ModelState.TryRunAsync(async () =>
                        found = await refunds.RefundAsync(actor, id, RefundAmount?.Cents, gateways.For(stripeKeys.SecretKey), HttpContext.RequestAborted) is not null,
                        prefix: "Refund"))
                {
                    if (!found)
                        return NotFound();
                    TempData["Notice"] = "Refund sent to Stripe and recorded on the gift.";
                    return RedirectToPage(new { id });
                }
            }
            catch (PaymentGatewayException error)
            {
                logger.LogWarning(error, "Stripe refused a refund of gift {GiftId}", id);
                ModelState.AddModelError("Refund.AmountCents", $"Stripe refused the refund: {error.Message}");
            }
        }
        return Load(id) ? Page() : NotFound();
    }

    public IActionResult OnGet(long id) => Load(id) ? Page() : NotFound();

    /// <summary>Thanks the donor for this one gift by email, the receipt attached, as the to-thank list does for many.</summary>
    public IActionResult OnPostEmailThanks(long id, [FromServices] DonorTrack.Web.Email.OutboxWorker worker)
    {
        if (!User.ToActor().Can(Role.Entry))
            return Forbid();
        IReadOnlyList<DonorTrack.Core.Email.ThankOutcome> outcomes = [];
        if (TempData.TryRun(() => outcomes = acknowledgments.ThankByEmail(User.ToActor(), [id])) && outcomes.Count == 1)
        {
            worker.Request();
            TempData["Notice"] = outcomes[0].Thanked ? "Thank-you email queued with the receipt attached." : outcomes[0].Reason;
        }
        return RedirectToPage(new { id });
    }

    /// <summary>Emails the gift's receipt to the donor through the outbox.</summary>
    public IActionResult OnPostEmailReceipt(long id, [FromServices] DonorTrack.Web.Email.OutboxWorker worker)
    {
        if (!User.ToActor().Can(Role.Entry))
            return Forbid();
        DonorTrack.Core.Email.QueuedEmail? written = null;
        if (TempData.TryRun(() => written = acknowledgments.EmailReceipt(User.ToActor(), id)) && written is not null)
        {
            worker.Request();
            TempData["Notice"] = written.IsQueued ? "The receipt is queued for email; the outbox shows when it is sent." : written.Reason;
        }
        return RedirectToPage(new { id });
    }

    /// <summary>Voiding needs the treasurer role: a data-entry volunteer can record but not void.</summary>
    public IActionResult OnPostVoid(long id, bool confirmed, [FromServices] GiftReceiptService receipts)
    {
        var actor = User.ToActor();
        if (!actor.Can(Role.Treasurer))
            return Forbid();
        if (!confirmed)
        {
            var valid = ModelState.TryRun(() => new VoidGiftInputValidator().EnsureValid(new VoidGiftInput(VoidReason)), prefix: "Void");
            if (!Load(id))
                return NotFound();
            if (!valid || Gift.IsVoided)
                return Page();
            var covering = receipts.CurrentCovering(actor, id);
            return this.Confirm(new Confirmation($"Void gift {id}?",
            [
                $"Mark the gift of {PageSupport.Money(Gift.AmountCents, Gift.Currency)} from {Donor.DisplayName}, received {PageSupport.Date(Gift.ReceivedOn)}, as voided with the reason \u201c{VoidReason!.Trim()}\u201d.",
                "Take it out of every total and report; it stays on record, struck through. A void cannot be undone: the right gift is recorded as a new entry.",
                .. covering.Count > 0 ? [$"Void {(covering.Count == 1 ? "receipt" : "receipts")} {string.Join(", ", covering.Select(r => r.Number))}, which {(covering.Count == 1 ? "shows" : "show")} this gift."] : Array.Empty<string>(),
                .. Gift.MembershipId is not null || Gift.RecurringDonationId is not null ? ["Recompute the dues or recurring donation it paid."] : Array.Empty<string>(),
                "Re-run any matching campaign it counted in.",
            ], "Void gift"));
        }

        var found = true;
        if (!ModelState.TryRun(() => found = gifts.Void(actor, id, new VoidGiftInput(VoidReason)), prefix: "Void"))
            return Load(id) ? Page() : NotFound();
        if (!found)
            return NotFound();
        TempData["Notice"] = "Gift voided. It stays on record, struck through, and out of every total.";
        return RedirectToPage(new { id });
    }

    private bool Load(long id)
    {
        var actor = User.ToActor();
        var gift = gifts.Find(actor, id);
        if (gift is null)
            return false;
        Gift = gift;
        Donor = donors.Find(actor, gift.DonorId)!;
        FundName = gift.FundId is { } fund ? designations.Funds(actor).FirstOrDefault(f => f.Id == fund)?.Name : null;
        GrantName = gift.GrantId is { } grant ? grants.Find(actor, grant)?.Grant.Name : null;
        CampaignName = gift.CampaignId is { } campaign ? designations.Campaigns(actor).FirstOrDefault(c => c.Id == campaign)?.Name : null;
        Acknowledgment = acknowledgments.For(actor, id);
        return true;
    }
}
