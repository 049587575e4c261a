namespace DonorTrack.Core.Reports;

/// <summary>Net revenue (refunds out, voided and pending excluded) one donor gave in one category during a period.</summary>
public sealed record DonorCategoryCents(long DonorId, string Category, long Cents, long Gifts);

/// <summary>How many counted gifts had exactly this net amount: enough for an exact median without reading every gift.</summary>
public sealed record GiftAmountCount(long Cents, long Count);

/// <summary>One donor's counted giving up to the end of the report's fiscal year.</summary>
public sealed record DonorHistory(long DonorId, DateOnly FirstGiftOn, DateOnly LastGiftOn, long LastFiscalYearCents, long LifetimeCents);

/// <summary>Net revenue of one category in one fiscal year.</summary>
public sealed record YearCategoryCents(DateOnly YearStart, string Category, long Cents);

/// <summary>A donor gave at least one counted gift in the fiscal year starting on <paramref name="YearStart"/>.</summary>
public sealed record DonorYear(long DonorId, DateOnly YearStart);

/// <summary>The facts of one period.</summary>
public sealed record PeriodFacts(ReportPeriod Period, IReadOnlyList<DonorCategoryCents> Donations, IReadOnlyList<GiftAmountCount> Amounts)
{
    public static PeriodFacts Empty(ReportPeriod period) => new(period, [], []);
}

/// <summary>Everything the diversification calculator needs, read from the database (or built by hand in tests).</summary>
public sealed record ReportFacts(
    PeriodFacts Current,
    PeriodFacts Prior,
    IReadOnlyCollection<long> DonorsBeforePrior,
    FiscalCalendar Calendar,
    IReadOnlyList<DonorHistory> History,
    IReadOnlyList<YearCategoryCents> Trend,
    IReadOnlyList<DonorYear> DonorYears)
{
    /// <summary>The fiscal year that contains the end of the report period: the "this year" of LYBUNT and SYBUNT.</summary>
    public ReportPeriod ThisFiscalYear => Calendar.YearOf(Current.Period.To);

    public ReportPeriod LastFiscalYear => Calendar.YearOf(ThisFiscalYear.From.AddDays(-1));

    /// <summary>The five fiscal years of the trend, oldest first, ending with <see cref="ThisFiscalYear"/>.</summary>
    public IReadOnlyList<DateOnly> TrendYears => [.. Enumerable.Range(0, 5).Select(i => ThisFiscalYear.From.AddYears(i - 4))];
}

/// <summary>Report thresholds an organization may tune.</summary>
public sealed record ReportSettings
{
    /// <summary>Warn when one category or one donor brings more than this share of revenue.</summary>
    public double ConcentrationWarningShare { get; init; } = 0.5;

    /// <summary>Warn when the Herfindahl-Hirschman index of category shares exceeds this.</summary>
    public double HhiWarning { get; init; } = 0.5;
}
