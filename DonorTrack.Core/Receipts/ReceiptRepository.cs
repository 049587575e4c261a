using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;

namespace DonorTrack.Core.Receipts;

/// <summary>Receipt rows, their gift links, numbering sequences and receipt settings. Receipts are never deleted or edited, only voided.</summary>
public sealed class ReceiptRepository
{
    private const string Columns = """
        id, organization_id, number, sequence_year, sequence_number, kind, donor_id, gift_id, period_start, period_end, currency,
        total_cents, benefit_cents, deductible_cents, issued_at, issued_by, replaces_receipt_id, voided_at, voided_by, void_reason,
        content_hash, content_json
        """;

    // A household's statement is stored under its primary contact (receipts.donor_id); the lookups of a person's own
    // statements leave it out, and the household lookups below find it through household_statements.
    private const string NotHouseholdStatement = """
        NOT EXISTS (SELECT 1 FROM household_statements hs WHERE hs.organization_id = receipts.organization_id AND hs.receipt_id = receipts.id)
        """;

    public ReceiptSettings Settings(DbSession db, long organizationId)
    {
        const string sql = """
            SELECT numbering_year, exclude_receipted_from_annual, signatory_title, logo_png, annual_statements
            FROM receipt_settings WHERE organization_id = @organizationId
            """;
        return db.Connection.QuerySingleOrDefault<ReceiptSettings>(sql, new { organizationId }, db.Transaction) ?? ReceiptSettings.Default;
    }

    public void SaveSettings(DbSession db, long organizationId, ReceiptSettingsInput input, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO receipt_settings (organization_id, numbering_year, exclude_receipted_from_annual, signatory_title, annual_statements, updated_at)
            VALUES (@organizationId, @NumberingYear, @ExcludeReceiptedFromAnnual, @SignatoryTitle, coalesce(@AnnualStatements, 'per_person'), @now)
            ON CONFLICT (organization_id) DO UPDATE SET numbering_year = excluded.numbering_year,
                exclude_receipted_from_annual = excluded.exclude_receipted_from_annual, signatory_title = excluded.signatory_title,
                annual_statements = coalesce(@AnnualStatements, receipt_settings.annual_statements), updated_at = excluded.updated_at
            """;
        db.Connection.Execute(sql, new { organizationId, input.NumberingYear, input.ExcludeReceiptedFromAnnual, input.SignatoryTitle, input.AnnualStatements, now }, db.Transaction);
    }

    public void SaveLogo(DbSession db, long organizationId, byte[]? logoPng, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO receipt_settings (organization_id, logo_png, updated_at) VALUES (@organizationId, @logoPng, @now)
            ON CONFLICT (organization_id) DO UPDATE SET logo_png = excluded.logo_png, updated_at = excluded.updated_at
            """;
        db.Connection.Execute(sql, new { organizationId, logoPng, now }, db.Transaction);
    }

    public IReadOnlyList<InsubstantialBenefitLimits> Limits(DbSession db, long organizationId)
    {
        const string sql = """
            SELECT tax_year, low_cost_article_cents, minimum_payment_cents, benefit_cap_cents
            FROM insubstantial_benefit_limits WHERE organization_id = @organizationId ORDER BY tax_year
            """;
        return db.Connection.Query<InsubstantialBenefitLimits>(sql, new { organizationId }, db.Transaction).AsList();
    }

    public void SaveLimits(DbSession db, long organizationId, InsubstantialBenefitLimitsInput input)
    {
        const string sql = """
            INSERT INTO insubstantial_benefit_limits (organization_id, tax_year, low_cost_article_cents, minimum_payment_cents, benefit_cap_cents)
            VALUES (@organizationId, @TaxYear, @LowCostArticleCents, @MinimumPaymentCents, @BenefitCapCents)
            ON CONFLICT (organization_id, tax_year) DO UPDATE SET low_cost_article_cents = excluded.low_cost_article_cents,
                minimum_payment_cents = excluded.minimum_payment_cents, benefit_cap_cents = excluded.benefit_cap_cents
            """;
        db.Connection.Execute(sql, new { organizationId, input.TaxYear, input.LowCostArticleCents, input.MinimumPaymentCents, input.BenefitCapCents }, db.Transaction);
    }

