using FluentValidation;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Dues;

/// <summary>Limits shared by the dues validators.</summary>
public static class DuesLimits
{
    /// <summary>Ten million dollars: far above any real dues, low enough that no sum of periods overflows.</summary>
    public const long MaxAmountCents = 1_000_000_000;

    public const int MaxGraceDays = 365;

    public const int MaxNameLength = 200;
}

/// <summary>Validates a membership plan input: name, amounts or tiers, grace days and benefit value.</summary>
public sealed class MembershipPlanInputValidator : AbstractValidator<MembershipPlanInput>
{
    public MembershipPlanInputValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("Give the plan a name.")
            .MaximumLength(DuesLimits.MaxNameLength).WithoutNul();
        RuleFor(x => x.MemberKind).IsInEnum().WithMessage("Choose who the plan is for: individuals or organizations.");
        RuleFor(x => x.Interval).IsInEnum().WithMessage("Choose how often dues are due: monthly, quarterly or yearly.");
        RuleFor(x => x.PricingKind).IsInEnum().WithMessage("Choose a fixed amount, sliding-scale tiers or pay what you can.");

        When(x => x.PricingKind == DuesPricingKind.Fixed, () =>
            RuleFor(x => x.AmountCents).Must(BeAValidAmount).WithMessage(AmountMessage("Dues")));

        When(x => x.PricingKind == DuesPricingKind.SlidingScale, () =>
        {
            RuleFor(x => x.Tiers).NotEmpty().WithMessage("A sliding-scale plan needs at least one tier.");
            RuleForEach(x => x.Tiers).NotNull().WithMessage("This tier is empty; remove it or give it a name and dues.");
            RuleForEach(x => x.Tiers).ChildRules(tier =>
            {
                tier.RuleFor(t => t.Name).NotEmpty().WithMessage("Give every tier a name.")
                    .MaximumLength(DuesLimits.MaxNameLength);
                tier.RuleFor(t => t.AmountCents).Must(BeAValidAmount).WithMessage(AmountMessage("A tier's dues"));
            });
            RuleFor(x => x.Tiers)
                .Must(tiers => tiers.Where(t => !string.IsNullOrWhiteSpace(t?.Name))
                    .GroupBy(t => t.Name!.Trim(), StringComparer.OrdinalIgnoreCase).All(g => g.Count() == 1))
                .WithMessage("Tier names must be different from each other.");
        });

        When(x => x.PricingKind == DuesPricingKind.PayWhatYouCan, () =>
        {
            RuleFor(x => x.MinimumCents).Must(BeAValidAmount).WithMessage(AmountMessage("The minimum"));
            RuleFor(x => x.SuggestedCents)
                .Must((input, suggested) => suggested is null || suggested >= input.MinimumCents && suggested <= DuesLimits.MaxAmountCents)
                .WithMessage("The suggested amount must be at least the minimum.");
        });

        RuleFor(x => x.GraceDays).InclusiveBetween(0, DuesLimits.MaxGraceDays)
            .WithMessage($"Grace days must be from 0 to {DuesLimits.MaxGraceDays}.");
        RuleFor(x => x.BenefitValueCents).GreaterThanOrEqualTo(0)
            .WithMessage("The benefits' fair value cannot be negative (enter 0 when members receive nothing of value).");
        RuleFor(x => x.BenefitValueCents)
            .Must((input, value) => value <= LowestAmount(input))
            .When(x => x.BenefitValueCents > 0 && LowestAmount(x) > 0)
            .WithMessage("The benefits' fair value cannot be more than the lowest dues a member can pay.");
        RuleFor(x => x.BenefitsDescription).NotEmpty().When(x => x.BenefitValueCents > 0)
            .WithMessage("Describe the benefits, since receipts must state what members receive for their value.");
        RuleFor(x => x.BenefitsDescription).MaximumLength(2000);
    }

    private static bool BeAValidAmount(long cents) => cents > 0 && cents <= DuesLimits.MaxAmountCents;

    private static string AmountMessage(string what) =>
        $"{what} must be more than $0 and at most $10,000,000.";

    private static long LowestAmount(MembershipPlanInput input) => input.PricingKind switch
    {
        DuesPricingKind.Fixed => input.AmountCents,
        DuesPricingKind.SlidingScale => input.Tiers.Where(t => t is not null).Select(t => t.AmountCents).DefaultIfEmpty(0).Min(),
        DuesPricingKind.PayWhatYouCan => input.MinimumCents,
        _ => 0,
    };
}

/// <summary>Validates the shape of an enrolment; the plan- and donor-dependent checks are <see cref="EnrolmentRules"/>.</summary>
public sealed class MembershipEnrolmentInputValidator : AbstractValidator<MembershipEnrolmentInput>
{
    public MembershipEnrolmentInputValidator()
    {
        RuleFor(x => x.DonorId).GreaterThan(0).WithMessage("Choose the donor to enrol.");
        RuleFor(x => x.PlanId).GreaterThan(0).WithMessage("Choose a membership plan.");
        RuleFor(x => x.StartsOn).NotNull().WithMessage("Enter the date the membership starts.");
        RuleFor(x => x.ChosenAmountCents)
            .Must(cents => cents is > 0 and <= DuesLimits.MaxAmountCents)
            .When(x => x.ChosenAmountCents is not null)
            .WithMessage("The amount must be more than $0 and at most $10,000,000.");
        RuleFor(x => x.TierName).MaximumLength(DuesLimits.MaxNameLength);
    }
}

/// <summary>Validates a recurring donation pledge.</summary>
public sealed class RecurringDonationInputValidator : AbstractValidator<RecurringDonationInput>
{
    public RecurringDonationInputValidator()
    {
        RuleFor(x => x.DonorId).GreaterThan(0).WithMessage("Choose the donor.");
        RuleFor(x => x.AmountCents).Must(cents => cents is > 0 and <= DuesLimits.MaxAmountCents)
            .WithMessage("The amount must be more than $0 and at most $10,000,000.");
        RuleFor(x => x.Interval).IsInEnum().WithMessage("Choose how often: monthly, quarterly or yearly.");
        RuleFor(x => x.StartsOn).NotNull().WithMessage("Enter the date of the first installment.");
    }
}
