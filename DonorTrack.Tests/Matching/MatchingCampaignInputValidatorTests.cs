namespace DonorTrack.Tests.Matching;

public sealed class MatchingCampaignInputValidatorTests
{
    private static readonly MatchingCampaignInput Valid = new()
    {
        Name = "Spring NewsMatch",
        FunderDonorId = 42,
        PoolCents = 5_000_000,
        Ratio = "2:1",
        StartsOn = new DateOnly(2025, 11, 1),
        EndsOn = new DateOnly(2025, 12, 31),
        Participants = [new MatchingParticipantInput { OrganizationId = 1 }, new MatchingParticipantInput { OrganizationId = 2, CapCents = 100_000 }],
    };

    private readonly MatchingCampaignInputValidator _validator = new();

    private static IEnumerable<TestCaseData> InvalidInputs()
    {
        yield return Invalid("RatioZero", Valid with { Ratio = "0:1" }, "Ratio");
        yield return Invalid("RatioZeroDenominator", Valid with { Ratio = "1:0" }, "Ratio");
        yield return Invalid("RatioWords", Valid with { Ratio = "abc" }, "Ratio");
        yield return Invalid("RatioNegative", Valid with { Ratio = "-1:1" }, "Ratio");
        yield return Invalid("RatioMissing", Valid with { Ratio = null }, "Ratio");
        yield return Invalid("NameMissing", Valid with { Name = " " }, "Name");
        yield return Invalid("FunderMissing", Valid with { FunderDonorId = null }, "FunderDonorId");
        yield return Invalid("PoolMissing", Valid with { PoolCents = null }, "PoolCents");
        yield return Invalid("PoolNegative", Valid with { PoolCents = -1 }, "PoolCents");
        yield return Invalid("PoolZero", Valid with { PoolCents = 0 }, "PoolCents");
        yield return Invalid("PerGiftCapNegative", Valid with { PerGiftCapCents = -100 }, "PerGiftCapCents");
        yield return Invalid("PerDonorCapNegative", Valid with { PerDonorCapCents = -100 }, "PerDonorCapCents");
        yield return Invalid("ParticipantCapNegative",
            Valid with { Participants = [new MatchingParticipantInput { OrganizationId = 1, CapCents = -5 }] }, "Participants[0].CapCents");
        yield return Invalid("EndBeforeStart", Valid with { EndsOn = new DateOnly(2025, 10, 31) }, "EndsOn");
        yield return Invalid("StartMissing", Valid with { StartsOn = null }, "StartsOn");
        yield return Invalid("ChallengeWithoutThreshold", Valid with { Kind = "challenge" }, "ThresholdCents");
        yield return Invalid("ChallengeWithZeroThreshold", Valid with { Kind = "challenge", ThresholdCents = 0 }, "ThresholdCents");
        yield return Invalid("MatchWithThreshold", Valid with { Kind = "match", ThresholdCents = 100 }, "ThresholdCents");
        yield return Invalid("UnknownKind", Valid with { Kind = "raffle" }, "Kind");
        yield return Invalid("UnknownEligibility", Valid with { Eligibility = "new_or_lapsed" }, "Eligibility");
        yield return Invalid("RecurringMultiplierZero", Valid with { RecurringMultiplier = 0 }, "RecurringMultiplier");
        yield return Invalid("RecurringMultiplierTwentyFive", Valid with { RecurringMultiplier = 25 }, "RecurringMultiplier");
        yield return Invalid("NoParticipants", Valid with { Participants = [] }, "Participants");
        yield return Invalid("ParticipantsMissing", Valid with { Participants = null }, "Participants");
        yield return Invalid("DuplicateParticipants",
            Valid with { Participants = [new MatchingParticipantInput { OrganizationId = 3 }, new MatchingParticipantInput { OrganizationId = 3, CapCents = 10 }] },
            "Participants");
        yield return Invalid("ParticipantWithoutOrganization", Valid with { Participants = [new MatchingParticipantInput()] }, "Participants[0].OrganizationId");
        yield return Invalid("NullParticipant", Valid with { Participants = [null!] }, "Participants");
        yield return Invalid("UnknownMethod", Valid with { EligibleMethods = ["card", "barter"] }, "EligibleMethods");
        yield return Invalid("NoMethods", Valid with { EligibleMethods = [] }, "EligibleMethods");
        yield return Invalid("UnknownCategory", Valid with { EligibleCategories = ["Individual"] }, "EligibleCategories");
        yield return Invalid("UnknownDonorKind", Valid with { EligibleDonorKinds = ["business"] }, "EligibleDonorKinds");
    }

