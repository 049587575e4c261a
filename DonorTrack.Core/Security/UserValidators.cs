using DonorTrack.Core.Data;
using DonorTrack.Core.Validation;
using FluentValidation;

namespace DonorTrack.Core.Security;

/// <summary>Rules for adding a user to an organization.</summary>
public sealed class AddUserInputValidator : AbstractValidator<AddUserInput>
{
    public AddUserInputValidator()
    {
        RuleFor(x => x.Email).NotEmpty().WithMessage("Enter an email address.")
            .EmailAddress().WithMessage("Enter a valid email address.")
            .MaximumLength(254).WithMessage("Use at most 254 characters.");
        RuleFor(x => x.DisplayName).OptionalText(100);
        RuleFor(x => x.Role).NotNull().WithMessage("Choose a role.").IsInEnum().WithMessage($"Choose one of: {DomainWords.List<Role>()}.");
    }
}

/// <summary>A new password with the context it must not be built from.</summary>
public sealed record NewPasswordInput(string? NewPassword, string? Email, string? DisplayName, IReadOnlyList<string?> OrganizationNames);

/// <summary>Refuses weak passwords (see <see cref="PasswordRules"/>) with the reason next to the field.</summary>
public sealed class NewPasswordValidator : AbstractValidator<NewPasswordInput>
{
    public NewPasswordValidator()
    {
        RuleFor(x => x.NewPassword)
            .Must((x, p) => PasswordRules.Weakness(p, x.Email, x.DisplayName, x.OrganizationNames) is null)
            .WithMessage((x, p) => PasswordRules.Weakness(p, x.Email, x.DisplayName, x.OrganizationNames));
    }

    /// <summary>Throws with the reason on <paramref name="field"/>, the name the page shows the password field under.</summary>
    public void EnsureValid(NewPasswordInput input, string field)
    {
        var result = Validate(input);
        if (!result.IsValid)
            throw InputValidation.FieldError(field, result.Errors[0].ErrorMessage);
    }
}
