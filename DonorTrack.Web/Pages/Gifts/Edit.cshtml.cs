using DonorTrack.Core.Receipts;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace DonorTrack.Web.Pages.Gifts;

/// <summary>
/// Corrects a recorded gift's designation, category, date, descriptions and amount. When a receipt already shows a field
/// being changed, the page names the receipt and the change goes through only with "void and reissue" ticked.
/// </summary>
[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class EditModel(GiftService gifts, DonorService donors, DesignationService designations, GiftReceiptService receipts) : PageModel
{
    [BindProperty]
    public GiftEditForm Input { get; set; } = new();

    public Gift Gift { get; private set; } = null!;

    public Donor Donor { get; private set; } = null!;

    public IReadOnlyList<Fund> Funds { get; private set; } = [];

    public IReadOnlyList<Campaign> Campaigns { get; private set; } = [];

    /// <summary>The standing receipts and year-end statements that print this gift.</summary>
    public IReadOnlyList<Receipt> Receipts { get; private set; } = [];

    public IActionResult OnGet(long id)
    {
        if (!Load(id))
            return NotFound();
        if (Gift.IsVoided)
            return RedirectToPage("/Gifts/Details", new { id });
        Input = GiftEditForm.From(Gift);
        return Page();
    }

    public IActionResult OnPost(long id)
    {
        var actor = User.ToActor();
        var input = ModelState.IsValid ? Input.ToInput(ModelState) : null;
        var found = true;
        if (input is not null && ModelState.TryRun(() => found = gifts.Edit(actor, id, input), property => $"Input.{FormField(property)}"))
        {
            if (!found)
                return NotFound();
            TempData["Notice"] = input.ReissueReceipts && Receipts.Count > 0 ? "Gift corrected; its receipt was voided and a corrected one issued." : "Gift corrected.";
            return RedirectToPage("/Gifts/Details", new { id });
        }

        return Load(id) ? Page() : NotFound();
    }

    private bool Load(long id)
    {
        var actor = User.ToActor();
        if (gifts.Find(actor, id) is not { } gift)
            return false;
        Gift = gift;
        Donor = donors.Find(actor, gift.DonorId)!;
        // A fund closed since stays choosable on the gifts that already name it.
        Funds = designations.Funds(actor).Where(f => f.Active || f.Id == gift.FundId).ToList();
        Campaigns = designations.Campaigns(actor).Where(c => c.Active || c.Id == gift.CampaignId).ToList();
        Receipts = receipts.CurrentCovering(actor, id);
        return true;
    }

    /// <summary>Maps the edit's field names back to the form's ("AmountCents" is typed as "Amount").</summary>
    private static string FormField(string property) => property switch
    {
        nameof(GiftEditInput.AmountCents) => nameof(GiftEditForm.Amount),
        nameof(GiftEditInput.BenefitValueCents) => nameof(GiftEditForm.BenefitValue),
        _ => property,
    };
}

/// <summary>The gift edit form: amounts typed in dollars and cents, bound to cents by <see cref="Dollars"/>.</summary>
public sealed class GiftEditForm
{
    public Dollars? Amount { get; set; }
    public DateOnly? ReceivedOn { get; set; }
    public string? Method { get; set; }
    public string? Category { get; set; }
    public long? FundId { get; set; }
    public long? CampaignId { get; set; }
    public Dollars? BenefitValue { get; set; }
    public string? BenefitDescription { get; set; }
    public string? InKindDescription { get; set; }
    public string? CheckNumber { get; set; }
    public string? Notes { get; set; }
    public bool ReissueReceipts { get; set; }

    public static GiftEditForm From(Gift gift) => new()
    {
        Amount = new Dollars(gift.AmountCents), ReceivedOn = gift.ReceivedOn, Method = gift.Method.Word(), Category = gift.Category.Word(),
        FundId = gift.FundId, CampaignId = gift.CampaignId, BenefitValue = gift.BenefitValueCents > 0 ? new Dollars(gift.BenefitValueCents) : null,
        BenefitDescription = gift.BenefitDescription, InKindDescription = gift.InKindDescription, CheckNumber = gift.CheckNumber, Notes = gift.Notes,
    };

    /// <summary>The edit to apply, or null after saying the amount is missing.</summary>
    public GiftEditInput? ToInput(ModelStateDictionary modelState)
    {
        if (Amount is null)
            modelState.AddModelError($"Input.{nameof(Amount)}", "Enter the amount.");
        if (!modelState.IsValid)
            return null;
        return new GiftEditInput
        {
            AmountCents = Amount?.Cents, ReceivedOn = ReceivedOn, Method = PageSupport.Word<GiftMethod>(Method), Category = PageSupport.Word<GiftCategory>(Category),
            FundId = FundId, CampaignId = CampaignId, BenefitValueCents = BenefitValue?.Cents ?? 0, BenefitDescription = Blank(BenefitDescription),
            InKindDescription = Blank(InKindDescription), CheckNumber = Blank(CheckNumber), Notes = Blank(Notes), ReissueReceipts = ReissueReceipts,
        };
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
