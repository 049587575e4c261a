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
        RuleFor(x => x.Password).Must(p => p is null || p.Length == 0 || p.Length >= PasswordRules.MinimumLength)
            .WithMessage(PasswordRules.Message).MaximumLength(200);
        RuleFor(x => x.Role).NotEmpty().WithMessage("Choose a role.").OneOf(Roles.All);
    }
}

/// <summary>The one password rule, shared by setup, adding users and password changes.</summary>
public static class PasswordRules
{
    public const int MinimumLength = 10;

    public const string Message = "Use a password of at least 10 characters.";
}
