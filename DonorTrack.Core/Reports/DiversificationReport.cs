using DonorTrack.Core.Grants;

namespace DonorTrack.Core.Reports;

/// <summary>A revenue category's net revenue and its share of the period's total (0–1).</summary>
public sealed record CategoryShare(string Category, long Cents, double Share);

/// <summary>Share of revenue that came from the largest 1, 5 and 10 donors.</summary>
public sealed record TopDonorShare(double Top1, double Top5, double Top10);

/// <summary>The headline figures of one period; every ratio is null when the period has no gifts, never NaN.</summary>
public sealed record PeriodMetrics(
    ReportPeriod Period,
    long TotalCents,
    IReadOnlyList<CategoryShare> Categories,
    double? Hhi,
    double? EffectiveSources,
    TopDonorShare? TopDonorShare,
    long DonorCount,
    long GiftCount,
    long? MedianGiftCents,
    long? MeanGiftCents,
    double? RetentionRate)
{
    public bool NoGifts => GiftCount == 0;

    public long CentsOf(string category) => Categories.FirstOrDefault(c => c.Category == category)?.Cents ?? 0;

    public double ShareOf(string category) => Categories.FirstOrDefault(c => c.Category == category)?.Share ?? 0;
}

/// <summary>One category this period against the prior period.</summary>
public sealed record CategoryChange(string Category, long Cents, long PriorCents, double Share, double PriorShare)
{
    public long ChangeCents => Cents - PriorCents;

    /// <summary>Change of share in percentage points.</summary>
    public double SharePoints => (Share - PriorShare) * 100;
}

/// <summary>This period minus the prior period; ratios null when either side has nothing to compare.</summary>
public sealed record PeriodChange(
    long TotalCents, double? TotalRatio, long DonorCount, long? MedianGiftCents, double? Hhi, double? RetentionPoints, IReadOnlyList<CategoryChange> Categories);

/// <summary>One group of the Fundraising Effectiveness Project's gains and losses: donors and the revenue change they bring.</summary>
public sealed record DonorFlow(string Kind, long Donors, long ChangeCents)
{
    public static readonly IReadOnlyList<string> Kinds = ["new", "recaptured", "upgraded", "same", "downgraded", "lapsed"];
}

/// <summary>FEP-style retention: donors who gave in both periods ÷ donors of the prior period, and the same for first-time donors.</summary>
public sealed record RetentionSummary(
    double? RetentionRate, long PriorDonors, long RetainedDonors,
    double? NewDonorRetentionRate, long PriorNewDonors, long RetainedNewDonors,
    IReadOnlyList<DonorFlow> Flows);

/// <summary>Category shares of one fiscal year of the trend.</summary>
public sealed record YearMix(DateOnly YearStart, string Label, long TotalCents, IReadOnlyList<CategoryShare> Categories);

/// <summary>Retention into one fiscal year from the year before; null when nobody gave the year before.</summary>
public sealed record RetentionPoint(DateOnly YearStart, string Label, double? Rate);

/// <summary>A donor to thank and win back: gave before but not in this fiscal year.</summary>
public sealed record LapsedDonor(long DonorId, DateOnly LastGiftOn, long LastFiscalYearCents, long LifetimeCents)
{
    public string Name { get; init; } = "";
}

/// <summary>LYBUNT (gave last fiscal year, not this) and SYBUNT (gave some earlier year, not last year nor this).</summary>
public sealed record DonorFollowUp(ReportPeriod ThisFiscalYear, string ThisYearLabel, ReportPeriod LastFiscalYear, string LastYearLabel,
    IReadOnlyList<LapsedDonor> Lybunt, IReadOnlyList<LapsedDonor> Sybunt)
{
    /// <summary>LYBUNT donors left off the list because they are deceased or asked not to be contacted.</summary>
    public int LybuntLeftOut { get; init; }

    /// <summary>SYBUNT donors left off the list because they are deceased or asked not to be contacted.</summary>
    public int SybuntLeftOut { get; init; }

    public const string LeftOutNote = "deceased or do-not-contact donors are left off this list";
}

/// <summary>A lapsed donor's name, and whether they must be left off a list of people to ask (deceased or do not contact).</summary>
public sealed record FollowUpContact(string Name, bool LeaveOut);

/// <summary>The funding-diversification and retention report of one organization (or one alliance as a whole).</summary>
public sealed record DiversificationReport(
    PeriodMetrics Current,
    PeriodMetrics Prior,
    PeriodChange Change,
    RetentionSummary Retention,
    IReadOnlyList<YearMix> Trend,
    IReadOnlyList<RetentionPoint> RetentionTrend,
    IReadOnlyList<string> Warnings,
    DonorFollowUp FollowUp)
{
    public const string NoGiftsMessage = "No gifts in this period.";

    /// <summary>What the funding cliff measures; it is always as of today, whatever period the rest of the report covers.</summary>
    public const string FundingCliffNote = "Funding cliff: the share of the last 12 months' revenue that came from grants whose term ends within the next 12 months, as of today.";

    /// <summary>The funding cliff as of today (null only where the report is built without it).</summary>
    public FundingCliff? FundingCliff { get; init; }

    /// <summary>Dues collection for the fiscal year, campaigns against goals and matching campaigns against pools.</summary>
    public DuesAndCampaigns DuesAndCampaigns { get; init; } = DuesAndCampaigns.None;

    /// <summary>How quickly the period's gifts were thanked: median days, and the share thanked within 48 hours.</summary>
    public Email.ThankTimes ThankTimes { get; init; } = new(0, null, null);

    /// <summary>The same figures without any donor's identity: what an alliance may see of a member.</summary>
    public OrganizationSummary Summary(long organizationId, string name) =>
        new(organizationId, name, Current, Prior, Change, Retention, Trend, RetentionTrend, Warnings)
        {
            DuesAndCampaigns = DuesAndCampaigns, FundingCliff = FundingCliff?.WithoutNames(),
        };
}

/// <summary>Aggregates only (no donor names or ids): one member organization's or a whole alliance's figures.</summary>
public sealed record OrganizationSummary(
    long OrganizationId, string Name, PeriodMetrics Current, PeriodMetrics Prior, PeriodChange Change, RetentionSummary Retention,
    IReadOnlyList<YearMix> Trend, IReadOnlyList<RetentionPoint> RetentionTrend, IReadOnlyList<string> Warnings)
{
    /// <summary>Dues, campaign and matching totals (no donor identities).</summary>
    public DuesAndCampaigns DuesAndCampaigns { get; init; } = DuesAndCampaigns.None;

    /// <summary>The funding cliff without funder or grant names.</summary>
    public CliffSummary? FundingCliff { get; init; }
}

/// <summary>An alliance's movement-wide view: each current member's aggregates and the alliance as a whole.</summary>
public sealed record AllianceReport(ReportPeriod Period, OrganizationSummary Whole, IReadOnlyList<OrganizationSummary> Members);
