using DonorTrack.Core.Data;
using DonorTrack.Core.Dues;
using DonorTrack.Core.Grants;
using DonorTrack.Core.Matching;
using DonorTrack.Core.Money;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Payments;
using DonorTrack.Core.Receipts;
using DonorTrack.Core.Reports;
using DonorTrack.Core.Security;

namespace DonorTrack.Core.Dashboard;

/// <summary>The start of the day: the last twelve months' revenue by category, and what needs someone, each with where to act on it.</summary>
public sealed class DashboardService(
    IDbConnectionFactory connections, OrganizationRepository organizations, ReportRepository reports, MembershipService memberships,
    CardReconciliation cards, MatchingRepository matching, ReceiptRepository receipts, ReceivablesService receivables, TimeProvider clock)
{
    /// <summary>How many months the revenue trend shows, the current one last.</summary>
    public const int TrendMonths = 12;

    /// <summary>Memberships whose grace ends within this many days are "lapsing".</summary>
    public const int LapsingWithinDays = 30;

    /// <summary>How far back a large gift still waiting for its receipt is flagged.</summary>
    public const int ReceiptLookBackMonths = 12;

    /// <summary>How many of the gifts waiting for a receipt the alert names.</summary>
    public const int ReceiptsShown = 5;

    public Dashboard Read(Actor actor)
    {
        actor.Require(Role.Viewer);
        using var db = connections.Read();
        var organization = organizations.Find(db, actor.OrganizationId)!;
        var today = organization.LocalDate(clock.GetUtcNow());
        var money = (long cents) => MoneyFormat.Format(cents, organization.Currency, organization.CultureInfo);
        var alerts = new List<DashboardAlert>();
        if (actor.Can(Role.Treasurer))
        {
            alerts.AddRange(DuesAlerts(actor, today));
            alerts.AddRange(CardAlerts(actor));
        }
        alerts.AddRange(LybuntAlerts(db, organization, today));
        alerts.AddRange(MatchingAlerts(db, organization.Id, today, money));
        alerts.AddRange(ReceiptAlerts(db, organization.Id, today, money));
        alerts.AddRange(CliffAlerts(db, organization.Id));
        return new Dashboard(today, Trend(db, organization.Id, today), alerts);
    }

    private IReadOnlyList<MonthRevenue> Trend(DbSession db, long organizationId, DateOnly today)
    {
        var last = new DateOnly(today.Year, today.Month, 1);
        var first = last.AddMonths(1 - TrendMonths);
        var rows = reports.MonthCategoryTotals(db, organizationId, first, last).ToLookup(r => r.Month);
        return [.. Enumerable.Range(0, TrendMonths).Select(i => first.AddMonths(i)).Select(month => new MonthRevenue(
            month, [.. rows[month].Where(r => r.Cents != 0).Select(r => new CategoryCents(r.Category, r.Cents))]))];
    }

    private IEnumerable<DashboardAlert> DuesAlerts(Actor actor, DateOnly today)
    {
        var all = memberships.All(actor);
        var lapsing = all.Count(m => m.Status is MembershipStatus.Active or MembershipStatus.Grace && m.LapsesOn <= today.AddDays(LapsingWithinDays));
        var lapsed = all.Count(m => m.Status == MembershipStatus.Lapsed && m.LapsesOn > today.AddDays(-MembershipService.RecentlyLapsedDays));
        if (lapsing > 0)
            yield return new DashboardAlert("lapsing", $"{DisplayFormat.Count(lapsing, "membership")} {(lapsing == 1 ? "lapses" : "lapse")} within {LapsingWithinDays} days unless paid.", "/Dues", "Dues due soon and in grace");
        if (lapsed > 0)
            yield return new DashboardAlert("lapsed", $"{DisplayFormat.Count(lapsed, "membership")} lapsed in the last {MembershipService.RecentlyLapsedDays} days.", "/Dues", "Recently lapsed members");
    }

    private IEnumerable<DashboardAlert> CardAlerts(Actor actor)
    {
        var problems = cards.Problems(actor);
        var declined = problems.Count(p => p.Kind == "declined");
        var disputed = problems.Count(p => p.Kind == "disputed");
        if (declined > 0)
            yield return new DashboardAlert("card-declined", $"{DisplayFormat.Count(declined, "card payment")} declined and not yet resolved.", "/Payments", "Card payments needing attention");
        if (disputed > 0)
            yield return new DashboardAlert("card-disputed", $"{DisplayFormat.Count(disputed, "card gift")} disputed by the donor's bank.", "/Payments", "Card payments needing attention");
    }

    private IEnumerable<DashboardAlert> LybuntAlerts(DbSession db, Organization organization, DateOnly today)
    {
        var calendar = new FiscalCalendar((int)organization.FiscalYearStartMonth);
        var thisYear = calendar.YearStart(today);
        var lybunt = reports.LybuntCount(db, organization.Id, thisYear.Year);
        if (lybunt > 0)
            yield return new DashboardAlert("lybunt",
                $"{DisplayFormat.Count(lybunt, "donor")} gave in {calendar.Label(thisYear.AddYears(-1))} but not yet in {calendar.Label(thisYear)} (LYBUNT).",
                "/Reports/Diversification#lybunt", "Who to ask again");
    }

    private IEnumerable<DashboardAlert> MatchingAlerts(DbSession db, long organizationId, DateOnly today, Func<long, string> money)
    {
        foreach (var campaign in matching.ListVisible(db, organizationId).Where(c => c.StartsOn <= today && today <= c.EndsOn).OrderBy(c => c.EndsOn))
        {
            var matched = matching.Participants(db, campaign.Id).Sum(p => p.MatchedCents);
            var daysLeft = campaign.EndsOn.DayNumber - today.DayNumber + 1;
            var use = $"{money(matched)} of the {money(campaign.PoolCents)} pool matched";
            if (MatchingPace.IsUnderUsed(campaign.StartsOn, campaign.EndsOn, campaign.PoolCents, matched, today))
                yield return new DashboardAlert($"matching-{campaign.Id}",
                    $"{campaign.Name} is under-used: {use} with {DisplayFormat.Count(daysLeft, "day")} left.", $"/Matching/Details/{campaign.Id}", "Campaign progress");
            else if (daysLeft <= MatchingPace.EndingWithinDays)
                yield return new DashboardAlert($"matching-{campaign.Id}",
                    $"{campaign.Name} ends {DisplayFormat.Date(campaign.EndsOn)} ({DisplayFormat.Count(daysLeft, "day")} left): {use}.", $"/Matching/Details/{campaign.Id}", "Campaign progress");
        }
    }

    private IEnumerable<DashboardAlert> ReceiptAlerts(DbSession db, long organizationId, DateOnly today, Func<long, string> money)
    {
        var (count, oldest) = receipts.GiftsAwaitingReceipt(db, organizationId, today.AddMonths(-ReceiptLookBackMonths), ReceiptsShown);
        if (count > 0)
            yield return new DashboardAlert("receipts",
                $"{DisplayFormat.Count(count, "gift")} of {money(GiftAwaitingReceipt.WrittenAcknowledgmentCents)} or more in the last {ReceiptLookBackMonths} months {(count == 1 ? "has" : "have")} no receipt yet; donors need one to deduct them.",
                $"/Gifts/Details/{oldest[0].GiftId}", "Oldest first")
            {
                Items = [.. oldest.Select(g => new DashboardLink($"Gift #{g.GiftId}, {DisplayFormat.Date(g.ReceivedOn)}, {money(g.AmountCents)}", $"/Gifts/Details/{g.GiftId}"))],
            };
    }

    private IEnumerable<DashboardAlert> CliffAlerts(DbSession db, long organizationId)
    {
        var cliff = receivables.Cliff(db, organizationId);
        if (cliff.ExceedsThreshold)
            yield return new DashboardAlert("funding-cliff-alert",
                $"Funding cliff: {DiversificationCalculator.Percent(cliff.ShareAtRisk)} of the last 12 months' revenue came from grants ending within the next 12 months.",
                "/Grants/Receivables", "Expected revenue and ending grants");
    }
}