    /// <summary>Takes the next number of a year. Call inside the transaction that inserts the receipt: a rollback gives the number back.</summary>
    public long TakeNumber(DbSession db, long organizationId, long year)
    {
        // One statement both creates the year's sequence and bumps it; SQLite runs it under the write lock the
        // transaction holds (Microsoft.Data.Sqlite begins transactions IMMEDIATE), so concurrent issuers queue here.
        const string sql = """
            INSERT INTO receipt_sequences (organization_id, year, next_number) VALUES (@organizationId, @year, 2)
            ON CONFLICT (organization_id, year) DO UPDATE SET next_number = next_number + 1
            RETURNING next_number
            """;
        return db.Connection.ExecuteScalar<long>(sql, new { organizationId, year }, db.Transaction) - 1;
    }

    public IReadOnlyList<(long Year, long NextNumber)> Sequences(DbSession db, long organizationId)
    {
        const string sql = "SELECT year, next_number FROM receipt_sequences WHERE organization_id = @organizationId ORDER BY year";
        return db.Connection.Query<(long, long)>(sql, new { organizationId }, db.Transaction).AsList();
    }

    public IReadOnlyList<(long SequenceNumber, bool Voided)> NumbersOfYear(DbSession db, long organizationId, long year)
    {
        const string sql = """
            SELECT sequence_number, voided_at IS NOT NULL FROM receipts
            WHERE organization_id = @organizationId AND sequence_year = @year ORDER BY sequence_number
            """;
        return db.Connection.Query<(long, long)>(sql, new { organizationId, year }, db.Transaction).Select(r => (r.Item1, r.Item2 != 0)).AsList();
    }

    public long Insert(DbSession db, Receipt receipt)
    {
        const string sql = """
            INSERT INTO receipts (organization_id, number, sequence_year, sequence_number, kind, donor_id, gift_id, period_start, period_end, currency,
                total_cents, benefit_cents, deductible_cents, issued_at, issued_by, replaces_receipt_id, content_hash, content_json)
            VALUES (@OrganizationId, @Number, @SequenceYear, @SequenceNumber, @Kind, @DonorId, @GiftId, @PeriodStart, @PeriodEnd, @Currency,
                @TotalCents, @BenefitCents, @DeductibleCents, @IssuedAt, @IssuedBy, @ReplacesReceiptId, @ContentHash, @ContentJson)
            RETURNING id
            """;
        return db.Connection.ExecuteScalar<long>(sql, receipt, db.Transaction);
    }

    public void LinkGift(DbSession db, long organizationId, long receiptId, long giftId, long amountCents, long benefitCents, long deductibleCents)
    {
        const string sql = """
            INSERT INTO receipt_gifts (organization_id, receipt_id, gift_id, amount_cents, benefit_cents, deductible_cents)
            VALUES (@organizationId, @receiptId, @giftId, @amountCents, @benefitCents, @deductibleCents)
            """;
        db.Connection.Execute(sql, new { organizationId, receiptId, giftId, amountCents, benefitCents, deductibleCents }, db.Transaction);
    }

    public Receipt? Find(DbSession db, long organizationId, long receiptId)
    {
        const string sql = $"SELECT {Columns} FROM receipts WHERE organization_id = @organizationId AND id = @receiptId";
        return db.Connection.QuerySingleOrDefault<Receipt>(sql, new { organizationId, receiptId }, db.Transaction);
    }

    public Receipt? FindByNumber(DbSession db, long organizationId, string number)
    {
        const string sql = $"SELECT {Columns} FROM receipts WHERE organization_id = @organizationId AND number = @number";
        return db.Connection.QuerySingleOrDefault<Receipt>(sql, new { organizationId, number }, db.Transaction);
    }

    /// <summary>The standing (not voided) receipt of a gift, if one was issued.</summary>
    public Receipt? CurrentForGift(DbSession db, long organizationId, long giftId)
    {
        const string sql = $"""
            SELECT {Columns} FROM receipts
            WHERE organization_id = @organizationId AND gift_id = @giftId AND kind = 'gift' AND voided_at IS NULL
            """;
        return db.Connection.QuerySingleOrDefault<Receipt>(sql, new { organizationId, giftId }, db.Transaction);
    }

    /// <summary>The standing year-end statement of a donor for a period, if one was issued.</summary>
    public Receipt? CurrentAnnual(DbSession db, long organizationId, long donorId, DateOnly periodStart)
    {
        const string sql = $"""
            SELECT {Columns} FROM receipts
            WHERE organization_id = @organizationId AND donor_id = @donorId AND kind = 'annual' AND period_start = @periodStart AND voided_at IS NULL
              AND {NotHouseholdStatement}
            """;
        return db.Connection.QuerySingleOrDefault<Receipt>(sql, new { organizationId, donorId, periodStart }, db.Transaction);
    }

