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

/// <summary>A household's year-end statement needs a fiscal year and a household.</summary>
public sealed class HouseholdStatementInputValidator : AbstractValidator<HouseholdStatementInput>
{
    public HouseholdStatementInputValidator()
    {
        RuleFor(x => x.Year).NotNull().WithMessage("Give the fiscal year (the year it ends in).")
            .InclusiveBetween(2000, 2100).WithMessage("Give a year between 2000 and 2100.");
        RuleFor(x => x.HouseholdId).NotNull().WithMessage("Choose a household.");
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
        RuleFor(x => x.AnnualStatements).IsInEnum().WithMessage("Choose year-end statements per person or per household.");
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

/// <summary>The settings page: known numbering, short signatory lines, a small PNG or JPEG logo, and limits given all together or not at all.</summary>
public sealed class ReceiptSettingsFormValidator : AbstractValidator<ReceiptSettingsForm>
{
    /// <summary>Logos larger than this bloat every receipt PDF (the limit per receipt is 100 KB).</summary>
    public const int MaxLogoBytes = 64 * 1024;

    public ReceiptSettingsFormValidator()
    {
        RuleFor(x => x.NumberingYear).NotEmpty().WithMessage("Choose calendar or fiscal year numbering.")
            .Must(v => ReceiptTerms.NumberingYears.Contains(v)).WithMessage("Choose calendar or fiscal year numbering.");
        RuleFor(x => x.AnnualStatements).IsInEnum().WithMessage("Choose year-end statements per person or per household.");
        RuleFor(x => x.SignatoryName).OptionalText(200);
        RuleFor(x => x.SignatoryTitle).OptionalText(100);
        RuleFor(x => x.Logo).Must(logo => logo is null || logo.Length <= MaxLogoBytes)
            .WithMessage($"Use a logo of at most {MaxLogoBytes / 1024} KB.")
            .Must(logo => logo is null || logo.Length == 0 || IsPngOrJpeg(logo)).WithMessage("Upload the logo as a PNG or JPEG image.");
        When(x => x.LimitsTaxYear is not null || x.LowCostArticleCents is not null || x.MinimumPaymentCents is not null || x.BenefitCapCents is not null, () =>
        {
            RuleFor(x => x.LimitsTaxYear).NotNull().WithMessage("Give the tax year these limits are for.")
                .InclusiveBetween(2000, 2100).WithMessage("Give a year between 2000 and 2100.");
            RuleFor(x => x.LowCostArticleCents).NotNull().WithMessage("Give the low-cost article limit.").GreaterThanOrEqualTo(0).WithMessage("Use zero or more.");
            RuleFor(x => x.MinimumPaymentCents).NotNull().WithMessage("Give the minimum payment.").GreaterThanOrEqualTo(0).WithMessage("Use zero or more.");
            RuleFor(x => x.BenefitCapCents).NotNull().WithMessage("Give the benefit cap.").GreaterThanOrEqualTo(0).WithMessage("Use zero or more.");
        });
    }

    private static bool IsPngOrJpeg(byte[] data)
    {
        ReadOnlySpan<byte> png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        var isImage = data.AsSpan().StartsWith(png) || (data.Length > 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF);
        if (!isImage)
            return false;
        // The header alone is not enough: the renderer must be able to decode it, or every receipt would fail.
        using var image = SkiaSharp.SKImage.FromEncodedData(data);
        return image is not null;
    }
}
