using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;

namespace DonorTrack.Core.Grants;

/// <summary>Pledge rows, their installment schedules and write-offs, and the gifts linked to them.</summary>
public sealed class PledgeRepository
{
    private const string Columns = "id, organization_id, donor_id, amount_cents, pledged_on, category, purpose, notes, created_at, created_by, updated_at";

    public Pledge? Find(DbSession db, long organizationId, long pledgeId)
    {
        const string sql = $"SELECT {Columns} FROM pledges WHERE organization_id = @organizationId AND id = @pledgeId";
        return db.Connection.QuerySingleOrDefault<Pledge>(sql, new { organizationId, pledgeId }, db.Transaction);
    }

    public long Insert(DbSession db, long organizationId, PledgeInput input, string createdBy, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO pledges (organization_id, donor_id, amount_cents, pledged_on, category, purpose, notes, created_at, created_by, updated_at)
            VALUES (@organizationId, @DonorId, @AmountCents, @PledgedOn, @Category, @purpose, @notes, @now, @createdBy, @now)
            RETURNING id
            """;
        return db.Connection.ExecuteScalar<long>(sql, new
        {
            organizationId, input.DonorId, input.AmountCents, input.PledgedOn, input.Category,
            purpose = Blank(input.Purpose), notes = Blank(input.Notes), createdBy, now,
        }, db.Transaction);
    }

    public void InsertInstallments(DbSession db, long organizationId, long pledgeId, IReadOnlyList<InstallmentInput> installments)
    {
        const string sql = """
            INSERT INTO pledge_installments (organization_id, pledge_id, position, due_on, amount_cents)
            VALUES (@organizationId, @pledgeId, @position, @DueOn, @AmountCents)
            """;
        var ordered = installments.OrderBy(i => i.DueOn).ToList();
        db.Connection.Execute(sql, ordered.Select((i, position) => new { organizationId, pledgeId, position, i.DueOn, i.AmountCents }), db.Transaction);
    }

    public IReadOnlyList<PledgeInstallment> Installments(DbSession db, long organizationId, long pledgeId)
    {
        const string sql = """
            SELECT id, position, due_on, amount_cents FROM pledge_installments
            WHERE organization_id = @organizationId AND pledge_id = @pledgeId ORDER BY position
            """;
        return db.Connection.Query<PledgeInstallment>(sql, new { organizationId, pledgeId }, db.Transaction).AsList();
    }

    public IReadOnlyList<PledgeWriteOff> WriteOffs(DbSession db, long organizationId, long pledgeId)
    {
        const string sql = """
            SELECT id, pledge_id, amount_cents, written_off_on, reason, created_at, created_by FROM pledge_write_offs
            WHERE organization_id = @organizationId AND pledge_id = @pledgeId ORDER BY id
            """;
        return db.Connection.Query<PledgeWriteOff>(sql, new { organizationId, pledgeId }, db.Transaction).AsList();
    }

    public long InsertWriteOff(DbSession db, long organizationId, long pledgeId, long amountCents, DateOnly writtenOffOn, string reason, string createdBy, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO pledge_write_offs (organization_id, pledge_id, amount_cents, written_off_on, reason, created_at, created_by)
            VALUES (@organizationId, @pledgeId, @amountCents, @writtenOffOn, @reason, @now, @createdBy)
            RETURNING id
            """;
        return db.Connection.ExecuteScalar<long>(sql, new { organizationId, pledgeId, amountCents, writtenOffOn, reason, now, createdBy }, db.Transaction);
    }

    /// <summary>Every gift linked to the pledge, oldest first.</summary>
    public IReadOnlyList<LinkedPayment> Payments(DbSession db, long organizationId, long pledgeId)
    {
        const string sql = """
            SELECT id AS gift_id, received_on, amount_cents, refunded_cents, status FROM gifts
            WHERE organization_id = @organizationId AND pledge_id = @pledgeId
            ORDER BY received_on, id
            """;
        return db.Connection.Query<LinkedPayment>(sql, new { organizationId, pledgeId }, db.Transaction).AsList();
    }

    /// <summary>The donor's pledges with an unpaid balance, oldest first: what a new payment from them may pay.</summary>
    public IReadOnlyList<OpenCommitment> OpenForDonor(DbSession db, long organizationId, long donorId)
    {
        const string sql = $"""
            SELECT id, name, balance_cents FROM (
                SELECT p.id, coalesce(p.purpose, 'Pledge of ' || p.pledged_on) AS name, p.pledged_on, p.amount_cents
                       - coalesce((SELECT sum(CASE WHEN g.status IN {GiftRules.CountedStatusList} THEN g.amount_cents - g.refunded_cents
                                                   WHEN g.status = 'pending' THEN g.amount_cents ELSE 0 END)
                                   FROM gifts g WHERE g.organization_id = p.organization_id AND g.pledge_id = p.id), 0)
                       - coalesce((SELECT sum(w.amount_cents) FROM pledge_write_offs w
                                   WHERE w.organization_id = p.organization_id AND w.pledge_id = p.id), 0) AS balance_cents
                FROM pledges p
                WHERE p.organization_id = @organizationId AND p.donor_id = @donorId)
            WHERE balance_cents > 0
            ORDER BY pledged_on, id
            """;
        return db.Connection.Query<(long Id, string Name, long BalanceCents)>(sql, new { organizationId, donorId }, db.Transaction)
            .Select(r => new OpenCommitment(r.Id, r.Name, r.BalanceCents)).ToList();
    }

