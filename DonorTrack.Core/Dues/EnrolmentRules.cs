using FluentValidation.Results;
using DonorTrack.Core.Money;

namespace DonorTrack.Core.Dues;

/// <summary>A membership the donor already has, as far as enrolment cares.</summary>
public sealed record ExistingMembership(long MembershipId, long PlanId, MembershipStatus Status);

/// <summary>The facts an enrolment is checked against, gathered by the service from the database.</summary>
public sealed record EnrolmentFacts(
    MemberKind DonorKind,
    DateOnly DonorAddedOn,
    MembershipPlan Plan,
    IReadOnlyCollection<ExistingMembership> DonorMemberships);

/// <summary>
/// The outcome of the database-dependent enrolment checks: errors refuse the enrolment, warnings are shown and allowed.
/// Property names match <see cref="MembershipEnrolmentInput"/> so the page can put messages next to the field.
/// </summary>
public sealed record EnrolmentReview(IReadOnlyList<ValidationFailure> Errors, IReadOnlyList<ValidationFailure> Warnings, long? PeriodCents)
{
    public bool IsRefused => Errors.Count > 0;
}

/// <summary>Enrolment checks that need facts from the database, written as a pure function of those facts.</summary>
public static class EnrolmentRules
{
    /// <summary>Run after <see cref="MembershipEnrolmentInputValidator"/> passed (so StartsOn is set).</summary>
    public static EnrolmentReview Review(MembershipEnrolmentInput input, EnrolmentFacts facts)
    {
        var errors = new List<ValidationFailure>();
        var warnings = new List<ValidationFailure>();
        var plan = facts.Plan;

        if (plan.IsRetired)
            errors.Add(new(nameof(input.PlanId), $"The plan \"{plan.Name}\" is retired; choose a current plan."));
        if (facts.DonorKind != plan.MemberKind)
        {
            errors.Add(new(nameof(input.PlanId), plan.MemberKind == MemberKind.Organization
                ? $"\"{plan.Name}\" is a plan for organizations; an individual cannot be enrolled on it. Choose an individual plan."
                : $"\"{plan.Name}\" is a plan for individuals; an organization cannot be enrolled on it. Choose an organization plan."));
        }
        var samePlanMembership = facts.DonorMemberships.FirstOrDefault(m => m.PlanId == plan.Id && m.Status != MembershipStatus.Cancelled);
        if (samePlanMembership is not null)
        {
            errors.Add(new(nameof(input.PlanId), samePlanMembership.Status == MembershipStatus.Lapsed
                ? $"This donor already has a lapsed membership on \"{plan.Name}\"; reinstate it instead of enrolling again."
                : $"This donor is already a member on \"{plan.Name}\"."));
        }

        var periodCents = plan.Pricing.PeriodCentsFor(input.TierName, input.ChosenAmountCents);
        if (periodCents is null)
        {
            switch (plan.Pricing)
            {
                case DuesPricing.SlidingScale scale:
                    errors.Add(new(nameof(input.TierName), $"Choose one of the plan's tiers: {string.Join(", ", scale.Tiers.Select(t => t.Name))}."));
                    break;
                case DuesPricing.PayWhatYouCan pwyc:
                    errors.Add(new(nameof(input.ChosenAmountCents), $"Enter an amount of at least {Money.MoneyFormat.Plain(pwyc.MinimumCents)}."));
                    break;
            }
        }

        if (input.StartsOn is { } startsOn && startsOn < facts.DonorAddedOn)
        {
            warnings.Add(new(nameof(input.StartsOn),
                $"The start date {DisplayFormat.Date(startsOn)} is before this donor was added ({DisplayFormat.Date(facts.DonorAddedOn)}). That is allowed (e.g. an existing member entered late); check the date is right.")
            { Severity = FluentValidation.Severity.Warning });
        }

        return new EnrolmentReview(errors, warnings, periodCents);
    }
}
