using DonorTrack.Core.Validation;
using FluentValidation;

namespace DonorTrack.Core.Receipts;

/// <summary>A void needs a reason that stays on record.</summary>
public sealed class VoidReceiptInputValidator : AbstractValidator<VoidReceiptInput>
{
    public VoidReceiptInputValidator()
    {
        RuleFor(x => x.Reason).NotEmpty().WithMessage("Say why the receipt is voided; the reason stays on record.")
            .MaximumLength(500).WithMessage("Use at most 500 characters.");
    }
}

/// <summary>A year-end statement needs a donor and a plausible fiscal year.</summary>
public sealed class AnnualStatementInputValidator : AbstractValidator<AnnualStatementInput>
{
    public AnnualStatementInputValidator()
    {
        RuleFor(x => x.Year).NotNull().WithMessage("Give the fiscal year (the year it ends in).")
            .InclusiveBetween(2000, 2100).WithMessage("Give a year between 2000 and 2100.");
        RuleFor(x => x.DonorId).NotNull().WithMessage("Choose a donor.");
    }
}

/// <summary>A batch of year-end statements needs a plausible fiscal year.</summary>
public sealed class AnnualBatchInputValidator : AbstractValidator<AnnualBatchInput>
{
    public AnnualBatchInputValidator()
    {
        RuleFor(x => x.Year).NotNull().WithMessage("Give the fiscal year (the year it ends in).")
            .InclusiveBetween(2000, 2100).WithMessage("Give a year between 2000 and 2100.");
    }
}

/// <summary>Receipt settings: a known numbering year and a short signatory title.</summary>
public sealed class ReceiptSettingsInputValidator : AbstractValidator<ReceiptSettingsInput>
{
    public ReceiptSettingsInputValidator()
    {
        RuleFor(x => x.NumberingYear).NotEmpty().WithMessage("Choose calendar or fiscal year numbering.").OneOf(ReceiptTerms.NumberingYears);
        RuleFor(x => x.SignatoryTitle).OptionalText(100);
    }
}

/// <summary>Insubstantial-benefit limits: a tax year and three non-negative amounts in cents.</summary>
public sealed class InsubstantialBenefitLimitsInputValidator : AbstractValidator<InsubstantialBenefitLimitsInput>
{
    public InsubstantialBenefitLimitsInputValidator()
    {
        RuleFor(x => x.TaxYear).NotNull().WithMessage("Give the tax year.").InclusiveBetween(2000, 2100).WithMessage("Give a year between 2000 and 2100.");
        RuleFor(x => x.LowCostArticleCents).NotNull().WithMessage("Give the low-cost article limit.").GreaterThanOrEqualTo(0).WithMessage("Use zero or more.");
        RuleFor(x => x.MinimumPaymentCents).NotNull().WithMessage("Give the minimum payment.").GreaterThanOrEqualTo(0).WithMessage("Use zero or more.");
        RuleFor(x => x.BenefitCapCents).NotNull().WithMessage("Give the benefit cap.").GreaterThanOrEqualTo(0).WithMessage("Use zero or more.");
    }
}