    /// <summary>The most recently voided year-end statement of a donor for a period: the one a new statement replaces.</summary>
    public Receipt? LatestVoidedAnnual(DbSession db, long organizationId, long donorId, DateOnly periodStart)
    {
        const string sql = $"""
            SELECT {Columns} FROM receipts
            WHERE organization_id = @organizationId AND donor_id = @donorId AND kind = 'annual' AND period_start = @periodStart AND voided_at IS NOT NULL
              AND {NotHouseholdStatement}
            ORDER BY id DESC LIMIT 1
            """;
        return db.Connection.QuerySingleOrDefault<Receipt>(sql, new { organizationId, donorId, periodStart }, db.Transaction);
    }

    /// <summary>Standing receipts of any kind that cover a gift.</summary>
    public IReadOnlyList<Receipt> CurrentCovering(DbSession db, long organizationId, long giftId)
    {
        const string sql = """
            SELECT r.id, r.organization_id, r.number, r.sequence_year, r.sequence_number, r.kind, r.donor_id, r.gift_id, r.period_start, r.period_end, r.currency,
                   r.total_cents, r.benefit_cents, r.deductible_cents, r.issued_at, r.issued_by, r.replaces_receipt_id, r.voided_at, r.voided_by, r.void_reason,
                   r.content_hash, r.content_json
            FROM receipt_gifts rg JOIN receipts r ON r.id = rg.receipt_id
            WHERE rg.organization_id = @organizationId AND rg.gift_id = @giftId AND r.voided_at IS NULL
            ORDER BY r.id
            """;
        return db.Connection.Query<Receipt>(sql, new { organizationId, giftId }, db.Transaction).AsList();
    }

    public IReadOnlyList<long> GiftIdsOf(DbSession db, long organizationId, long receiptId)
    {
        const string sql = "SELECT gift_id FROM receipt_gifts WHERE organization_id = @organizationId AND receipt_id = @receiptId ORDER BY gift_id";
        return db.Connection.Query<long>(sql, new { organizationId, receiptId }, db.Transaction).AsList();
    }

    public bool Void(DbSession db, long organizationId, long receiptId, string reason, string voidedBy, DateTimeOffset now)
    {
        const string sql = """
            UPDATE receipts SET voided_at = @now, voided_by = @voidedBy, void_reason = @reason
            WHERE organization_id = @organizationId AND id = @receiptId AND voided_at IS NULL
            """;
        return db.Connection.Execute(sql, new { organizationId, receiptId, reason, voidedBy, now }, db.Transaction) == 1;
    }

    public Paged<ReceiptListItem> List(DbSession db, long organizationId, long? donorId, PageRequest page)
    {
        const string sql = """
            SELECT r.id, r.number, r.kind, r.donor_id, d.kind AS donor_kind, d.first_name AS donor_first_name, d.last_name AS donor_last_name,
                   d.organization_name AS donor_organization_name, r.gift_id, r.period_start, r.period_end, r.currency, r.total_cents, r.deductible_cents,
                   r.issued_at, r.replaces_receipt_id, r.voided_at, r.void_reason
            FROM receipts r JOIN donors d ON d.id = r.donor_id
            WHERE r.organization_id = @organizationId AND (@donorId IS NULL OR r.donor_id = @donorId)
            ORDER BY r.id DESC
            LIMIT @limit OFFSET @offset
            """;
        const string count = "SELECT count(*) FROM receipts WHERE organization_id = @organizationId AND (@donorId IS NULL OR donor_id = @donorId)";
        var args = new { organizationId, donorId, limit = page.PageSize, offset = page.Offset };
        var items = db.Connection.Query<ReceiptListItem>(sql, args, db.Transaction).AsList();
        return new Paged<ReceiptListItem>(items, page.Page, page.PageSize, db.Connection.ExecuteScalar<long>(count, args, db.Transaction));
    }

