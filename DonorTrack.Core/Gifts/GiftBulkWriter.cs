using System.Data;
using System.Data.Common;
using DonorTrack.Core.Data;
using Microsoft.Data.Sqlite;

namespace DonorTrack.Core.Gifts;

/// <summary>
/// Inserts many gifts into the caller's transaction through one prepared statement whose parameters are
/// reused row after row: imports, data loads and anything else that writes gifts by the thousand.
/// </summary>
/// <remarks>
/// <see cref="GiftRepository.Insert"/> goes through Dapper, which builds a new command for every row, so
/// SQLite parses and plans the 23-column INSERT each time and every row allocates its parameter set.
/// Over a large load that per-row preparation costs more than the insert itself (docs/benchmarks.md).
/// On SQLite the new id is read with sqlite3_last_insert_rowid rather than RETURNING, which makes SQLite
/// buffer each returned row and the provider open a reader per insert (about 40% of the rate).
/// Same columns, defaults and soft credits as the repository; validation and audit stay with the caller.
/// </remarks>
public sealed class GiftBulkWriter : IDisposable
{
    private const string InsertGiftColumns = """
        INSERT INTO gifts (organization_id, donor_id, amount_cents, currency, received_on, method, category, fund_id, campaign_id,
            benefit_value_cents, benefit_description, in_kind_description, check_number, external_id, fee_cents, status,
            membership_id, recurring_donation_id, grant_id, notes, created_at, created_by, updated_at)
        VALUES (@organization_id, @donor_id, @amount_cents, @currency, @received_on, @method, @category, @fund_id, @campaign_id,
            @benefit_value_cents, @benefit_description, @in_kind_description, @check_number, @external_id, @fee_cents, @status,
            @membership_id, @recurring_donation_id, @grant_id, @notes, @now, @created_by, @now)
        """;

    private const string InsertSoftCredit = """
        INSERT INTO gift_soft_credits (organization_id, gift_id, donor_id, kind, note)
        VALUES (@organization_id, @gift_id, @donor_id, @kind, @note)
        """;

    private readonly DbSession _db;
    private readonly SqliteConnection? _sqlite;
    private readonly DbCommand _gift;
    private readonly GiftParameters _p;
    private DbCommand? _softCredit;

    public GiftBulkWriter(DbSession db)
    {
        _db = db;
        _sqlite = db.Connection as SqliteConnection;
        _gift = PreparedStatement.Prepare(db, _sqlite is null ? InsertGiftColumns + " RETURNING id" : InsertGiftColumns, out var parameters,
            ("organization_id", DbType.Int64), ("donor_id", DbType.Int64), ("amount_cents", DbType.Int64), ("currency", DbType.String),
            ("received_on", DbType.String), ("method", DbType.String), ("category", DbType.String), ("fund_id", DbType.Int64),
            ("campaign_id", DbType.Int64), ("benefit_value_cents", DbType.Int64), ("benefit_description", DbType.String),
            ("in_kind_description", DbType.String), ("check_number", DbType.String), ("external_id", DbType.String),
            ("fee_cents", DbType.Int64), ("status", DbType.String), ("membership_id", DbType.Int64), ("recurring_donation_id", DbType.Int64),
            ("grant_id", DbType.Int64), ("notes", DbType.String), ("now", DbType.String), ("created_by", DbType.String));
        _p = new GiftParameters(parameters);
    }

    /// <summary>Inserts one gift and its soft credits; returns the new id. The input must already be validated.</summary>
    public long Insert(long organizationId, GiftInput input, string currency, string createdBy, DateTimeOffset now)
    {
        _p.Set(organizationId, input, currency, createdBy, DapperConfiguration.ToText(now));
        long id;
        if (_sqlite is null)
        {
            id = Convert.ToInt64(_gift.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            _gift.ExecuteNonQuery();
            id = SQLitePCL.raw.sqlite3_last_insert_rowid(_sqlite.Handle);
        }
        foreach (var credit in input.SoftCredits ?? [])
            InsertCredit(organizationId, id, credit);
        return id;
    }

    public void Dispose()
    {
        _gift.Dispose();
        _softCredit?.Dispose();
    }

    private void InsertCredit(long organizationId, long giftId, SoftCreditInput credit)
    {
        _softCredit ??= PreparedStatement.Prepare(_db, InsertSoftCredit, out _,
            ("organization_id", DbType.Int64), ("gift_id", DbType.Int64), ("donor_id", DbType.Int64), ("kind", DbType.String), ("note", DbType.String));
        var p = _softCredit.Parameters;
        p[0].Value = organizationId;
        p[1].Value = giftId;
        p[2].Value = (object?)credit.DonorId ?? DBNull.Value;
        p[3].Value = credit.Kind is { } kind ? kind.Word() : DBNull.Value;
        p[4].Value = (object?)credit.Note ?? DBNull.Value;
        _softCredit.ExecuteNonQuery();
    }

    private sealed class GiftParameters(DbParameter[] p)
    {
        public void Set(long organizationId, GiftInput g, string currency, string createdBy, string now)
        {
            p[0].Value = organizationId;
            p[1].Value = Nullable(g.DonorId);
            p[2].Value = Nullable(g.AmountCents);
            p[3].Value = g.Currency ?? currency;
            p[4].Value = g.ReceivedOn is { } on ? DapperConfiguration.ToText(on) : DBNull.Value;
            p[5].Value = g.Method is { } method ? method.Word() : DBNull.Value;
            p[6].Value = g.Category is { } category ? category.Word() : DBNull.Value;
            p[7].Value = Nullable(g.FundId);
            p[8].Value = Nullable(g.CampaignId);
            p[9].Value = g.BenefitValueCents ?? 0;
            p[10].Value = Nullable(g.BenefitDescription);
            p[11].Value = Nullable(g.InKindDescription);
            p[12].Value = Nullable(g.CheckNumber);
            p[13].Value = Nullable(g.ExternalId);
            p[14].Value = g.FeeCents ?? 0;
            p[15].Value = (g.Status ?? GiftStatus.Completed).Word();
            p[16].Value = Nullable(g.MembershipId);
            p[17].Value = Nullable(g.RecurringDonationId);
            p[18].Value = Nullable(g.GrantId);
            p[19].Value = Nullable(g.Notes);
            p[20].Value = now;
            p[21].Value = createdBy;
        }

        private static object Nullable(long? value) => PreparedStatement.Nullable(value);

        private static object Nullable(string? value) => PreparedStatement.Nullable(value);
    }
}
