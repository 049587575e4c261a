using DonorTrack.Core.Validation;
using FluentValidation;

namespace DonorTrack.Core.Matching;

/// <summary>
/// Checks a campaign's own rules. Checks that need the database (the funder is a donor of the organization, each
/// participant is a current member of the running alliance, edits after gifts were matched) belong to the service.
/// </summary>
public sealed class MatchingCampaignInputValidator : AbstractValidator<MatchingCampaignInput>
{
    public const int MaxRecurringMultiplier = 24;

    public MatchingCampaignInputValidator()
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage("Give the campaign a name.")
            .MaximumLength(200).WithMessage("Keep the name to 200 characters or fewer.").WithoutNul();
        RuleFor(c => c.FunderDonorId).NotNull().WithMessage("Choose the funder.")
            .GreaterThan(0).WithMessage("Choose the funder.");
        RuleFor(c => c.PoolCents).NotNull().WithMessage("Enter the pool the funder commits.")
            .GreaterThan(0).WithMessage("The pool must be more than zero.");
        RuleFor(c => c.Ratio).Must(r => MatchingRatio.TryParse(r, out _))
            .WithMessage($"Enter the ratio as funder:donor whole numbers from 1 to {MatchingRatio.MaxTerm}, e.g. 1:1, 2:1 or 1:2.");
        RuleFor(c => c.PerGiftCapCents).GreaterThan(0).When(c => c.PerGiftCapCents is not null)
            .WithMessage("A per-gift cap must be more than zero; leave it empty for no cap.");
        RuleFor(c => c.PerDonorCapCents).GreaterThan(0).When(c => c.PerDonorCapCents is not null)
            .WithMessage("A per-donor cap must be more than zero; leave it empty for no cap.");
        RuleFor(c => c.StartsOn).NotNull().WithMessage("Enter the first day of the campaign.");
        RuleFor(c => c.EndsOn).NotNull().WithMessage("Enter the last day of the campaign.");
        RuleFor(c => c.EndsOn).GreaterThanOrEqualTo(c => c.StartsOn).When(c => c.StartsOn is not null && c.EndsOn is not null)
            .WithMessage("The last day cannot be before the first day.");
        RuleFor(c => c.Eligibility).Must(e => MatchingCampaignInput.ParseEligibility(e) is not null)
            .WithMessage("Eligibility must be all, new_donors or new_or_increased.");
        RuleFor(c => c.EligibleMethods).Must(BeKnownAndNonEmpty(MatchingVocabulary.Methods)).When(c => c.EligibleMethods is not null)
            .WithMessage("Choose at least one method from: " + string.Join(", ", MatchingVocabulary.Methods.Order()) + ".");
        RuleFor(c => c.EligibleCategories).Must(BeKnownAndNonEmpty(MatchingVocabulary.Categories)).When(c => c.EligibleCategories is not null)
            .WithMessage("Choose at least one category from: " + string.Join(", ", MatchingVocabulary.Categories.Order()) + ".");
        RuleFor(c => c.EligibleDonorKinds).Must(BeKnownAndNonEmpty(MatchingVocabulary.DonorKinds)).When(c => c.EligibleDonorKinds is not null)
            .WithMessage("Choose at least one donor kind from: individual, organization.");
        RuleFor(c => c.RecurringMultiplier).InclusiveBetween(1, MaxRecurringMultiplier).When(c => c.RecurringMultiplier is not null)
            .WithMessage($"The recurring multiplier must be from 1 to {MaxRecurringMultiplier} (12 matches a monthly gift for a year); leave it empty for none.");
        RuleFor(c => c.Kind).Must(k => MatchingCampaignInput.ParseKind(k) is not null)
            .WithMessage("Kind must be match or challenge.");
        RuleFor(c => c.ThresholdCents).NotNull().When(IsChallenge)
            .WithMessage("A challenge needs the amount that must be raised.");
        RuleFor(c => c.ThresholdCents).GreaterThan(0).When(c => IsChallenge(c) && c.ThresholdCents is not null)
            .WithMessage("A challenge threshold must be more than zero.");
        RuleFor(c => c.ThresholdCents).Null().When(c => !IsChallenge(c))
            .WithMessage("Only a challenge has a threshold; choose kind challenge or leave the threshold empty.");
        RuleFor(c => c.Participants).NotEmpty().WithMessage("Add at least one participating organization.");
        RuleFor(c => c.Participants).Must(ps => ps!.All(p => p is not null)).When(c => c.Participants is not null)
            .WithMessage("A participant entry is empty.");
        RuleFor(c => c.Participants).Must(HaveNoDuplicates).When(c => c.Participants is not null)
            .WithMessage("Each organization can take part only once.");
        RuleForEach(c => c.Participants).Where(p => p is not null).ChildRules(participant =>
        {
            participant.RuleFor(p => p.OrganizationId).NotNull().WithMessage("Choose the organization.")
                .GreaterThan(0).WithMessage("Choose the organization.");
            participant.RuleFor(p => p.CapCents).GreaterThan(0).When(p => p.CapCents is not null)
                .WithMessage("An organization's cap must be more than zero; leave it empty for no cap.");
        }).When(c => c.Participants is not null);
    }

    private static bool IsChallenge(MatchingCampaignInput input) => MatchingCampaignInput.ParseKind(input.Kind) == MatchingKind.Challenge;

    private static Func<IReadOnlyList<string>?, bool> BeKnownAndNonEmpty(IReadOnlySet<string> known) =>
        words => words is { Count: > 0 } && words.All(w => w is not null && known.Contains(w));

    private static bool HaveNoDuplicates(IReadOnlyList<MatchingParticipantInput>? participants) =>
        participants is null
        || participants.Where(p => p?.OrganizationId is not null).GroupBy(p => p.OrganizationId).All(g => g.Count() == 1);
}
