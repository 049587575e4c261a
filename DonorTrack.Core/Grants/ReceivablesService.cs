using Dapper;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Dues;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Grants;

/// <summary>What is owed and expected (grants, pledges, recurring donations, dues) and the funding cliff, in the organization's local dates.</summary>
public sealed class ReceivablesService(
    IDbConnectionFactory connections, OrganizationRepository organizations, AuditLog audit, TimeProvider clock, IRevenueTotals revenueTotals)
{
    public const int DueSoonDays = 90;
    public const int ReportsDueDays = 30;

    public Receivables Receivables(Actor actor, int months = 12)
    {
        if (months is < 1 or > 36)
            throw InputValidation.FieldError("months", "Choose between 1 and 36 months.");
        using var db = connections.Read();
        var today = Today(db, actor.OrganizationId);
        var firstMonth = new DateOnly(today.Year, today.Month, 1);
        var end = firstMonth.AddMonths(months);
        var open = OpenInstallments(db, actor.OrganizationId, today);
        var buckets = Enumerable.Range(0, months).Select(i => new long[4]).ToArray();
        void Add(DateOnly on, int source, long cents)
        {
            if (on >= firstMonth && on < end)
                buckets[(on.Year - firstMonth.Year) * 12 + on.Month - firstMonth.Month][source] += cents;
        }
        foreach (var installment in open.Where(i => !i.Overdue))
            Add(installment.DueOn, installment.Source == "grant" ? 0 : 1, installment.OpenCents);
        const string recurring = """
            SELECT next_due_on, interval, amount_cents FROM recurring_donations
            WHERE organization_id = @organizationId AND status IN ('active', 'failing')
            """;
        foreach (var (nextDue, interval, cents) in db.Connection.Query<(string, string, long)>(recurring, new { organizationId = actor.OrganizationId }))
            EachDue(DapperConfiguration.ParseDate(nextDue), DomainWords.Parse<DuesInterval>(interval), 0, firstMonth, end, on => Add(on, 2, cents));
        // A membership's next period is the one after those paid; periods before this month are arrears, not expected revenue.
        const string dues = """
            SELECT m.starts_on, p.interval, m.paid_periods, m.period_cents
            FROM memberships m JOIN membership_plans p ON p.organization_id = m.organization_id AND p.id = m.plan_id
            WHERE m.organization_id = @organizationId AND m.cancelled_on IS NULL
            """;
        foreach (var (startsOn, interval, paidPeriods, cents) in db.Connection.Query<(string, string, long, long)>(dues, new { organizationId = actor.OrganizationId }))
            EachDue(DapperConfiguration.ParseDate(startsOn), DomainWords.Parse<DuesInterval>(interval), (int)paidPeriods, firstMonth, end, on => Add(on, 3, cents));
        var monthsList = buckets.Select((b, i) => new ExpectedMonth(firstMonth.AddMonths(i), b[0], b[1], b[2], b[3])).ToList();
        return new Receivables(today, DueSoonDays, [.. open.Where(i => i.Overdue)],
            [.. open.Where(i => !i.Overdue && i.DueOn <= today.AddDays(DueSoonDays))], monthsList);
    }

    public FundingCliff Cliff(Actor actor)
    {
        using var db = connections.Read();
        return Cliff(db, actor.OrganizationId);
    }

    /// <summary>The organization's funding cliff as of today in its time zone, for a report that already holds a session.</summary>
    public FundingCliff Cliff(DbSession db, long organizationId)
    {
        var today = Today(db, organizationId);
        var args = new { organizationId, today, yearAgo = today.AddMonths(-12), horizon = today.AddMonths(12), reportsBy = today.AddDays(ReportsDueDays) };
        const string ending = $"""
            SELECT g.id, CASE d.kind WHEN 'organization' THEN d.organization_name
                             ELSE trim(coalesce(d.first_name, '') || ' ' || coalesce(d.last_name, '')) END AS funder_name,
                   g.name, g.ends_on,
                   coalesce((SELECT sum(p.amount_cents - p.refunded_cents) FROM gifts p
                             WHERE p.organization_id = g.organization_id AND p.grant_id = g.id
                               AND p.received_on > @yearAgo AND p.received_on <= @today
                               AND p.status IN {GiftRules.CountedStatusList}), 0) AS last12_months_cents
            FROM grants g JOIN donors d ON d.organization_id = g.organization_id AND d.id = g.funder_donor_id
            WHERE g.organization_id = @organizationId AND g.status = 'awarded' AND g.ends_on >= @today AND g.ends_on < @horizon
            ORDER BY g.ends_on, g.id
            """;
        const string reports = """
            SELECT r.grant_id, g.name AS grant_name, r.due_on, r.description, r.due_on < @today AS overdue
            FROM grant_report_deadlines r JOIN grants g ON g.organization_id = r.organization_id AND g.id = r.grant_id
            WHERE r.organization_id = @organizationId AND r.done = 0 AND r.due_on <= @reportsBy
            ORDER BY r.due_on, r.id
            """;
        var total = revenueTotals.CountedCents(db, organizationId, args.yearAgo.AddDays(1), today);
        // Tuples, not the records: with no rows SQLite reports no column types, and Dapper's constructor matching would refuse.
        var grants = db.Connection.Query<(long Id, string Funder, string Name, string EndsOn, long Cents)>(ending, args, db.Transaction)
            .Select(g => new CliffGrant(g.Id, g.Funder, g.Name, DapperConfiguration.ParseDate(g.EndsOn), g.Cents)).ToList();
        return new FundingCliff(today, total, grants.Sum(g => g.Last12MonthsCents), ThresholdPercent(db, organizationId) / 100.0, grants,
            [.. db.Connection.Query<(long GrantId, string GrantName, string DueOn, string Description, long Overdue)>(reports, args, db.Transaction)
                .Select(r => new ReportDue(r.GrantId, r.GrantName, DapperConfiguration.ParseDate(r.DueOn), r.Description, r.Overdue != 0))]);
    }

    /// <summary>Sets the share of revenue at risk above which the cliff warning shows (treasurer or admin).</summary>
    public void SetThreshold(Actor actor, int? percent)
    {
        actor.Require(Role.Treasurer);
        if (percent is not (>= 1 and <= 100))
            throw InputValidation.FieldError("ThresholdPercent", "Choose a whole percentage between 1 and 100.");
        using var db = connections.BeginTransaction();
        var before = ThresholdPercent(db, actor.OrganizationId);
        const string sql = """
            INSERT INTO funding_cliff_settings (organization_id, threshold_percent, updated_at) VALUES (@organizationId, @percent, @now)
            ON CONFLICT (organization_id) DO UPDATE SET threshold_percent = excluded.threshold_percent, updated_at = excluded.updated_at
            """;
        db.Connection.Execute(sql, new { organizationId = actor.OrganizationId, percent, now = clock.GetUtcNow() }, db.Transaction);
        audit.Record(db, actor, "funding_cliff_settings", actor.OrganizationId, "update", new { ThresholdPercent = before }, new { ThresholdPercent = percent });
        db.Commit();
    }

    /// <summary>The organization's cliff warning threshold as a share (0–1).</summary>
    public static double ThresholdShare(DbSession db, long organizationId) => ThresholdPercent(db, organizationId) / 100.0;

    private static int ThresholdPercent(DbSession db, long organizationId) =>
        db.Connection.ExecuteScalar<int?>("SELECT threshold_percent FROM funding_cliff_settings WHERE organization_id = @organizationId",
            new { organizationId }, db.Transaction) ?? FundingCliff.DefaultThresholdPercent;

    private DateOnly Today(DbSession db, long organizationId) => organizations.Find(db, organizationId)!.LocalDate(clock.GetUtcNow());

    /// <summary>
    /// Open installments of awarded grants and of pledges, payments applied in schedule order and write-offs from the end.
    /// Schedules are read in index order without names (names come once per grant or pledge), so an organization with
    /// thousands of pledges reads small rows and sorts nothing.
    /// </summary>
    private static List<ReceivableInstallment> OpenInstallments(DbSession db, long organizationId, DateOnly today)
    {
        const string grantSchedules = """
            SELECT i.grant_id, i.due_on, i.amount_cents
            FROM grant_installments i JOIN grants g ON g.organization_id = i.organization_id AND g.id = i.grant_id
            WHERE i.organization_id = @organizationId AND g.status = 'awarded'
            ORDER BY i.grant_id, i.position
            """;
        const string grantNames = """
            SELECT g.id, g.name, CASE d.kind WHEN 'organization' THEN d.organization_name
                             ELSE trim(coalesce(d.first_name, '') || ' ' || coalesce(d.last_name, '')) END AS payer
            FROM grants g JOIN donors d ON d.organization_id = g.organization_id AND d.id = g.funder_donor_id
            WHERE g.organization_id = @organizationId AND g.status = 'awarded'
            """;
        const string grantPaid = $"""
            SELECT grant_id, sum(amount_cents - refunded_cents) FROM gifts
            WHERE organization_id = @organizationId AND grant_id IS NOT NULL AND status IN {GiftRules.CountedStatusList}
            GROUP BY grant_id
            """;
        const string pledgeSchedules = """
            SELECT pledge_id, due_on, amount_cents FROM pledge_installments
            WHERE organization_id = @organizationId
            ORDER BY pledge_id, position
            """;
        const string pledgeNames = """
            SELECT p.id, coalesce(p.purpose, 'Pledge') AS name, CASE d.kind WHEN 'organization' THEN d.organization_name
                             ELSE trim(coalesce(d.first_name, '') || ' ' || coalesce(d.last_name, '')) END AS payer
            FROM pledges p JOIN donors d ON d.organization_id = p.organization_id AND d.id = p.donor_id
            WHERE p.organization_id = @organizationId
            """;
        const string pledgePaid = $"""
            SELECT pledge_id, sum(amount_cents - refunded_cents) FROM gifts
            WHERE organization_id = @organizationId AND pledge_id IS NOT NULL AND status IN {GiftRules.CountedStatusList}
            GROUP BY pledge_id
            """;
        const string writtenOff = "SELECT pledge_id, sum(amount_cents) FROM pledge_write_offs WHERE organization_id = @organizationId GROUP BY pledge_id";
        var args = new { organizationId };
        var open = new List<ReceivableInstallment>();
        void Collect(string source, string schedules, string namesSql, Dictionary<long, long> paid, Dictionary<long, long> off)
        {
            var names = db.Connection.Query<(long Id, string Name, string Payer)>(namesSql, args, db.Transaction).ToDictionary(n => n.Id);
            var group = new List<(DateOnly DueOn, long AmountCents)>();
            var groupId = 0L;
            void Flush()
            {
                if (group.Count == 0)
                    return;
                var states = InstallmentSchedule.Apply(group, paid.GetValueOrDefault(groupId), off.GetValueOrDefault(groupId));
                var (_, name, payer) = names[groupId];
                foreach (var state in states)
                {
                    if (state.OpenCents > 0)
                        open.Add(new ReceivableInstallment(source, groupId, name, payer, state.DueOn, state.OpenCents, state.IsOverdue(today)));
                }
                group.Clear();
            }
            using var reader = db.Connection.ExecuteReader(schedules, args, db.Transaction);
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                if (id != groupId)
                {
                    Flush();
                    groupId = id;
                }
                group.Add((IsoDate(reader.GetString(1)), reader.GetInt64(2)));
            }
            Flush();
        }
        Dictionary<long, long> Sums(string sql) => db.Connection.Query<(long, long)>(sql, args, db.Transaction).ToDictionary(r => r.Item1, r => r.Item2);
        Collect("grant", grantSchedules, grantNames, Sums(grantPaid), []);
        Collect("pledge", pledgeSchedules, pledgeNames, Sums(pledgePaid), Sums(writtenOff));
        open.Sort((a, b) => a.DueOn != b.DueOn ? a.DueOn.CompareTo(b.DueOn)
            : a.Source != b.Source ? string.CompareOrdinal(a.Source, b.Source) : a.SourceId.CompareTo(b.SourceId));
        return open;
    }

    /// <summary>
    /// A stored yyyy-MM-dd date (the columns' CHECK guarantees the shape), read digit by digit: tens of thousands of
    /// installments are parsed on every receivables request.
    /// </summary>
    private static DateOnly IsoDate(string text) => new(
        (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0'),
        (text[5] - '0') * 10 + (text[6] - '0'),
        (text[8] - '0') * 10 + (text[9] - '0'));

    private static void EachDue(DateOnly anchor, DuesInterval interval, int fromIndex, DateOnly from, DateOnly before, Action<DateOnly> add)
    {
        // Start at the first period not before the window; the anchor keeps month-end dates from drifting.
        var index = Math.Max(fromIndex, DuesCalendar.CountDueBefore(anchor, interval, from));
        for (var due = DuesCalendar.DueDate(anchor, interval, index); due < before; due = DuesCalendar.DueDate(anchor, interval, ++index))
            add(due);
    }
}
