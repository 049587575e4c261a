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

/// <summary>One donor's giving up to the end of a fiscal year: first and last gift, that year, the year before, lifetime, and in which of the last six years (bit k: k years before).</summary>
public sealed record DonorGiving(
    long DonorId, DateOnly FirstGiftOn, DateOnly LastGiftOn, long ThisYearCents, long LastYearCents, long LifetimeCents, int RecentYears)
{
    public bool GaveYearsBefore(int k) => (RecentYears & (1 << k)) != 0;
}

/// <summary>How this fiscal year's donors relate to last year's, counted in SQL: the numbers behind the retention summary.</summary>
public sealed record DonorFlowCounts(
    long Donors, long PriorDonors, long Retained, long PriorNew, long RetainedNew, long New, long NewCents, long Recaptured, long RecapturedCents,
    long Upgraded, long UpgradedCents, long Same, long Downgraded, long DowngradedCents, long Lapsed, long LapsedCents);

/// <summary>One whole fiscal year's donor facts counted in SQL, with the LYBUNT and SYBUNT lists as the calculator would sort them.</summary>
public sealed record FiscalYearDonors(DonorFlowCounts Flows, IReadOnlyList<LapsedDonor> Lybunt, IReadOnlyList<LapsedDonor> Sybunt);

/// <summary>Net revenue of one category during a period.</summary>
public sealed record CategoryCents(string Category, long Cents);

/// <summary>Net revenue of one category in one calendar month (<see cref="Month"/> is the month's first day).</summary>
public sealed record MonthCategoryCents(DateOnly Month, string Category, long Cents);

/// <summary>One month's net revenue by category (<see cref="Month"/> is the month's first day).</summary>
public sealed record MonthRevenue(DateOnly Month, IReadOnlyList<CategoryCents> Categories)
{
    public long TotalCents => Categories.Sum(c => c.Cents);
}

/// <summary>Net revenue one donor gave during a period, all categories together.</summary>
public sealed record DonorCents(long DonorId, long Cents);

/// <summary>How many donors gave in the fiscal year before <paramref name="YearStart"/>, and how many of them gave again in it.</summary>
public sealed record YearRetention(DateOnly YearStart, long PriorYearDonors, long Retained)
{
    /// <summary>Counts retention into each of <paramref name="years"/> from which donors gave in which fiscal year.</summary>
    public static IReadOnlyList<YearRetention> Count(IEnumerable<DonorYear> donorYears, IEnumerable<DateOnly> years)
    {
        var byYear = donorYears.GroupBy(d => d.YearStart).ToDictionary(g => g.Key, g => g.Select(d => d.DonorId).ToHashSet());
        return [.. years.Select(year =>
        {
            var before = byYear.GetValueOrDefault(year.AddYears(-1)) ?? [];
            var now = byYear.GetValueOrDefault(year) ?? [];
            return new YearRetention(year, before.Count, before.Count(now.Contains));
        })];
    }
}

/// <summary>The facts of one period: revenue per category, per donor, and the histogram of gift amounts.</summary>
public sealed record PeriodFacts(
    ReportPeriod Period, IReadOnlyList<CategoryCents> Categories, IReadOnlyList<DonorCents> Donors, IReadOnlyList<GiftAmountCount> Amounts)
{
    /// <summary>From per donor and category totals, summed both ways.</summary>
    public PeriodFacts(ReportPeriod period, IReadOnlyList<DonorCategoryCents> donations, IReadOnlyList<GiftAmountCount> amounts)
        : this(
            period,
            [.. donations.GroupBy(d => d.Category).Select(g => new CategoryCents(g.Key, g.Sum(d => d.Cents)))],
            [.. donations.GroupBy(d => d.DonorId).Select(g => new DonorCents(g.Key, g.Sum(d => d.Cents)))],
            amounts)
    {
    }

    public static PeriodFacts Empty(ReportPeriod period) => new(period, [], [], []);
}

/// <summary>Everything the diversification calculator needs, read from the database (or built by hand in tests).</summary>
public sealed record ReportFacts(
    PeriodFacts Current,
    PeriodFacts Prior,
    IReadOnlyCollection<long> DonorsBeforePrior,
    FiscalCalendar Calendar,
    IReadOnlyList<DonorHistory> History,
    IReadOnlyList<YearCategoryCents> Trend,
    IReadOnlyList<YearRetention> RetentionByYear)
{
    /// <summary>Donor counts and lapsed lists already counted in SQL (one whole fiscal year); when set, History, DonorsBeforePrior and the period donor lists (then only the ten largest) are not needed.</summary>
    public FiscalYearDonors? Counted { get; init; }

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
