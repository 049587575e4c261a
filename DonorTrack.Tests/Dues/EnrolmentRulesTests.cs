namespace DonorTrack.Tests.Dues;

public sealed class EnrolmentRulesTests
{
    private static readonly MembershipPlan OrganizationPlan = new(
        10, "Alliance member organization", MemberKind.Organization, DuesInterval.Year,
        new DuesPricing.SlidingScale([new DuesTier("Budget under $250k", 10000), new DuesTier("Budget $250k–$1M", 25000)]),
        30, "", 0, IsRetired: false);

    private static readonly MembershipPlan IndividualPlan = new(
        20, "Sustaining member", MemberKind.Individual, DuesInterval.Month,
        new DuesPricing.PayWhatYouCan(500, 1500), 14, "", 0, IsRetired: false);

    private static readonly DateOnly DonorAddedOn = new(2025, 3, 1);

    private static MembershipEnrolmentInput Enrol(MembershipPlan plan, string? tier = null, long? amount = null, string startsOn = "2025-04-01") => new()
    {
        DonorId = 5,
        PlanId = plan.Id,
        StartsOn = DateOnly.ParseExact(startsOn, "yyyy-MM-dd"),
        TierName = tier,
        ChosenAmountCents = amount,
    };

    private static EnrolmentFacts Facts(MemberKind donorKind, MembershipPlan plan, params ExistingMembership[] existing) =>
        new(donorKind, DonorAddedOn, plan, existing);

    [Test]
    public void Review_IndividualOnOrganizationPlan_IsRefusedWithAClearMessage()
    {
        var review = EnrolmentRules.Review(Enrol(OrganizationPlan, "Budget under $250k"), Facts(MemberKind.Individual, OrganizationPlan));

        Assert.That(review.IsRefused, Is.True);
        Assert.That(review.Errors.Single().ErrorMessage, Does.Contain("an individual cannot be enrolled"));
        Assert.That(review.Errors.Single().PropertyName, Is.EqualTo("PlanId"));
    }

    [Test]
    public void Review_OrganizationOnItsSlidingScaleTier_IsAcceptedAtTheTierAmount()
    {
        var review = EnrolmentRules.Review(Enrol(OrganizationPlan, "budget $250k–$1m"), Facts(MemberKind.Organization, OrganizationPlan));

        Assert.That((review.IsRefused, review.PeriodCents), Is.EqualTo((false, 25000L)));
    }

    [Test]
    public void Review_UnknownTier_IsRefusedListingTheTiers()
    {
        var review = EnrolmentRules.Review(Enrol(OrganizationPlan, "Huge"), Facts(MemberKind.Organization, OrganizationPlan));

        Assert.That(review.Errors.Single().ErrorMessage, Does.Contain("Budget under $250k"));
    }

    [Test]
    public void Review_PayWhatYouCanBelowMinimum_IsRefusedOnTheAmount()
    {
        var review = EnrolmentRules.Review(Enrol(IndividualPlan, amount: 499), Facts(MemberKind.Individual, IndividualPlan));

        Assert.That(review.Errors.Select(e => (e.PropertyName, e.ErrorMessage)),
            Is.EqualTo(new[] { ("ChosenAmountCents", "Enter an amount of at least 5.00.") }));
    }

    [TestCase(MembershipStatus.Active)]
    [TestCase(MembershipStatus.Grace)]
    [TestCase(MembershipStatus.Lapsed)]
    public void Review_DonorAlreadyOnTheSamePlan_IsRefused(MembershipStatus existingStatus)
    {
        var review = EnrolmentRules.Review(Enrol(IndividualPlan, amount: 1000),
            Facts(MemberKind.Individual, IndividualPlan, new ExistingMembership(99, IndividualPlan.Id, existingStatus)));

        Assert.That(review.IsRefused, Is.True);
    }

    [Test]
    public void Review_EarlierMembershipOnSamePlanCancelled_AllowsEnrolmentAgain()
    {
        var review = EnrolmentRules.Review(Enrol(IndividualPlan, amount: 1000),
            Facts(MemberKind.Individual, IndividualPlan, new ExistingMembership(99, IndividualPlan.Id, MembershipStatus.Cancelled),
                new ExistingMembership(98, 777, MembershipStatus.Active)));

        Assert.That(review.IsRefused, Is.False);
    }

    [Test]
    public void Review_RetiredPlan_IsRefused()
    {
        var retired = IndividualPlan with { IsRetired = true };

        var review = EnrolmentRules.Review(Enrol(retired, amount: 1000), Facts(MemberKind.Individual, retired));

        Assert.That(review.Errors.Single().ErrorMessage, Does.Contain("retired"));
    }

    [Test]
    public void Review_StartBeforeDonorWasAdded_IsAllowedButFlagged()
    {
        var review = EnrolmentRules.Review(Enrol(IndividualPlan, amount: 1000, startsOn: "2024-01-01"), Facts(MemberKind.Individual, IndividualPlan));

        Assert.That(review.IsRefused, Is.False);
        Assert.That(review.Warnings.Select(w => (w.PropertyName, w.Severity)),
            Is.EqualTo(new[] { ("StartsOn", FluentValidation.Severity.Warning) }));
    }

    [Test]
    public void Review_StartOnTheDayTheDonorWasAdded_HasNoWarning()
    {
        var review = EnrolmentRules.Review(Enrol(IndividualPlan, amount: 1000, startsOn: "2025-03-01"), Facts(MemberKind.Individual, IndividualPlan));

        Assert.That(review.Warnings, Is.Empty);
    }
}
