using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Gifts;

/// <summary>Looks up one fund by id, so a gift or a payment checks its designation without loading the whole list.</summary>
public sealed class FundRepository
{
    public Fund? Find(DbSession db, long organizationId, long fundId)
    {
        const string sql = """
            SELECT id, name, restricted, description, active FROM funds
            WHERE organization_id = @organizationId AND id = @fundId
            """;
        return db.Connection.QuerySingleOrDefault<Fund>(sql, new { organizationId, fundId }, db.Transaction);
    }
}

/// <summary>Looks up one campaign by id, so a gift or a payment checks its attribution without loading the whole list.</summary>
public sealed class CampaignRepository
{
    public Campaign? Find(DbSession db, long organizationId, long campaignId)
    {
        const string sql = """
            SELECT id, name, goal_cents, starts_on, ends_on, active FROM campaigns
            WHERE organization_id = @organizationId AND id = @campaignId
            """;
        return db.Connection.QuerySingleOrDefault<Campaign>(sql, new { organizationId, campaignId }, db.Transaction);
    }
}
