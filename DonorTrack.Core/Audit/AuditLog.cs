using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Security;

namespace DonorTrack.Core.Audit;

/// <summary>One recorded change: who, when, which entity, and the state before and after.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string EntityType, long EntityId, string Action, string? BeforeJson, string? AfterJson);

/// <summary>Writes audit entries inside the caller's transaction, so a change and its audit commit together.</summary>
public sealed class AuditLog(TimeProvider clock)
{
    public void Record(DbSession db, Actor actor, string entityType, long entityId, string action, object? before, object? after)
    {
        const string sql = """
            INSERT INTO audit_entries (organization_id, at, actor, entity_type, entity_id, action, before_json, after_json)
            VALUES (@organizationId, @at, @actor, @entityType, @entityId, @action, @beforeJson, @afterJson)
            """;
        db.Connection.Execute(sql, new
        {
            organizationId = actor.OrganizationId,
            at = clock.GetUtcNow(),
            actor = actor.Name,
            entityType,
            entityId,
            action,
            beforeJson = AuditSnapshot.Serialize(before),
            afterJson = AuditSnapshot.Serialize(after),
        }, db.Transaction);
    }

    /// <summary>The organization's entries, newest first, optionally of one record type, one record and one person.</summary>
    public Paged<AuditEntry> List(DbSession db, long organizationId, string? entityType, long? entityId, PageRequest page, string? actor = null)
    {
        const string sql = """
            SELECT id, at, actor, entity_type, entity_id, action, before_json, after_json
            FROM audit_entries
            WHERE organization_id = @organizationId
              AND (@entityType IS NULL OR entity_type = @entityType)
              AND (@entityId IS NULL OR entity_id = @entityId)
              AND (@actor IS NULL OR actor = @actor)
            ORDER BY id DESC
            LIMIT @limit OFFSET @offset
            """;
        const string count = """
            SELECT count(*) FROM audit_entries
            WHERE organization_id = @organizationId
              AND (@entityType IS NULL OR entity_type = @entityType)
              AND (@entityId IS NULL OR entity_id = @entityId)
              AND (@actor IS NULL OR actor = @actor)
            """;
        var args = new { organizationId, entityType, entityId, actor, limit = page.PageSize, offset = page.Offset };
        var items = db.Connection.Query<AuditEntry>(sql, args, db.Transaction).AsList();
        var total = db.Connection.ExecuteScalar<long>(count, args, db.Transaction);
        return new Paged<AuditEntry>(items, page.Page, page.PageSize, total);
    }

    /// <summary>The kinds of record the organization's log has entries for, to filter by.</summary>
    public IReadOnlyList<string> EntityTypes(DbSession db, long organizationId)
    {
        const string sql = "SELECT DISTINCT entity_type FROM audit_entries WHERE organization_id = @organizationId ORDER BY entity_type";
        return db.Connection.Query<string>(sql, new { organizationId }, db.Transaction).AsList();
    }

    /// <summary>The people (and system processes) who made the organization's logged changes, to filter by.</summary>
    public IReadOnlyList<string> Actors(DbSession db, long organizationId)
    {
        const string sql = "SELECT DISTINCT actor FROM audit_entries WHERE organization_id = @organizationId ORDER BY actor";
        return db.Connection.Query<string>(sql, new { organizationId }, db.Transaction).AsList();
    }
}
