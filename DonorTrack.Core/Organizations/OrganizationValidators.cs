using DonorTrack.Core.Validation;
using FluentValidation;

namespace DonorTrack.Core.Organizations;

/// <summary>Rules for an organization's settings.</summary>
public sealed class OrganizationInputValidator : AbstractValidator<OrganizationInput>
{
    private const string EinPattern = @"^\d{2}-\d{7}$";

    public OrganizationInputValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("Enter the organization's name.").MaximumLength(200);
        RuleFor(x => x.LegalName).OptionalText(200);
        RuleFor(x => x.LegalStatus).NotEmpty().WithMessage("Choose a legal status.").OneOf(OrganizationTerms.LegalStatuses);
        RuleFor(x => x.Ein).Matches(EinPattern).WithMessage("Write the EIN as 12-3456789.").When(x => !string.IsNullOrWhiteSpace(x.Ein));
        RuleFor(x => x.Ein).NotEmpty().WithMessage("A 501(c)(3) receipt must state the EIN.").When(x => x.LegalStatus == "501c3");
        RuleFor(x => x.SponsorName).NotEmpty().WithMessage("A fiscally sponsored group's receipts are issued in the sponsor's name: enter it.")
            .When(x => x.LegalStatus == "fiscally_sponsored");
        RuleFor(x => x.SponsorEin).NotEmpty().WithMessage("Enter the fiscal sponsor's EIN.").When(x => x.LegalStatus == "fiscally_sponsored");
        RuleFor(x => x.SponsorEin).Matches(EinPattern).WithMessage("Write the EIN as 12-3456789.").When(x => !string.IsNullOrWhiteSpace(x.SponsorEin));
        RuleFor(x => x.SponsorName).OptionalText(200);
        RuleFor(x => x.AddressLine1).OptionalText(200);
        RuleFor(x => x.AddressLine2).OptionalText(200);
        RuleFor(x => x.City).OptionalText(100);
        RuleFor(x => x.Region).OptionalText(100);
        RuleFor(x => x.PostalCode).OptionalText(20);
        RuleFor(x => x.Country).NotEmpty().Length(2).WithMessage("Use the two-letter country code, e.g. US.");
        RuleFor(x => x.Timezone).NotEmpty().Must(BeAKnownTimeZone).WithMessage("Use a time zone such as America/Chicago.");
        RuleFor(x => x.Currency).NotEmpty().Matches("^[A-Z]{3}$").WithMessage("Use a three-letter currency code such as USD.");
        RuleFor(x => x.FiscalYearStartMonth).NotNull().InclusiveBetween(1, 12).WithMessage("The fiscal year starts in a month from 1 to 12.");
        RuleFor(x => x.Scale).NotEmpty().OneOf(OrganizationTerms.Scales);
        RuleFor(x => x.SelfTerm).NotEmpty().OneOf(OrganizationTerms.SelfTerms);
        RuleFor(x => x.Mission).OptionalText(2000);
        RuleFor(x => x.ReceiptSignatory).OptionalText(200);
        RuleFor(x => x.ReceiptStatement).OptionalText(2000);
    }

    private static bool BeAKnownTimeZone(string? id) => id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}

/// <summary>Rules for inviting a member organization to an alliance (no organization chosen means an invitation code).</summary>
public sealed class AllianceMemberInputValidator : AbstractValidator<AllianceMemberInput>
{
    public AllianceMemberInputValidator()
    {
        RuleFor(x => x.Role).NotEmpty().WithMessage("Choose a role.").OneOf(OrganizationTerms.AllianceRoles);
        RuleFor(x => x.JoinedOn).NotNull().WithMessage("Enter the date the member joined.");
    }
}
