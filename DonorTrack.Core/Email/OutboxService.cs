using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Email;

/// <summary>What staff see of the outbox, and a person's decision to try a failed or uncertain message again.</summary>
public sealed class OutboxService(IDbConnectionFactory connections, OutboxRepository outbox, AuditLog audit, TimeProvider clock)
{
    public Paged<OutboxListItem> List(Actor actor, OutboxStatus? status, PageRequest page)
    {
        actor.Require(Role.Viewer);
        using var db = connections.Read();
        return outbox.List(db, actor.OrganizationId, status, page);
    }

    public IReadOnlyDictionary<OutboxStatus, long> Counts(Actor actor)
    {
        actor.Require(Role.Viewer);
        using var db = connections.Read();
        return outbox.CountsByStatus(db, actor.OrganizationId);
    }

    public OutboxBatchProgress BatchProgress(Actor actor, string batch)
    {
        actor.Require(Role.Viewer);
        using var db = connections.Read();
        return outbox.BatchProgress(db, actor.OrganizationId, batch);
    }

    public void Retry(Actor actor, long id)
    {
        actor.Require(Role.Treasurer);
        using var db = connections.BeginTransaction();
        if (!outbox.Retry(db, actor.OrganizationId, id, clock.GetUtcNow()))
            throw InputValidation.FieldError("Id", "Only a failed or uncertain message can be sent again.");
        audit.Record(db, actor, "email_outbox", id, "retry", null, null);
        db.Commit();
    }
}
