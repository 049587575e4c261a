using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Dues;

/// <summary>
/// Keeps memberships and recurring donations in step with the gifts linked to them, inside the gift's own transaction.
/// GiftService notifies it (as an <see cref="IGiftChangeListener"/>) whenever a gift is recorded, voided or refunded, however that
/// happened (a page, the API, the Stripe "invoice paid" webhook); the standing is always replayed from every linked gift, never patched.
/// </summary>
public sealed class DuesLedgerUpdater(
    MembershipRepository memberships, MembershipPlanRepository plans, RecurringDonationRepository recurring, AuditLog audit, TimeProvider clock)
    : IGiftChangeListener, IGiftReferenceCheck
{
    public void OnGiftChanged(DbSession db, GiftChange change) => Apply(db, change.Actor, change.Gift);

    public void EnsureValid(DbSession db, long organizationId, GiftInput input) => EnsureLinkable(db, organizationId, input);

    /// <summary>Refuses a gift whose membership or recurring donation is not in the organization or belongs to another donor.</summary>
    public void EnsureLinkable(DbSession db, long organizationId, GiftInput input)
    {
        if (input.MembershipId is not null && input.RecurringDonationId is not null)
            throw InputValidation.FieldError(nameof(input.RecurringDonationId), "A gift pays either a membership or a recurring donation, not both.");
        if (input.MembershipId is { } membershipId)
        {
            var membership = memberships.Find(db, organizationId, membershipId)
                ?? throw InputValidation.FieldError(nameof(input.MembershipId), "There is no such membership in this organization.");
            if (membership.DonorId != input.DonorId)
                throw InputValidation.FieldError(nameof(input.MembershipId), "This membership belongs to another donor; record dues under the member's own donor record.");
            if (input.Category != GiftCategory.MembershipDues)
                throw InputValidation.FieldError(nameof(input.Category), "A payment toward a membership is recorded in the category membership_dues.");
        }
        if (input.RecurringDonationId is { } recurringId)
        {
            var pledge = recurring.Find(db, organizationId, recurringId)
                ?? throw InputValidation.FieldError(nameof(input.RecurringDonationId), "There is no such recurring donation in this organization.");
            if (pledge.DonorId != input.DonorId)
                throw InputValidation.FieldError(nameof(input.RecurringDonationId), "This recurring donation belongs to another donor.");
            if (pledge.Status == RecurringDonationStatus.Ended)
                throw InputValidation.FieldError(nameof(input.RecurringDonationId), "This recurring donation has ended; record the gift without it or start a new one.");
        }
    }

    /// <summary>Recomputes whatever the gift pays toward, after it was recorded, voided or refunded.</summary>
    public void Apply(DbSession db, Actor actor, Gift gift)
    {
        if (gift.MembershipId is { } membershipId)
            RecomputeMembership(db, actor, membershipId);
        if (gift.RecurringDonationId is { } recurringId)
            RecomputeRecurringDonation(db, actor, recurringId);
    }

    /// <summary>Replays the term's opening credit and linked gifts into its standing, stores it, and audits a change.</summary>
    public DuesStanding RecomputeMembership(DbSession db, Actor actor, long membershipId)
    {
        var row = memberships.Find(db, actor.OrganizationId, membershipId)
            ?? throw new InvalidOperationException($"Membership {membershipId} is not in organization {actor.OrganizationId}.");
        var plan = plans.Find(db, actor.OrganizationId, row.PlanId)!;
        var standing = Replay(row, plan.Interval, memberships.PaymentsOf(db, actor.OrganizationId, membershipId));
        var before = new DuesStanding((int)row.PaidPeriods, row.PaidThrough, row.CreditCents);
        if (standing != before)
        {
            memberships.UpdateStanding(db, actor.OrganizationId, membershipId, standing, clock.GetUtcNow());
            audit.Record(db, actor, "membership", membershipId, "standing", before, standing);
        }
        return standing;
    }

    /// <summary>The schedule a term is billed on.</summary>
    public static DuesSchedule ScheduleOf(MembershipRow row, DuesInterval interval) => new(row.StartsOn, interval, row.PeriodCents);

    /// <summary>The ledger's payments of a term: its opening credit (from a plan change or reinstatement) on the start date, then kept money.</summary>
    public static IReadOnlyList<DuesPayment> PaymentsFor(MembershipRow row, IEnumerable<LinkedGiftRow> gifts)
    {
        var payments = new List<DuesPayment>();
        if (row.OpeningCreditCents > 0)
            payments.Add(new DuesPayment(row.StartsOn, row.OpeningCreditCents));
        payments.AddRange(gifts.Where(g => g.NetCents > 0).Select(g => new DuesPayment(g.ReceivedOn, g.NetCents)));
        return payments;
    }

    public static DuesStanding Replay(MembershipRow row, DuesInterval interval, IEnumerable<LinkedGiftRow> gifts) =>
        DuesLedger.Replay(ScheduleOf(row, interval), PaymentsFor(row, gifts));

    /// <summary>Next installment = installments skipped by resumes + installments received; a received one clears "failing".</summary>
    public void RecomputeRecurringDonation(DbSession db, Actor actor, long recurringDonationId)
    {
        var row = recurring.Find(db, actor.OrganizationId, recurringDonationId)
            ?? throw new InvalidOperationException($"Recurring donation {recurringDonationId} is not in organization {actor.OrganizationId}.");
        var received = recurring.PaymentsOf(db, actor.OrganizationId, recurringDonationId).Count(g => g.NetCents > 0);
        var before = row.Schedule;
        var next = checked((int)row.SkippedInstallments + received);
        var after = before with
        {
            NextInstallment = next,
            Status = before.Status == RecurringDonationStatus.Failing && next > before.NextInstallment ? RecurringDonationStatus.Active : before.Status,
        };
        if (after == before)
            return;
        var failure = after.Status == RecurringDonationStatus.Failing ? row.FailureReason : null;
        recurring.Update(db, actor.OrganizationId, recurringDonationId, after, row.SkippedInstallments, failure, row.EndedOn, clock.GetUtcNow());
        audit.Record(db, actor, "recurring_donation", recurringDonationId, "schedule", before, after);
    }
}
