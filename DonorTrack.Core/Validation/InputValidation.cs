using FluentValidation;
using FluentValidation.Results;

namespace DonorTrack.Core.Validation;

/// <summary>Runs a validator and turns failures into the one exception type pages and the API translate into field messages.</summary>
public static class InputValidation
{
    public static void EnsureValid<T>(this IValidator<T> validator, T input)
    {
        var result = validator.Validate(input);
        if (!result.IsValid)
            throw new ValidationException(result.Errors);
    }

    /// <summary>Fails one field with a message: for rules that need the database (unknown fund, duplicate email).</summary>
    public static ValidationException FieldError(string property, string message) =>
        new([new ValidationFailure(property, message)]);

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.MaximumLength(maxLength).WithMessage($"Use at most {maxLength} characters.").WithoutNul();

    /// <summary>Refuses the NUL character: SQLite's length() stops at it, so a name starting with one fails its table's CHECK.</summary>
    public static IRuleBuilderOptions<T, string?> WithoutNul<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(value => value is null || !value.Contains('\0', StringComparison.Ordinal)).WithMessage("Remove the NUL character (\\0) from this text.");

    public static IRuleBuilderOptions<T, string?> OneOf<T>(this IRuleBuilder<T, string?> rule, IReadOnlyCollection<string> allowed) =>
        rule.Must(value => value is null || allowed.Contains(value))
            .WithMessage($"Choose one of: {string.Join(", ", allowed)}.");
}
