namespace DonorTrack.Core.Dues;

/// <summary>A per-period dues price that applies from a date on (a plan's price change, or a member's new pay-what-you-can amount).</summary>
public readonly record struct DuesRate(DateOnly EffectiveFrom, long PeriodCents);

/// <summary>The terms one membership term is billed on: its anchor (start) date, interval and per-period price over time.</summary>
public sealed record DuesSchedule
{
    public DuesSchedule(DateOnly startsOn, DuesInterval interval, IReadOnlyList<DuesRate> rates)
    {
        _ = interval.Months();
        if (rates.Count == 0)
            throw new ArgumentException("A dues schedule needs at least one rate.", nameof(rates));
        if (rates.Any(r => r.PeriodCents <= 0))
            throw new ArgumentException("Every dues rate must be more than zero cents.", nameof(rates));
        StartsOn = startsOn;
        Interval = interval;
        Rates = [.. rates.OrderBy(r => r.EffectiveFrom)];
    }

    public DuesSchedule(DateOnly startsOn, DuesInterval interval, long periodCents)
        : this(startsOn, interval, [new DuesRate(startsOn, periodCents)])
    {
    }

    public DateOnly StartsOn { get; }

    public DuesInterval Interval { get; }

    /// <summary>Rates ordered by effective date.</summary>
    public IReadOnlyList<DuesRate> Rates { get; }

    public bool HasSingleRate => Rates.Count == 1;

    public DateOnly DueDate(int periodIndex) => DuesCalendar.DueDate(StartsOn, Interval, periodIndex);

    /// <summary>The per-period price in effect on a date; before the first rate's date, the first rate.</summary>
    public long PeriodCentsOn(DateOnly date)
    {
        for (var i = Rates.Count - 1; i > 0; i--)
        {
            if (Rates[i].EffectiveFrom <= date)
                return Rates[i].PeriodCents;
        }
        return Rates[0].PeriodCents;
    }
}
