namespace DonorTrack.Tests.Dues;

public sealed class MembershipPlanInputValidatorTests
{
    private static readonly MembershipPlanInputValidator Validator = new();

    private static readonly MembershipPlanInput ValidFixedPlan = new()
    {
        Name = "Individual member",
        MemberKind = MemberKind.Individual,
        Interval = DuesInterval.Year,
        PricingKind = DuesPricingKind.Fixed,
        AmountCents = 5000,
        GraceDays = 30,
        BenefitsDescription = "Newsletter and a tote bag",
        BenefitValueCents = 1500,
    };

    private static IEnumerable<string> ErrorFields(MembershipPlanInput input) =>
        Validator.Validate(input).Errors.Select(e => e.PropertyName).Distinct();

    [Test]
    public void Validate_WellFormedFixedPlan_HasNoErrors()
    {
        Assert.That(Validator.Validate(ValidFixedPlan).Errors, Is.Empty);
    }

    [TestCase(0L)]
    [TestCase(-100L)]
    [TestCase(1_000_000_001L)]
    public void Validate_FixedAmountZeroNegativeOrTooLarge_IsRefusedOnAmount(long amountCents)
    {
        Assert.That(ErrorFields(ValidFixedPlan with { AmountCents = amountCents, BenefitValueCents = 0 }), Is.EqualTo(new[] { "AmountCents" }));
    }

    [TestCase(1L)]
    [TestCase(1_000_000_000L)]
    public void Validate_FixedAmountAtTheLimits_IsAccepted(long amountCents)
    {
        Assert.That(ErrorFields(ValidFixedPlan with { AmountCents = amountCents, BenefitValueCents = 0 }), Is.Empty);
    }

    [TestCase(-1, false)]
    [TestCase(0, true)]
    [TestCase(365, true)]
    [TestCase(366, false)]
    public void Validate_GraceDays_MustBeFrom0To365(int graceDays, bool accepted)
    {
        Assert.That(ErrorFields(ValidFixedPlan with { GraceDays = graceDays }), accepted ? Is.Empty : Is.EqualTo(new[] { "GraceDays" }));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Validate_MissingName_IsRefusedOnName(string? name)
    {
        Assert.That(ErrorFields(ValidFixedPlan with { Name = name }), Is.EqualTo(new[] { "Name" }));
    }

    [Test]
    public void Validate_SlidingScaleWithoutTiers_IsRefusedOnTiers()
    {
        Assert.That(ErrorFields(ValidFixedPlan with { PricingKind = DuesPricingKind.SlidingScale, BenefitValueCents = 0 }), Is.EqualTo(new[] { "Tiers" }));
    }

    [Test]
    public void Validate_SlidingScaleTierWithZeroAmount_IsRefusedOnThatTier()
    {
        var input = ValidFixedPlan with
        {
            PricingKind = DuesPricingKind.SlidingScale,
            BenefitValueCents = 0,
            Tiers = [new DuesTierInput("Budget under $100k", 5000), new DuesTierInput("Budget over $1M", 0)],
        };

        Assert.That(ErrorFields(input), Is.EqualTo(new[] { "Tiers[1].AmountCents" }));
    }

    [Test]
    public void Validate_SlidingScaleTierNamesDifferingOnlyInCaseAndSpaces_AreRefusedAsDuplicates()
    {
        var input = ValidFixedPlan with
        {
            PricingKind = DuesPricingKind.SlidingScale,
            BenefitValueCents = 0,
            Tiers = [new DuesTierInput("Small", 5000), new DuesTierInput("small ", 9000)],
        };

        Assert.That(ErrorFields(input), Is.EqualTo(new[] { "Tiers" }));
    }

    [Test]
    public void Validate_BenefitValueAboveLowestTier_IsRefusedOnBenefitValue()
    {
        var input = ValidFixedPlan with
        {
            PricingKind = DuesPricingKind.SlidingScale,
            BenefitValueCents = 6000,
            Tiers = [new DuesTierInput("Small", 5000), new DuesTierInput("Large", 20000)],
        };

        Assert.That(ErrorFields(input), Is.EqualTo(new[] { "BenefitValueCents" }));
    }

    [TestCase(0L)]
    [TestCase(-1L)]
    public void Validate_PayWhatYouCanMinimumNotPositive_IsRefusedOnMinimum(long minimumCents)
    {
        var input = ValidFixedPlan with { PricingKind = DuesPricingKind.PayWhatYouCan, MinimumCents = minimumCents, BenefitValueCents = 0 };

        Assert.That(ErrorFields(input), Is.EqualTo(new[] { "MinimumCents" }));
    }

    [Test]
    public void Validate_PayWhatYouCanSuggestionBelowMinimum_IsRefusedOnSuggestion()
    {
        var input = ValidFixedPlan with { PricingKind = DuesPricingKind.PayWhatYouCan, MinimumCents = 1500, SuggestedCents = 1000, BenefitValueCents = 0 };

        Assert.That(ErrorFields(input), Is.EqualTo(new[] { "SuggestedCents" }));
    }

    [Test]
    public void Validate_NegativeBenefitValue_IsRefusedOnBenefitValue()
    {
        Assert.That(ErrorFields(ValidFixedPlan with { BenefitValueCents = -1 }), Is.EqualTo(new[] { "BenefitValueCents" }));
    }

    [Test]
    public void Validate_BenefitValueAboveTheDues_IsRefusedOnBenefitValue()
    {
        Assert.That(ErrorFields(ValidFixedPlan with { BenefitValueCents = 5001 }), Is.EqualTo(new[] { "BenefitValueCents" }));
    }

    [Test]
    public void Validate_BenefitValueWithoutDescription_IsRefusedOnDescription()
    {
        Assert.That(ErrorFields(ValidFixedPlan with { BenefitsDescription = "" }), Is.EqualTo(new[] { "BenefitsDescription" }));
    }

    [Test]
    public void Validate_UndefinedIntervalOrMemberKind_IsRefused()
    {
        var input = ValidFixedPlan with { Interval = (DuesInterval)9, MemberKind = (MemberKind)9 };

        Assert.That(ErrorFields(input), Is.EquivalentTo(new[] { "Interval", "MemberKind" }));
    }

    [Test]
    public void ToPlan_SlidingScaleInput_BuildsTrimmedTiers()
    {
        var plan = (ValidFixedPlan with
        {
            PricingKind = DuesPricingKind.SlidingScale,
            Tiers = [new DuesTierInput(" Small ", 5000)],
        }).ToPlan(7);

        Assert.That(plan.Pricing.PeriodCentsFor("small", null), Is.EqualTo(5000));
    }
}

public sealed class MembershipEnrolmentInputValidatorTests
{
    private static readonly MembershipEnrolmentInputValidator Validator = new();

