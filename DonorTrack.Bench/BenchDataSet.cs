using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Security;

namespace DonorTrack.Bench;

/// <summary>One organization of the data set: who acts for it and the ids its generated gifts point at.</summary>
internal sealed record BenchOrganization(long Id, Actor Actor, long[] DonorIds, long[] FundIds, long[] CampaignIds);

/// <summary>The organizations, donors, funds and campaigns the gift and query benchmarks work on.</summary>
internal sealed record BenchDataSet(IReadOnlyList<BenchOrganization> Organizations)
{
    public int DonorCount => Organizations.Sum(o => o.DonorIds.Length);

    /// <summary>The organization with the most donors: the one latency benchmarks query.</summary>
    public BenchOrganization Largest => Organizations.MaxBy(o => o.DonorIds.Length)!;

    /// <summary>Reads an existing data set back, or null when the database does not hold one of the requested size.</summary>
    public static BenchDataSet? Load(IDbConnectionFactory connections, BenchOptions options)
    {
        using var db = connections.Read();
        var organizationIds = db.Connection.Query<long>("SELECT id FROM organizations ORDER BY id").AsList();
        var donors = db.Connection.ExecuteScalar<long>("SELECT count(*) FROM donors");
        var gifts = db.Connection.ExecuteScalar<long>("SELECT count(*) FROM gifts");
        if (organizationIds.Count != options.Organizations || donors != options.Donors || gifts != options.Gifts)
            return null;
        return new BenchDataSet(organizationIds.Select(id => new BenchOrganization(
            id,
            Actor.System(id, "bench"),
            db.Connection.Query<long>("SELECT id FROM donors WHERE organization_id = @id ORDER BY id", new { id }).ToArray(),
            db.Connection.Query<long>("SELECT id FROM funds WHERE organization_id = @id ORDER BY id", new { id }).ToArray(),
            db.Connection.Query<long>("SELECT id FROM campaigns WHERE organization_id = @id ORDER BY id", new { id }).ToArray())).ToList());
    }
}
