using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Grants;

/// <summary>Creating, changing, finding and listing grants; every change audited in the same transaction.</summary>
public sealed class GrantService(
    IDbConnectionFactory connections, GrantRepository grants, DonorRepository donors, OrganizationRepository organizations, AuditLog audit, TimeProvider clock)
{
    /// <summary>Installments generated without a schedule are a year apart: most foundation grants pay annually.</summary>
    public const int DefaultIntervalMonths = 12;

    private readonly GrantInputValidator _validator = new();

    /// <summary>Creates a grant (treasurer or admin) and returns its id; throws a validation error naming the field otherwise.</summary>
    public long Create(Actor actor, GrantInput input)
    {
        actor.Require(Role.Treasurer);
        _validator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        EnsureFunder(db, actor.OrganizationId, input);
        var id = grants.Insert(db, actor.OrganizationId, input, actor.Name, clock.GetUtcNow());
        grants.ReplaceInstallments(db, actor.OrganizationId, id, ScheduleOf(input));
        grants.ReplaceDeadlines(db, actor.OrganizationId, id, input.ReportDeadlines ?? []);
        audit.Record(db, actor, "grant", id, "create", null, Snapshot(db, actor.OrganizationId, id));
        db.Commit();
        return id;
    }

    /// <summary>Replaces a grant's fields, schedule and deadlines; false when there is no such grant in the organization.</summary>
    public bool Update(Actor actor, long grantId, GrantInput input)
    {
        actor.Require(Role.Treasurer);
        _validator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var before = Snapshot(db, actor.OrganizationId, grantId);
        if (before is null)
            return false;
        EnsureFunder(db, actor.OrganizationId, input);
        var payments = grants.Payments(db, actor.OrganizationId, grantId);
        if (payments.Any(p => p.Status != "voided") && input.FunderDonorId != before.Grant.FunderDonorId)
            throw InputValidation.FieldError(nameof(input.FunderDonorId), "Payments from this funder are recorded; the funder cannot change. Void them first.");
        var committed = grants.CommittedCents(db, actor.OrganizationId, grantId);
        if (input.AmountCents < committed)
            throw InputValidation.FieldError(nameof(input.AmountCents), $"Payments of {Money.MoneyFormat.Plain(committed)} are already recorded; the award cannot be less.");
        var schedule = input.Installments ?? (input.InstallmentCount is not null ? ScheduleOf(input) : KeptSchedule(before, input));
        grants.Update(db, actor.OrganizationId, grantId, input, clock.GetUtcNow());
        grants.ReplaceInstallments(db, actor.OrganizationId, grantId, schedule);
        if (input.ReportDeadlines is not null)
            grants.ReplaceDeadlines(db, actor.OrganizationId, grantId, input.ReportDeadlines);
        audit.Record(db, actor, "grant", grantId, "update", before, Snapshot(db, actor.OrganizationId, grantId));
        db.Commit();
        return true;
    }

    /// <summary>Marks a reporting deadline done or not done; false when there is no such deadline on the grant.</summary>
    public bool SetDeadlineDone(Actor actor, long grantId, long deadlineId, bool done)
    {
        actor.Require(Role.Entry);
        using var db = connections.BeginTransaction();
        var before = grants.Deadlines(db, actor.OrganizationId, grantId).FirstOrDefault(d => d.Id == deadlineId);
        if (before is null || !grants.SetDeadlineDone(db, actor.OrganizationId, grantId, deadlineId, done))
            return false;
        audit.Record(db, actor, "grant", grantId, done ? "report_done" : "report_reopened", before, before with { Done = done });
        db.Commit();
        return true;
    }

    public GrantDetail? Find(Actor actor, long grantId)
    {
        using var db = connections.Read();
        return Detail(db, actor.OrganizationId, grantId);
    }

    public Paged<GrantListItem> List(Actor actor, GrantQuery query)
    {
        if (query.EndingWithinMonths is < 0 or > GrantQuery.MaximumMonths)
            throw InputValidation.FieldError(nameof(query.EndingWithinMonths), $"Choose between 0 and {GrantQuery.MaximumMonths:N0} months.");
        using var db = connections.Read();
        var today = organizations.Find(db, actor.OrganizationId)!.LocalDate(clock.GetUtcNow());
        return grants.List(db, actor.OrganizationId, query, today);
    }

    /// <summary>The funder's awarded grants with an open balance, for the gift form's grant choice.</summary>
    public IReadOnlyList<OpenCommitment> OpenForFunder(Actor actor, long funderDonorId)
    {
        using var db = connections.Read();
        return grants.OpenForFunder(db, actor.OrganizationId, funderDonorId);
    }

    /// <summary>The grant's audit entries, newest first.</summary>
    public IReadOnlyList<AuditEntry> History(Actor actor, long grantId)
    {
        using var db = connections.Read();
        return audit.List(db, actor.OrganizationId, "grant", grantId, new PageRequest(1, 100)).Items;
    }

    public GrantDetail? Detail(DbSession db, long organizationId, long grantId)
    {
        var grant = grants.Find(db, organizationId, grantId);
        if (grant is null)
            return null;
        var funder = donors.Find(db, organizationId, grant.FunderDonorId)!;
        var payments = grants.Payments(db, organizationId, grantId);
        var schedule = grants.Installments(db, organizationId, grantId).Select(i => (i.DueOn, i.AmountCents));
        var installments = InstallmentSchedule.Apply(schedule, payments.Sum(p => p.CountedCents), 0);
        return new GrantDetail(grant, funder.DisplayName, installments, payments, grants.Deadlines(db, organizationId, grantId));
    }

    /// <summary>
    /// Refuses a gift that would pay a grant it cannot pay: no such grant, another donor than the funder, a grant not
    /// awarded, or more than its open balance. Called by GiftService inside its transaction.
    /// </summary>
    public void EnsurePayable(DbSession db, long organizationId, long grantId, long donorId, long amountCents, string field)
    {
        var grant = grants.Find(db, organizationId, grantId) ?? throw InputValidation.FieldError(field, "There is no such grant in this organization.");
        if (grant.Status != GrantStatus.Awarded)
            throw InputValidation.FieldError(field, grant.Status == GrantStatus.Pending
                ? "This grant is still pending; mark it awarded before recording payments on it."
                : $"This grant is {grant.Status.Word()}; payments cannot be recorded against it.");
        if (grant.FunderDonorId != donorId)
            throw InputValidation.FieldError(field, "A grant payment comes from the grant's funder; choose the funder as the donor.");
        var open = grant.AmountCents - grants.CommittedCents(db, organizationId, grantId);
        if (amountCents > open)
            throw InputValidation.FieldError("AmountCents", $"This payment is more than the grant's open balance of {Money.MoneyFormat.Plain(open)}.");
    }

    private void EnsureFunder(DbSession db, long organizationId, GrantInput input)
    {
        var (exists, survivor) = donors.Standing(db, organizationId, input.FunderDonorId!.Value);
        if (!exists)
            throw InputValidation.FieldError(nameof(input.FunderDonorId), "There is no such donor in this organization.");
        if (survivor is not null)
            throw InputValidation.FieldError(nameof(input.FunderDonorId), $"This donor was merged into donor {survivor}; choose that one.");
        var funder = donors.Find(db, organizationId, input.FunderDonorId.Value)!;
        if (funder.Kind != DonorKind.Organization && !input.ConfirmIndividualFunder)
            throw InputValidation.FieldError(nameof(input.FunderDonorId),
                "Grants come from foundations, governments or businesses; this funder is an individual. Confirm an individual funder to go on.");
    }

    private static IReadOnlyList<InstallmentInput> ScheduleOf(GrantInput input) =>
        input.Installments ?? InstallmentSchedule.Equal(input.AmountCents!.Value, input.InstallmentCount ?? 1, input.StartsOn!.Value, DefaultIntervalMonths);

    private static IReadOnlyList<InstallmentInput> KeptSchedule(GrantSnapshot before, GrantInput input)
    {
        var kept = before.Installments.Select(i => new InstallmentInput(i.DueOn, i.AmountCents)).ToList();
        if (kept.Sum(i => i.AmountCents!.Value) == input.AmountCents)
            return kept;
        // A new award without a new schedule: spread it over as many installments as before, on the same first date.
        return InstallmentSchedule.Equal(input.AmountCents!.Value, Math.Max(1, kept.Count), kept.FirstOrDefault()?.DueOn ?? input.StartsOn!.Value, DefaultIntervalMonths);
    }

    private GrantSnapshot? Snapshot(DbSession db, long organizationId, long grantId) =>
        grants.Find(db, organizationId, grantId) is { } grant
            ? new GrantSnapshot(grant, grants.Installments(db, organizationId, grantId), grants.Deadlines(db, organizationId, grantId))
            : null;
}
