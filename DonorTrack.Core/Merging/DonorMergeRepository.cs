using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;

namespace DonorTrack.Core.Merging;

/// <summary>
/// The statements of a donor merge: what references a donor (<see cref="DonorReferences"/>), moving it, and the pairs marked
/// "not a duplicate". Report rollups are recomputed per merge by the service; matching allocations are re-run by it.
/// </summary>
public sealed class DonorMergeRepository
{
    private const string Counted = "status IN " + GiftRules.CountedStatusList;

    /// <summary>
    /// Every column of the schema that holds a donor id, and what a merge does with the duplicate's rows there. A schema test
    /// compares this list with the migrated database, so a new table that references donors cannot be forgotten by the merge.
    /// </summary>
    public static IReadOnlyList<DonorReference> DonorReferences { get; } =
    [
        new("gifts", "donor_id", "moved to the survivor (MoveGifts)"),
        new("gift_soft_credits", "donor_id", "moved, or dropped where the survivor would credit itself or hold the same credit twice"),
        new("memberships", "donor_id", "moved; dues standings replayed"),
        new("recurring_donations", "donor_id", "moved; standings replayed"),
        new("receipts", "donor_id", "moved; number and issued content kept"),
        new("alliance_dues_payers", "donor_id", "moved (a merge of two payers is refused)"),
        new("matching_campaigns", "funder_donor_id", "moved"),
        new("matching_allocations", "donor_id", "rewritten by re-running each campaign that holds a gift of either donor"),
        new("grants", "funder_donor_id", "moved: the survivor is the funder, and the grant's payments moved with the gifts"),
        new("pledges", "donor_id", "moved: the survivor made the pledge, and its payments moved with the gifts"),
        new("email_outbox", "donor_id", "moved, so the survivor's outbox shows every message sent to either donor"),
        new("import_donor_keys", "donor_id", "moved, so a later import keyed on the duplicate's old id reaches the survivor"),
        new("household_members", "donor_id", "the survivor keeps its household, or takes the duplicate's place when it has none (HouseholdService.OnDonorsMerged)"),
        new("donor_tags", "donor_id", "the survivor takes the union; the duplicate's are cleared"),
        new("donors", "merged_into_id", "the duplicate and donors merged into it earlier point at the survivor"),
        new("donor_distinct_pairs", "low_donor_id", "kept as history: a merged donor is no longer a duplicate candidate"),
        new("donor_distinct_pairs", "high_donor_id", "kept as history: a merged donor is no longer a duplicate candidate"),
        new("report_rollups", "donor_id", "recomputed for both donors (ReportRollupBatch)"),
        new("report_donor_years", "donor_id", "recomputed for both donors (ReportRollupBatch)"),
        new("report_donor_fiscal_years", "donor_id", "recomputed for both donors (ReportRollupBatch)"),
        new("report_donors", "donor_id", "recomputed for both donors (ReportRollupBatch)"),
        new("donor_sign_in_codes", "donor_id", "kept on the duplicate: a letter's code of a merged donor opens the survivor (DonorSignInCodeService.Redeem)"),
    ];

    /// <summary>Every donor of the organization not merged away, as the duplicate finder compares them.</summary>
    public IReadOnlyList<DonorListItem> Unmerged(DbSession db, long organizationId)
    {
        const string sql = """
            SELECT id, kind, first_name, last_name, organization_name, email, city, postal_code, do_not_contact
            FROM donors WHERE organization_id = @organizationId AND merged_into_id IS NULL
            """;
        // Every donor of the organization on each visit: reading by position skips Dapper's boxed per-value type handlers,
        // which took longer than the query (60,000 donors).
        using var reader = db.Connection.ExecuteReader(sql, new { organizationId }, db.Transaction);
        var rows = new List<DonorListItem>();
        while (reader.Read())
        {
            rows.Add(new DonorListItem(
                reader.GetInt64(0), DomainWords.Parse<DonorKind>(reader.GetString(1)), TextOrNull(reader, 2), TextOrNull(reader, 3), TextOrNull(reader, 4),
                TextOrNull(reader, 5), TextOrNull(reader, 6), TextOrNull(reader, 7), reader.GetInt64(8) != 0));
        }
        return rows;
    }

