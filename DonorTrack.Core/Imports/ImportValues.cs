using System.Globalization;
using System.Text.RegularExpressions;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Money;

using DonorTrack.Core.Data;

namespace DonorTrack.Core.Imports;

/// <summary>Reads the cells of an import file: dollar amounts into exact cents, dates, and the method and category words.</summary>
public static partial class ImportValues
{
    /// <summary>
    /// "1,234.50", "$25", "25.5" → cents, through the same parser as the gift form; commas must group thousands and a
    /// sign or more than two decimals is refused, so "12.345" or "-5" never becomes a rounded or negative gift.
    /// </summary>
    public static bool TryParseCents(string text, out long cents, out string? error)
    {
        cents = 0;
        var trimmed = text.Trim();
        if (trimmed.StartsWith('-') || trimmed.StartsWith('(') || trimmed.Contains("$-", StringComparison.Ordinal))
        {
            error = "Negative amounts cannot be imported; record refunds on the gift after importing it.";
            return false;
        }
        if (!AmountShape().IsMatch(trimmed))
        {
            error = $"“{text}” is not an amount in dollars and cents, like 1,234.50 (at most two decimals).";
            return false;
        }
        if (MoneyFormat.ParseCents(trimmed) is not { } parsed)
        {
            error = $"“{text}” is not an amount in dollars and cents, like 1,234.50 (at most two decimals).";
            return false;
        }
        cents = parsed;
        error = null;
        return true;
    }

    /// <summary>ISO 2026-03-14, or US month/day/year 3/14/2026; never day/month, which a US file cannot be told apart from.</summary>
    public static bool TryParseDate(string text, out DateOnly date)
    {
        var trimmed = text.Trim();
        return DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            || DateOnly.TryParseExact(trimmed, ["M/d/yyyy", "MM/dd/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    /// <summary>A gift method word or label ("Check", "credit card", "In-kind") as the stored word; null when unknown.</summary>
    public static GiftMethod? Method(string text) => Word(text) switch
    {
        "credit_card" or "debit_card" => GiftMethod.Card,
        "cheque" => GiftMethod.Check,
        "bank_transfer" or "eft" => GiftMethod.Ach,
        "inkind" => GiftMethod.InKind,
        "securities" => GiftMethod.Stock,
        var word when DomainWords.TryParse<GiftMethod>(word, out var method) => method,
        _ => null,
    };

    /// <summary>A revenue category word or label ("Membership dues", "dues") as the stored word; null when unknown.</summary>
    public static GiftCategory? Category(string text) => Word(text) switch
    {
        "dues" or "membership" => GiftCategory.MembershipDues,
        "event" => GiftCategory.Events,
        "grant" => GiftCategory.Foundation,
        var word when DomainWords.TryParse<GiftCategory>(word, out var category) => category,
        _ => null,
    };

    /// <summary>"Individual"/"person" or "Organization"/"company"/"business"/"foundation"; null when unknown.</summary>
    public static DonorKind? Kind(string text) => Word(text) switch
    {
        "individual" or "person" or "household" => DonorKind.Individual,
        "organization" or "organisation" or "company" or "business" or "foundation" or "corporation" => DonorKind.Organization,
        _ => null,
    };

    /// <summary>yes/no, true/false, 1/0, y/n, x; null when none of those.</summary>
    public static bool? Flag(string text) => text.Trim().ToLowerInvariant() switch
    {
        "yes" or "y" or "true" or "1" or "x" => true,
        "no" or "n" or "false" or "0" => false,
        _ => null,
    };

    /// <summary>Tags separated by semicolons (commas are the CSV's own separator and never allowed in a tag).</summary>
    public static IReadOnlyList<string> Tags(string text) =>
        text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string Word(string text) => text.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');

    // Optional $, digits with commas only between groups of three (or no commas), optional one or two decimals.
    [GeneratedRegex(@"^\$?\s*(\d{1,3}(,\d{3})+|\d+)?(\.\d{1,2})?$")]
    private static partial Regex AmountShape();
}
