using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Dues;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Receipts;
using FluentValidation;

namespace DonorTrack.Core.SelfService;

/// <summary>Everything the donor page shows one donor: their record, a page of their gifts, commitments and receipts.</summary>
public sealed record DonorPageView(
    Organization Organization,
    Donor Donor,
    DonorGivingSummary Summary,
    Paged<GiftListItem> Gifts,
    IReadOnlyList<MembershipSummary> Memberships,
    IReadOnlyList<RecurringDonationSummary> RecurringDonations,
    IReadOnlyList<ReceiptListItem> Receipts)
{
    /// <summary>The memberships Stripe renews by card, which the donor may cancel here.</summary>
    public IReadOnlySet<long> CardRenewedMemberships { get; init; } = new HashSet<long>();
}

/// <summary>The contact details and preference a donor may change themselves; everything else stays with staff.</summary>
public sealed record DonorContactInput
{
    public string? Phone { get; init; }
    public string? AddressLine1 { get; init; }
    public string? AddressLine2 { get; init; }
    public string? City { get; init; }
    public string? Region { get; init; }
    public string? PostalCode { get; init; }
    public string? Country { get; init; }

    /// <summary>The donor asks not to be sent appeals and reminders (receipts and links they ask for still come).</summary>
    public bool DoNotContact { get; init; }

    public static DonorContactInput From(Donor donor) => new()
    {
        Phone = donor.Phone, AddressLine1 = donor.AddressLine1, AddressLine2 = donor.AddressLine2, City = donor.City,
        Region = donor.Region, PostalCode = donor.PostalCode, Country = donor.Country, DoNotContact = donor.DoNotContact,
    };

    /// <summary>The donor's record with these details in place of its own.</summary>
    public DonorInput AppliedTo(Donor donor) => DonorInput.From(donor) with
    {
        Phone = Phone, AddressLine1 = AddressLine1, AddressLine2 = AddressLine2, City = City, Region = Region, PostalCode = PostalCode,
        Country = Country, DoNotContact = DoNotContact,
    };
}

/// <summary>A new amount for a card commitment, in cents.</summary>
public sealed record CommitmentAmountInput
{
    public long? AmountCents { get; init; }
}

/// <summary>The least and most a donor may set a monthly (or quarterly, yearly) card gift to from the donor page.</summary>
public sealed class CommitmentAmountInputValidator : AbstractValidator<CommitmentAmountInput>
{
    /// <summary>Stripe charges nothing smaller than 50 cents; a dollar keeps the fee from eating the gift.</summary>
    public const long MinimumCents = 100;

    public CommitmentAmountInputValidator()
    {
        RuleFor(x => x.AmountCents).NotNull().WithMessage("Enter the new amount.")
            .GreaterThanOrEqualTo(MinimumCents).WithMessage("The amount must be at least $1.00.")
            .LessThanOrEqualTo(DuesLimits.MaxAmountCents).WithMessage("The amount must be at most $10,000,000.");
    }
}

/// <summary>A donor's own change waiting on the staff review list: the audit entry and what changed.</summary>
public sealed record SelfServiceChange(long AuditEntryId, DateTimeOffset At, long DonorId, string DonorName, IReadOnlyList<ChangedField> Fields);

/// <summary>One field of a donor's own change, before and after.</summary>
public sealed record ChangedField(string Name, string? Before, string? After);