    /// <summary>A donor's gifts received in a period that the organization kept money from, oldest first; optionally without gifts a standing per-gift receipt covers.</summary>
    public IReadOnlyList<Gift> KeptGiftsOfDonor(DbSession db, long organizationId, long donorId, DateOnly from, DateOnly to, bool excludeReceipted)
    {
        const string sql = $"""
            SELECT {GiftRepository.Columns} FROM gifts g
            WHERE g.organization_id = @organizationId AND g.donor_id = @donorId AND g.received_on BETWEEN @from AND @to
              AND g.status IN {GiftRules.CountedStatusList} AND g.refunded_cents < g.amount_cents
              AND (@excludeReceipted = 0 OR NOT EXISTS (
                    SELECT 1 FROM receipts r WHERE r.organization_id = g.organization_id AND r.gift_id = g.id AND r.kind = 'gift' AND r.voided_at IS NULL))
            ORDER BY g.received_on, g.id
            """;
        return db.Connection.Query<Gift>(sql, new { organizationId, donorId, from, to, excludeReceipted }, db.Transaction).AsList();
    }

    /// <summary>The kept gifts of several donors at once (see <see cref="KeptGiftsOfDonor"/>), ordered by donor, then oldest first.</summary>
    public IReadOnlyList<Gift> KeptGiftsOfDonors(DbSession db, long organizationId, IReadOnlyList<long> donorIds, DateOnly from, DateOnly to, bool excludeReceipted)
    {
        const string sql = $"""
            SELECT {GiftRepository.Columns} FROM gifts g
            WHERE g.organization_id = @organizationId AND g.donor_id IN @donorIds AND g.received_on BETWEEN @from AND @to
              AND g.status IN {GiftRules.CountedStatusList} AND g.refunded_cents < g.amount_cents
              AND (@excludeReceipted = 0 OR NOT EXISTS (
                    SELECT 1 FROM receipts r WHERE r.organization_id = g.organization_id AND r.gift_id = g.id AND r.kind = 'gift' AND r.voided_at IS NULL))
            ORDER BY g.donor_id, g.received_on, g.id
            """;
        return db.Connection.Query<Gift>(sql, new { organizationId, donorIds, from, to, excludeReceipted }, db.Transaction).AsList();
    }

    /// <summary>Several donors by id, without their tags (receipts print only names and addresses).</summary>
    public IReadOnlyList<Donor> DonorsOf(DbSession db, long organizationId, IReadOnlyList<long> donorIds)
    {
        const string sql = $"SELECT {DonorRepository.Columns} FROM donors d WHERE d.organization_id = @organizationId AND d.id IN @donorIds";
        return db.Connection.Query<Donor>(sql, new { organizationId, donorIds }, db.Transaction).AsList();
    }

    /// <summary>The year-end statements of several donors for a period, standing or voided, oldest first.</summary>
    public IReadOnlyList<Receipt> AnnualsOfDonors(DbSession db, long organizationId, IReadOnlyList<long> donorIds, DateOnly periodStart)
    {
        const string sql = $"""
            SELECT {Columns} FROM receipts
            WHERE organization_id = @organizationId AND donor_id IN @donorIds AND kind = 'annual' AND period_start = @periodStart
              AND {NotHouseholdStatement}
            ORDER BY id
            """;
        return db.Connection.Query<Receipt>(sql, new { organizationId, donorIds, periodStart }, db.Transaction).AsList();
    }

    /// <summary>Donors with at least one kept gift in a period, by id.</summary>
    public IReadOnlyList<long> DonorsWithGifts(DbSession db, long organizationId, DateOnly from, DateOnly to)
    {
        const string sql = $$"""
            SELECT DISTINCT donor_id FROM gifts
            WHERE organization_id = @organizationId AND received_on BETWEEN @from AND @to
              AND status IN {{GiftRules.CountedStatusList}} AND refunded_cents < amount_cents
            ORDER BY donor_id
            """;
        return db.Connection.Query<long>(sql, new { organizationId, from, to }, db.Transaction).AsList();
    }

