using System.Data.Common;
using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;

namespace DonorTrack.Core.Matching;

/// <summary>Matching campaigns, their participants with running totals, and stored allocations.</summary>
public sealed class MatchingRepository
{
    private const string Columns = """
        c.id, c.organization_id, c.name, c.funder_donor_id, c.pool_cents, c.ratio_numerator, c.ratio_denominator, c.per_gift_cap_cents,
        c.per_donor_cap_cents, c.starts_on, c.ends_on, c.eligibility, c.eligible_methods, c.eligible_categories, c.eligible_donor_kinds,
        c.recurring_multiplier, c.deductible_portion_only, c.kind, c.threshold_cents, c.claim_gift_id, c.created_at, c.updated_at
        """;

    // A participant row counts only once accepted (the running organization's own row is accepted when written) and, for
    // another organization, only while it is a current member of the running alliance: until then none of its gifts are
    // allocated and the campaign is not shown to it. Needs the campaign as c and the participant as p.
    private const string TakesPart = """
        p.accepted_at IS NOT NULL
        AND (p.organization_id = c.organization_id
             OR EXISTS (SELECT 1 FROM alliance_members m WHERE m.alliance_id = c.organization_id AND m.member_id = p.organization_id AND m.left_on IS NULL))
        """;

    /// <summary>The campaign when <paramref name="organizationId"/> runs it or takes part in it; null otherwise.</summary>
    public MatchingCampaign? FindVisible(DbSession db, long organizationId, long campaignId)
    {
        const string sql = $"""
            SELECT {Columns} FROM matching_campaigns c
            WHERE c.id = @campaignId
              AND (c.organization_id = @organizationId
                   OR EXISTS (SELECT 1 FROM matching_participants p WHERE p.campaign_id = c.id AND p.organization_id = @organizationId AND {TakesPart}))
            """;
        return db.Connection.QuerySingleOrDefault<MatchingCampaign>(sql, new { organizationId, campaignId }, db.Transaction);
    }

    public IReadOnlyList<MatchingCampaign> ListVisible(DbSession db, long organizationId)
    {
        const string sql = $"""
            SELECT {Columns} FROM matching_campaigns c
            WHERE c.organization_id = @organizationId
               OR EXISTS (SELECT 1 FROM matching_participants p WHERE p.campaign_id = c.id AND p.organization_id = @organizationId AND {TakesPart})
            ORDER BY c.starts_on DESC, c.id DESC
            """;
        return db.Connection.Query<MatchingCampaign>(sql, new { organizationId }, db.Transaction).AsList();
    }

    /// <summary>Campaigns <paramref name="organizationId"/> takes part in whose window (or look-back) a gift on <paramref name="receivedOn"/> may touch.</summary>
    public IReadOnlyList<MatchingCampaign> TouchedBy(DbSession db, long organizationId, DateOnly receivedOn)
    {
        const string sql = $"""
            SELECT {Columns} FROM matching_campaigns c
            JOIN matching_participants p ON p.campaign_id = c.id
            WHERE p.organization_id = @organizationId AND c.ends_on >= @receivedOn AND {TakesPart}
            ORDER BY c.id
            """;
        return db.Connection.Query<MatchingCampaign>(sql, new { organizationId, receivedOn }, db.Transaction).AsList();
    }

