using DonorTrack.Core.Data;
using DonorTrack.Core.Dues;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Matching;

namespace DonorTrack.Core.Reports;

/// <summary>Dues of one fiscal year over every membership term: what fell due in it and what was paid in it.</summary>
public sealed record DuesCollection(DateOnly FiscalYearStart, DateOnly FiscalYearEnd, int Memberships, long DueCents, long PaidCents)
{
    /// <summary>Paid ÷ due; null when nothing fell due.</summary>
    public double? Rate => DueCents > 0 ? (double)PaidCents / DueCents : null;
}

/// <summary>A fundraising campaign's net revenue to date against its goal.</summary>
public sealed record CampaignProgress(long CampaignId, string Name, long? GoalCents, long RaisedCents)
{
    /// <summary>Raised ÷ goal; null when the campaign has no goal.</summary>
    public double? Share => GoalCents > 0 ? (double)RaisedCents / GoalCents.Value : null;
}

/// <summary>A matching campaign's matched total against its pool, and the part matched for this organization's gifts.</summary>
public sealed record MatchingPoolProgress(long CampaignId, string Name, DateOnly StartsOn, DateOnly EndsOn, long PoolCents, long MatchedCents, long OrganizationMatchedCents)
{
    /// <summary>Matched ÷ pool; null for an empty pool.</summary>
    public double? Share => PoolCents > 0 ? (double)MatchedCents / PoolCents : null;
}

/// <summary>Item 3 of the report: dues collection for the fiscal year, campaigns against goals, matching campaigns against pools.</summary>
public sealed record DuesAndCampaigns(DuesCollection? Dues, IReadOnlyList<CampaignProgress> Campaigns, IReadOnlyList<MatchingPoolProgress> Matching)
{
    public const string NoDuesPlansMessage = "No dues plans.";

    public const string NoCampaignsMessage = "No campaigns in this period.";

    public const string NoMatchingMessage = "No matching campaigns in this period.";

    public static readonly DuesAndCampaigns None = new(null, [], []);

    /// <summary>Several organizations' dues as one; null when none of them has dues plans.</summary>
    public static DuesCollection? SumDues(IEnumerable<DuesCollection?> dues)
    {
        var list = dues.OfType<DuesCollection>().ToList();
        return list.Count == 0
            ? null
            : list[0] with { Memberships = list.Sum(d => d.Memberships), DueCents = list.Sum(d => d.DueCents), PaidCents = list.Sum(d => d.PaidCents) };
    }
}

/// <summary>Reads item 3 through the dues, designations and matching repositories' public read methods.</summary>
public sealed class DuesAndCampaignsReader(
    ReportRepository reports, MembershipPlanRepository plans, MembershipRepository memberships, MatchingRepository matching)
{
    /// <summary>Dues for the fiscal year <paramref name="fiscalYear"/>, campaigns and matching campaigns whose dates touch <paramref name="period"/>.</summary>
    public DuesAndCampaigns Read(DbSession db, long organizationId, ReportPeriod period, ReportPeriod fiscalYear)
    {
        var campaigns = DesignationService.Campaigns(db, organizationId, activeOnly: false)
            .Where(c => (c.StartsOn is null || c.StartsOn <= period.To) && (c.EndsOn is null || c.EndsOn >= period.From) && (c.Active || c.StartsOn is not null || c.EndsOn is not null))
            .ToList();
        var raised = reports.CampaignRaised(db, organizationId);
        var matchingCampaigns = matching.ListVisible(db, organizationId)
            .Where(m => m.StartsOn <= period.To && m.EndsOn >= period.From)
            .Select(m =>
            {
                var participants = matching.Participants(db, m.Id);
                return new MatchingPoolProgress(m.Id, m.Name, m.StartsOn, m.EndsOn, m.PoolCents, participants.Sum(p => p.MatchedCents),
                    participants.Where(p => p.OrganizationId == organizationId).Sum(p => p.MatchedCents));
            })
            .OrderBy(m => m.StartsOn).ThenBy(m => m.CampaignId).ToList();
        return new DuesAndCampaigns(
            Dues(db, organizationId, fiscalYear),
            [.. campaigns.Select(c => new CampaignProgress(c.Id, c.Name, c.GoalCents, raised.GetValueOrDefault(c.Id)))],
            matchingCampaigns);
    }

    private DuesCollection? Dues(DbSession db, long organizationId, ReportPeriod fiscalYear)
    {
        if (plans.List(db, organizationId, includeRetired: true).Count == 0)
            return null;
        var startMonth = fiscalYear.From.Month;
        long due = 0, paid = 0;
        var counted = 0;
        // Three statements whatever the number of terms; the arithmetic is the dues feature's own.
        var rows = reports.MembershipTerms(db, organizationId);
        var gifts = reports.DuesPayments(db, organizationId);
        foreach (var term in memberships.ListRows(db, organizationId))
        {
            var row = rows[term.Id];
            var schedule = DuesLedgerUpdater.ScheduleOf(row, term.Interval);
            var payments = DuesLedgerUpdater.PaymentsFor(row, gifts[row.Id]);
            var year = FiscalYearDues.Summarize(schedule, [.. payments], startMonth, fiscalYear.To, row.CancelledOn);
            if (year.DueCents == 0 && year.PaidCents == 0)
                continue;
            counted++;
            due += year.DueCents;
            paid += year.PaidCents;
        }
        return new DuesCollection(fiscalYear.From, fiscalYear.To, counted, due, paid);
    }
}
