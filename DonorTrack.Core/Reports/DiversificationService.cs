using DonorTrack.Core.Data;
using DonorTrack.Core.Grants;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Pdf;
using DonorTrack.Core.Security;

namespace DonorTrack.Core.Reports;

/// <summary>The diversification and retention report of the actor's organization, and the alliance view over its members.</summary>
public sealed class DiversificationService(
    IDbConnectionFactory connections, ReportRepository reports, OrganizationRepository organizations, ReportSettings settings,
    IPdfRenderer pdf, TimeProvider clock, DuesAndCampaignsReader duesAndCampaigns, Email.AcknowledgmentRepository acknowledgments,
    ReceivablesService receivables)
{
    private readonly ReportPeriodInputValidator _validator = new();

    /// <summary>The period a request asks for: its dates, or the fiscal year containing today in the organization's timezone.</summary>
    public ReportPeriod Resolve(Actor actor, ReportPeriodInput input)
    {
        actor.Require(Role.Viewer);
        using var db = connections.Read();
        var organization = organizations.Find(db, actor.OrganizationId)!;
        return _validator.Resolve(input, Calendar(organization), organization.LocalDate(clock.GetUtcNow()));
    }

    public DiversificationReport Report(Actor actor, ReportPeriodInput input)
    {
        actor.Require(Role.Viewer);
        using var db = connections.Read();
        var organization = organizations.Find(db, actor.OrganizationId)!;
        var calendar = Calendar(organization);
        var period = _validator.Resolve(input, calendar, organization.LocalDate(clock.GetUtcNow()));
        var facts = CountedFacts(db, organization.Id, period, calendar) ?? ReadFacts(db, organization.Id, period, calendar);
        var report = DiversificationCalculator.Calculate(facts, settings) with
        {
            DuesAndCampaigns = duesAndCampaigns.Read(db, organization.Id, period, calendar.YearOf(period.To)),
            ThankTimes = acknowledgments.ThankTimes(db, organization.Id, period.From, period.To),
            FundingCliff = receivables.Cliff(db, organization.Id),
        };
        // LYBUNT and SYBUNT are lists of people to ask again, so the deceased and those who asked not to be contacted are left off
        // (their giving still counts in every figure above); the report says how many were left off.
        var lapsed = report.FollowUp.Lybunt.Concat(report.FollowUp.Sybunt).Select(d => d.DonorId).ToList();
        var contacts = reports.FollowUpContacts(db, organization.Id, lapsed);
        bool LeftOut(LapsedDonor d) => contacts.TryGetValue(d.DonorId, out var contact) && contact.LeaveOut;
        LapsedDonor Named(LapsedDonor d) => d with { Name = contacts.TryGetValue(d.DonorId, out var contact) ? contact.Name : $"Donor {d.DonorId}" };
        var follow = report.FollowUp;
        return report with
        {
            FollowUp = follow with
            {
                Lybunt = [.. follow.Lybunt.Where(d => !LeftOut(d)).Select(Named)],
                Sybunt = [.. follow.Sybunt.Where(d => !LeftOut(d)).Select(Named)],
                LybuntLeftOut = follow.Lybunt.Count(LeftOut),
                SybuntLeftOut = follow.Sybunt.Count(LeftOut),
            },
        };
    }

    /// <summary>The board-ready PDF of the report.</summary>
    public byte[] Pdf(Actor actor, ReportPeriodInput input)
    {
        var report = Report(actor, input);
        Organization organization;
        using (var db = connections.Read())
            organization = organizations.Find(db, actor.OrganizationId)!;
        using var output = new MemoryStream();
        pdf.Render(DiversificationPdf.Build(organization, report, clock.GetUtcNow()), output);
        return output.ToArray();
    }

    /// <summary>Each current member's aggregates and the alliance as a whole, in the alliance's calendar; null when the organization has no members.</summary>
    public AllianceReport? Alliance(Actor actor, ReportPeriodInput input)
    {
        actor.Require(Role.Viewer);
        using var db = connections.Read();
        var alliance = organizations.Find(db, actor.OrganizationId)!;
        var members = organizations.Members(db, alliance.Id).Where(m => m.LeftOn is null).ToList();
        if (members.Count == 0)
            return null;
        var calendar = Calendar(alliance);
        var period = _validator.Resolve(input, calendar, alliance.LocalDate(clock.GetUtcNow()));
        var memberFacts = members.Select(m => (Member: m, Facts: ReadFacts(db, m.MemberId, period, calendar))).ToList();
        var fiscalYear = calendar.YearOf(period.To);
        var summaries = memberFacts
            .Select(m => DiversificationCalculator.Calculate(m.Facts, settings).Summary(m.Member.MemberId, m.Member.MemberName) with
            {
                DuesAndCampaigns = duesAndCampaigns.Read(db, m.Member.MemberId, period, fiscalYear),
                FundingCliff = receivables.Cliff(db, m.Member.MemberId).WithoutNames(),
            })
            .ToList();
        // Donor ids are unique across organizations, so the movement's facts are the members' facts side by side.
        var all = memberFacts.Select(m => m.Facts).ToList();
        var first = all[0];
        var whole = new ReportFacts(
            Merged(first.Current.Period, all.Select(f => f.Current)),
            Merged(first.Prior.Period, all.Select(f => f.Prior)),
            [.. all.SelectMany(f => f.DonorsBeforePrior)],
            calendar,
            [.. all.SelectMany(f => f.History)],
            [.. all.SelectMany(f => f.Trend)],
            [.. all.SelectMany(f => f.RetentionByYear)]);
        // The movement's dues are the members' dues summed; its campaigns and matching pools are the alliance's own.
        var own = duesAndCampaigns.Read(db, alliance.Id, period, fiscalYear);
        var movement = own with { Dues = DuesAndCampaigns.SumDues(summaries.Select(s => s.DuesAndCampaigns.Dues)) };
        return new AllianceReport(period, DiversificationCalculator.Calculate(whole, settings).Summary(alliance.Id, alliance.Name) with
        {
            DuesAndCampaigns = movement,
            FundingCliff = CliffSummary.Combined(summaries.Select(s => s.FundingCliff!), ReceivablesService.ThresholdShare(db, alliance.Id)),
        }, summaries);
    }

    /// <summary>Reads every fact the calculator needs for one organization: a handful of grouped, index-only queries.</summary>
    public ReportFacts ReadFacts(DbSession db, long organizationId, ReportPeriod period, FiscalCalendar calendar)
    {
        var prior = period.Prior();
        var thisYear = calendar.YearOf(period.To);
        var lastYear = calendar.YearOf(thisYear.From.AddDays(-1));
        var trendYears = new ReportPeriod(thisYear.From.AddYears(-4), thisYear.To);
        var trend = reports.YearCategoryTotals(db, organizationId, trendYears, calendar);
        // The default report, one whole fiscal year, reads one row per donor when the organization's own calendar is the one asked for
        // (an alliance reads its members in the alliance's calendar).
        if (period == thisYear && organizations.Find(db, organizationId)?.FiscalYearStartMonth == calendar.StartMonth
            && reports.DonorFiscalYears(db, organizationId, thisYear.From.Year) is { } donors)
        {
            return FiscalYearFacts(donors, calendar, period, prior, trend, reports.GiftAmounts(db, organizationId, period), reports.GiftAmounts(db, organizationId, prior));
        }
        var retentionYears = trendYears with { From = trendYears.From.AddYears(-1) };
        var trendYearStarts = Enumerable.Range(0, 5).Select(i => trendYears.From.AddYears(i));
        return new ReportFacts(
            new PeriodFacts(period, reports.DonorCategoryTotals(db, organizationId, period), reports.GiftAmounts(db, organizationId, period)),
            new PeriodFacts(prior, reports.DonorCategoryTotals(db, organizationId, prior), reports.GiftAmounts(db, organizationId, prior)),
            reports.DonorIds(db, organizationId, prior.Prior()),
            calendar,
            reports.History(db, organizationId, thisYear, lastYear),
            trend,
            YearRetention.Count(reports.DonorYears(db, organizationId, retentionYears, calendar), trendYearStarts));
    }

    /// <summary>
    /// The latest whole fiscal year of the organization's own calendar, its donors counted in SQL (migration 0013) so nothing groups
    /// all of the organization's donor years; null for any other period, which <see cref="ReadFacts"/> answers.
    /// </summary>
    public ReportFacts? CountedFacts(DbSession db, long organizationId, ReportPeriod period, FiscalCalendar calendar)
    {
        var thisYear = calendar.YearOf(period.To);
        var fiscalYear = thisYear.From.Year;
        if (period != thisYear || reports.CountedFiscalYear(db, organizationId, fiscalYear) is not { } donors)
            return null;
        var prior = period.Prior();
        var trend = reports.YearCategoryTotals(db, organizationId, new ReportPeriod(thisYear.From.AddYears(-4), thisYear.To), calendar);
        return new ReportFacts(
            new PeriodFacts(period, CategoriesOf(trend, period), reports.TopDonors(db, organizationId, fiscalYear), reports.GiftAmounts(db, organizationId, period)),
            new PeriodFacts(prior, CategoriesOf(trend, prior), reports.TopDonors(db, organizationId, fiscalYear - 1), reports.GiftAmounts(db, organizationId, prior)),
            [],
            calendar,
            [],
            trend,
            reports.FiscalYearRetention(db, organizationId, calendar, fiscalYear)) { Counted = donors };
    }

    private static List<CategoryCents> CategoriesOf(IReadOnlyList<YearCategoryCents> trend, ReportPeriod year) =>
        [.. trend.Where(t => t.YearStart == year.From).Select(t => new CategoryCents(t.Category, t.Cents))];

    private static ReportFacts FiscalYearFacts(
        IReadOnlyList<DonorGiving> donors, FiscalCalendar calendar, ReportPeriod period, ReportPeriod prior,
        IReadOnlyList<YearCategoryCents> trend, IReadOnlyList<GiftAmountCount> amounts, IReadOnlyList<GiftAmountCount> priorAmounts)
    {
        var history = new List<DonorHistory>(donors.Count);
        var current = new List<DonorCents>();
        var last = new List<DonorCents>();
        var beforePrior = new List<long>();
        var gave = new long[6];
        var gaveAgain = new long[6];
        foreach (var d in donors)
        {
            history.Add(new DonorHistory(d.DonorId, d.FirstGiftOn, d.LastGiftOn, d.LastYearCents, d.LifetimeCents));
            if (d.GaveYearsBefore(0))
                current.Add(new DonorCents(d.DonorId, d.ThisYearCents));
            if (d.GaveYearsBefore(1))
                last.Add(new DonorCents(d.DonorId, d.LastYearCents));
            if (d.GaveYearsBefore(2))
                beforePrior.Add(d.DonorId);
            for (var k = 1; k < 6; k++)
            {
                if (d.GaveYearsBefore(k))
                {
                    gave[k]++;
                    if (d.GaveYearsBefore(k - 1))
                        gaveAgain[k]++;
                }
            }
        }
        // Retention into year (k years back) counts the donors of the year before it: bit k + 1.
        var retention = Enumerable.Range(0, 5).Reverse()
            .Select(k => new YearRetention(period.From.AddYears(-k), gave[k + 1], gaveAgain[k + 1])).ToList();
        return new ReportFacts(
            new PeriodFacts(period, CategoriesOf(trend, period), current, amounts),
            new PeriodFacts(prior, CategoriesOf(trend, prior), last, priorAmounts),
            beforePrior,
            calendar,
            history,
            trend,
            retention);
    }

    private static PeriodFacts Merged(ReportPeriod period, IEnumerable<PeriodFacts> members)
    {
        var list = members.ToList();
        return new PeriodFacts(period, [.. list.SelectMany(f => f.Categories)], [.. list.SelectMany(f => f.Donors)], [.. list.SelectMany(f => f.Amounts)]);
    }

    private static FiscalCalendar Calendar(Organization organization) => new((int)organization.FiscalYearStartMonth);
}
