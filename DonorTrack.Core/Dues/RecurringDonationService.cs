using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Dues;

/// <summary>Recurring donation pledges: create, pause, resume, end, record a failed charge; payments are gifts linked to the pledge.</summary>
public sealed class RecurringDonationService(
    IDbConnectionFactory connections, RecurringDonationRepository recurring, DonorRepository donors, OrganizationRepository organizations,
    Gifts.GiftService gifts, DuesLedgerUpdater ledger, AuditLog audit, TimeProvider clock)
{
    private readonly RecurringDonationInputValidator _validator = new();

    public long Create(Actor actor, RecurringDonationInput input)
    {
        actor.Require(Role.Entry);
        _validator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        if (!donors.Exists(db, actor.OrganizationId, input.DonorId))
            throw InputValidation.FieldError(nameof(input.DonorId), "There is no such donor in this organization.");
        var id = recurring.Insert(db, actor.OrganizationId, input, clock.GetUtcNow());
        audit.Record(db, actor, "recurring_donation", id, "create", null, recurring.Find(db, actor.OrganizationId, id));
        db.Commit();
        return id;
    }

    public RecurringDonationSummary? Find(Actor actor, long id)
    {
        using var db = connections.Read();
        var today = Today(db, actor);
        return recurring.Find(db, actor.OrganizationId, id) is { } row ? new RecurringDonationSummary(row, row.Schedule.MissedInstallments(today)) : null;
    }

    public IReadOnlyList<LinkedGiftRow> Payments(Actor actor, long id)
    {
        using var db = connections.Read();
        return recurring.PaymentsOf(db, actor.OrganizationId, id);
    }

    public IReadOnlyList<RecurringDonationSummary> List(Actor actor, long? donorId = null)
    {
        using var db = connections.Read();
        var today = Today(db, actor);
        return recurring.List(db, actor.OrganizationId, donorId).Select(r => new RecurringDonationSummary(r, r.Schedule.MissedInstallments(today))).ToList();
    }

    /// <summary>Monthly recurring revenue of active and failing pledges (<see cref="RecurringRevenue"/>).</summary>
    public long MonthlyRecurringRevenueCents(Actor actor)
    {
        using var db = connections.Read();
        return RecurringRevenue.MonthlyCents(recurring.List(db, actor.OrganizationId).Select(r => r.Schedule));
    }

    /// <summary>Records one installment as a gift linked to the pledge (category: the donor's usual one, else individual); the schedule advances in the same transaction.</summary>
    public long RecordPayment(Actor actor, long id, DateOnly? receivedOn, Gifts.GiftMethod? method)
    {
        actor.Require(Role.Entry);
        using var db = connections.BeginTransaction();
        var row = recurring.Find(db, actor.OrganizationId, id)
            ?? throw InputValidation.FieldError(nameof(Gifts.GiftInput.RecurringDonationId), "There is no such recurring donation in this organization.");
        var category = Data.DomainWords.TryParse<Donors.GiftCategory>(donors.Find(db, actor.OrganizationId, row.DonorId)?.DefaultCategory, out var usual) ? usual : Donors.GiftCategory.Individual;
        var giftId = gifts.Record(db, actor, new Gifts.GiftInput
        {
            DonorId = row.DonorId, AmountCents = row.AmountCents, ReceivedOn = receivedOn, Method = method, Category = category, RecurringDonationId = id,
        });
        db.Commit();
        return giftId;
    }

    public bool Pause(Actor actor, long id) => Change(actor, id, "pause", (row, _) => (row.Schedule.Pause(), row.SkippedInstallments, null));

    /// <summary>Resumes a paused pledge; installments that fell due while paused are skipped, not missed.</summary>
    public bool Resume(Actor actor, long id) => Change(actor, id, "resume", (row, today) =>
    {
        var resumed = row.Schedule.Resume(today);
        return (resumed, row.SkippedInstallments + resumed.NextInstallment - row.NextInstallment, null);
    });

    public bool End(Actor actor, long id) => Change(actor, id, "end", (row, today) => (row.Schedule.End(), row.SkippedInstallments, today));

    /// <summary>A failed charge (the Stripe webhook's invoice.payment_failed): the installment stays due and the pledge shows as failing.</summary>
    public bool RecordFailure(DbSession db, Actor actor, long id, string reason)
    {
        var row = recurring.Find(db, actor.OrganizationId, id);
        if (row is null)
            return false;
        var after = row.Schedule.RecordFailure();
        recurring.Update(db, actor.OrganizationId, id, after, row.SkippedInstallments, reason, row.EndedOn, clock.GetUtcNow());
        audit.Record(db, actor, "recurring_donation", id, "failure", row, recurring.Find(db, actor.OrganizationId, id));
        return true;
    }

    /// <summary>The pledge a Stripe subscription pays, if any (the webhook's lookup).</summary>
    public long? FindBySubscription(DbSession db, Actor actor, string subscriptionId) =>
        recurring.FindIdBySubscription(db, actor.OrganizationId, subscriptionId);

    /// <summary>
    /// Creates a pledge paid by a Stripe subscription inside the caller's transaction (the webhook's), validated and audited
    /// like <see cref="Create"/>; throws <see cref="FluentValidation.ValidationException"/> when the input is refused.
    /// </summary>
    public long CreateForSubscription(DbSession db, Actor actor, RecurringDonationInput input, string subscriptionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        _validator.EnsureValid(input);
        if (!donors.Exists(db, actor.OrganizationId, input.DonorId))
            throw InputValidation.FieldError(nameof(input.DonorId), "There is no such donor in this organization.");
        var now = clock.GetUtcNow();
        var id = recurring.Insert(db, actor.OrganizationId, input, now);
        recurring.SetStripeSubscription(db, actor.OrganizationId, id, subscriptionId, now);
        audit.Record(db, actor, "recurring_donation", id, "create", null, recurring.Find(db, actor.OrganizationId, id));
        return id;
    }

    /// <summary>
    /// Ends a pledge whose Stripe subscription was cancelled (by Stripe, or by <c>CardSubscriptionCancellation</c> after Stripe
    /// confirmed), inside the caller's transaction; false when it was already ended.
    /// </summary>
    public bool EndForCancelledSubscription(DbSession db, Actor actor, long id, DateOnly endedOn)
    {
        var row = recurring.Find(db, actor.OrganizationId, id)
            ?? throw new InvalidOperationException($"Recurring donation {id} is not in organization {actor.OrganizationId}.");
        if (row.Status == RecurringDonationStatus.Ended)
            return false;
        recurring.Update(db, actor.OrganizationId, id, row.Schedule.End(), row.SkippedInstallments, row.FailureReason, endedOn, clock.GetUtcNow());
        ledger.RecomputeRecurringDonation(db, actor, id);
        audit.Record(db, actor, "recurring_donation", id, "end", row, recurring.Find(db, actor.OrganizationId, id));
        return true;
    }

    /// <summary>
    /// The new amount of a pledge whose Stripe subscription was already changed to it (Stripe first, as for cancelling),
    /// inside the caller's transaction and audited; installments already received keep the amount they were paid at.
    /// </summary>
    public void ChangeAmountForSubscription(DbSession db, Actor actor, long id, long amountCents)
    {
        var row = SubscriptionPledge(db, actor, id);
        if (row.Status == RecurringDonationStatus.Ended)
            throw InputValidation.FieldError("AmountCents", "This recurring donation has ended.");
        recurring.SetAmount(db, actor.OrganizationId, id, amountCents, clock.GetUtcNow());
        ledger.RecomputeRecurringDonation(db, actor, id);
        audit.Record(db, actor, "recurring_donation", id, "change_amount", row, recurring.Find(db, actor.OrganizationId, id));
    }

    /// <summary>Pauses or resumes a pledge whose Stripe subscription was already paused or resumed, inside the caller's transaction.</summary>
    public void SetPausedForSubscription(DbSession db, Actor actor, long id, bool paused)
    {
        var row = SubscriptionPledge(db, actor, id);
        RecurringSchedule after;
        try
        {
            after = paused ? row.Schedule.Pause() : row.Schedule.Resume(Today(db, actor));
        }
        catch (InvalidOperationException refused)
        {
            throw InputValidation.FieldError("Status", refused.Message);
        }
        var failure = after.Status == RecurringDonationStatus.Failing ? row.FailureReason : null;
        var skipped = row.SkippedInstallments + after.NextInstallment - row.NextInstallment;
        recurring.Update(db, actor.OrganizationId, id, after, skipped, failure, row.EndedOn, clock.GetUtcNow());
        ledger.RecomputeRecurringDonation(db, actor, id);
        audit.Record(db, actor, "recurring_donation", id, paused ? "pause" : "resume", row, recurring.Find(db, actor.OrganizationId, id));
    }

    private RecurringDonationRow SubscriptionPledge(DbSession db, Actor actor, long id)
    {
        var row = recurring.Find(db, actor.OrganizationId, id)
            ?? throw new InvalidOperationException($"Recurring donation {id} is not in organization {actor.OrganizationId}.");
        if (row.StripeSubscriptionId is null)
            throw new InvalidOperationException($"Recurring donation {id} is not paid by a Stripe subscription.");
        return row;
    }

    private bool Change(Actor actor, long id, string action, Func<RecurringDonationRow, DateOnly, (RecurringSchedule Schedule, long Skipped, DateOnly? EndedOn)> change)
    {
        actor.Require(Role.Treasurer);
        using var db = connections.BeginTransaction();
        var row = recurring.Find(db, actor.OrganizationId, id);
        if (row is null)
            return false;
        // Stripe keeps charging whatever is marked here; a card pledge ends through CardSubscriptionCancellation, which cancels it there first.
        if (row.StripeSubscriptionId is not null && action is "pause" or "resume" or "end" && row.Status != RecurringDonationStatus.Ended)
            throw InputValidation.FieldError("Status", "This pledge is paid by a card subscription in Stripe: use \u201cCancel card subscription\u201d to end it, or pause it in the Stripe Dashboard.");
        (RecurringSchedule Schedule, long Skipped, DateOnly? EndedOn) after;
        try
        {
            after = change(row, Today(db, actor));
        }
        catch (InvalidOperationException refused)
        {
            throw InputValidation.FieldError("Status", refused.Message);
        }
        var failure = after.Schedule.Status == RecurringDonationStatus.Failing ? row.FailureReason : null;
        recurring.Update(db, actor.OrganizationId, id, after.Schedule, after.Skipped, failure, after.EndedOn ?? row.EndedOn, clock.GetUtcNow());
        ledger.RecomputeRecurringDonation(db, actor, id);
        audit.Record(db, actor, "recurring_donation", id, action, row, recurring.Find(db, actor.OrganizationId, id));
        db.Commit();
        return true;
    }

    private DateOnly Today(DbSession db, Actor actor) => organizations.Find(db, actor.OrganizationId)!.LocalDate(clock.GetUtcNow());
}
