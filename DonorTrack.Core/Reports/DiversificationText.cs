using System.Globalization;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Money;

using DonorTrack.Core.Data;

namespace DonorTrack.Core.Reports;

/// <summary>The report's figures as words, shared by the page, the CSV and the PDF so they never disagree.</summary>
public static class DiversificationText
{
    public static string Percent(double? share) => share is { } s ? DiversificationCalculator.Percent(s) : "—";

    public static string Hhi(double? hhi) => hhi is { } h ? h.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    public static string Ratio(double? value) => value is { } v ? v.ToString("0.0###", CultureInfo.InvariantCulture) : "";

    /// <summary>"As concentrated as 2.4 equal sources."</summary>
    public static string Meaning(PeriodMetrics metrics) =>
        metrics.EffectiveSources is { } n
            ? $"As concentrated as {n.ToString("0.#", CultureInfo.InvariantCulture)} equal {(Math.Round(n, 1) == 1 ? "source" : "sources")}."
            : DiversificationReport.NoGiftsMessage;

    public static string Points(double? points) =>
        points is { } p ? (p >= 0 ? "+" : "−") + Math.Abs(p).ToString("0.0", CultureInfo.InvariantCulture) + " pts" : "—";

    public static string Change(long cents, Func<long, string> money) => (cents >= 0 ? "+" : "−") + money(Math.Abs(cents));

    public static string FlowLabel(string kind) => kind switch
    {
        "new" => "New donors",
        "recaptured" => "Recaptured (came back after a gap)",
        "upgraded" => "Retained, gave more",
        "same" => "Retained, gave the same",
        "downgraded" => "Retained, gave less",
        "lapsed" => "Lapsed (gave in the prior period, not this one)",
        _ => DomainWords.Label(kind),
    };

    public static Func<long, string> MoneyIn(string currency, string culture) =>
        cents => MoneyFormat.Format(cents, currency, CultureInfo.GetCultureInfo(culture));
}