    [Test]
    public void Validate_MissingDonorPlanAndStartDate_RefusesEachField()
    {
        var fields = Validator.Validate(new MembershipEnrolmentInput()).Errors.Select(e => e.PropertyName);

        Assert.That(fields, Is.EquivalentTo(new[] { "DonorId", "PlanId", "StartsOn" }));
    }

    [Test]
    public void Validate_ZeroChosenAmount_IsRefused()
    {
        var input = new MembershipEnrolmentInput { DonorId = 1, PlanId = 2, StartsOn = new DateOnly(2025, 1, 1), ChosenAmountCents = 0 };

        Assert.That(Validator.Validate(input).Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { "ChosenAmountCents" }));
    }

    [Test]
    public void Validate_CompleteEnrolment_HasNoErrors()
    {
        var input = new MembershipEnrolmentInput { DonorId = 1, PlanId = 2, StartsOn = new DateOnly(2025, 1, 1) };

        Assert.That(Validator.Validate(input).Errors, Is.Empty);
    }
}

public sealed class RecurringDonationInputValidatorTests
{
    private static readonly RecurringDonationInputValidator Validator = new();

    private static readonly RecurringDonationInput Valid = new()
    {
        DonorId = 3,
        AmountCents = 2500,
        Interval = DuesInterval.Month,
        StartsOn = new DateOnly(2025, 1, 31),
    };

    [Test]
    public void Validate_WellFormedPledge_HasNoErrors()
    {
        Assert.That(Validator.Validate(Valid).Errors, Is.Empty);
    }

    [TestCase(0L)]
    [TestCase(-2500L)]
    [TestCase(1_000_000_001L)]
    public void Validate_AmountOutOfRange_IsRefusedOnAmount(long amountCents)
    {
        Assert.That(Validator.Validate(Valid with { AmountCents = amountCents }).Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { "AmountCents" }));
    }

    [Test]
    public void Validate_NoStartDateNoDonorAndUnknownInterval_RefusesEachField()
    {
        var input = Valid with { DonorId = 0, StartsOn = null, Interval = (DuesInterval)5 };

        Assert.That(Validator.Validate(input).Errors.Select(e => e.PropertyName), Is.EquivalentTo(new[] { "DonorId", "StartsOn", "Interval" }));
    }
}
