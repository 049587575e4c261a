using System.Globalization;

namespace DonorTrack.Core.Money;

/// <summary>
/// The one style people see dates, months, instants and counts in, on every page and PDF: "Mar 4, 2026", "Mar 2026",
/// "Mar 4, 2026, 2:05 PM" (in the organization's time zone), "1 donor" / "3 donors".
/// </summary>
public static class DisplayFormat
{
    private static readonly CultureInfo Display = CultureInfo.GetCultureInfo("en-US");

    public static string Date(DateOnly date) => date.ToString("MMM d, yyyy", Display);

    public static string Date(DateOnly? date) => date is { } known ? Date(known) : "—";

    public static string Month(DateOnly month) => month.ToString("MMM yyyy", Display);

    /// <summary>An instant as the organization's wall-clock time; the zone is part of the organization's settings, so it is not repeated.</summary>
    public static string When(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("MMM d, yyyy, h:mm tt", Display);

    /// <summary>An instant with no organization to place it (a public page before one is known): shown in UTC and saying so.</summary>
    public static string WhenUtc(DateTimeOffset instant) => instant.ToUniversalTime().ToString("MMM d, yyyy, h:mm tt 'UTC'", Display);

    /// <summary>"1 donor", "0 donors", "1,204 donors"; <paramref name="plural"/> for words that do not just add an s ("1 pass", "2 passes").</summary>
    public static string Count(long count, string singular, string? plural = null) =>
        count.ToString("N0", Display) + " " + (count == 1 ? singular : plural ?? singular + "s");
}
