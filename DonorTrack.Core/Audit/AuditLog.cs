using System.Text.Json;
using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Security;

namespace DonorTrack.Core.Audit;

/// <summary>One recorded change: who, when, which entity, and the state before and after.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string EntityType, long EntityId, string Action, string? BeforeJson, string? AfterJson);

/// <summary>Writes audit entries inside the caller's transaction, so a change and its audit commit together.</summary>
public sealed class AuditLog(TimeProvider clock)
{
    private static readonly JsonSerializerOptions SnapshotOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Domain-word enums are recorded as their words (e.g. "awarded"), as the database and the API spell them.
        Converters = { new DomainWordJsonConverter() },
    };

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
            beforeJson = Snapshot(before),
            afterJson = Snapshot(after),
        }, db.Transaction);
    }

    public Paged<AuditEntry> List(DbSession db, long organizationId, string? entityType, long? entityId, PageRequest page)
    {
        const string sql = """
            SELECT id, at, actor, entity_type, entity_id, action, before_json, after_json
            FROM audit_entries
            WHERE organization_id = @organizationId
              AND (@entityType IS NULL OR entity_type = @entityType)
              AND (@entityId IS NULL OR entity_id = @entityId)
            ORDER BY id DESC
            LIMIT @limit OFFSET @offset
            """;
        const string count = """
            SELECT count(*) FROM audit_entries
            WHERE organization_id = @organizationId
              AND (@entityType IS NULL OR entity_type = @entityType)
              AND (@entityId IS NULL OR entity_id = @entityId)
            """;
        var args = new { organizationId, entityType, entityId, limit = page.PageSize, offset = page.Offset };
        var items = db.Connection.Query<AuditEntry>(sql, args, db.Transaction).AsList();
        var total = db.Connection.ExecuteScalar<long>(count, args, db.Transaction);
        return new Paged<AuditEntry>(items, page.Page, page.PageSize, total);
    }

    private static string? Snapshot(object? state) => state is null ? null : JsonSerializer.Serialize(state, state.GetType(), SnapshotOptions);
}
