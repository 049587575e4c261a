using System.Globalization;

namespace DonorTrack.Core.Money;

/// <summary>Turns cents into display text and typed amounts ("1,234.56") back into cents, without floating point.</summary>
public static class MoneyFormat
{
    public static string Format(long cents, string currency, CultureInfo culture)
    {
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.CurrencySymbol = CurrencySymbol(currency, culture);
        // decimal is exact for cents; it is used only to print, never to store or add.
        return (cents / 100m).ToString("C2", format);
    }

    public static string Plain(long cents) =>
        (cents < 0 ? "-" : "") + (Math.Abs(cents) / 100).ToString(CultureInfo.InvariantCulture) + "." + (Math.Abs(cents) % 100).ToString("00", CultureInfo.InvariantCulture);

    /// <summary>Parses "1234", "1,234.5", "$1,234.56" into cents; null when the text is not an amount with at most two decimals.</summary>
    public static long? ParseCents(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var cleaned = text.Trim().TrimStart('$', '€', '£').Replace(",", "", StringComparison.Ordinal).Trim();
        var negative = cleaned.StartsWith('-');
        if (negative)
            cleaned = cleaned[1..];
        var parts = cleaned.Split('.');
        if (parts.Length > 2 || parts[0].Length == 0 && (parts.Length == 1 || parts[1].Length == 0))
            return null;
        if (!parts.All(p => p.All(char.IsAsciiDigit)))
            return null;
        var fraction = parts.Length == 2 ? parts[1] : "";
        if (fraction.Length > 2 || parts[0].Length > 15)
            return null;
        var whole = parts[0].Length == 0 ? 0 : long.Parse(parts[0], CultureInfo.InvariantCulture);
        var cents = whole * 100 + (fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(2, '0'), CultureInfo.InvariantCulture));
        return negative ? -cents : cents;
    }

    private static string CurrencySymbol(string currency, CultureInfo culture)
    {
        var region = culture.IsNeutralCulture ? null : new RegionInfo(culture.Name);
        if (region is not null && region.ISOCurrencySymbol == currency)
            return culture.NumberFormat.CurrencySymbol;
        return currency switch
        {
            "USD" => "$",
            "EUR" => "€",
            "GBP" => "£",
            "CAD" => "CA$",
            _ => currency + " ",
        };
    }
}