    /// <summary>Cents linked to the pledge that are counted or pending, plus cents written off: what no new payment may cover.</summary>
    public long SettledCents(DbSession db, long organizationId, long pledgeId)
    {
        const string sql = $"""
            SELECT coalesce((SELECT sum(CASE WHEN status IN {GiftRules.CountedStatusList} THEN amount_cents - refunded_cents
                                             WHEN status = 'pending' THEN amount_cents ELSE 0 END)
                             FROM gifts WHERE organization_id = @organizationId AND pledge_id = @pledgeId), 0)
                 + coalesce((SELECT sum(amount_cents) FROM pledge_write_offs WHERE organization_id = @organizationId AND pledge_id = @pledgeId), 0)
            """;
        return db.Connection.ExecuteScalar<long>(sql, new { organizationId, pledgeId }, db.Transaction);
    }

    public Paged<PledgeListItem> List(DbSession db, long organizationId, PledgeQuery query)
    {
        var conditions = new List<string> { "p.organization_id = @organizationId" };
        if (query.DonorId is not null)
            conditions.Add("p.donor_id = @donorId");
        var filter = "WHERE " + string.Join(" AND ", conditions);
        // Open-only compares the derived balance, so it filters the summed rows rather than the pledge rows.
        var open = query.OpenOnly ? "WHERE amount_cents > paid_cents + written_off_cents" : "";
        var sql = $"""
            SELECT id, donor_id, donor_name, amount_cents, pledged_on, category, purpose, paid_cents, written_off_cents FROM (
                SELECT p.id, p.donor_id, CASE d.kind WHEN 'organization' THEN d.organization_name
                           ELSE trim(coalesce(d.first_name, '') || ' ' || coalesce(d.last_name, '')) END AS donor_name,
                       p.amount_cents, p.pledged_on, p.category, p.purpose,
                       coalesce((SELECT sum(g.amount_cents - g.refunded_cents) FROM gifts g
                                 WHERE g.organization_id = p.organization_id AND g.pledge_id = p.id
                                   AND g.status IN {GiftRules.CountedStatusList}), 0) AS paid_cents,
                       coalesce((SELECT sum(w.amount_cents) FROM pledge_write_offs w
                                 WHERE w.organization_id = p.organization_id AND w.pledge_id = p.id), 0) AS written_off_cents
                FROM pledges p JOIN donors d ON d.organization_id = p.organization_id AND d.id = p.donor_id
                {filter})
            {open}
            ORDER BY pledged_on DESC, id DESC
            LIMIT @limit OFFSET @offset
            """;
        var count = $"""
            SELECT count(*) FROM (
                SELECT p.amount_cents,
                       coalesce((SELECT sum(g.amount_cents - g.refunded_cents) FROM gifts g
                                 WHERE g.organization_id = p.organization_id AND g.pledge_id = p.id
                                   AND g.status IN {GiftRules.CountedStatusList}), 0) AS paid_cents,
                       coalesce((SELECT sum(w.amount_cents) FROM pledge_write_offs w
                                 WHERE w.organization_id = p.organization_id AND w.pledge_id = p.id), 0) AS written_off_cents
                FROM pledges p {filter})
            {open}
            """;
        var args = new { organizationId, donorId = query.DonorId, limit = query.Page.PageSize, offset = query.Page.Offset };
        var items = db.Connection.Query<PledgeListRow>(sql, args, db.Transaction).Select(r => r.ToItem()).ToList();
        return new Paged<PledgeListItem>(items, query.Page.Page, query.Page.PageSize, db.Connection.ExecuteScalar<long>(count, args, db.Transaction));
    }

    /// <summary>Settable properties: on an empty page SQLite reports no type for the computed columns, which the record's constructor would refuse.</summary>
    private sealed class PledgeListRow
    {
        public long Id { get; set; }
        public long DonorId { get; set; }
        public string DonorName { get; set; } = "";
        public long AmountCents { get; set; }
        public DateOnly PledgedOn { get; set; }
        public GiftCategory Category { get; set; }
        public string? Purpose { get; set; }
        public long PaidCents { get; set; }
        public long WrittenOffCents { get; set; }

        public PledgeListItem ToItem() => new(Id, DonorId, DonorName, AmountCents, PledgedOn, Category, Purpose, PaidCents, WrittenOffCents);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
