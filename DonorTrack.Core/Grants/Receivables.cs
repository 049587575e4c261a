namespace DonorTrack.Core.Grants;

/// <summary>An installment of a grant or pledge with money still to come.</summary>
public sealed record ReceivableInstallment(string Source, long SourceId, string Name, string PayerName, DateOnly DueOn, long OpenCents, bool Overdue);

/// <summary>Revenue expected in one calendar month, by where it comes from.</summary>
public sealed record ExpectedMonth(DateOnly Month, long GrantCents, long PledgeCents, long RecurringCents, long DuesCents)
{
    public long TotalCents => GrantCents + PledgeCents + RecurringCents + DuesCents;
}

/// <summary>Overdue installments, those due within <see cref="DueSoonDays"/> days, and expected revenue by month.</summary>
public sealed record Receivables(
    DateOnly Today, int DueSoonDays, IReadOnlyList<ReceivableInstallment> Overdue, IReadOnlyList<ReceivableInstallment> DueSoon, IReadOnlyList<ExpectedMonth> Months)
{
    public long OverdueCents => Overdue.Sum(i => i.OpenCents);

    public long DueSoonCents => DueSoon.Sum(i => i.OpenCents);

    public long ExpectedCents => Months.Sum(m => m.TotalCents);
}

/// <summary>A grant whose term ends within the next 12 months, with what it brought in over the last 12.</summary>
public sealed record CliffGrant(long Id, string FunderName, string Name, DateOnly EndsOn, long Last12MonthsCents)
{
    /// <summary>
    /// The monthly revenue that disappears: the last 12 months' receipts ÷ 12. It is money that actually arrived, so it
    /// agrees with the share (which is computed from the same receipts), unlike award ÷ term months, which ignores
    /// front- or back-loaded installments.
    /// </summary>
    public long MonthlyCents => Last12MonthsCents / 12;
}

/// <summary>A reporting deadline not yet done, due within 30 days or already late.</summary>
public sealed record ReportDue(long GrantId, string GrantName, DateOnly DueOn, string Description, bool Overdue);

/// <summary>The funding cliff: the share of the last 12 months' revenue from grants ending within the next 12 months.</summary>
public sealed record FundingCliff(
    DateOnly Today, long Last12MonthsCents, long AtRiskCents, double ThresholdShare, IReadOnlyList<CliffGrant> Grants, IReadOnlyList<ReportDue> ReportsDue)
{
    public const int DefaultThresholdPercent = 25;

    public double ShareAtRisk => Last12MonthsCents <= 0 ? 0 : (double)AtRiskCents / Last12MonthsCents;

    public bool ExceedsThreshold => ShareAtRisk > ThresholdShare;

    /// <summary>The same figures without funder, grant or report names: what an alliance may see of a member.</summary>
    public CliffSummary WithoutNames() => new(
        Last12MonthsCents, AtRiskCents, ThresholdShare, [.. Grants.Select(g => new CliffEnding(g.EndsOn, g.Last12MonthsCents, g.MonthlyCents))], ReportsDue.Count(r => !r.Overdue),
        ReportsDue.Count(r => r.Overdue));
}

/// <summary>A grant ending within the next 12 months, without its name or funder.</summary>
public sealed record CliffEnding(DateOnly EndsOn, long Last12MonthsCents, long MonthlyCents);

/// <summary>A funding cliff as aggregates only (no donor, funder or grant names), for an alliance's view of its members.</summary>
public sealed record CliffSummary(
    long Last12MonthsCents, long AtRiskCents, double ThresholdShare, IReadOnlyList<CliffEnding> Endings, int ReportsDueSoon, int ReportsOverdue)
{
    public double ShareAtRisk => Last12MonthsCents <= 0 ? 0 : (double)AtRiskCents / Last12MonthsCents;

    public bool ExceedsThreshold => ShareAtRisk > ThresholdShare;

    public long MonthlyCents => Endings.Sum(e => e.MonthlyCents);

    /// <summary>Members' cliffs taken together, judged against the alliance's own threshold.</summary>
    public static CliffSummary Combined(IEnumerable<CliffSummary> members, double thresholdShare)
    {
        var list = members.ToList();
        return new CliffSummary(list.Sum(m => m.Last12MonthsCents), list.Sum(m => m.AtRiskCents), thresholdShare,
            [.. list.SelectMany(m => m.Endings).OrderBy(e => e.EndsOn)], list.Sum(m => m.ReportsDueSoon), list.Sum(m => m.ReportsOverdue));
    }
}
