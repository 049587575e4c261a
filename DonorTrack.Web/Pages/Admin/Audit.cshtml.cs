using DonorTrack.Core.Audit;

namespace DonorTrack.Web.Pages.Admin;

public sealed class AuditModel(AuditLog audit, IDbConnectionFactory connections) : PageModel
{
    public Paged<AuditEntry> Entries { get; private set; } = null!;

    public string? EntityType { get; private set; }

    public long? EntityId { get; private set; }

    public void OnGet(string? entityType, long? entityId, int? p)
    {
        (EntityType, EntityId) = (string.IsNullOrWhiteSpace(entityType) ? null : entityType, entityId);
        using var db = connections.Read();
        Entries = audit.List(db, User.ToActor().OrganizationId, EntityType, EntityId, new PageRequest(p, 50));
    }
}
