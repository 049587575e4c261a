using System.Globalization;

namespace DonorTrack.Core.Matching;

/// <summary>A match ratio "N:D": the funder gives N cents for every D eligible cents (2:1 doubles twice over, 1:2 gives half).</summary>
public readonly record struct MatchingRatio
{
    /// <summary>Largest term accepted; keeps "base × numerator" far from overflow and catches typos like "10000:1".</summary>
    public const int MaxTerm = 1000;

    public MatchingRatio(int numerator, int denominator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numerator, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numerator, MaxTerm);
        ArgumentOutOfRangeException.ThrowIfLessThan(denominator, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(denominator, MaxTerm);
        Numerator = numerator;
        Denominator = denominator;
    }

    public int Numerator { get; }

    public int Denominator { get; }

    public static MatchingRatio OneToOne { get; } = new(1, 1);

    /// <summary>Parses "2:1" or " 1 : 2 "; both terms whole numbers from 1 to <see cref="MaxTerm"/>, no signs or decimals.</summary>
    public static bool TryParse(string? text, out MatchingRatio ratio)
    {
        ratio = default;
        if (text is null)
            return false;
        var parts = text.Split(':');
        if (parts.Length != 2 || !TryParseTerm(parts[0], out var numerator) || !TryParseTerm(parts[1], out var denominator))
            return false;
        ratio = new MatchingRatio(numerator, denominator);
        return true;
    }

    public static MatchingRatio Parse(string text) =>
        TryParse(text, out var ratio) ? ratio : throw new FormatException($"'{text}' is not a ratio like 2:1.");

    /// <summary>The funder's match for <paramref name="baseCents"/>, rounded down to the cent; 0 for a non-positive base.</summary>
    public long Apply(long baseCents)
    {
        if (Denominator == 0)
            throw new InvalidOperationException("An uninitialized ratio cannot be applied.");
        if (baseCents <= 0)
            return 0;
        // Int128 so the product cannot overflow; the quotient is at most base × MaxTerm, clamped to long.
        var matched = (Int128)baseCents * Numerator / Denominator;
        return matched > long.MaxValue ? long.MaxValue : (long)matched;
    }

    public override string ToString() =>
        Numerator.ToString(CultureInfo.InvariantCulture) + ":" + Denominator.ToString(CultureInfo.InvariantCulture);

    private static bool TryParseTerm(string part, out int term)
    {
        term = 0;
        var trimmed = part.Trim();
        if (trimmed.Length is 0 or > 4 || !trimmed.All(char.IsAsciiDigit))
            return false;
        term = int.Parse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture);
        return term is >= 1 and <= MaxTerm;
    }
}
