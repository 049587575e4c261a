using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Gifts;

namespace DonorTrack.Core.Grants;

/// <summary>Grant rows, their installment schedules and reporting deadlines, and the gifts linked to them.</summary>
public sealed class GrantRepository
{
    private const string Columns = """
        id, organization_id, funder_donor_id, name, amount_cents, awarded_on, starts_on, ends_on, restriction, purpose, program_area,
        status, notes, created_at, created_by, updated_at
        """;

    public Grant? Find(DbSession db, long organizationId, long grantId)
    {
        const string sql = $"SELECT {Columns} FROM grants WHERE organization_id = @organizationId AND id = @grantId";
        return db.Connection.QuerySingleOrDefault<Grant>(sql, new { organizationId, grantId }, db.Transaction);
    }

    public long Insert(DbSession db, long organizationId, GrantInput input, string createdBy, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO grants (organization_id, funder_donor_id, name, amount_cents, awarded_on, starts_on, ends_on, restriction, purpose,
                program_area, status, notes, created_at, created_by, updated_at)
            VALUES (@organizationId, @FunderDonorId, @Name, @AmountCents, @AwardedOn, @StartsOn, @EndsOn, @Restriction, @Purpose,
                @ProgramArea, @Status, @Notes, @now, @createdBy, @now)
            RETURNING id
            """;
        return db.Connection.ExecuteScalar<long>(sql, Parameters(organizationId, input, new { createdBy, now }), db.Transaction);
    }

    public void Update(DbSession db, long organizationId, long grantId, GrantInput input, DateTimeOffset now)
    {
        const string sql = """
            UPDATE grants SET funder_donor_id = @FunderDonorId, name = @Name, amount_cents = @AmountCents, awarded_on = @AwardedOn,
                starts_on = @StartsOn, ends_on = @EndsOn, restriction = @Restriction, purpose = @Purpose, program_area = @ProgramArea,
                status = @Status, notes = @Notes, updated_at = @now
            WHERE organization_id = @organizationId AND id = @grantId
            """;
        db.Connection.Execute(sql, Parameters(organizationId, input, new { grantId, now }), db.Transaction);
    }

    public IReadOnlyList<GrantInstallment> Installments(DbSession db, long organizationId, long grantId)
    {
        const string sql = """
            SELECT id, position, due_on, amount_cents FROM grant_installments
            WHERE organization_id = @organizationId AND grant_id = @grantId ORDER BY position
            """;
        return db.Connection.Query<GrantInstallment>(sql, new { organizationId, grantId }, db.Transaction).AsList();
    }

    /// <summary>Replaces the schedule (it is a plan, not money received: paid amounts are derived from the linked gifts).</summary>
    public void ReplaceInstallments(DbSession db, long organizationId, long grantId, IReadOnlyList<InstallmentInput> installments)
    {
        const string delete = "DELETE FROM grant_installments WHERE organization_id = @organizationId AND grant_id = @grantId";
        const string insert = """
            INSERT INTO grant_installments (organization_id, grant_id, position, due_on, amount_cents)
            VALUES (@organizationId, @grantId, @position, @DueOn, @AmountCents)
            """;
        db.Connection.Execute(delete, new { organizationId, grantId }, db.Transaction);
        var ordered = installments.OrderBy(i => i.DueOn).ToList();
        db.Connection.Execute(insert, ordered.Select((i, position) => new { organizationId, grantId, position, i.DueOn, i.AmountCents }), db.Transaction);
    }

    public IReadOnlyList<GrantReportDeadline> Deadlines(DbSession db, long organizationId, long grantId)
    {
        const string sql = """
            SELECT id, grant_id, due_on, description, done FROM grant_report_deadlines
            WHERE organization_id = @organizationId AND grant_id = @grantId ORDER BY due_on, id
            """;
        return db.Connection.Query<GrantReportDeadline>(sql, new { organizationId, grantId }, db.Transaction).AsList();
    }

    public void ReplaceDeadlines(DbSession db, long organizationId, long grantId, IReadOnlyList<ReportDeadlineInput> deadlines)
    {
        const string delete = "DELETE FROM grant_report_deadlines WHERE organization_id = @organizationId AND grant_id = @grantId";
        const string insert = """
            INSERT INTO grant_report_deadlines (organization_id, grant_id, due_on, description, done)
            VALUES (@organizationId, @grantId, @DueOn, @description, @Done)
            """;
        db.Connection.Execute(delete, new { organizationId, grantId }, db.Transaction);
        db.Connection.Execute(insert, deadlines.Select(d => new { organizationId, grantId, d.DueOn, description = d.Description!.Trim(), d.Done }), db.Transaction);
    }

    public bool SetDeadlineDone(DbSession db, long organizationId, long grantId, long deadlineId, bool done)
    {
        const string sql = """
            UPDATE grant_report_deadlines SET done = @done
            WHERE organization_id = @organizationId AND grant_id = @grantId AND id = @deadlineId
            """;
        return db.Connection.Execute(sql, new { organizationId, grantId, deadlineId, done }, db.Transaction) == 1;
    }

    /// <summary>Every gift linked to the grant, oldest first (voided ones too: the history shows them struck through).</summary>
    public IReadOnlyList<LinkedPayment> Payments(DbSession db, long organizationId, long grantId)
    {
        const string sql = """
            SELECT id AS gift_id, received_on, amount_cents, refunded_cents, status FROM gifts
            WHERE organization_id = @organizationId AND grant_id = @grantId
            ORDER BY received_on, id
            """;
        return db.Connection.Query<LinkedPayment>(sql, new { organizationId, grantId }, db.Transaction).AsList();
    }

    public Paged<GrantListItem> List(DbSession db, long organizationId, GrantQuery query, DateOnly today)
    {
        // The fragments are fixed text; every value is a parameter.
        var conditions = new List<string> { "g.organization_id = @organizationId" };
        if (query.Status is not null)
            conditions.Add("g.status = @status");
        if (query.EndingWithinMonths is not null)
            conditions.Add("g.ends_on >= @today AND g.ends_on < @horizon");
        var filter = "WHERE " + string.Join(" AND ", conditions);
        var sql = $"""
            SELECT g.id, g.funder_donor_id, CASE d.kind WHEN 'organization' THEN d.organization_name
                       ELSE trim(coalesce(d.first_name, '') || ' ' || coalesce(d.last_name, '')) END AS funder_name,
                   g.name, g.amount_cents, g.starts_on, g.ends_on, g.restriction, g.program_area, g.status,
                   coalesce((SELECT sum(p.amount_cents - p.refunded_cents) FROM gifts p
                             WHERE p.organization_id = g.organization_id AND p.grant_id = g.id
                               AND p.status IN {GiftRules.CountedStatusList}), 0) AS paid_cents
            FROM grants g JOIN donors d ON d.organization_id = g.organization_id AND d.id = g.funder_donor_id
            {filter}
            ORDER BY g.ends_on, g.id
            LIMIT @limit OFFSET @offset
            """;
        var count = $"SELECT count(*) FROM grants g {filter}";
        var args = new
        {
            organizationId,
            status = query.Status,
            today,
            horizon = today.AddMonths(query.EndingWithinMonths ?? 0),
            limit = query.Page.PageSize,
            offset = query.Page.Offset,
        };
        var items = db.Connection.Query<GrantListRow>(sql, args, db.Transaction).Select(r => r.ToItem()).ToList();
        return new Paged<GrantListItem>(items, query.Page.Page, query.Page.PageSize, db.Connection.ExecuteScalar<long>(count, args, db.Transaction));
    }

    /// <summary>The funder's awarded grants that still have an open balance, earliest ending first: what a new payment from them may pay.</summary>
    public IReadOnlyList<OpenCommitment> OpenForFunder(DbSession db, long organizationId, long funderDonorId)
    {
        const string sql = $"""
            SELECT id, name, balance_cents FROM (
                SELECT g.id, g.name, g.ends_on, g.amount_cents
                       - coalesce((SELECT sum(CASE WHEN p.status IN {GiftRules.CountedStatusList} THEN p.amount_cents - p.refunded_cents
                                                   WHEN p.status = 'pending' THEN p.amount_cents ELSE 0 END)
                                   FROM gifts p WHERE p.organization_id = g.organization_id AND p.grant_id = g.id), 0) AS balance_cents
                FROM grants g
                WHERE g.organization_id = @organizationId AND g.funder_donor_id = @funderDonorId AND g.status = 'awarded')
            WHERE balance_cents > 0
            ORDER BY ends_on, id
            """;
        return db.Connection.Query<(long Id, string Name, long BalanceCents)>(sql, new { organizationId, funderDonorId }, db.Transaction)
            .Select(r => new OpenCommitment(r.Id, r.Name, r.BalanceCents)).ToList();
    }

    /// <summary>Cents of gifts linked to the grant that are counted or still pending (pending money is spoken for).</summary>
    public long CommittedCents(DbSession db, long organizationId, long grantId)
    {
        const string sql = $"""
            SELECT coalesce(sum(CASE WHEN status IN {GiftRules.CountedStatusList} THEN amount_cents - refunded_cents
                                     WHEN status = 'pending' THEN amount_cents ELSE 0 END), 0)
            FROM gifts WHERE organization_id = @organizationId AND grant_id = @grantId
            """;
        return db.Connection.ExecuteScalar<long>(sql, new { organizationId, grantId }, db.Transaction);
    }

    private static DynamicParameters Parameters(long organizationId, GrantInput input, object extra)
    {
        var args = new DynamicParameters();
        args.AddDynamicParams(new
        {
            organizationId,
            input.FunderDonorId,
            Name = input.Name!.Trim(),
            input.AmountCents,
            input.AwardedOn,
            input.StartsOn,
            input.EndsOn,
            Restriction = input.Restriction!.Value,
            Purpose = Blank(input.Purpose),
            ProgramArea = Blank(input.ProgramArea),
            Status = input.Status!.Value,
            Notes = Blank(input.Notes),
        });
        args.AddDynamicParams(extra);
        return args;
    }

    /// <summary>
    /// Settable properties rather than the record's constructor: on an empty page SQLite reports no type for computed
    /// columns (funder_name, paid_cents), and Dapper's constructor matching would refuse them.
    /// </summary>
    private sealed class GrantListRow
    {
        public long Id { get; set; }
        public long FunderDonorId { get; set; }
        public string FunderName { get; set; } = "";
        public string Name { get; set; } = "";
        public long AmountCents { get; set; }
        public DateOnly StartsOn { get; set; }
        public DateOnly EndsOn { get; set; }
        public GrantRestriction Restriction { get; set; }
        public string? ProgramArea { get; set; }
        public GrantStatus Status { get; set; }
        public long PaidCents { get; set; }

        public GrantListItem ToItem() => new(Id, FunderDonorId, FunderName, Name, AmountCents, StartsOn, EndsOn, Restriction, ProgramArea, Status, PaidCents);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