    public long Insert(DbSession db, long organizationId, MatchingCampaignInput input, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO matching_campaigns (organization_id, name, funder_donor_id, pool_cents, ratio_numerator, ratio_denominator,
                per_gift_cap_cents, per_donor_cap_cents, starts_on, ends_on, eligibility, eligible_methods, eligible_categories,
                eligible_donor_kinds, recurring_multiplier, deductible_portion_only, kind, threshold_cents, created_at, updated_at)
            VALUES (@organizationId, @name, @funderDonorId, @poolCents, @numerator, @denominator, @perGiftCapCents, @perDonorCapCents,
                @startsOn, @endsOn, @eligibility, @methods, @categories, @donorKinds, @recurringMultiplier, @deductiblePortionOnly,
                @kind, @thresholdCents, @now, @now)
            RETURNING id
            """;
        return db.Connection.ExecuteScalar<long>(sql, Arguments(organizationId, 0, input, now), db.Transaction);
    }

    public void Update(DbSession db, long organizationId, long campaignId, MatchingCampaignInput input, DateTimeOffset now)
    {
        const string sql = """
            UPDATE matching_campaigns SET name = @name, funder_donor_id = @funderDonorId, pool_cents = @poolCents,
                ratio_numerator = @numerator, ratio_denominator = @denominator, per_gift_cap_cents = @perGiftCapCents,
                per_donor_cap_cents = @perDonorCapCents, starts_on = @startsOn, ends_on = @endsOn, eligibility = @eligibility,
                eligible_methods = @methods, eligible_categories = @categories, eligible_donor_kinds = @donorKinds,
                recurring_multiplier = @recurringMultiplier, deductible_portion_only = @deductiblePortionOnly, kind = @kind,
                threshold_cents = @thresholdCents, updated_at = @now
            WHERE organization_id = @organizationId AND id = @campaignId
            """;
        db.Connection.Execute(sql, Arguments(organizationId, campaignId, input, now), db.Transaction);
    }

    public void SetClaimGift(DbSession db, long organizationId, long campaignId, long giftId, DateTimeOffset now)
    {
        const string sql = """
            UPDATE matching_campaigns SET claim_gift_id = @giftId, updated_at = @now
            WHERE organization_id = @organizationId AND id = @campaignId
            """;
        db.Connection.Execute(sql, new { organizationId, campaignId, giftId, now }, db.Transaction);
    }

    /// <summary>The organizations that take part (accepted, and current members): the allocator, progress and claims read only these.</summary>
    public IReadOnlyList<MatchingParticipantTotals> Participants(DbSession db, long campaignId)
    {
        const string sql = $"""
            SELECT p.organization_id, o.name AS organization_name, p.cap_cents, p.raised_cents, p.matched_cents, p.gift_count, p.donor_count
            FROM matching_participants p JOIN organizations o ON o.id = p.organization_id JOIN matching_campaigns c ON c.id = p.campaign_id
            WHERE p.campaign_id = @campaignId AND {TakesPart}
            ORDER BY o.name, p.organization_id
            """;
        return db.Connection.Query<MatchingParticipantTotals>(sql, new { campaignId }, db.Transaction).AsList();
    }

    /// <summary>Named participants that do not take part: not yet accepted, or no longer current members.</summary>
    public IReadOnlyList<MatchingParticipantTotals> ParticipantsNotTakingPart(DbSession db, long campaignId)
    {
        const string sql = $"""
            SELECT p.organization_id, o.name AS organization_name, p.cap_cents, p.raised_cents, p.matched_cents, p.gift_count, p.donor_count
            FROM matching_participants p JOIN organizations o ON o.id = p.organization_id JOIN matching_campaigns c ON c.id = p.campaign_id
            WHERE p.campaign_id = @campaignId AND NOT ({TakesPart})
            ORDER BY o.name, p.organization_id
            """;
        return db.Connection.Query<MatchingParticipantTotals>(sql, new { campaignId }, db.Transaction).AsList();
    }

    /// <summary>Every organization named on the campaign, taking part or not.</summary>
    public IReadOnlyList<long> NamedParticipantIds(DbSession db, long campaignId)
    {
        const string sql = "SELECT organization_id FROM matching_participants WHERE campaign_id = @campaignId";
        return db.Connection.Query<long>(sql, new { campaignId }, db.Transaction).AsList();
    }

    /// <summary>Writes a participant; <paramref name="acceptedAt"/> is set only on a new row (the running organization's own).</summary>
    public void UpsertParticipant(DbSession db, long campaignId, long organizationId, long? capCents, DateTimeOffset? acceptedAt)
    {
        const string sql = """
            INSERT INTO matching_participants (campaign_id, organization_id, cap_cents, accepted_at) VALUES (@campaignId, @organizationId, @capCents, @acceptedAt)
            ON CONFLICT (campaign_id, organization_id) DO UPDATE SET cap_cents = excluded.cap_cents
            """;
        db.Connection.Execute(sql, new { campaignId, organizationId, capCents, acceptedAt }, db.Transaction);
    }

    /// <summary>Campaigns of other organizations that name <paramref name="organizationId"/> and wait for its admin's answer.</summary>
    public IReadOnlyList<MatchingParticipationRequest> ParticipationRequests(DbSession db, long organizationId)
    {
        const string sql = """
            SELECT c.id AS campaign_id, c.name AS campaign_name, o.name AS owner_name, c.starts_on, c.ends_on, c.pool_cents, p.cap_cents
            FROM matching_participants p JOIN matching_campaigns c ON c.id = p.campaign_id JOIN organizations o ON o.id = c.organization_id
            WHERE p.organization_id = @organizationId AND p.accepted_at IS NULL
            ORDER BY c.starts_on, c.id
            """;
        return db.Connection.Query<MatchingParticipationRequest>(sql, new { organizationId }, db.Transaction).AsList();
    }

    public bool AcceptParticipation(DbSession db, long campaignId, long organizationId, DateTimeOffset now)
    {
        const string sql = """
            UPDATE matching_participants SET accepted_at = @now
            WHERE campaign_id = @campaignId AND organization_id = @organizationId AND accepted_at IS NULL
            """;
        return db.Connection.Execute(sql, new { campaignId, organizationId, now }, db.Transaction) == 1;
    }

    public bool IsParticipationRequested(DbSession db, long campaignId, long organizationId)
    {
        const string sql = "SELECT count(*) FROM matching_participants WHERE campaign_id = @campaignId AND organization_id = @organizationId AND accepted_at IS NULL";
        return db.Connection.ExecuteScalar<long>(sql, new { campaignId, organizationId }, db.Transaction) > 0;
    }

    /// <summary>Campaigns run by <paramref name="allianceId"/> that name <paramref name="memberId"/> as an accepted participant.</summary>
    public IReadOnlyList<MatchingCampaign> NamingParticipant(DbSession db, long allianceId, long memberId)
    {
        const string sql = $"""
            SELECT {Columns} FROM matching_campaigns c
            JOIN matching_participants p ON p.campaign_id = c.id
            WHERE c.organization_id = @allianceId AND p.organization_id = @memberId AND p.accepted_at IS NOT NULL
            ORDER BY c.id
            """;
        return db.Connection.Query<MatchingCampaign>(sql, new { allianceId, memberId }, db.Transaction).AsList();
    }

    /// <summary>Removes a participant and its allocations (the caller re-runs the campaign in the same transaction).</summary>
    public void RemoveParticipant(DbSession db, long campaignId, long organizationId)
    {
        const string allocations = "DELETE FROM matching_allocations WHERE campaign_id = @campaignId AND organization_id = @organizationId";
        const string participant = "DELETE FROM matching_participants WHERE campaign_id = @campaignId AND organization_id = @organizationId";
        db.Connection.Execute(allocations, new { campaignId, organizationId }, db.Transaction);
        db.Connection.Execute(participant, new { campaignId, organizationId }, db.Transaction);
    }

    public void SetParticipantTotals(DbSession db, long campaignId, OrganizationMatchingTotals totals)
    {
        const string sql = """
            UPDATE matching_participants SET raised_cents = @RaisedCents, matched_cents = @MatchedCents, gift_count = @GiftCount, donor_count = @DonorCount
            WHERE campaign_id = @campaignId AND organization_id = @OrganizationId
            """;
        var args = new DynamicParameters(totals);
        args.Add("campaignId", campaignId);
        db.Connection.Execute(sql, args, db.Transaction);
    }

    /// <summary>Adds one allocated gift to an organization's running totals (the incremental path).</summary>
    public void AddToParticipantTotals(DbSession db, long campaignId, long organizationId, long netCents, long matchedCents, bool newDonor)
    {
        const string sql = """
            UPDATE matching_participants SET raised_cents = raised_cents + @netCents, matched_cents = matched_cents + @matchedCents,
                gift_count = gift_count + 1, donor_count = donor_count + @donorIncrement
            WHERE campaign_id = @campaignId AND organization_id = @organizationId
            """;
        db.Connection.Execute(sql, new { campaignId, organizationId, netCents, matchedCents, donorIncrement = newDonor ? 1 : 0 }, db.Transaction);
    }

    public long MatchedCents(DbSession db, long campaignId)
    {
        const string sql = $"""
            SELECT coalesce(sum(p.matched_cents), 0) FROM matching_participants p JOIN matching_campaigns c ON c.id = p.campaign_id
            WHERE p.campaign_id = @campaignId AND {TakesPart}
            """;
        return db.Connection.QuerySingle<long>(sql, new { campaignId }, db.Transaction);
    }

    /// <summary>How many gifts of this donor the campaign already allocated and what they were matched.</summary>
    public (long Gifts, long MatchedCents) DonorTally(DbSession db, long campaignId, long organizationId, long donorId)
    {
        const string sql = """
            SELECT count(*), coalesce(sum(matched_cents), 0) FROM matching_allocations
            WHERE campaign_id = @campaignId AND organization_id = @organizationId AND donor_id = @donorId
            """;
        return db.Connection.QuerySingle<(long, long)>(sql, new { campaignId, organizationId, donorId }, db.Transaction);
    }

    /// <summary>The last allocated gift in walk order (received on, then id); null when none.</summary>
    public StoredMatchingAllocation? LastInWalk(DbSession db, long campaignId)
    {
        const string sql = """
            SELECT gift_id, organization_id, donor_id, received_on, net_cents, matchable_base_cents, matched_cents
            FROM matching_allocations WHERE campaign_id = @campaignId
            ORDER BY received_on DESC, gift_id DESC LIMIT 1
            """;
        return db.Connection.QueryFirstOrDefault<StoredMatchingAllocation>(sql, new { campaignId }, db.Transaction);
    }

    public bool HasAllocation(DbSession db, long campaignId, long giftId)
    {
        const string sql = "SELECT count(*) FROM matching_allocations WHERE campaign_id = @campaignId AND gift_id = @giftId";
        return db.Connection.ExecuteScalar<long>(sql, new { campaignId, giftId }, db.Transaction) > 0;
    }

    public IReadOnlyList<StoredMatchingAllocation> Allocations(DbSession db, long campaignId)
    {
        // A plain reader, the day as a number: a full run reads every stored row to diff against, and Dapper's record mapping
        // and date parsing cost more than the query.
        const string sql = """
            SELECT gift_id, organization_id, donor_id, unixepoch(received_on) / 86400, net_cents, matchable_base_cents, matched_cents
            FROM matching_allocations WHERE campaign_id = @campaignId
            ORDER BY received_on, gift_id
            """;
        using var command = Command(db, sql);
        Add(command, "@campaignId", campaignId);
        using var reader = command.ExecuteReader();
        var rows = new List<StoredMatchingAllocation>();
        while (reader.Read())
        {
            rows.Add(new StoredMatchingAllocation(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), Day(reader.GetInt64(3)),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
        }
        return rows;
    }

    /// <summary>Writes a full run's diff against the stored rows: one prepared command per kind of change, reused for every row.</summary>
    public void WriteAllocationChanges(
        DbSession db, long campaignId, IReadOnlyCollection<StoredMatchingAllocation> inserted, IReadOnlyCollection<StoredMatchingAllocation> updated,
        IReadOnlyCollection<long> deletedGiftIds)
    {
        const string insertSql = """
            INSERT INTO matching_allocations (campaign_id, gift_id, organization_id, donor_id, received_on, net_cents, matchable_base_cents, matched_cents)
            VALUES (@campaignId, @giftId, @organizationId, @donorId, @receivedOn, @netCents, @matchableBaseCents, @matchedCents)
            """;
        const string updateSql = """
            UPDATE matching_allocations SET organization_id = @organizationId, donor_id = @donorId, received_on = @receivedOn,
                net_cents = @netCents, matchable_base_cents = @matchableBaseCents, matched_cents = @matchedCents
            WHERE campaign_id = @campaignId AND gift_id = @giftId
            """;
        const string deleteSql = "DELETE FROM matching_allocations WHERE campaign_id = @campaignId AND gift_id = @giftId";
        if (deletedGiftIds.Count > 0)
        {
            using var delete = Command(db, deleteSql);
            Add(delete, "@campaignId", campaignId);
            var giftId = Add(delete, "@giftId", 0L);
            delete.Prepare();
            foreach (var id in deletedGiftIds)
            {
                giftId.Value = id;
                delete.ExecuteNonQuery();
            }
        }
        WriteRows(db, insertSql, campaignId, inserted);
        WriteRows(db, updateSql, campaignId, updated);
    }

    private static void WriteRows(DbSession db, string sql, long campaignId, IReadOnlyCollection<StoredMatchingAllocation> rows)
    {
        if (rows.Count == 0)
            return;
        using var command = Command(db, sql);
        Add(command, "@campaignId", campaignId);
        var giftId = Add(command, "@giftId", 0L);
        var organizationId = Add(command, "@organizationId", 0L);
        var donorId = Add(command, "@donorId", 0L);
        var receivedOn = Add(command, "@receivedOn", "");
        var netCents = Add(command, "@netCents", 0L);
        var matchableBaseCents = Add(command, "@matchableBaseCents", 0L);
        var matchedCents = Add(command, "@matchedCents", 0L);
        command.Prepare();
        foreach (var row in rows)
        {
            giftId.Value = row.GiftId;
            organizationId.Value = row.OrganizationId;
            donorId.Value = row.DonorId;
            receivedOn.Value = DapperConfiguration.ToText(row.ReceivedOn);
            netCents.Value = row.NetCents;
            matchableBaseCents.Value = row.MatchableBaseCents;
            matchedCents.Value = row.MatchedCents;
            command.ExecuteNonQuery();
        }
    }

    public void InsertAllocation(DbSession db, long campaignId, StoredMatchingAllocation allocation)
    {
        const string sql = """
            INSERT INTO matching_allocations (campaign_id, gift_id, organization_id, donor_id, received_on, net_cents, matchable_base_cents, matched_cents)
            VALUES (@campaignId, @GiftId, @OrganizationId, @DonorId, @ReceivedOn, @NetCents, @MatchableBaseCents, @MatchedCents)
            """;
        db.Connection.Execute(sql, AllocationArguments(campaignId, allocation), db.Transaction);
    }

    public void UpdateAllocation(DbSession db, long campaignId, StoredMatchingAllocation allocation)
    {
        const string sql = """
            UPDATE matching_allocations SET net_cents = @NetCents, matchable_base_cents = @MatchableBaseCents, matched_cents = @MatchedCents,
                received_on = @ReceivedOn, donor_id = @DonorId
            WHERE campaign_id = @campaignId AND gift_id = @GiftId
            """;
        db.Connection.Execute(sql, AllocationArguments(campaignId, allocation), db.Transaction);
    }

    public void DeleteAllocation(DbSession db, long campaignId, long giftId)
    {
        const string sql = "DELETE FROM matching_allocations WHERE campaign_id = @campaignId AND gift_id = @giftId";
        db.Connection.Execute(sql, new { campaignId, giftId }, db.Transaction);
    }

    /// <summary>An organization's allocated gifts with donor names, for that organization's own eyes only.</summary>
    public IReadOnlyList<MatchingGiftRow> GiftsOf(DbSession db, long campaignId, long organizationId)
    {
        const string sql = """
            SELECT a.gift_id, a.received_on, a.net_cents, a.matched_cents, a.donor_id, d.kind AS donor_kind, d.first_name, d.last_name, d.organization_name,
                d.anonymous
            FROM matching_allocations a JOIN donors d ON d.id = a.donor_id
            WHERE a.campaign_id = @campaignId AND a.organization_id = @organizationId
            ORDER BY a.received_on, a.gift_id
            """;
        return db.Connection.Query<MatchingGiftRow>(sql, new { campaignId, organizationId }, db.Transaction).AsList();
    }

    /// <summary>Gifts of the given organizations received in [from, through], as the allocator reads them.</summary>
    public IReadOnlyList<CandidateGift> Candidates(DbSession db, IReadOnlyList<long> organizationIds, DateOnly from, DateOnly through)
    {
        // One range of the covering ix_gifts_matching per organization, with one prepared command, read with a plain reader:
        // at 200k rows the cost is per column fetched (each is two native calls), so Dapper's mapping, the organization id
        // (known per range) and separate word columns are left out.
        const string sql = $"""
            {CandidateSelect}
            WHERE g.organization_id = @organizationId AND g.received_on >= @from AND g.received_on <= @through
            """;
        using var command = Command(db, sql);
        var organization = Add(command, "@organizationId", 0L);
        Add(command, "@from", DapperConfiguration.ToText(from));
        Add(command, "@through", DapperConfiguration.ToText(through));
        command.Prepare();
        var words = new Dictionary<string, GiftWords>(StringComparer.Ordinal);
        var gifts = new List<CandidateGift>();
        foreach (var organizationId in organizationIds.Distinct())
        {
            organization.Value = organizationId;
            using var reader = command.ExecuteReader();
            while (reader.Read())
                gifts.Add(ReadCandidate(reader, organizationId, words));
        }
        return gifts;
    }

    public CandidateGift? Candidate(DbSession db, long organizationId, long giftId)
    {
        const string sql = $"""
            {CandidateSelect}
            WHERE g.organization_id = @organizationId AND g.id = @giftId
            """;
        using var command = Command(db, sql);
        Add(command, "@organizationId", organizationId);
        Add(command, "@giftId", giftId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadCandidate(reader, organizationId, []) : null;
    }

    /// <summary>
    /// Each donor's counted giving (completed or partially refunded, net of refunds, something kept) to the given organizations
    /// in [from, through], summed in SQL: the same totals <see cref="DonorPriorHistory.FromPriorGifts"/> gives from the gifts.
    /// </summary>
    public IReadOnlyList<DonorPriorHistory> PriorHistory(DbSession db, IReadOnlyList<long> organizationIds, DateOnly from, DateOnly through)
    {
        const string sql = $$"""
            SELECT donor_id, sum(amount_cents - refunded_cents) FROM gifts
            WHERE organization_id = @organizationId AND received_on >= @from AND received_on <= @through
              AND status IN {{GiftRules.CountedStatusList}} AND amount_cents > refunded_cents
            GROUP BY donor_id
            ORDER BY donor_id
            """;
        using var command = Command(db, sql);
        var organization = Add(command, "@organizationId", 0L);
        Add(command, "@from", DapperConfiguration.ToText(from));
        Add(command, "@through", DapperConfiguration.ToText(through));
        command.Prepare();
        var history = new List<DonorPriorHistory>();
        foreach (var organizationId in organizationIds.Distinct().Order())
        {
            organization.Value = organizationId;
            using var reader = command.ExecuteReader();
            while (reader.Read())
                history.Add(new DonorPriorHistory(organizationId, reader.GetInt64(0), reader.GetInt64(1), HadCompletedGift: true));
        }
        return history;
    }

    /// <summary>The donor's completed giving to the organization in [from, through], net of refunds; (0, 0) when none.</summary>
    public (long Gifts, long NetCents) PriorGiving(DbSession db, long organizationId, long donorId, DateOnly from, DateOnly through)
    {
        const string sql = $$"""
            SELECT count(*), coalesce(sum(amount_cents - refunded_cents), 0) FROM gifts
            WHERE organization_id = @organizationId AND donor_id = @donorId AND received_on >= @from AND received_on <= @through
              AND status IN {{GiftRules.CountedStatusList}} AND amount_cents > refunded_cents
            """;
        return db.Connection.QuerySingle<(long, long)>(sql, new { organizationId, donorId, from, through }, db.Transaction);
    }

    private static object Arguments(long organizationId, long campaignId, MatchingCampaignInput input, DateTimeOffset now)
    {
        var rules = MatchingRules.FromInput(input);
        return new
        {
            organizationId,
            campaignId,
            name = input.Name!.Trim(),
            funderDonorId = input.FunderDonorId,
            poolCents = rules.PoolCents,
            numerator = rules.Ratio.Numerator,
            denominator = rules.Ratio.Denominator,
            perGiftCapCents = rules.PerGiftCapCents,
            perDonorCapCents = rules.PerDonorCapCents,
            startsOn = rules.StartsOn,
            endsOn = rules.EndsOn,
            eligibility = rules.Eligibility,
            methods = MatchingCampaign.Stored(rules.EligibleMethods),
            categories = MatchingCampaign.Stored(rules.EligibleCategories),
            donorKinds = MatchingCampaign.Stored(rules.EligibleDonorKinds),
            recurringMultiplier = rules.RecurringMultiplier,
            deductiblePortionOnly = rules.DeductiblePortionOnly,
            kind = rules.Kind,
            thresholdCents = rules.ThresholdCents,
            now,
        };
    }

    private static DynamicParameters AllocationArguments(long campaignId, StoredMatchingAllocation allocation)
    {
        var args = new DynamicParameters(allocation);
        args.Add("campaignId", campaignId);
        return args;
    }

    // The four words travel as one space-separated column (none contains a space): one fetch instead of four.
    // The day is unixepoch's whole days since 1970-01-01, read as a number instead of text to parse.
    private const string CandidateSelect = """
        SELECT g.id, g.donor_id, d.kind || ' ' || g.method || ' ' || g.category || ' ' || g.status, g.amount_cents, g.refunded_cents,
               g.benefit_value_cents, unixepoch(g.received_on) / 86400, r.id, r.starts_on
        FROM gifts g JOIN donors d ON d.id = g.donor_id
        LEFT JOIN recurring_donations r ON r.organization_id = g.organization_id AND r.id = g.recurring_donation_id
        """;

    private static readonly int UnixEpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    // A day selected as unixepoch(date) / 86400.
    private static DateOnly Day(long daysSinceUnixEpoch) => DateOnly.FromDayNumber(UnixEpochDayNumber + checked((int)daysSinceUnixEpoch));

    private static CandidateGift ReadCandidate(DbDataReader reader, long organizationId, Dictionary<string, GiftWords> seen)
    {
        var text = reader.GetString(2);
        if (!seen.TryGetValue(text, out var words))
        {
            var parts = text.Split(' ');
            words = new GiftWords(parts[0], parts[1], parts[2], parts[3]);
            seen.Add(text, words);
        }
        RecurringInstallment? recurring = reader.IsDBNull(7) ? null : new RecurringInstallment(reader.GetInt64(7), StoredDate(reader.GetString(8)));
        return new CandidateGift(reader.GetInt64(0), organizationId, reader.GetInt64(1), words.DonorKind, reader.GetInt64(3), reader.GetInt64(4),
            reader.GetInt64(5), Day(reader.GetInt64(6)), words.Method, words.Category, words.Status, recurring);
    }

    // One string per distinct combination, shared by every gift that has it.
    private sealed record GiftWords(string DonorKind, string Method, string Category, string Status);

    // The schema's CHECK keeps dates to 'yyyy-MM-dd'; reading the digits directly is several times cheaper than ParseExact.
    private static DateOnly StoredDate(string text) =>
        text.Length == 10 && text[4] == '-' && text[7] == '-'
            && Digits(text, 0, 4) is var year and >= 0 && Digits(text, 5, 2) is var month and >= 0 && Digits(text, 8, 2) is var day and >= 0
            ? new DateOnly(year, month, day)
            : DapperConfiguration.ParseDate(text);

    // The number the digits spell, or -1 when one is not a digit.
    private static int Digits(string text, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
                return -1;
            value = value * 10 + digit;
        }
        return value;
    }

    private static DbCommand Command(DbSession db, string sql)
    {
        var command = db.Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Transaction;
        return command;
    }

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}

/// <summary>An allocated gift with its donor's name parts, as read for the organization that received it.</summary>
public sealed record MatchingGiftRow(
    long GiftId, DateOnly ReceivedOn, long NetCents, long MatchedCents, long DonorId, DonorKind DonorKind, string? FirstName, string? LastName, string? OrganizationName,
    bool Anonymous)
{
    /// <summary>The line for the organization's own screens: its donors by name.</summary>
    public MatchingGiftLine ToLine(bool withDonorName) =>
        new(GiftId, ReceivedOn, NetCents, MatchedCents, withDonorName ? DonorId : null,
            withDonorName ? MatchingNames.Donor(DonorKind, FirstName, LastName, OrganizationName) : null);

    /// <summary>The line for the claim sent to the funder: a donor who asked to stay anonymous is "Anonymous" there.</summary>
    public MatchingGiftLine ToClaimLine(bool withDonorName) =>
        Anonymous && withDonorName ? ToLine(withDonorName) with { DonorName = MatchingNames.AnonymousDonor } : ToLine(withDonorName);
}
