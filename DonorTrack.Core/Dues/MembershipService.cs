using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;
using FluentValidation;
using DonorTrack.Core.Money;

namespace DonorTrack.Core.Dues;

/// <summary>Membership plans and membership terms: enrol, pay dues, cancel, reinstate, change plan, and the treasurer's lists.</summary>
public sealed class MembershipService(
    IDbConnectionFactory connections, MembershipPlanRepository plans, MembershipRepository memberships, DonorRepository donors,
    OrganizationRepository organizations, GiftService gifts, DuesLedgerUpdater ledger, AuditLog audit, TimeProvider clock)
{
    /// <summary>How many days ahead "due soon" looks.</summary>
    public const int DueSoonDays = 30;

    /// <summary>How far back "recently lapsed" looks.</summary>
    public const int RecentlyLapsedDays = 90;

    public const string PlanPriceRuleText =
        "Changing a plan's price applies to new enrolments; current members keep the amount they enrolled at until they change plan. "
        + "Grace days and benefits apply to everyone on the plan at once.";

    private readonly MembershipPlanInputValidator _planValidator = new();
    private readonly MembershipEnrolmentInputValidator _enrolmentValidator = new();
    private readonly CancelMembershipInputValidator _cancelValidator = new();
    private readonly ReinstateMembershipInputValidator _reinstateValidator = new();
    private readonly PlanChangeInputValidator _planChangeValidator = new();

    public IReadOnlyList<MembershipPlan> Plans(Actor actor, bool includeRetired = true)
    {
        using var db = connections.Read();
        return plans.List(db, actor.OrganizationId, includeRetired);
    }

    public MembershipPlan? FindPlan(Actor actor, long planId)
    {
        using var db = connections.Read();
        return plans.Find(db, actor.OrganizationId, planId);
    }

    public long CreatePlan(Actor actor, MembershipPlanInput input)
    {
        actor.Require(Role.Treasurer);
        _planValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var id = plans.Insert(db, actor.OrganizationId, input.ToPlan(0), clock.GetUtcNow());
        audit.Record(db, actor, "membership_plan", id, "create", null, plans.Find(db, actor.OrganizationId, id));
        db.Commit();
        return id;
    }

    /// <summary>Changes a plan; false when there is no such plan. Members keep their enrolled amount (see <see cref="PlanPriceRuleText"/>).</summary>
    public bool UpdatePlan(Actor actor, long planId, MembershipPlanInput input)
    {
        actor.Require(Role.Treasurer);
        _planValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var before = plans.Find(db, actor.OrganizationId, planId);
        if (before is null)
            return false;
        if (before.MemberKind != input.MemberKind && plans.HasMemberships(db, actor.OrganizationId, planId))
            throw InputValidation.FieldError(nameof(input.MemberKind), "This plan has members; create a new plan instead of changing who it is for.");
        if (before.Interval != input.Interval && plans.HasMemberships(db, actor.OrganizationId, planId))
            throw InputValidation.FieldError(nameof(input.Interval), "This plan has members; create a new plan and change members to it instead of changing its interval.");
        plans.Update(db, actor.OrganizationId, input.ToPlan(planId), clock.GetUtcNow());
        audit.Record(db, actor, "membership_plan", planId, "update", before, plans.Find(db, actor.OrganizationId, planId));
        db.Commit();
        return true;
    }

    /// <summary>Retires (or brings back) a plan: retired plans take no new members; current members stay on it.</summary>
    public bool SetPlanRetired(Actor actor, long planId, bool retired)
    {
        actor.Require(Role.Treasurer);
        using var db = connections.BeginTransaction();
        var before = plans.Find(db, actor.OrganizationId, planId);
        if (before is null)
            return false;
        plans.Update(db, actor.OrganizationId, before with { IsRetired = retired }, clock.GetUtcNow());
        audit.Record(db, actor, "membership_plan", planId, retired ? "retire" : "reactivate", before, plans.Find(db, actor.OrganizationId, planId));
        db.Commit();
        return true;
    }

    /// <summary>Enrols a donor on a plan. Refused (validation error) for a retired plan, the wrong member kind, a double enrolment or a missing tier/amount.</summary>
    public EnrolmentResult Enrol(Actor actor, MembershipEnrolmentInput input)
    {
        actor.Require(Role.Entry);
        _enrolmentValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var result = Enrol(db, actor, input);
        db.Commit();
        return result;
    }

    /// <summary>Enrols inside the caller's transaction (alliance dues compose it with creating the payer).</summary>
    public EnrolmentResult Enrol(DbSession db, Actor actor, MembershipEnrolmentInput input)
    {
        _enrolmentValidator.EnsureValid(input);
        var organization = organizations.Find(db, actor.OrganizationId)!;
        var today = organization.LocalDate(clock.GetUtcNow());
        var donor = donors.Find(db, actor.OrganizationId, input.DonorId)
            ?? throw InputValidation.FieldError(nameof(input.DonorId), "There is no such donor in this organization.");
        var plan = plans.Find(db, actor.OrganizationId, input.PlanId)
            ?? throw InputValidation.FieldError(nameof(input.PlanId), "There is no such membership plan in this organization.");
        var existing = memberships.ListRowsOfDonor(db, actor.OrganizationId, input.DonorId)
            .Select(r => MembershipSummary.From(r, today))
            .Select(m => new ExistingMembership(m.Id, m.PlanId, m.Status))
            .ToList();
        var facts = new EnrolmentFacts(donor.Kind == DonorKind.Organization ? MemberKind.Organization : MemberKind.Individual, organization.LocalDate(donor.CreatedAt), plan, existing);
        var review = EnrolmentRules.Review(input, facts);
        if (review.IsRefused)
            throw new ValidationException(review.Errors);
        var id = memberships.Insert(
            db, actor.OrganizationId, input.DonorId, plan.Id, input.StartsOn!.Value, TierNameFor(plan, input.TierName), review.PeriodCents!.Value,
            input.AutoRenew, 0, null, "enrolment", clock.GetUtcNow());
        audit.Record(db, actor, "membership", id, "enrol", null, memberships.Find(db, actor.OrganizationId, id));
        return new EnrolmentResult(id, [.. review.Warnings.Select(w => w.ErrorMessage)]);
    }

    /// <summary>The membership term a Stripe subscription pays, if any (the webhook's lookup).</summary>
    public long? FindBySubscription(DbSession db, Actor actor, string subscriptionId) =>
        memberships.FindIdBySubscription(db, actor.OrganizationId, subscriptionId);

    /// <summary>Enrols inside the caller's transaction (the webhook's) a member whose dues a Stripe subscription pays; refused exactly as <see cref="Enrol(Actor, MembershipEnrolmentInput)"/>.</summary>
    public EnrolmentResult EnrolForSubscription(DbSession db, Actor actor, MembershipEnrolmentInput input, string subscriptionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        var enrolled = Enrol(db, actor, input);
        memberships.SetStripeSubscription(db, actor.OrganizationId, enrolled.MembershipId, subscriptionId, clock.GetUtcNow());
        audit.Record(db, actor, "membership", enrolled.MembershipId, "stripe_subscription", null, new { subscriptionId });
        return enrolled;
    }

    /// <summary>
    /// The Stripe subscription paying a term ended: it no longer renews automatically and, unless paid some other way, lapses
    /// when its paid-through date and grace pass (its history stays). False when it had already stopped renewing.
    /// </summary>
    public bool StopAutoRenewForEndedSubscription(DbSession db, Actor actor, long membershipId)
    {
        var before = memberships.Find(db, actor.OrganizationId, membershipId)
            ?? throw new InvalidOperationException($"Membership {membershipId} is not in organization {actor.OrganizationId}.");
        if (!before.AutoRenew)
            return false;
        memberships.SetAutoRenew(db, actor.OrganizationId, membershipId, autoRenew: false, clock.GetUtcNow());
        audit.Record(db, actor, "membership", membershipId, "auto_renew_off", before, memberships.Find(db, actor.OrganizationId, membershipId));
        return true;
    }

    /// <summary>
    /// Records a dues payment: a gift in category membership_dues linked to the membership, whose benefit value is the plan's
    /// (capped at the amount). The gift service replays the membership's standing in the same transaction.
    /// </summary>
    public long RecordPayment(Actor actor, long membershipId, GiftInput payment)
    {
        actor.Require(Role.Entry);
        using var db = connections.BeginTransaction();
        var row = memberships.Find(db, actor.OrganizationId, membershipId)
            ?? throw InputValidation.FieldError(nameof(GiftInput.MembershipId), "There is no such membership in this organization.");
        var plan = plans.Find(db, actor.OrganizationId, row.PlanId)!;
        var benefit = plan.BenefitValueCents > 0 && payment.AmountCents is > 0 ? Math.Min(plan.BenefitValueCents, payment.AmountCents.Value) : 0;
        var giftId = gifts.Record(db, actor, payment with
        {
            DonorId = row.DonorId,
            MembershipId = membershipId,
            Category = GiftCategory.MembershipDues,
            BenefitValueCents = payment.BenefitValueCents ?? benefit,
            BenefitDescription = payment.BenefitDescription ?? (benefit > 0 ? plan.BenefitsDescription : null),
        });
        db.Commit();
        return giftId;
    }

    /// <summary>Cancels a membership from a date with a reason; false when there is no such membership.</summary>
    public bool Cancel(Actor actor, long membershipId, CancelMembershipInput input)
    {
        actor.Require(Role.Treasurer);
        _cancelValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var before = memberships.Find(db, actor.OrganizationId, membershipId);
        if (before is null)
            return false;
        if (before.CancelledOn is not null)
            throw InputValidation.FieldError(nameof(input.CancelledOn), $"This membership was already cancelled on {DisplayFormat.Date(before.CancelledOn)}.");
        if (before.StripeSubscriptionId is not null && before.AutoRenew)
            throw InputValidation.FieldError(nameof(input.CancelledOn), "This membership renews by card through Stripe: stop the card renewal first, so the member is not charged again.");
        if (input.CancelledOn < before.StartsOn)
            throw InputValidation.FieldError(nameof(input.CancelledOn), $"A membership cannot end before it started ({DisplayFormat.Date(before.StartsOn)}).");
        memberships.SetCancelled(db, actor.OrganizationId, membershipId, input.CancelledOn, input.Reason!.Trim(), false, clock.GetUtcNow());
        audit.Record(db, actor, "membership", membershipId, "cancel", before, memberships.Find(db, actor.OrganizationId, membershipId));
        db.Commit();
        return true;
    }

    /// <summary>What reinstating on a date would do, for the page to show before the treasurer confirms.</summary>
    public ReinstatementQuote? QuoteReinstatement(Actor actor, long membershipId, DateOnly reinstateOn)
    {
        using var db = connections.Read();
        return ReinstatementContext(db, actor, membershipId, reinstateOn) is { } context ? context.Quote : null;
    }

    /// <summary>Reinstates a lapsed or cancelled membership (see <see cref="ReinstatementRules"/>); returns the id of the term that continues, or null when not found.</summary>
    public long? Reinstate(Actor actor, long membershipId, ReinstateMembershipInput input)
    {
        actor.Require(Role.Treasurer);
        _reinstateValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var context = ReinstatementContext(db, actor, membershipId, input.ReinstateOn!.Value);
        if (context is null)
            return null;
        var (row, quote) = context.Value;
        var now = clock.GetUtcNow();
        long continuing;
        if (quote.ResumesSameTerm)
        {
            memberships.SetCancelled(db, actor.OrganizationId, membershipId, null, null, false, now);
            continuing = membershipId;
        }
        else
        {
            var reason = $"Lapsed; reinstated on {DisplayFormat.Date(input.ReinstateOn)} as a new term, unpaid dues written off.";
            memberships.SetCancelled(db, actor.OrganizationId, membershipId, row.CancelledOn ?? input.ReinstateOn, row.CancelReason ?? reason, true, now);
            continuing = memberships.Insert(
                db, actor.OrganizationId, row.DonorId, row.PlanId, input.ReinstateOn!.Value, row.TierName, row.PeriodCents, row.AutoRenew,
                quote.CarriedCreditCents, membershipId, "reinstatement", now);
            ledger.RecomputeMembership(db, actor, continuing);
        }
        audit.Record(db, actor, "membership", membershipId, "reinstate", row, new { quote, continuingMembershipId = continuing });
        db.Commit();
        return continuing;
    }

    /// <summary>What changing plan on a date would do to the money (the page shows it with the rule text).</summary>
    public PlanChangeQuote? QuotePlanChange(Actor actor, long membershipId, PlanChangeInput input)
    {
        _planChangeValidator.EnsureValid(input);
        using var db = connections.Read();
        return PlanChangeContext(db, actor, membershipId, input) is { } context ? context.Quote : null;
    }

    /// <summary>Closes the term on the change date and opens a new one on the new plan with the unused value as opening credit; returns the new term's id.</summary>
    public long? ChangePlan(Actor actor, long membershipId, PlanChangeInput input)
    {
        actor.Require(Role.Treasurer);
        _planChangeValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var context = PlanChangeContext(db, actor, membershipId, input);
        if (context is null)
            return null;
        var (row, newPlan, periodCents, quote) = context.Value;
        var now = clock.GetUtcNow();
        memberships.SetCancelled(db, actor.OrganizationId, membershipId, input.ChangeOn, $"Changed to the plan \"{newPlan.Name}\".", false, now);
        var newId = memberships.Insert(
            db, actor.OrganizationId, row.DonorId, newPlan.Id, input.ChangeOn!.Value, TierNameFor(newPlan, input.TierName), periodCents, row.AutoRenew,
            quote.OpeningCreditCents, membershipId, "plan_change", now);
        ledger.RecomputeMembership(db, actor, newId);
        audit.Record(db, actor, "membership", membershipId, "change_plan", row, new { quote, newMembershipId = newId });
        db.Commit();
        return newId;
    }

    public MembershipDetails? Find(Actor actor, long membershipId)
    {
        using var db = connections.Read();
        var today = Today(db, actor);
        var listRow = memberships.FindListRow(db, actor.OrganizationId, membershipId);
        if (listRow is null)
            return null;
        var row = memberships.Find(db, actor.OrganizationId, membershipId)!;
        var plan = plans.Find(db, actor.OrganizationId, row.PlanId)!;
        var summary = MembershipSummary.From(listRow, today);
        var upcoming = summary.Status == MembershipStatus.Cancelled
            ? []
            : DuesOutlook.DueWithin(DuesLedgerUpdater.ScheduleOf(row, plan.Interval), new DuesStanding((int)row.PaidPeriods, row.PaidThrough, row.CreditCents), today, 366, row.CancelledOn)
                .Take(3).ToList();
        return new MembershipDetails(summary, row, plan, memberships.PaymentsOf(db, actor.OrganizationId, membershipId),
            memberships.NextTermOf(db, actor.OrganizationId, membershipId), upcoming, today);
    }

    /// <summary>Memberships with derived status, filtered and paged in memory (statuses depend on today's date, not on stored values).</summary>
    public Paged<MembershipSummary> List(Actor actor, MembershipQuery query)
    {
        var page = query.Page ?? new PageRequest();
        var all = All(actor, query.Status, query.PlanId);
        return new Paged<MembershipSummary>(page.Slice(all), page.Page, page.PageSize, all.Count);
    }

    /// <summary>Every matching membership, unpaged (for exports).</summary>
    public IReadOnlyList<MembershipSummary> All(Actor actor, MembershipStatus? status = null, long? planId = null)
    {
        using var db = connections.Read();
        var today = Today(db, actor);
        return memberships.ListRows(db, actor.OrganizationId)
            .Where(r => planId is null || r.PlanId == planId)
            .Select(r => MembershipSummary.From(r, today))
            .Where(m => status is null || m.Status == status)
            .ToList();
    }

    /// <summary>Every term of one donor, newest first, for the donor page.</summary>
    public IReadOnlyList<MembershipSummary> ForDonor(Actor actor, long donorId)
    {
        using var db = connections.Read();
        var today = Today(db, actor);
        return memberships.ListRowsOfDonor(db, actor.OrganizationId, donorId).Select(r => MembershipSummary.From(r, today)).ToList();
    }

    /// <summary>The treasurer's dues page: due in the next 30 days, in grace, lapsed in the last 90 days, arrears, MRR.</summary>
    public DuesOverview Overview(Actor actor, long monthlyRecurringRevenueCents)
    {
        using var db = connections.Read();
        var today = Today(db, actor);
        var rows = memberships.ListRows(db, actor.OrganizationId);
        var summaries = rows.Select(r => MembershipSummary.From(r, today)).ToList();
        var dueSoon = new List<DueSoonItem>();
        foreach (var (row, summary) in rows.Zip(summaries))
        {
            if (summary.Status == MembershipStatus.Cancelled)
                continue;
            var schedule = new DuesSchedule(row.StartsOn, summary.Interval, row.PeriodCents);
            var upcoming = DuesOutlook.DueWithin(schedule, new DuesStanding((int)row.PaidPeriods, row.PaidThrough, row.CreditCents), today, DueSoonDays, row.CancelledOn);
            if (upcoming.Count > 0)
                dueSoon.Add(new DueSoonItem(summary, upcoming[0].DueOn, upcoming.Sum(u => u.OwedCents)));
        }
        var counted = summaries.Where(s => s.Arrears.OwedCents > 0).ToList();
        return new DuesOverview(
            today,
            [.. dueSoon.OrderBy(d => d.NextDueOn).ThenBy(d => d.Membership.Id)],
            [.. summaries.Where(s => s.Status == MembershipStatus.Grace).OrderBy(s => s.LapsesOn)],
            [.. summaries.Where(s => s.Status == MembershipStatus.Lapsed && s.LapsesOn > today.AddDays(-RecentlyLapsedDays)).OrderByDescending(s => s.LapsesOn)],
            counted.Sum(s => s.Arrears.OwedCents),
            counted.Count,
            monthlyRecurringRevenueCents,
            summaries.Count(s => s.Status is MembershipStatus.Active or MembershipStatus.Grace));
    }

    private (MembershipRow Row, ReinstatementQuote Quote)? ReinstatementContext(DbSession db, Actor actor, long membershipId, DateOnly reinstateOn)
    {
        var row = memberships.Find(db, actor.OrganizationId, membershipId);
        if (row is null)
            return null;
        var plan = plans.Find(db, actor.OrganizationId, row.PlanId)!;
        var status = MembershipStatusRules.Derive(row.PaidThrough, plan.GraceDays, reinstateOn, row.CancelledOn);
        if (memberships.NextTermOf(db, actor.OrganizationId, membershipId) is { } next)
            throw InputValidation.FieldError(nameof(ReinstateMembershipInput.ReinstateOn), $"This term already continues as membership {next}; reinstate that one instead.");
        if (!ReinstatementRules.CanReinstate(status))
            throw InputValidation.FieldError(nameof(ReinstateMembershipInput.ReinstateOn), $"Only a lapsed or cancelled membership can be reinstated; on that date this one is {status.Word()}.");
        var standing = new DuesStanding((int)row.PaidPeriods, row.PaidThrough, row.CreditCents);
        return (row, ReinstatementRules.Quote(DuesLedgerUpdater.ScheduleOf(row, plan.Interval), standing, status, reinstateOn, row.CancelledOn));
    }

    private (MembershipRow Row, MembershipPlan NewPlan, long PeriodCents, PlanChangeQuote Quote)? PlanChangeContext(DbSession db, Actor actor, long membershipId, PlanChangeInput input)
    {
        var row = memberships.Find(db, actor.OrganizationId, membershipId);
        if (row is null)
            return null;
        if (row.CancelledOn is not null)
            throw InputValidation.FieldError(nameof(input.PlanId), "This membership has ended; reinstate it before changing its plan.");
        var changeOn = input.ChangeOn!.Value;
        if (changeOn < row.StartsOn)
            throw InputValidation.FieldError(nameof(input.ChangeOn), $"The change cannot come before the membership started ({DisplayFormat.Date(row.StartsOn)}).");
        var currentPlan = plans.Find(db, actor.OrganizationId, row.PlanId)!;
        var newPlan = plans.Find(db, actor.OrganizationId, input.PlanId)
            ?? throw InputValidation.FieldError(nameof(input.PlanId), "There is no such membership plan in this organization.");
        if (newPlan.Id == row.PlanId)
            throw InputValidation.FieldError(nameof(input.PlanId), "The membership is already on this plan.");
        if (newPlan.IsRetired)
            throw InputValidation.FieldError(nameof(input.PlanId), $"The plan \"{newPlan.Name}\" is retired; choose a current plan.");
        if (newPlan.MemberKind != currentPlan.MemberKind)
            throw InputValidation.FieldError(nameof(input.PlanId), $"\"{newPlan.Name}\" is a plan for {newPlan.MemberKind.Word()}s; this member is on a plan for {currentPlan.MemberKind.Word()}s.");
        var periodCents = newPlan.Pricing.PeriodCentsFor(input.TierName, input.ChosenAmountCents)
            ?? throw InputValidation.FieldError(
                newPlan.Pricing is DuesPricing.PayWhatYouCan ? nameof(input.ChosenAmountCents) : nameof(input.TierName),
                newPlan.Pricing is DuesPricing.PayWhatYouCan pwyc
                    ? $"Enter an amount of at least {Money.MoneyFormat.Plain(pwyc.MinimumCents)}."
                    : $"Choose one of the plan's tiers: {string.Join(", ", ((DuesPricing.SlidingScale)newPlan.Pricing).Tiers.Select(t => t.Name))}.");
        var payments = DuesLedgerUpdater.PaymentsFor(row, memberships.PaymentsOf(db, actor.OrganizationId, membershipId));
        var quote = PlanChangeRules.Quote(DuesLedgerUpdater.ScheduleOf(row, currentPlan.Interval), [.. payments], changeOn, newPlan.Interval, periodCents);
        return (row, newPlan, periodCents, quote);
    }

    private static string? TierNameFor(MembershipPlan plan, string? tierName) =>
        plan.Pricing is DuesPricing.SlidingScale scale
            ? scale.Tiers.FirstOrDefault(t => string.Equals(t.Name, tierName?.Trim(), StringComparison.OrdinalIgnoreCase))?.Name
            : null;

    private DateOnly Today(DbSession db, Actor actor) => organizations.Find(db, actor.OrganizationId)!.LocalDate(clock.GetUtcNow());
}
