using DonorTrack.Core.Organizations;
using DonorTrack.Core.Validation;
using FluentValidation;

namespace DonorTrack.Core.Payments;

/// <summary>What a donor fills in on the public donation page.</summary>
public sealed record OnlineDonationInput
{
    public long? AmountCents { get; init; }
    public string? Frequency { get; init; } = "once";
    public bool CoverFee { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Email { get; init; }
    public long? CampaignId { get; init; }
}

/// <summary>Rules for an online donation.</summary>
public sealed class OnlineDonationInputValidator : AbstractValidator<OnlineDonationInput>
{
    public const long MinimumCents = 100;
    public const long MaximumCents = 10_000_000;

    public OnlineDonationInputValidator()
    {
        RuleFor(x => x.AmountCents).NotNull().WithMessage("Choose or enter an amount.")
            .GreaterThanOrEqualTo(MinimumCents).WithMessage("The smallest online gift is $1.00.")
            .LessThanOrEqualTo(MaximumCents).WithMessage("For gifts over $100,000 please contact us directly.");
        RuleFor(x => x.Frequency).Must(f => f is "once" or "monthly").WithMessage("Choose one-time or monthly.");
        RuleFor(x => x.FirstName).NotEmpty().WithMessage("Enter your first name.").OptionalText(100);
        RuleFor(x => x.LastName).NotEmpty().WithMessage("Enter your last name.").OptionalText(100);
        RuleFor(x => x.Email).NotEmpty().WithMessage("Enter your email for the receipt.")
            .EmailAddress().WithMessage("Enter a valid email address.").MaximumLength(254);
    }
}

/// <summary>Starts Stripe Checkout for a public donation.</summary>
public sealed class OnlineDonationService
{
    private readonly OnlineDonationInputValidator _validator = new();

    /// <summary>
    /// The amount that covers a standard US card fee (2.9% + 30¢) so the organization nets the whole gift:
    /// f = (0.029·a + 30) / 0.971, in integer cents, rounded up.
    /// </summary>
    public static long FeeToCover(long amountCents) => (29 * amountCents + 30_000 + 970) / 971;

    public Task<CheckoutSessionCreated> StartCheckoutAsync(Organization organization, OnlineDonationInput input, StripeGateway gateway,
        string successUrl, string cancelUrl, string submissionId, CancellationToken cancellationToken = default)
    {
        _validator.EnsureValid(input);
        var monthly = input.Frequency == "monthly";
        return gateway.CreateCheckoutSessionAsync(new CheckoutRequest
        {
            OrganizationId = organization.Id,
            OrganizationName = organization.Name,
            Purpose = monthly ? PaymentPurpose.RecurringDonation : PaymentPurpose.Donation,
            AmountCents = input.AmountCents!.Value,
            Currency = organization.Currency.ToLowerInvariant(),
            CoverFeeCents = input.CoverFee ? FeeToCover(input.AmountCents.Value) : 0,
            Interval = monthly ? BillingInterval.Month : null,
            Donor = new DonorContact(input.Email!.Trim(), input.FirstName?.Trim(), input.LastName?.Trim()),
            CampaignId = input.CampaignId,
            SuccessUrl = successUrl,
            CancelUrl = cancelUrl,
            IdempotencyKey = $"checkout:{organization.Id}:{submissionId}",
        }, cancellationToken);
    }
}
