using System.Globalization;

namespace DonorTrack.Core.Money;

/// <summary>An amount of money in integer minor units (cents) of one ISO 4217 currency.</summary>
public readonly record struct Money(long Cents, string Currency)
{
    public static Money Zero(string currency) => new(0, currency);

    public static Money operator +(Money left, Money right) => new(checked(left.Cents + right.Cents), SameCurrency(left, right));

    public static Money operator -(Money left, Money right) => new(checked(left.Cents - right.Cents), SameCurrency(left, right));

    public static bool operator <(Money left, Money right) => left.Cents < right.Cents && SameCurrency(left, right) is not null;

    public static bool operator >(Money left, Money right) => left.Cents > right.Cents && SameCurrency(left, right) is not null;

    public static bool operator <=(Money left, Money right) => left.Cents <= right.Cents && SameCurrency(left, right) is not null;

    public static bool operator >=(Money left, Money right) => left.Cents >= right.Cents && SameCurrency(left, right) is not null;

    /// <summary>Formats with the culture's currency pattern but this money's own currency symbol.</summary>
    public string Format(CultureInfo culture) => MoneyFormat.Format(Cents, Currency, culture);

    public override string ToString() => Format(CultureInfo.GetCultureInfo("en-US"));

    private static string SameCurrency(Money left, Money right) =>
        string.Equals(left.Currency, right.Currency, StringComparison.Ordinal)
            ? left.Currency
            : throw new InvalidOperationException($"Cannot combine {left.Currency} with {right.Currency}.");
}
