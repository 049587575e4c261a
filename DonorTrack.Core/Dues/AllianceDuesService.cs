using Dapper;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Dues;

/// <summary>The link between an alliance's member organization and the donor record that pays its dues in the alliance's books.</summary>
public sealed class AllianceDuesPayerRepository
{
    public long? DonorFor(DbSession db, long organizationId, long memberOrganizationId)
    {
        const string sql = """
            SELECT donor_id FROM alliance_dues_payers
            WHERE organization_id = @organizationId AND member_organization_id = @memberOrganizationId
            """;
        return db.Connection.QuerySingleOrDefault<long?>(sql, new { organizationId, memberOrganizationId }, db.Transaction);
    }

    public void Insert(DbSession db, long organizationId, long memberOrganizationId, long donorId)
    {
        const string sql = """
            INSERT INTO alliance_dues_payers (organization_id, member_organization_id, donor_id)
            VALUES (@organizationId, @memberOrganizationId, @donorId)
            """;
        db.Connection.Execute(sql, new { organizationId, memberOrganizationId, donorId }, db.Transaction);
    }
}

/// <summary>
/// Alliance dues: a member organization's dues to the alliance are a membership whose donor is an organization-kind donor
/// in the alliance's books standing for that member (created on first assignment).
/// </summary>
public sealed class AllianceDuesService(
    IDbConnectionFactory connections, AllianceDuesPayerRepository payers, OrganizationRepository organizations, DonorRepository donors,
    MembershipRepository memberships, MembershipPlanRepository plans, MembershipService membershipService, AuditLog audit, TimeProvider clock)
{
    private readonly AllianceDuesAssignmentInputValidator _validator = new();

    /// <summary>Each current member organization with its dues membership, this fiscal year's dues and payments, and arrears.</summary>
    public IReadOnlyList<AllianceDuesRow> Rows(Actor actor)
    {
        using var db = connections.Read();
        var alliance = organizations.Find(db, actor.OrganizationId)!;
        var today = alliance.LocalDate(clock.GetUtcNow());
        var rows = new List<AllianceDuesRow>();
        foreach (var member in organizations.Members(db, actor.OrganizationId).Where(m => m.LeftOn is null))
        {
            var donorId = payers.DonorFor(db, actor.OrganizationId, member.MemberId);
            // The current term (not ended) if there is one, else the latest ended one.
            var current = donorId is null
                ? null
                : memberships.ListRowsOfDonor(db, actor.OrganizationId, donorId.Value).OrderBy(r => r.CancelledOn is not null).FirstOrDefault();
            var summary = current is null ? null : MembershipSummary.From(current, today);
            FiscalYearDuesSummary? fiscalYear = null;
            if (current is not null)
            {
                var row = memberships.Find(db, actor.OrganizationId, current.Id)!;
                var schedule = DuesLedgerUpdater.ScheduleOf(row, summary!.Interval);
                var payments = DuesLedgerUpdater.PaymentsFor(row, memberships.PaymentsOf(db, actor.OrganizationId, row.Id));
                fiscalYear = FiscalYearDues.Summarize(schedule, [.. payments], (int)alliance.FiscalYearStartMonth, today, row.CancelledOn);
            }
            rows.Add(new AllianceDuesRow(member.MemberId, member.MemberName, donorId, summary, fiscalYear));
        }
        return rows;
    }

    /// <summary>Assigns a plan to a current member organization, creating its payer donor record if missing; returns the enrolment.</summary>
    public EnrolmentResult Assign(Actor actor, AllianceDuesAssignmentInput input)
    {
        actor.Require(Role.Treasurer);
        _validator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        if (!organizations.IsCurrentMember(db, actor.OrganizationId, input.MemberOrganizationId))
            throw InputValidation.FieldError(nameof(input.MemberOrganizationId), "That organization is not a current member of this alliance.");
        if (plans.Find(db, actor.OrganizationId, input.PlanId) is { MemberKind: not MemberKind.Organization })
            throw InputValidation.FieldError(nameof(input.PlanId), "Member organizations pay on a plan for organizations; choose one.");
        var donorId = payers.DonorFor(db, actor.OrganizationId, input.MemberOrganizationId);
        if (donorId is null)
        {
            var member = organizations.Find(db, input.MemberOrganizationId)!;
            var payer = new DonorInput { Kind = DonorKinds.Organization, OrganizationName = member.Name, DefaultCategory = "membership_dues" }.Normalized();
            donorId = donors.Insert(db, actor.OrganizationId, payer, clock.GetUtcNow());
            payers.Insert(db, actor.OrganizationId, input.MemberOrganizationId, donorId.Value);
            audit.Record(db, actor, "donor", donorId.Value, "create", null, donors.Find(db, actor.OrganizationId, donorId.Value));
        }
        var result = membershipService.Enrol(db, actor, new MembershipEnrolmentInput
        {
            DonorId = donorId.Value,
            PlanId = input.PlanId,
            StartsOn = input.StartsOn,
            TierName = input.TierName,
            ChosenAmountCents = input.ChosenAmountCents,
        });
        db.Commit();
        // The payer record is new in the alliance's books, so "start before the donor was added" is expected here, not a warning.
        return result with { Warnings = [] };
    }
}
