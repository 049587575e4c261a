using DonorTrack.Core.Validation;
using FluentValidation;

using DonorTrack.Core.Data;

namespace DonorTrack.Core.Donors;

/// <summary>Rules for a donor, shared by pages, API and imports.</summary>
public sealed class DonorInputValidator : AbstractValidator<DonorInput>
{
    public DonorInputValidator()
    {
        RuleFor(x => x.Kind).NotNull().WithMessage("Choose individual or organization.").IsInEnum().WithMessage("Choose individual or organization.");
        RuleFor(x => x.LastName).NotEmpty().WithMessage("Enter a first or last name.")
            .When(x => x.Kind == DonorKind.Individual && string.IsNullOrWhiteSpace(x.FirstName));
        RuleFor(x => x.OrganizationName).NotEmpty().WithMessage("Enter the organization's name.")
            .When(x => x.Kind == DonorKind.Organization);
        RuleFor(x => x.FirstName).OptionalText(100);
        RuleFor(x => x.LastName).OptionalText(100);
        RuleFor(x => x.OrganizationName).OptionalText(200);
        RuleFor(x => x.Email).EmailAddress().WithMessage("Enter a valid email address, like name@example.org.").MaximumLength(254)
            .When(x => !string.IsNullOrWhiteSpace(x.Email));
        RuleFor(x => x.Phone).OptionalText(40);
        RuleFor(x => x.AddressLine1).OptionalText(200);
        RuleFor(x => x.AddressLine2).OptionalText(200);
        RuleFor(x => x.City).OptionalText(100);
        RuleFor(x => x.Region).OptionalText(100);
        RuleFor(x => x.PostalCode).OptionalText(20);
        RuleFor(x => x.Country).Matches("^[A-Za-z]{2}$").WithMessage("Use the two-letter country code, e.g. US.")
            .When(x => !string.IsNullOrWhiteSpace(x.Country));
        RuleFor(x => x.DefaultCategory).OneOf(DomainWords.All<GiftCategory>()).When(x => !string.IsNullOrWhiteSpace(x.DefaultCategory));
        RuleFor(x => x.Tags).Must(tags => tags is null || tags.Count <= 20).WithMessage("Use at most 20 tags.");
        RuleForEach(x => x.Tags).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("This tag is empty; remove it or write the tag.")
            .Must(tag => tag.Trim().Length <= 50).WithMessage("Keep each tag to 50 characters.")
            .Must(tag => !tag.Contains(',')).WithMessage("A tag cannot contain a comma.")
            .Must(tag => !tag.Contains('\0')).WithMessage("Remove the NUL character (\\0) from the tag.");
        RuleFor(x => x.Notes).OptionalText(4000);
    }
}
