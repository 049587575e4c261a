using System.Globalization;
using DonorTrack.Core.Money;

namespace DonorTrack.Core.Csv;

/// <summary>
/// One cell of a CSV row. Text is anything that came from a person and is neutralised against spreadsheet formulas when written;
/// numbers, amounts and dates are formatted here and written as they are, so a negative amount still reads as a number.
/// </summary>
public readonly record struct CsvCell
{
    private CsvCell(string value, bool isText)
    {
        Value = value;
        IsText = isText;
    }

    /// <summary>The cell's content before formula neutralisation and quoting.</summary>
    public string Value { get; }

    /// <summary>True for text cells, which <see cref="CsvWriter"/> neutralises; false for numbers and dates formatted here.</summary>
    public bool IsText { get; }

    public static readonly CsvCell Empty = new("", isText: false);

    public static CsvCell Text(string? value) => new(value ?? "", isText: true);

    public static CsvCell Number(long? value) => new(value?.ToString(CultureInfo.InvariantCulture) ?? "", isText: false);

    /// <summary>A ratio or share with up to six decimals, e.g. 0.123457; empty when null.</summary>
    public static CsvCell Decimal(double? value) =>
        new(value is { } v && double.IsFinite(v) ? v.ToString("0.######", CultureInfo.InvariantCulture) : "", isText: false);

    /// <summary>An amount in cents written as plain units with two decimals, e.g. -12.50.</summary>
    public static CsvCell Amount(long cents) => new(MoneyFormat.Plain(cents), isText: false);

    public static CsvCell Date(DateOnly? date) => new(date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", isText: false);

    /// <summary>Text by default: a string can only become a number cell by saying so.</summary>
    public static implicit operator CsvCell(string? text) => Text(text);
}
