using DonorTrack.Core.Data;
using DonorTrack.Core.Gifts;
using Microsoft.Data.Sqlite;

namespace DonorTrack.Bench;

/// <summary>
/// The ceiling the repository is measured against: one SqliteCommand prepared once, its parameters
/// reused for every row, one transaction per batch. No Dapper, no audit.
/// </summary>
/// <remarks>
/// With <c>prepareOnce: false</c> it builds a fresh command for every row instead, as Dapper does: the
/// difference between the two is what statement preparation alone costs.
/// </remarks>
internal sealed class RawGiftInserter : IDisposable
{
    private const string Sql = """
        INSERT INTO gifts (organization_id, donor_id, amount_cents, currency, received_on, method, category, fund_id, campaign_id,
            benefit_value_cents, benefit_description, in_kind_description, check_number, external_id, fee_cents, status,
            membership_id, recurring_donation_id, grant_id, notes, created_at, created_by, updated_at)
        VALUES ($organization_id, $donor_id, $amount_cents, $currency, $received_on, $method, $category, $fund_id, $campaign_id,
            $benefit_value_cents, $benefit_description, $in_kind_description, $check_number, $external_id, $fee_cents, $status,
            NULL, NULL, NULL, NULL, $now, $created_by, $now)
        """;

    private static readonly (string Name, SqliteType Type)[] Columns =
    [
        ("$organization_id", SqliteType.Integer), ("$donor_id", SqliteType.Integer), ("$amount_cents", SqliteType.Integer),
        ("$currency", SqliteType.Text), ("$received_on", SqliteType.Text), ("$method", SqliteType.Text), ("$category", SqliteType.Text),
        ("$fund_id", SqliteType.Integer), ("$campaign_id", SqliteType.Integer), ("$benefit_value_cents", SqliteType.Integer),
        ("$benefit_description", SqliteType.Text), ("$in_kind_description", SqliteType.Text), ("$check_number", SqliteType.Text),
        ("$external_id", SqliteType.Text), ("$fee_cents", SqliteType.Integer), ("$status", SqliteType.Text),
        ("$now", SqliteType.Text), ("$created_by", SqliteType.Text),
    ];

    private readonly SqliteConnection _connection;
    private readonly bool _prepareOnce;

    public RawGiftInserter(IDbConnectionFactory connections, bool prepareOnce = true)
    {
        _connection = (SqliteConnection)connections.Open();
        _prepareOnce = prepareOnce;
    }

    public void InsertBatch(IReadOnlyList<BenchGift> gifts, string currency, string createdBy, DateTimeOffset now)
    {
        using var transaction = _connection.BeginTransaction();
        var nowText = DapperConfiguration.ToText(now);
        SqliteCommand? command = null;
        foreach (var (organizationId, g) in gifts)
        {
            if (command is null || !_prepareOnce)
            {
                command?.Dispose();
                command = NewCommand(transaction);
            }
            var p = command.Parameters;
            p[0].Value = organizationId;
            p[1].Value = g.DonorId!.Value;
            p[2].Value = g.AmountCents!.Value;
            p[3].Value = g.Currency ?? currency;
            p[4].Value = DapperConfiguration.ToText(g.ReceivedOn!.Value);
            p[5].Value = g.Method!.Value.Word();
            p[6].Value = g.Category!.Value.Word();
            p[7].Value = (object?)g.FundId ?? DBNull.Value;
            p[8].Value = (object?)g.CampaignId ?? DBNull.Value;
            p[9].Value = g.BenefitValueCents ?? 0;
            p[10].Value = (object?)g.BenefitDescription ?? DBNull.Value;
            p[11].Value = (object?)g.InKindDescription ?? DBNull.Value;
            p[12].Value = (object?)g.CheckNumber ?? DBNull.Value;
            p[13].Value = (object?)g.ExternalId ?? DBNull.Value;
            p[14].Value = g.FeeCents ?? 0;
            p[15].Value = (g.Status ?? GiftStatus.Completed).Word();
            p[16].Value = nowText;
            p[17].Value = createdBy;
            command.ExecuteNonQuery();
        }
        command?.Dispose();
        transaction.Commit();
    }

    private SqliteCommand NewCommand(SqliteTransaction transaction)
    {
        var command = _connection.CreateCommand();
        command.CommandText = Sql;
        command.Transaction = transaction;
        foreach (var (name, type) in Columns)
            command.Parameters.Add(name, type);
        if (_prepareOnce)
            command.Prepare();
        return command;
    }

    public void Dispose() => _connection.Dispose();
}