    [TestCaseSource(nameof(InvalidInputs))]
    public void Validate_BadInput_ReportsTheField(MatchingCampaignInput input, string expectedProperty)
    {
        var result = _validator.Validate(input);

        Assert.That(result.Errors.Select(e => e.PropertyName), Does.Contain(expectedProperty));
        Assert.That(result.Errors.Where(e => e.PropertyName == expectedProperty).Select(e => e.ErrorMessage), Has.All.Not.Empty);
    }

    [TestCase(1)]
    [TestCase(12)]
    [TestCase(24)]
    public void Validate_RecurringMultiplierWithinOneToTwentyFour_IsAccepted(int multiplier)
    {
        Assert.That(_validator.Validate(Valid with { RecurringMultiplier = multiplier }).IsValid, Is.True);
    }

    [Test]
    public void Validate_OneDayChallengeWithEveryOptionSet_IsAccepted()
    {
        var input = Valid with
        {
            EndsOn = Valid.StartsOn,
            Kind = "challenge",
            ThresholdCents = 1_000_000,
            Eligibility = "new_or_increased",
            EligibleMethods = ["card", "stock"],
            EligibleCategories = ["individual", "events"],
            EligibleDonorKinds = ["individual", "organization"],
            PerGiftCapCents = 100_000,
            PerDonorCapCents = 200_000,
            DeductiblePortionOnly = false,
        };

        var result = _validator.Validate(input);

        Assert.That(result.Errors, Is.Empty);
    }

    [Test]
    public void FromInput_ValidInputWithOnlyRequiredFields_AppliesTheDesignDefaults()
    {
        var rules = MatchingRules.FromInput(Valid);

        Assert.That(rules.Ratio, Is.EqualTo(new MatchingRatio(2, 1)));
        Assert.That(rules.Kind, Is.EqualTo(MatchingKind.Match));
        Assert.That(rules.Eligibility, Is.EqualTo(MatchingEligibility.All));
        Assert.That(rules.DeductiblePortionOnly, Is.True);
        Assert.That(rules.EligibleCategories, Is.EquivalentTo(new[] { "individual", "membership_dues" }));
        Assert.That(rules.EligibleDonorKinds, Is.EquivalentTo(new[] { "individual" }));
        Assert.That(rules.EligibleMethods, Is.EquivalentTo(new[] { "card", "check", "cash", "ach", "other" }));
        Assert.That(rules.Participants, Is.EqualTo(new[] { new MatchingParticipant(1), new MatchingParticipant(2, 100_000) }));
    }

    [Test]
    public void FromInput_ChosenOptions_AreCarriedIntoTheRules()
    {
        var rules = MatchingRules.FromInput(Valid with
        {
            Kind = "challenge",
            ThresholdCents = 500,
            Eligibility = "new_donors",
            EligibleMethods = ["stock"],
            RecurringMultiplier = 12,
            DeductiblePortionOnly = false,
        });

        Assert.That((rules.Kind, rules.ThresholdCents, rules.Eligibility, rules.RecurringMultiplier, rules.DeductiblePortionOnly),
            Is.EqualTo((MatchingKind.Challenge, (long?)500, MatchingEligibility.NewDonors, (int?)12, false)));
        Assert.That(rules.EligibleMethods, Is.EquivalentTo(new[] { "stock" }));
    }

    [Test]
    public void FromInput_InvalidInput_IsRefused()
    {
        Assert.That(() => MatchingRules.FromInput(Valid with { Ratio = "1:0" }), Throws.ArgumentException);
    }

    private static TestCaseData Invalid(string what, MatchingCampaignInput input, string property) =>
        new TestCaseData(input, property).SetName($"Validate_{what}_ReportsTheField");
}
