using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Validation;
using FluentValidation;

namespace DonorTrack.Core.Gifts;

/// <summary>Rules for a new gift, shared by pages, API, imports and the payment webhook.</summary>
public sealed class GiftInputValidator : AbstractValidator<GiftInput>
{
    public const long MaximumAmountCents = 1_000_000_000;

    public GiftInputValidator()
    {
        RuleFor(x => x.DonorId).NotNull().WithMessage("Choose the donor.").GreaterThan(0).WithMessage("Choose the donor.");
        RuleFor(x => x.AmountCents).NotNull().WithMessage("Enter the amount.")
            .GreaterThan(0).WithMessage("The amount must be more than zero.")
            .LessThanOrEqualTo(MaximumAmountCents).WithMessage("The amount cannot be more than $10,000,000.00.");
        RuleFor(x => x.Currency).Matches("^[A-Z]{3}$").WithMessage("Use a three-letter currency code such as USD.").When(x => x.Currency is not null);
        RuleFor(x => x.ReceivedOn).NotNull().WithMessage("Enter the date the gift was received.")
            .Must(d => d is null || d.Value.Year is >= 1900 and <= 2200).WithMessage("Enter a real date.");
        RuleFor(x => x.Method).NotNull().WithMessage("Choose how the gift was paid.").IsInEnum().WithMessage($"Choose one of: {DomainWords.List<GiftMethod>()}.");
        RuleFor(x => x.Category).NotNull().WithMessage("Choose a revenue category.").IsInEnum().WithMessage($"Choose one of: {DomainWords.List<GiftCategory>()}.");
        RuleFor(x => x.BenefitValueCents).GreaterThanOrEqualTo(0).WithMessage("The value of goods or services cannot be negative.")
            .Must((input, benefit) => benefit is null || input.AmountCents is null || benefit <= input.AmountCents)
            .WithMessage("The value of goods or services cannot exceed the amount.");
        RuleFor(x => x.BenefitDescription).NotEmpty().WithMessage("Describe the goods or services the donor received (the receipt must say).")
            .When(x => x.BenefitValueCents > 0);
        RuleFor(x => x.BenefitDescription).OptionalText(500);
        RuleFor(x => x.InKindDescription).NotEmpty().WithMessage("Describe the in-kind gift (receipts describe it; they never value it).")
            .When(x => x.Method == GiftMethod.InKind);
        RuleFor(x => x.InKindDescription).OptionalText(1000);
        RuleFor(x => x.CheckNumber).OptionalText(30);
        RuleFor(x => x.ExternalId).OptionalText(200);
        RuleFor(x => x.FeeCents).GreaterThanOrEqualTo(0).WithMessage("The processor fee cannot be negative.")
            .Must((input, fee) => fee is null || input.AmountCents is null || fee <= input.AmountCents)
            .WithMessage("The processor fee cannot exceed the amount.");
        RuleFor(x => x.Status).Must(s => s is null or GiftStatus.Completed or GiftStatus.Pending)
            .WithMessage("A new gift is completed or pending; refunds and voids are recorded on the gift afterwards.");
        RuleFor(x => x.Notes).OptionalText(4000);
        RuleFor(x => x.SoftCredits).Must(list => list is null || list.Count <= 10).WithMessage("Use at most 10 soft credits.");
        RuleForEach(x => x.SoftCredits).NotNull().WithMessage("This soft credit is empty; remove it or say who is credited.");
        RuleForEach(x => x.SoftCredits).ChildRules(credit =>
        {
            credit.RuleFor(c => c.DonorId).NotNull().WithMessage("Choose who is credited.");
            credit.RuleFor(c => c.Kind).NotNull().WithMessage("Choose the kind of credit.").IsInEnum().WithMessage($"Choose one of: {DomainWords.List<SoftCreditKind>()}.");
            credit.RuleFor(c => c.Note).OptionalText(500);
        });
    }
}

/// <summary>Rules for voiding a gift.</summary>
public sealed class VoidGiftInputValidator : AbstractValidator<VoidGiftInput>
{
    public VoidGiftInputValidator()
    {
        RuleFor(x => x.Reason).NotEmpty().WithMessage("Say why the gift is voided; the reason stays on record.").MaximumLength(500);
    }
}

/// <summary>Why a gift is being voided.</summary>
public sealed record VoidGiftInput(string? Reason);
