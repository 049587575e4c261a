using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace DonorTrack.Web.Pages.Gifts;

/// <summary>The gift form: amounts typed in dollars and cents, bound to cents by <see cref="Dollars"/>.</summary>
public sealed class GiftForm
{
    public long? DonorId { get; set; }
    public Dollars? Amount { get; set; }
    public DateOnly? ReceivedOn { get; set; }
    public string? Method { get; set; } = "check";
    public string? Category { get; set; } = "individual";
    public long? FundId { get; set; }
    public long? CampaignId { get; set; }
    public Dollars? BenefitValue { get; set; }
    public string? BenefitDescription { get; set; }
    public string? InKindDescription { get; set; }
    public string? CheckNumber { get; set; }
    public Dollars? Fee { get; set; }
    public string? Notes { get; set; }
    public long? SoftCreditDonorId { get; set; }
    public string? SoftCreditKind { get; set; }
    public string? SoftCreditNote { get; set; }
    public long? GrantId { get; set; }
    public long? PledgeId { get; set; }

    /// <summary>The input to record, or null after saying the amount is missing.</summary>
    public GiftInput? ToInput(ModelStateDictionary modelState)
    {
        if (Amount is null)
            modelState.AddModelError($"Input.{nameof(Amount)}", "Enter the amount.");
        if (!modelState.IsValid)
            return null;
        return new GiftInput
        {
            DonorId = DonorId, AmountCents = Amount?.Cents, ReceivedOn = ReceivedOn, Method = PageSupport.Word<GiftMethod>(Method), Category = PageSupport.Word<GiftCategory>(Category),
            FundId = FundId, CampaignId = CampaignId, BenefitValueCents = BenefitValue?.Cents ?? 0, BenefitDescription = Blank(BenefitDescription),
            InKindDescription = Blank(InKindDescription), CheckNumber = Blank(CheckNumber), FeeCents = Fee?.Cents ?? 0, Notes = Blank(Notes),
            GrantId = GrantId, PledgeId = PledgeId,
            SoftCredits = SoftCreditDonorId is null ? [] : [new SoftCreditInput(SoftCreditDonorId, PageSupport.Word<SoftCreditKind>(SoftCreditKind), Blank(SoftCreditNote))],
        };
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
