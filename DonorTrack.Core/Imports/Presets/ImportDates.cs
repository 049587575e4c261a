using System.Globalization;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Imports.Presets;

/// <summary>How a file writes dates like 03/04/2025, which cannot be told apart by reading them: chosen by the person importing.</summary>
[DomainWords]
public enum DateOrder
{
    MonthFirst,
    DayFirst,
}

/// <summary>
/// Reads the dates real exports write, in any mix within one file: ISO (2025-03-04, with or without a time, as Stripe writes
/// it), numeric dates with / . or - in the chosen <see cref="DateOrder"/>, and dates with the month's name (4 Mar 2025, March 4, 2025).
/// </summary>
public static class ImportDates
{
    private static readonly string[] Iso = ["yyyy-MM-dd", "yyyy-M-d"];
    private static readonly string[] MonthFirst = ["M/d/yyyy", "M-d-yyyy", "M.d.yyyy"];
    private static readonly string[] DayFirst = ["d/M/yyyy", "d-M-yyyy", "d.M.yyyy"];
    private static readonly string[] Named = ["d MMM yyyy", "d MMMM yyyy", "MMM d, yyyy", "MMMM d, yyyy", "MMM d yyyy", "MMMM d yyyy", "d-MMM-yyyy"];

    public static bool TryParse(string text, DateOrder order, out DateOnly date)
    {
        var trimmed = text.Trim();
        if (TryParseDateOnly(trimmed, order, out date))
            return true;
        // A date followed by a time ("2025-03-04 15:22:10", "3/4/2025 3:22 PM", "2025-03-04T15:22:10Z"): the day is the date part.
        var split = trimmed.IndexOfAny([' ', 'T']);
        return split > 0 && TryParseDateOnly(trimmed[..split], order, out date) && LooksLikeTime(trimmed[(split + 1)..]);
    }

    /// <summary>How the field-level message describes the accepted forms for the chosen order.</summary>
    public static string Expected(DateOrder order) => order == DateOrder.DayFirst
        ? "use 2025-03-14, 14/3/2025 (day/month/year, as chosen for this import) or 14 Mar 2025"
        : "use 2025-03-14, 3/14/2025 (month/day/year, as chosen for this import) or Mar 14, 2025";

    private static bool TryParseDateOnly(string text, DateOrder order, out DateOnly date) =>
        DateOnly.TryParseExact(text, Iso, CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
        || DateOnly.TryParseExact(text, order == DateOrder.DayFirst ? DayFirst : MonthFirst, CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
        || DateOnly.TryParseExact(text, Named, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out date);

    private static bool LooksLikeTime(string text) =>
        text.Length > 0 && char.IsDigit(text[0]) && text.All(c => char.IsDigit(c) || c is ':' or '.' or ' ' or 'Z' or '+' or '-' or 'A' or 'P' or 'M' or 'a' or 'p' or 'm');
}
