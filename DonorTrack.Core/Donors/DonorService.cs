using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Donors;

/// <summary>Creating, changing, finding and listing donors, with every change audited.</summary>
public sealed class DonorService(
    IDbConnectionFactory connections, DonorRepository donors, AuditLog audit, TimeProvider clock, IEnumerable<IDonorChangeCheck> changeChecks)
{
    private readonly DonorInputValidator _validator = new();

    public long Create(Actor actor, DonorInput input)
    {
        actor.Require(Role.Entry);
        using var db = connections.BeginTransaction();
        var id = Create(db, actor, input);
        db.Commit();
        return id;
    }

    /// <summary>Creates a donor inside the caller's transaction (payments and imports compose it with their own writes).</summary>
    public long Create(DbSession db, Actor actor, DonorInput input)
    {
        input = input.Normalized();
        _validator.EnsureValid(input);
        var id = donors.Insert(db, actor.OrganizationId, input, clock.GetUtcNow());
        audit.Record(db, actor, "donor", id, "create", null, donors.Find(db, actor.OrganizationId, id));
        return id;
    }

    /// <summary>The donor a payment belongs to: the oldest donor with that email, or a new one from the payer's details.</summary>
    public long FindOrCreateByEmail(DbSession db, Actor actor, DonorInput payer)
    {
        var existing = string.IsNullOrWhiteSpace(payer.Email) ? [] : donors.WithEmail(db, actor.OrganizationId, payer.Email.Trim(), null);
        return existing.Count > 0 ? existing.Min(d => d.Id) : Create(db, actor, payer);
    }

    /// <summary>Changes a donor; false when the donor does not exist in the actor's organization.</summary>
    public bool Update(Actor actor, long donorId, DonorInput input)
    {
        actor.Require(Role.Entry);
        using var db = connections.BeginTransaction();
        if (!Update(db, actor, donorId, input))
            return false;
        db.Commit();
        return true;
    }

    /// <summary>Changes a donor inside the caller's transaction (the API changes a donor and their household together).</summary>
    public bool Update(DbSession db, Actor actor, long donorId, DonorInput input)
    {
        input = input.Normalized();
        _validator.EnsureValid(input);
        var before = donors.Find(db, actor.OrganizationId, donorId);
        if (before is null)
            return false;
        if (before.IsErased)
            throw InputValidation.FieldError(nameof(DonorInput.LastName), "This donor's personal data was erased on request; record a new donor instead of filling this one back in.");
        foreach (var check in changeChecks)
            check.EnsureAllowed(db, actor.OrganizationId, donorId, input);
        donors.Update(db, actor.OrganizationId, donorId, input, clock.GetUtcNow());
        audit.Record(db, actor, "donor", donorId, "update", before, donors.Find(db, actor.OrganizationId, donorId));
        return true;
    }

    public Donor? Find(Actor actor, long donorId)
    {
        using var db = connections.Read();
        return donors.Find(db, actor.OrganizationId, donorId);
    }

    public DonorGivingSummary GivingSummary(Actor actor, long donorId)
    {
        using var db = connections.Read();
        return donors.GivingSummary(db, actor.OrganizationId, donorId);
    }

    public Paged<DonorListItem> Search(Actor actor, DonorQuery query)
    {
        using var db = connections.Read();
        return donors.Search(db, actor.OrganizationId, query);
    }

    public IReadOnlyList<string> AllTags(Actor actor)
    {
        using var db = connections.Read();
        return donors.AllTags(db, actor.OrganizationId);
    }

    /// <summary>Other donors with the same email: shown as a possible duplicate before saving.</summary>
    public IReadOnlyList<DonorListItem> PossibleDuplicates(Actor actor, string? email, long? exceptDonorId = null)
    {
        if (string.IsNullOrWhiteSpace(email))
            return [];
        using var db = connections.Read();
        return donors.WithEmail(db, actor.OrganizationId, email.Trim(), exceptDonorId);
    }
}