    /// <summary>
    /// Counted gifts of at least <see cref="GiftAwaitingReceipt.WrittenAcknowledgmentCents"/> received since <paramref name="since"/>
    /// that no standing receipt (of the gift or a year-end statement) covers yet: how many, and the oldest <paramref name="shown"/>.
    /// </summary>
    public (long Count, IReadOnlyList<GiftAwaitingReceipt> Oldest) GiftsAwaitingReceipt(DbSession db, long organizationId, DateOnly since, int shown)
    {
        // The threshold is a literal (GiftAwaitingReceipt.WrittenAcknowledgmentCents) so the partial index ix_gifts_large_received
        // (migration 0028, WHERE amount_cents >= 25000) answers the range; SQLite cannot match a parameter to the index's WHERE.
        const string awaiting = $"""
            FROM gifts g
            WHERE g.organization_id = @organizationId AND g.amount_cents >= 25000 AND g.received_on >= @since
              AND g.status IN {GiftRules.CountedStatusList} AND g.amount_cents > g.refunded_cents
              AND NOT EXISTS (SELECT 1 FROM receipts r
                              WHERE r.organization_id = g.organization_id AND r.gift_id = g.id AND r.voided_at IS NULL)
              AND NOT EXISTS (SELECT 1 FROM receipt_gifts rg JOIN receipts r ON r.id = rg.receipt_id
                              WHERE rg.organization_id = g.organization_id AND rg.gift_id = g.id AND r.voided_at IS NULL)
            """;
        const string count = "SELECT count(*) " + awaiting;
        const string oldest = "SELECT g.id, g.donor_id, g.received_on, g.amount_cents " + awaiting + " ORDER BY g.received_on, g.id LIMIT @shown";
        var args = new { organizationId, since, shown };
        var gifts = db.Connection.Query<(long Id, long DonorId, string ReceivedOn, long AmountCents)>(oldest, args, db.Transaction)
            .Select(g => new GiftAwaitingReceipt(g.Id, g.DonorId, DapperConfiguration.ParseDate(g.ReceivedOn), g.AmountCents))
            .ToList();
        return (db.Connection.ExecuteScalar<long>(count, args, db.Transaction), gifts);
    }

    public void LinkHousehold(DbSession db, long organizationId, long receiptId, long householdId, DateOnly periodStart)
    {
        const string sql = """
            INSERT INTO household_statements (organization_id, receipt_id, household_id, period_start)
            VALUES (@organizationId, @receiptId, @householdId, @periodStart)
            """;
        db.Connection.Execute(sql, new { organizationId, receiptId, householdId, periodStart }, db.Transaction);
    }

    /// <summary>The household a statement was issued to, or null for a person's own statement and every gift receipt.</summary>
    public long? HouseholdOfStatement(DbSession db, long organizationId, long receiptId)
    {
        const string sql = "SELECT household_id FROM household_statements WHERE organization_id = @organizationId AND receipt_id = @receiptId";
        return db.Connection.QuerySingleOrDefault<long?>(sql, new { organizationId, receiptId }, db.Transaction);
    }

    /// <summary>The household's standing statement for a period, or its latest voided one with <paramref name="voided"/>.</summary>
    public Receipt? HouseholdAnnual(DbSession db, long organizationId, long householdId, DateOnly periodStart, bool voided)
    {
        const string sql = $"""
            SELECT r.id, r.organization_id, r.number, r.sequence_year, r.sequence_number, r.kind, r.donor_id, r.gift_id, r.period_start, r.period_end,
                   r.currency, r.total_cents, r.benefit_cents, r.deductible_cents, r.issued_at, r.issued_by, r.replaces_receipt_id, r.voided_at,
                   r.voided_by, r.void_reason, r.content_hash, r.content_json
            FROM household_statements hs JOIN receipts r ON r.organization_id = hs.organization_id AND r.id = hs.receipt_id
            WHERE hs.organization_id = @organizationId AND hs.household_id = @householdId AND hs.period_start = @periodStart
              AND (r.voided_at IS NOT NULL) = @voided
            ORDER BY r.id DESC LIMIT 1
            """;
        return db.Connection.QuerySingleOrDefault<Receipt>(sql, new { organizationId, householdId, periodStart, voided }, db.Transaction);
    }

    /// <summary>Standing household statements of a period held under any of these donors (as primary contact when issued).</summary>
    public IReadOnlyList<Receipt> HouseholdAnnualsHeldBy(DbSession db, long organizationId, IReadOnlyList<long> donorIds, DateOnly periodStart)
    {
        const string sql = $"""
            SELECT r.id, r.organization_id, r.number, r.sequence_year, r.sequence_number, r.kind, r.donor_id, r.gift_id, r.period_start, r.period_end,
                   r.currency, r.total_cents, r.benefit_cents, r.deductible_cents, r.issued_at, r.issued_by, r.replaces_receipt_id, r.voided_at,
                   r.voided_by, r.void_reason, r.content_hash, r.content_json
            FROM receipts r JOIN household_statements hs ON hs.organization_id = r.organization_id AND hs.receipt_id = r.id
            WHERE r.organization_id = @organizationId AND r.donor_id IN @donorIds AND r.kind = 'annual' AND r.period_start = @periodStart
              AND r.voided_at IS NULL
            """;
        return db.Connection.Query<Receipt>(sql, new { organizationId, donorIds, periodStart }, db.Transaction).AsList();
    }
}