    private static string? TextOrNull(System.Data.IDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public IReadOnlyList<(long Low, long High)> DistinctPairs(DbSession db, long organizationId)
    {
        const string sql = "SELECT low_donor_id, high_donor_id FROM donor_distinct_pairs WHERE organization_id = @organizationId";
        return db.Connection.Query<(long, long)>(sql, new { organizationId }, db.Transaction).AsList();
    }

    public void MarkDistinct(DbSession db, long organizationId, long low, long high, string markedBy, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO donor_distinct_pairs (organization_id, low_donor_id, high_donor_id, marked_at, marked_by)
            VALUES (@organizationId, @low, @high, @now, @markedBy)
            ON CONFLICT DO NOTHING
            """;
        db.Connection.Execute(sql, new { organizationId, low, high, now, markedBy }, db.Transaction);
    }

    /// <summary>All of a donor's gifts (any status) and the net of the counted ones.</summary>
    public (long Count, long NetCents) GiftTally(DbSession db, long organizationId, long donorId)
    {
        const string sql = $"""
            SELECT count(*), coalesce(sum(CASE WHEN {Counted} THEN amount_cents - refunded_cents ELSE 0 END), 0)
            FROM gifts WHERE organization_id = @organizationId AND donor_id = @donorId
            """;
        return db.Connection.QuerySingle<(long, long)>(sql, new { organizationId, donorId }, db.Transaction);
    }

    /// <summary>Rows of the donor in the tables a merge moves as they are: memberships, recurring donations, receipts, soft credits, funded campaigns, payer links.</summary>
    public (long Memberships, long RecurringDonations, long Receipts, long SoftCredits, long FundedCampaigns, long PayerLinks) References(
        DbSession db, long organizationId, long donorId)
    {
        const string sql = """
            SELECT
                (SELECT count(*) FROM memberships WHERE organization_id = @organizationId AND donor_id = @donorId),
                (SELECT count(*) FROM recurring_donations WHERE organization_id = @organizationId AND donor_id = @donorId),
                (SELECT count(*) FROM receipts WHERE organization_id = @organizationId AND donor_id = @donorId),
                (SELECT count(*) FROM gift_soft_credits WHERE organization_id = @organizationId AND donor_id = @donorId),
                (SELECT count(*) FROM matching_campaigns WHERE organization_id = @organizationId AND funder_donor_id = @donorId),
                (SELECT count(*) FROM alliance_dues_payers WHERE organization_id = @organizationId AND donor_id = @donorId)
            """;
        return db.Connection.QuerySingle<(long, long, long, long, long, long)>(sql, new { organizationId, donorId }, db.Transaction);
    }

    /// <summary>
    /// Soft credits that cannot survive the merge: one of the pair credited on a gift the other (or itself) gave, which would
    /// credit the survivor on its own gift, or the duplicate's credit on a gift where the survivor already has one of that kind.
    /// </summary>
    public IReadOnlyList<long> CreditsToDrop(DbSession db, long organizationId, long survivorId, long duplicateId)
    {
        const string sql = """
            SELECT c.id FROM gift_soft_credits c JOIN gifts g ON g.organization_id = c.organization_id AND g.id = c.gift_id
            WHERE c.organization_id = @organizationId AND c.donor_id IN (@survivorId, @duplicateId) AND g.donor_id IN (@survivorId, @duplicateId)
            UNION
            SELECT c.id FROM gift_soft_credits c
            WHERE c.organization_id = @organizationId AND c.donor_id = @duplicateId
              AND EXISTS (SELECT 1 FROM gift_soft_credits s
                          WHERE s.organization_id = c.organization_id AND s.gift_id = c.gift_id AND s.donor_id = @survivorId AND s.kind = c.kind)
            ORDER BY 1
            """;
        return db.Connection.Query<long>(sql, new { organizationId, survivorId, duplicateId }, db.Transaction).AsList();
    }

    public IReadOnlyList<long> SoftCreditIdsOf(DbSession db, long organizationId, long donorId)
    {
        const string sql = "SELECT id FROM gift_soft_credits WHERE organization_id = @organizationId AND donor_id = @donorId";
        return db.Connection.Query<long>(sql, new { organizationId, donorId }, db.Transaction).AsList();
    }

    /// <summary>Standing year-end statements both donors hold for the same period: only one may stand per donor and period.</summary>
    public IReadOnlyList<string> SharedAnnualPeriods(DbSession db, long organizationId, long survivorId, long duplicateId)
    {
        const string sql = """
            SELECT a.period_start FROM receipts a
            JOIN receipts b ON b.organization_id = a.organization_id AND b.period_start = a.period_start
                AND b.kind = 'annual' AND b.voided_at IS NULL AND b.donor_id = @survivorId
            WHERE a.organization_id = @organizationId AND a.donor_id = @duplicateId AND a.kind = 'annual' AND a.voided_at IS NULL
            ORDER BY a.period_start
            """;
        return db.Connection.Query<string>(sql, new { organizationId, survivorId, duplicateId }, db.Transaction).AsList();
    }

    /// <summary>Plans on which both donors hold a term that is not cancelled.</summary>
    public IReadOnlyList<string> SharedCurrentPlans(DbSession db, long organizationId, long survivorId, long duplicateId)
    {
        const string sql = """
            SELECT p.name FROM membership_plans p
            WHERE p.organization_id = @organizationId
              AND EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = p.organization_id AND m.plan_id = p.id AND m.donor_id = @survivorId AND m.cancelled_on IS NULL)
              AND EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = p.organization_id AND m.plan_id = p.id AND m.donor_id = @duplicateId AND m.cancelled_on IS NULL)
            ORDER BY p.name
            """;
        return db.Connection.Query<string>(sql, new { organizationId, survivorId, duplicateId }, db.Transaction).AsList();
    }

    /// <summary>Whether either donor has a gift (any status) received in the range: a matching campaign whose window and look-back hold none is unchanged by the merge.</summary>
    public bool HasGiftsBetween(DbSession db, long organizationId, long survivorId, long duplicateId, DateOnly from, DateOnly through)
    {
        const string sql = """
            SELECT EXISTS (SELECT 1 FROM gifts
                           WHERE organization_id = @organizationId AND donor_id IN (@survivorId, @duplicateId)
                             AND received_on >= @from AND received_on <= @through)
            """;
        return db.Connection.ExecuteScalar<long>(sql, new { organizationId, survivorId, duplicateId, from, through }, db.Transaction) == 1;
    }

    /// <summary>The earliest gift of either donor: matching campaigns ending on or after it may change.</summary>
    public DateOnly? EarliestGift(DbSession db, long organizationId, long survivorId, long duplicateId)
    {
        const string sql = "SELECT min(received_on) FROM gifts WHERE organization_id = @organizationId AND donor_id IN (@survivorId, @duplicateId)";
        var text = db.Connection.ExecuteScalar<string?>(sql, new { organizationId, survivorId, duplicateId }, db.Transaction);
        return text is null ? null : DapperConfiguration.ParseDate(text);
    }

    /// <summary>Points the duplicate's gifts at the survivor (the rollup triggers move their report buckets) and returns their ids.</summary>
    public IReadOnlyList<long> MoveGifts(DbSession db, long organizationId, long survivorId, long duplicateId, DateTimeOffset now)
    {
        const string sql = """
            UPDATE gifts SET donor_id = @survivorId, updated_at = @now
            WHERE organization_id = @organizationId AND donor_id = @duplicateId
            RETURNING id
            """;
        return Sorted(db.Connection.Query<long>(sql, new { organizationId, survivorId, duplicateId, now }, db.Transaction));
    }

    public void DeleteSoftCredits(DbSession db, long organizationId, IReadOnlyList<long> creditIds)
    {
        const string sql = "DELETE FROM gift_soft_credits WHERE organization_id = @organizationId AND id = @creditId";
        foreach (var creditId in creditIds)
            db.Connection.Execute(sql, new { organizationId, creditId }, db.Transaction);
    }

    public IReadOnlyList<long> MoveSoftCredits(DbSession db, long organizationId, long survivorId, long duplicateId)
    {
        const string sql = """
            UPDATE gift_soft_credits SET donor_id = @survivorId
            WHERE organization_id = @organizationId AND donor_id = @duplicateId
            RETURNING id
            """;
        return Sorted(db.Connection.Query<long>(sql, new { organizationId, survivorId, duplicateId }, db.Transaction));
    }

    public IReadOnlyList<long> MoveMemberships(DbSession db, long organizationId, long survivorId, long duplicateId, DateTimeOffset now)
    {
        const string sql = """
            UPDATE memberships SET donor_id = @survivorId, updated_at = @now
            WHERE organization_id = @organizationId AND donor_id = @duplicateId
            RETURNING id
            """;
        return Sorted(db.Connection.Query<long>(sql, new { organizationId, survivorId, duplicateId, now }, db.Transaction));
    }

    public IReadOnlyList<long> MoveRecurringDonations(DbSession db, long organizationId, long survivorId, long duplicateId, DateTimeOffset now)
    {
        const string sql = """
            UPDATE recurring_donations SET donor_id = @survivorId, updated_at = @now
            WHERE organization_id = @organizationId AND donor_id = @duplicateId
            RETURNING id
            """;
        return Sorted(db.Connection.Query<long>(sql, new { organizationId, survivorId, duplicateId, now }, db.Transaction));
    }

    /// <summary>Receipts keep their number and stored content (what was issued stays issued); only the donor they list under changes.</summary>
    public IReadOnlyList<long> MoveReceipts(DbSession db, long organizationId, long survivorId, long duplicateId)
    {
        const string sql = """
            UPDATE receipts SET donor_id = @survivorId
            WHERE organization_id = @organizationId AND donor_id = @duplicateId
            RETURNING id
            """;
        return Sorted(db.Connection.Query<long>(sql, new { organizationId, survivorId, duplicateId }, db.Transaction));
    }

    /// <summary>The member organization whose dues the duplicate stood for, now paid by the survivor; null when it stood for none.</summary>
    public long? MoveDuesPayerLink(DbSession db, long organizationId, long survivorId, long duplicateId)
    {
        const string sql = """
            UPDATE alliance_dues_payers SET donor_id = @survivorId
            WHERE organization_id = @organizationId AND donor_id = @duplicateId
            RETURNING member_organization_id
            """;
        return db.Connection.QuerySingleOrDefault<long?>(sql, new { organizationId, survivorId, duplicateId }, db.Transaction);
    }

    public IReadOnlyList<long> MoveFundedCampaigns(DbSession db, long organizationId, long survivorId, long duplicateId, DateTimeOffset now)
    {
        const string sql = """
            UPDATE matching_campaigns SET funder_donor_id = @survivorId, updated_at = @now
            WHERE organization_id = @organizationId AND funder_donor_id = @duplicateId
            RETURNING id
            """;
        return Sorted(db.Connection.Query<long>(sql, new { organizationId, survivorId, duplicateId, now }, db.Transaction));
    }

    /// <summary>Grants the duplicate funded now name the survivor, whose gifts (moved with them) keep paying their installments.</summary>
    public IReadOnlyList<long> MoveFundedGrants(DbSession db, long organizationId, long survivorId, long duplicateId, DateTimeOffset now)
    {
        const string sql = """
            UPDATE grants SET funder_donor_id = @survivorId, updated_at = @now
            WHERE organization_id = @organizationId AND funder_donor_id = @duplicateId
            RETURNING id
            """;
        return Sorted(db.Connection.Query<long>(sql, new { organizationId, survivorId, duplicateId, now }, db.Transaction));
    }

    /// <summary>Pledges the duplicate made now belong to the survivor, whose gifts (moved with them) keep paying their installments.</summary>
    public IReadOnlyList<long> MovePledges(DbSession db, long organizationId, long survivorId, long duplicateId, DateTimeOffset now)
    {
        const string sql = """
            UPDATE pledges SET donor_id = @survivorId, updated_at = @now
            WHERE organization_id = @organizationId AND donor_id = @duplicateId
            RETURNING id
            """;
        return Sorted(db.Connection.Query<long>(sql, new { organizationId, survivorId, duplicateId, now }, db.Transaction));
    }

    /// <summary>Messages written to the duplicate are listed with the survivor; what was sent stays as it was sent. Returns how many moved.</summary>
    public int MoveOutboxMessages(DbSession db, long organizationId, long survivorId, long duplicateId)
    {
        const string sql = "UPDATE email_outbox SET donor_id = @survivorId WHERE organization_id = @organizationId AND donor_id = @duplicateId";
        return db.Connection.Execute(sql, new { organizationId, survivorId, duplicateId }, db.Transaction);
    }

    /// <summary>The previous system's ids an import recorded for the duplicate now lead to the survivor; returns the ids moved.</summary>
    public IReadOnlyList<string> MoveImportKeys(DbSession db, long organizationId, long survivorId, long duplicateId)
    {
        const string sql = """
            UPDATE import_donor_keys SET donor_id = @survivorId
            WHERE organization_id = @organizationId AND donor_id = @duplicateId
            RETURNING external_id
            """;
        var keys = db.Connection.Query<string>(sql, new { organizationId, survivorId, duplicateId }, db.Transaction).AsList();
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>The survivor took the union of tags in its own update; the duplicate keeps none, so tag lists never show it.</summary>
    public void ClearTags(DbSession db, long organizationId, long donorId)
    {
        const string sql = "DELETE FROM donor_tags WHERE organization_id = @organizationId AND donor_id = @donorId";
        db.Connection.Execute(sql, new { organizationId, donorId }, db.Transaction);
    }

    /// <summary>Marks the duplicate merged, and re-points donors merged into it earlier, so every old link reaches the survivor in one step.</summary>
    public void MarkMerged(DbSession db, long organizationId, long survivorId, long duplicateId, DateTimeOffset now)
    {
        const string earlier = """
            UPDATE donors SET merged_into_id = @survivorId, updated_at = @now
            WHERE organization_id = @organizationId AND merged_into_id = @duplicateId
            """;
        const string duplicate = """
            UPDATE donors SET merged_into_id = @survivorId, updated_at = @now
            WHERE organization_id = @organizationId AND id = @duplicateId
            """;
        db.Connection.Execute(earlier, new { organizationId, survivorId, duplicateId, now }, db.Transaction);
        db.Connection.Execute(duplicate, new { organizationId, survivorId, duplicateId, now }, db.Transaction);
    }

    private static List<long> Sorted(IEnumerable<long> ids)
    {
        var list = ids.AsList();
        list.Sort();
        return list;
    }
}
