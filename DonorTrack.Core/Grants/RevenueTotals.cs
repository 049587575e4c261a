using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Gifts;

namespace DonorTrack.Core.Grants;

/// <summary>
/// An organization's counted revenue (net of refunds) received from one date through another, both inclusive: the
/// denominator of the funding cliff. Reports answers it from its monthly rollups; <see cref="GiftRevenueTotals"/> sums the gifts.
/// </summary>
public interface IRevenueTotals
{
    long CountedCents(DbSession db, long organizationId, DateOnly from, DateOnly through);
}

/// <summary>Sums the counted gifts of the span directly: the answer any faster source must agree with.</summary>
public sealed class GiftRevenueTotals : IRevenueTotals
{
    public long CountedCents(DbSession db, long organizationId, DateOnly from, DateOnly through)
    {
        const string sql = $"""
            SELECT coalesce(sum(amount_cents - refunded_cents), 0) FROM gifts
            WHERE organization_id = @organizationId AND received_on >= @from AND received_on <= @through
              AND status IN {GiftRules.CountedStatusList}
            """;
        return db.Connection.ExecuteScalar<long>(sql, new { organizationId, from, through }, db.Transaction);
    }
}
