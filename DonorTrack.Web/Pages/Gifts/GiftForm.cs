using DonorTrack.Core.Data;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Money;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace DonorTrack.Web.Pages.Gifts;

/// <summary>The gift form: amounts typed in dollars and cents, turned into integer cents before validation.</summary>
public sealed class GiftForm
{
    public long? DonorId { get; set; }
    public string? Amount { get; set; }
    public DateOnly? ReceivedOn { get; set; }
    public string? Method { get; set; } = "check";
    public string? Category { get; set; } = "individual";
    public long? FundId { get; set; }
    public long? CampaignId { get; set; }
    public string? BenefitValue { get; set; }
    public string? BenefitDescription { get; set; }
    public string? InKindDescription { get; set; }
    public string? CheckNumber { get; set; }
    public string? Fee { get; set; }
    public string? Notes { get; set; }
    public long? SoftCreditDonorId { get; set; }
    public string? SoftCreditKind { get; set; }
    public string? SoftCreditNote { get; set; }

    /// <summary>The input to record, or null after adding a message next to each amount that is not a money amount.</summary>
    public GiftInput? ToInput(ModelStateDictionary modelState)
    {
        var amount = Cents(Amount, nameof(Amount), modelState, required: true);
        var benefit = Cents(BenefitValue, nameof(BenefitValue), modelState, required: false);
        var fee = Cents(Fee, nameof(Fee), modelState, required: false);
        if (!modelState.IsValid)
            return null;
        return new GiftInput
        {
            DonorId = DonorId, AmountCents = amount, ReceivedOn = ReceivedOn, Method = Word<GiftMethod>(Method), Category = Word<GiftCategory>(Category),
            FundId = FundId, CampaignId = CampaignId, BenefitValueCents = benefit ?? 0, BenefitDescription = Blank(BenefitDescription),
            InKindDescription = Blank(InKindDescription), CheckNumber = Blank(CheckNumber), FeeCents = fee ?? 0, Notes = Blank(Notes),
            SoftCredits = SoftCreditDonorId is null ? [] : [new SoftCreditInput(SoftCreditDonorId, Word<SoftCreditKind>(SoftCreditKind), Blank(SoftCreditNote))],
        };
    }

    private static long? Cents(string? text, string field, ModelStateDictionary modelState, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
                modelState.AddModelError($"Input.{field}", "Enter the amount.");
            return null;
        }
        var cents = MoneyFormat.ParseCents(text);
        if (cents is null)
            modelState.AddModelError($"Input.{field}", "Write an amount like 125 or 125.50.");
        return cents;
    }

    /// <summary>The chosen word; a word the list does not offer becomes out of range, which the validator names.</summary>
    private static TEnum? Word<TEnum>(string? word) where TEnum : struct, Enum =>
        string.IsNullOrWhiteSpace(word) ? null : DomainWords.ParseInput<TEnum>(word);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