/// <summary>When a running matching campaign deserves a look: it ends soon, or too little of its pool is being used.</summary>
public static class MatchingPace
{
    public const int EndingWithinDays = 14;

    /// <summary>
    /// Past the middle of the campaign with less than half as much of the pool matched as of its time gone: at that pace more
    /// than half the funder's money goes unclaimed.
    /// </summary>
    public static bool IsUnderUsed(DateOnly startsOn, DateOnly endsOn, long poolCents, long matchedCents, DateOnly today)
    {
        if (poolCents <= 0 || today < startsOn || today > endsOn)
            return false;
        var elapsed = (double)(today.DayNumber - startsOn.DayNumber + 1) / (endsOn.DayNumber - startsOn.DayNumber + 1);
        return elapsed >= 0.5 && (double)matchedCents / poolCents < elapsed / 2;
    }
}

/// <summary>What the dashboard shows below its cards.</summary>
public sealed record Dashboard(DateOnly Today, IReadOnlyList<MonthRevenue> Trend, IReadOnlyList<DashboardAlert> Alerts)
{
    /// <summary>The trend as an inline SVG (no script), its category colours those of the diversification report.</summary>
    public string TrendSvg(Func<long, string> money) => Reports.Charts.SvgChartWriter.Write(Reports.Charts.ReportCharts.MonthlyRevenue(Trend, money), "revenue-trend");
}

/// <summary>One thing that needs someone: what and how many, and the page to act on it.</summary>
public sealed record DashboardAlert(string Id, string Message, string Href, string LinkText)
{
    /// <summary>The first few records it is about, each with its own link.</summary>
    public IReadOnlyList<DashboardLink> Items { get; init; } = [];
}

public sealed record DashboardLink(string Text, string Href);
