using System.Globalization;
using DonorTrack.Core.Data;
using DonorTrack.Core.Money;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace DonorTrack.Web.Pages;

/// <summary>Small things every page needs: field errors from a validation failure, and money and dates shown the same way everywhere.</summary>
public static class PageSupport
{
    private static readonly CultureInfo Display = CultureInfo.GetCultureInfo("en-US");

    /// <summary>Work lists (due soon, in grace…) show this many rows on the page; their CSV export has every row.</summary>
    public const int ListShownOnPage = 200;

    /// <summary>Copies validation failures next to their fields (<c>Input.Email</c>), or to the page summary when no field matches.</summary>
    public static void AddValidationErrors(this ModelStateDictionary modelState, ValidationException invalid, string prefix = "Input")
    {
        foreach (var failure in invalid.Errors)
            modelState.AddModelError(string.IsNullOrEmpty(prefix) ? failure.PropertyName : $"{prefix}.{failure.PropertyName}", failure.ErrorMessage);
    }

    /// <summary>
    /// Runs a use case; when it refuses its input, the failures go next to their fields and the result is false, so the page
    /// shows itself again. Any other exception is not the user's to fix and propagates.
    /// </summary>
    public static bool TryRun(this ModelStateDictionary modelState, Action useCase, string prefix = "Input")
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
            modelState.AddValidationErrors(invalid, prefix);
            return false;
        }
    }

    /// <summary>The messages of a refused use case as one line, for pages that answer with a redirect and a notice.</summary>
    public static string Messages(this ValidationException invalid) => string.Join(" ", invalid.Errors.Select(e => e.ErrorMessage));

    public static string Money(long cents, string currency = "USD") => MoneyFormat.Format(cents, currency, Display);

    public static string Date(DateOnly date) => date.ToString("MMM d, yyyy", Display);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "—";

    public static string When(DateTimeOffset instant) => instant.ToString("MMM d, yyyy HH:mm 'UTC'", Display);

    public static string Label<TEnum>(TEnum value) where TEnum : struct, Enum => value.Label();

    public static string Label<TEnum>(TEnum? value) where TEnum : struct, Enum => value is { } known ? known.Label() : "—";

    /// <summary>A word posted by a form's select list; blank is null, a word the list does not offer is out of range for the validator to name.</summary>
    public static TEnum? Word<TEnum>(string? word) where TEnum : struct, Enum =>
        string.IsNullOrWhiteSpace(word) ? null : DomainWords.ParseInput<TEnum>(word);

    public static string Label(string? word) => string.IsNullOrEmpty(word) ? "—" : DomainWords.Label(word);
}
