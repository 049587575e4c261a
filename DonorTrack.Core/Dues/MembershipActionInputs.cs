using FluentValidation;

namespace DonorTrack.Core.Dues;

/// <summary>Ending a membership by a user's decision, with the date and the reason kept on record.</summary>
public sealed record CancelMembershipInput(DateOnly? CancelledOn, string? Reason);

/// <summary>Reinstating a lapsed or cancelled membership on a date.</summary>
public sealed record ReinstateMembershipInput(DateOnly? ReinstateOn);

/// <summary>Moving a membership to another plan from a date, with the member's tier or amount on the new plan.</summary>
public sealed record PlanChangeInput(long PlanId, DateOnly? ChangeOn, string? TierName = null, long? ChosenAmountCents = null);

/// <summary>An alliance assigning a dues plan to one of its member organizations.</summary>
public sealed record AllianceDuesAssignmentInput(long MemberOrganizationId, long PlanId, DateOnly? StartsOn, string? TierName = null, long? ChosenAmountCents = null);

/// <summary>Validates a cancellation.</summary>
public sealed class CancelMembershipInputValidator : AbstractValidator<CancelMembershipInput>
{
    public CancelMembershipInputValidator()
    {
        RuleFor(x => x.CancelledOn).NotNull().WithMessage("Enter the date the membership ends.");
        RuleFor(x => x.Reason).NotEmpty().WithMessage("Say why the membership is cancelled; the reason stays on record.").MaximumLength(500);
    }
}

/// <summary>Validates a reinstatement.</summary>
public sealed class ReinstateMembershipInputValidator : AbstractValidator<ReinstateMembershipInput>
{
    public ReinstateMembershipInputValidator() =>
        RuleFor(x => x.ReinstateOn).NotNull().WithMessage("Enter the date the membership is reinstated.");
}

/// <summary>Validates the shape of a plan change; the plan-dependent checks run in the service.</summary>
public sealed class PlanChangeInputValidator : AbstractValidator<PlanChangeInput>
{
    public PlanChangeInputValidator()
    {
        RuleFor(x => x.PlanId).GreaterThan(0).WithMessage("Choose the new plan.");
        RuleFor(x => x.ChangeOn).NotNull().WithMessage("Enter the date the new plan starts.");
        RuleFor(x => x.ChosenAmountCents).Must(c => c is null or > 0 and <= DuesLimits.MaxAmountCents)
            .WithMessage("The amount must be more than $0 and at most $10,000,000.");
    }
}

/// <summary>Validates an alliance dues assignment.</summary>
public sealed class AllianceDuesAssignmentInputValidator : AbstractValidator<AllianceDuesAssignmentInput>
{
    public AllianceDuesAssignmentInputValidator()
    {
        RuleFor(x => x.MemberOrganizationId).GreaterThan(0).WithMessage("Choose the member organization.");
        RuleFor(x => x.PlanId).GreaterThan(0).WithMessage("Choose a membership plan.");
        RuleFor(x => x.StartsOn).NotNull().WithMessage("Enter the date dues start.");
    }
}
