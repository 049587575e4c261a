using System.Globalization;
using DonorTrack.Core.Money;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace DonorTrack.Web.Pages;

/// <summary>Small things every page needs: field errors from a validation failure, and money and dates shown the same way everywhere.</summary>
public static class PageSupport
{
    private static readonly CultureInfo Display = CultureInfo.GetCultureInfo("en-US");

    /// <summary>Work lists (due soon, in grace…) show this many rows on the page; their CSV export has every row.</summary>
    public const int ListShownOnPage = 200;

    /// <summary>Copies validation failures next to their fields (<c>Input.Email</c>), or to the page summary when no field matches.</summary>
    public static void AddValidationErrors(this ModelStateDictionary modelState, ValidationException invalid, string prefix = "Input") =>
        modelState.AddValidationErrors(invalid, Prefixed(prefix));

    /// <summary>Copies validation failures to the form fields <paramref name="fieldOf"/> names for each input property.</summary>
    public static void AddValidationErrors(this ModelStateDictionary modelState, ValidationException invalid, Func<string, string> fieldOf)
    {
        foreach (var failure in invalid.Errors)
            modelState.AddModelError(fieldOf(failure.PropertyName), failure.ErrorMessage);
    }

    /// <summary>
    /// Runs a use case; when it refuses its input, the failures go next to their fields and the result is false, so the page
    /// shows itself again. Any other exception is not the user's to fix and propagates.
    /// </summary>
    public static bool TryRun(this ModelStateDictionary modelState, Action useCase, string prefix = "Input") =>
        modelState.TryRun(useCase, Prefixed(prefix));

    /// <summary>As <see cref="TryRun(ModelStateDictionary, Action, string)"/>, for forms whose fields are not named like the input's properties.</summary>
    public static bool TryRun(this ModelStateDictionary modelState, Action useCase, Func<string, string> fieldOf)
    {
        if (!modelState.IsValid)
            return false;
        try
        {
            useCase();
            return true;
        }
        catch (ValidationException invalid)
        {
            modelState.AddValidationErrors(invalid, fieldOf);
            return false;
        }
    }

    /// <summary>As <see cref="TryRun(ModelStateDictionary, Action, string)"/>, for a use case that awaits (a payment gateway).</summary>
    public static async Task<bool> TryRunAsync(this ModelStateDictionary modelState, Func<Task> useCase, string prefix = "Input")
    {
        if (!modelState.IsValid)
            return false;
        try
        {
            await useCase();
            return true;
        }
        catch (ValidationException invalid)
        {
            modelState.AddValidationErrors(invalid, prefix);
            return false;
        }
    }

    /// <summary>
    /// Runs a use case for a page that answers with a redirect: the notice says <paramref name="notice"/> when it ran, or why
    /// it was refused. Any other exception propagates.
    /// </summary>
    public static bool TryRun(this ITempDataDictionary tempData, Action useCase, string? notice = null)
    {
        try
        {
            useCase();
            if (notice is not null)
                tempData["Notice"] = notice;
            return true;
        }
        catch (ValidationException invalid)
        {
            tempData["Notice"] = invalid.Messages();
            return false;
        }
    }

    private static Func<string, string> Prefixed(string prefix) =>
        property => string.IsNullOrEmpty(prefix) ? property : $"{prefix}.{property}";

    /// <summary>The messages of a refused use case as one line, for pages that answer with a redirect and a notice.</summary>
    public static string Messages(this ValidationException invalid) => string.Join(" ", invalid.Errors.Select(e => e.ErrorMessage));

    public static string Money(long cents, string currency = "USD") => MoneyFormat.Format(cents, currency, Display);

    public static string Date(DateOnly date) => DisplayFormat.Date(date);

    public static string Date(DateOnly? date) => DisplayFormat.Date(date);

    public static string Month(DateOnly month) => DisplayFormat.Month(month);

    /// <summary>"1 donor", "3 donors": a count with its noun in the right number.</summary>
    public static string Count(long count, string singular, string? plural = null) => DisplayFormat.Count(count, singular, plural);

    public static string Label<TEnum>(TEnum value) where TEnum : struct, Enum => value.Label();

    public static string Label<TEnum>(TEnum? value) where TEnum : struct, Enum => value is { } known ? known.Label() : "—";

    /// <summary>A word posted by a form's select list; blank is null, a word the list does not offer is out of range for the validator to name.</summary>
    public static TEnum? Word<TEnum>(string? word) where TEnum : struct, Enum =>
        string.IsNullOrWhiteSpace(word) ? null : DomainWords.ParseInput<TEnum>(word);

    public static string Label(string? word) => string.IsNullOrEmpty(word) ? "—" : DomainWords.Label(word);
}
