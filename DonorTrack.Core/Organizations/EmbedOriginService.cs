using Dapper;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Organizations;

/// <summary>The sites an organization lets show its public donation page in a frame.</summary>
public sealed class EmbedOriginService(IDbConnectionFactory connections, AuditLog audit)
{
    private readonly EmbedOriginsInputValidator _validator = new();

    public IReadOnlyList<string> For(long organizationId)
    {
        using var db = connections.Read();
        return Load(db, organizationId);
    }

    /// <summary>The origins for the organization with this public slug; none for an unknown slug.</summary>
    public IReadOnlyList<string> ForSlug(string slug)
    {
        using var db = connections.Read();
        const string sql = "SELECT embed_origins FROM organizations WHERE slug = @slug";
        return Split(db.Connection.QuerySingleOrDefault<string>(sql, new { slug }));
    }

    public void Save(Actor actor, EmbedOriginsInput input)
    {
        actor.Require(Role.Admin);
        _validator.EnsureValid(input);
        var origins = input.Entries().Select(entry => EmbedOrigin.Normalize(entry)!).Distinct(StringComparer.Ordinal).ToList();
        using var db = connections.BeginTransaction();
        var before = Load(db, actor.OrganizationId);
        const string sql = "UPDATE organizations SET embed_origins = @origins WHERE id = @organizationId";
        db.Connection.Execute(sql, new { origins = string.Join('\n', origins), organizationId = actor.OrganizationId }, db.Transaction);
        audit.Record(db, actor, "organization", actor.OrganizationId, "update", new { origins = before }, new { origins });
        db.Commit();
    }

    private static IReadOnlyList<string> Load(DbSession db, long organizationId)
    {
        const string sql = "SELECT embed_origins FROM organizations WHERE id = @organizationId";
        return Split(db.Connection.QuerySingleOrDefault<string>(sql, new { organizationId }, db.Transaction));
    }

    private static string[] Split(string? stored) => (stored ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
