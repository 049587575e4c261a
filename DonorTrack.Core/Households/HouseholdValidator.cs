using DonorTrack.Core.Validation;
using FluentValidation;

namespace DonorTrack.Core.Households;

/// <summary>Rules for a household, shared by pages, the API and imports.</summary>
public sealed class HouseholdInputValidator : AbstractValidator<HouseholdInput>
{
    public const int MaximumMembersOnCreate = 20;

    public HouseholdInputValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("Name the household, e.g. “Ruiz household”, or add a first member to name it after.")
            .When(x => x.MemberDonorIds is not { Count: > 0 });
        RuleFor(x => x.Name).OptionalText(200);
        RuleFor(x => x.FormalAddressee).OptionalText(200);
        RuleFor(x => x.InformalSalutation).OptionalText(200);
        RuleFor(x => x.AddressLine1).OptionalText(200);
        RuleFor(x => x.AddressLine2).OptionalText(200);
        RuleFor(x => x.City).OptionalText(100);
        RuleFor(x => x.Region).OptionalText(100);
        RuleFor(x => x.PostalCode).OptionalText(20);
        RuleFor(x => x.Country).Matches("^[A-Za-z]{2}$").WithMessage("Use the two-letter country code, e.g. US.")
            .When(x => !string.IsNullOrWhiteSpace(x.Country));
        RuleFor(x => x.Notes).OptionalText(4000);
        RuleFor(x => x.MemberDonorIds).Must(ids => ids is null || ids.Count <= MaximumMembersOnCreate)
            .WithMessage($"Add at most {MaximumMembersOnCreate} members at once.")
            .Must(ids => ids is null || ids.Distinct().Count() == ids.Count).WithMessage("Each member can be listed only once.");
        RuleForEach(x => x.MemberDonorIds).GreaterThan(0).WithMessage("Choose a donor.");
    }
}
