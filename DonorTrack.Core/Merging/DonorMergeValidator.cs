using DonorTrack.Core.Donors;
using FluentValidation;
using FluentValidation.Results;

namespace DonorTrack.Core.Merging;

/// <summary>A merge request with the two donors as loaded in the merge's transaction and what would make the merge impossible.</summary>
public sealed record DonorMergeRequest(DonorMergeInput Input, Donor? Survivor, Donor? Duplicate, IReadOnlyList<string> Blockers);

/// <summary>Rules for a merge: two different donors of the organization, neither merged before, the same kind unless confirmed, known field choices.</summary>
public sealed class DonorMergeValidator : AbstractValidator<DonorMergeRequest>
{
    public DonorMergeValidator()
    {
        RuleFor(x => x.Input.SurvivorId).NotNull().WithMessage("Choose the donor to keep.").OverridePropertyName(nameof(DonorMergeInput.SurvivorId));
        RuleFor(x => x.Input.DuplicateId).NotNull().WithMessage("Choose the duplicate donor to merge into this one.")
            .NotEqual(x => x.Input.SurvivorId).WithMessage("Choose two different donors.")
            .OverridePropertyName(nameof(DonorMergeInput.DuplicateId));
        RuleFor(x => x.Survivor).NotNull().WithMessage("There is no such donor in this organization.")
            .When(x => x.Input.SurvivorId is not null).OverridePropertyName(nameof(DonorMergeInput.SurvivorId));
        RuleFor(x => x.Duplicate).NotNull().WithMessage("There is no such donor in this organization.")
            .When(x => x.Input.DuplicateId is not null).OverridePropertyName(nameof(DonorMergeInput.DuplicateId));
        RuleFor(x => x.Survivor!.MergedIntoId).Null().WithMessage(x => $"This donor was already merged into donor {x.Survivor!.MergedIntoId}.")
            .When(x => x.Survivor is not null).OverridePropertyName(nameof(DonorMergeInput.SurvivorId));
        RuleFor(x => x.Duplicate!.MergedIntoId).Null().WithMessage(x => $"This donor was already merged into donor {x.Duplicate!.MergedIntoId}.")
            .When(x => x.Duplicate is not null).OverridePropertyName(nameof(DonorMergeInput.DuplicateId));
        RuleFor(x => x.Input.ConfirmDifferentKinds).Equal(true)
            .WithMessage("One donor is an individual and the other an organization; confirm to merge them anyway.")
            .When(x => x.Survivor is not null && x.Duplicate is not null && x.Survivor.Kind != x.Duplicate.Kind)
            .OverridePropertyName(nameof(DonorMergeInput.ConfirmDifferentKinds));
        RuleFor(x => x.Input.Keep).Custom((keep, context) =>
        {
            foreach (var (field, side) in keep ?? new Dictionary<string, string>())
            {
                if (!DonorMergeFields.All.Any(f => f.Key == field))
                    context.AddFailure(new ValidationFailure($"{nameof(DonorMergeInput.Keep)}.{field}", $"There is no field \"{field}\" to choose; use one of: {string.Join(", ", DonorMergeFields.All.Select(f => f.Key))}."));
                else if (!DonorMergeSides.All.Contains(side))
                    context.AddFailure(new ValidationFailure($"{nameof(DonorMergeInput.Keep)}.{field}", "Choose survivor or duplicate."));
            }
        });
        RuleFor(x => x.Blockers).Custom((blockers, context) =>
        {
            foreach (var blocker in blockers)
                context.AddFailure(new ValidationFailure(nameof(DonorMergeInput.DuplicateId), blocker));
        });
    }
}
