using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Grants;

/// <summary>Recording pledges, writing off what will not come, finding and listing them; every change audited.</summary>
public sealed class PledgeService(
    IDbConnectionFactory connections, PledgeRepository pledges, DonorRepository donors, OrganizationRepository organizations, AuditLog audit, TimeProvider clock)
{
    private readonly PledgeInputValidator _validator = new();
    private readonly PledgeWriteOffInputValidator _writeOffValidator = new();

    /// <summary>Records a pledge (data entry and up) and returns its id; throws a validation error naming the field otherwise.</summary>
    public long Create(Actor actor, PledgeInput input)
    {
        actor.Require(Role.Entry);
        _validator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var (exists, survivor) = donors.Standing(db, actor.OrganizationId, input.DonorId!.Value);
        if (!exists)
            throw InputValidation.FieldError(nameof(input.DonorId), "There is no such donor in this organization.");
        if (survivor is not null)
            throw InputValidation.FieldError(nameof(input.DonorId), $"This donor was merged into donor {survivor}; record the pledge there.");
        var id = pledges.Insert(db, actor.OrganizationId, input, actor.Name, clock.GetUtcNow());
        pledges.InsertInstallments(db, actor.OrganizationId, id, input.Installments
            ?? InstallmentSchedule.Equal(input.AmountCents!.Value, input.InstallmentCount ?? 1, input.FirstDueOn ?? input.PledgedOn!.Value, input.IntervalMonths ?? 1));
        audit.Record(db, actor, "pledge", id, "create", null, new PledgeSnapshot(pledges.Find(db, actor.OrganizationId, id)!, pledges.Installments(db, actor.OrganizationId, id)));
        db.Commit();
        return id;
    }

    /// <summary>Writes off part or all of a pledge's unpaid balance (treasurer or admin); false when there is no such pledge.</summary>
    public bool WriteOff(Actor actor, long pledgeId, PledgeWriteOffInput input)
    {
        actor.Require(Role.Treasurer);
        _writeOffValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var pledge = pledges.Find(db, actor.OrganizationId, pledgeId);
        if (pledge is null)
            return false;
        var balance = pledge.AmountCents - pledges.SettledCents(db, actor.OrganizationId, pledgeId);
        if (balance <= 0)
            throw InputValidation.FieldError(nameof(input.AmountCents), "This pledge has no unpaid balance to write off.");
        var amount = input.AmountCents ?? balance;
        if (amount > balance)
            throw InputValidation.FieldError(nameof(input.AmountCents), $"The pledge's unpaid balance is {Money.MoneyFormat.Plain(balance)}; a write-off cannot be larger.");
        var today = organizations.Find(db, actor.OrganizationId)!.LocalDate(clock.GetUtcNow());
        var id = pledges.InsertWriteOff(db, actor.OrganizationId, pledgeId, amount, today, input.Reason!.Trim(), actor.Name, clock.GetUtcNow());
        audit.Record(db, actor, "pledge", pledgeId, "write_off", new { BalanceCents = balance },
            pledges.WriteOffs(db, actor.OrganizationId, pledgeId).Single(w => w.Id == id));
        db.Commit();
        return true;
    }

    public PledgeDetail? Find(Actor actor, long pledgeId)
    {
        using var db = connections.Read();
        var pledge = pledges.Find(db, actor.OrganizationId, pledgeId);
        if (pledge is null)
            return null;
        var payments = pledges.Payments(db, actor.OrganizationId, pledgeId);
        var writeOffs = pledges.WriteOffs(db, actor.OrganizationId, pledgeId);
        var installments = InstallmentSchedule.Apply(
            pledges.Installments(db, actor.OrganizationId, pledgeId).Select(i => (i.DueOn, i.AmountCents)),
            payments.Sum(p => p.CountedCents), writeOffs.Sum(w => w.AmountCents));
        return new PledgeDetail(pledge, donors.Find(db, actor.OrganizationId, pledge.DonorId)!.DisplayName, installments, payments, writeOffs);
    }

    public Paged<PledgeListItem> List(Actor actor, PledgeQuery query)
    {
        using var db = connections.Read();
        return pledges.List(db, actor.OrganizationId, query);
    }

    /// <summary>The donor's pledges with an unpaid balance, for the gift form's pledge choice.</summary>
    public IReadOnlyList<OpenCommitment> OpenForDonor(Actor actor, long donorId)
    {
        using var db = connections.Read();
        return pledges.OpenForDonor(db, actor.OrganizationId, donorId);
    }

    /// <summary>The pledge's audit entries, newest first.</summary>
    public IReadOnlyList<AuditEntry> History(Actor actor, long pledgeId)
    {
        using var db = connections.Read();
        return audit.List(db, actor.OrganizationId, "pledge", pledgeId, new PageRequest(1, 100)).Items;
    }

    /// <summary>Refuses a gift that would pay a pledge it cannot: no such pledge, another donor, or more than the unpaid balance.</summary>
    public void EnsurePayable(DbSession db, long organizationId, long pledgeId, long donorId, long amountCents, string field)
    {
        var pledge = pledges.Find(db, organizationId, pledgeId) ?? throw InputValidation.FieldError(field, "There is no such pledge in this organization.");
        if (pledge.DonorId != donorId)
            throw InputValidation.FieldError(field, "This pledge belongs to another donor; record the payment under the pledging donor.");
        var open = pledge.AmountCents - pledges.SettledCents(db, organizationId, pledgeId);
        if (open <= 0)
            throw InputValidation.FieldError(field, "This pledge has no unpaid balance left.");
        if (amountCents > open)
            throw InputValidation.FieldError("AmountCents", $"This payment is more than the pledge's unpaid balance of {Money.MoneyFormat.Plain(open)}.");
    }
}
