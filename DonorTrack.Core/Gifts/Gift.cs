using DonorTrack.Core.Donors;

namespace DonorTrack.Core.Gifts;

/// <summary>A gift as recorded: money in cents, its designation, what the donor received, and where it stands (completed, refunded, voided…).</summary>
public sealed record Gift(
    long Id,
    long OrganizationId,
    long DonorId,
    long AmountCents,
    string Currency,
    DateOnly ReceivedOn,
    GiftMethod Method,
    GiftCategory Category,
    long? FundId,
    long? CampaignId,
    long BenefitValueCents,
    string? BenefitDescription,
    string? InKindDescription,
    string? CheckNumber,
    string? ExternalId,
    long FeeCents,
    GiftStatus Status,
    long RefundedCents,
    long? MembershipId,
    long? RecurringDonationId,
    long? GrantId,
    string? Notes,
    string? VoidReason,
    DateTimeOffset? VoidedAt,
    string? VoidedBy,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateOnly? SettledOn,
    DateTimeOffset? DisputedAt,
    string? DisputeReason,
    long? PledgeId)
{
    public IReadOnlyList<SoftCredit> SoftCredits { get; init; } = [];

    public bool IsVoided => Status == GiftStatus.Voided;

    /// <summary>What the organization keeps: the amount less refunds; zero when voided, failed or pending.</summary>
    public long NetCents => Status.Counts() ? AmountCents - RefundedCents : 0;

    /// <summary>The part still refundable to the donor: what it kept.</summary>
    public long RefundableCents => NetCents;

    /// <summary>The tax-deductible part: amount less the fair value of goods or services the donor received.</summary>
    public long DeductibleCents => Math.Max(0, AmountCents - BenefitValueCents);
}

/// <summary>Recognition of a gift to someone other than the payer (in honor of, employer, household); never counted as revenue twice.</summary>
public sealed record SoftCredit(long DonorId, SoftCreditKind Kind, string? Note, DonorKind DonorKind, string? DonorFirstName, string? DonorLastName, string? DonorOrganizationName)
{
    public string DonorName => Donors.DonorNames.Display(DonorKind, DonorFirstName, DonorLastName, DonorOrganizationName);
}

/// <summary>A soft credit on a counted gift: who gave the gift, who is credited, and the amount the organization kept.</summary>
public sealed record CountedSoftCredit(long GiftId, long GiftDonorId, long CreditedDonorId, SoftCreditKind Kind, long NetCents);

/// <summary>What staff or the API send to record a gift.</summary>
public sealed record GiftInput
{
    public long? DonorId { get; init; }
    public long? AmountCents { get; init; }
    public string? Currency { get; init; }
    public DateOnly? ReceivedOn { get; init; }
    public GiftMethod? Method { get; init; }
    public GiftCategory? Category { get; init; }
    public long? FundId { get; init; }
    public long? CampaignId { get; init; }
    public long? BenefitValueCents { get; init; }
    public string? BenefitDescription { get; init; }
    public string? InKindDescription { get; init; }
    public string? CheckNumber { get; init; }
    public string? ExternalId { get; init; }
    public long? FeeCents { get; init; }
    public GiftStatus? Status { get; init; }
    public long? MembershipId { get; init; }
    public long? RecurringDonationId { get; init; }
    public long? GrantId { get; init; }
    public long? PledgeId { get; init; }
    public string? Notes { get; init; }
    public IReadOnlyList<SoftCreditInput>? SoftCredits { get; init; }
}

/// <summary>
/// A correction to a recorded gift: its designation, category, date, method and descriptions, and its amount. The donor, the
/// payment's source and its standing (refunds, voids) are not edited here. When a receipt already shows a field being changed,
/// <see cref="ReissueReceipts"/> asks for that receipt to be voided and a corrected one issued in the same transaction.
/// </summary>
public sealed record GiftEditInput
{
    public long? AmountCents { get; init; }
    public DateOnly? ReceivedOn { get; init; }
    public GiftMethod? Method { get; init; }
    public GiftCategory? Category { get; init; }
    public long? FundId { get; init; }
    public long? CampaignId { get; init; }
    public long? BenefitValueCents { get; init; }
    public string? BenefitDescription { get; init; }
    public string? InKindDescription { get; init; }
    public string? CheckNumber { get; init; }
    public string? Notes { get; init; }
    public bool ReissueReceipts { get; init; }

    /// <summary>The form's starting values: the gift as it stands.</summary>
    public static GiftEditInput From(Gift gift) => new()
    {
        AmountCents = gift.AmountCents, ReceivedOn = gift.ReceivedOn, Method = gift.Method, Category = gift.Category, FundId = gift.FundId,
        CampaignId = gift.CampaignId, BenefitValueCents = gift.BenefitValueCents, BenefitDescription = gift.BenefitDescription,
        InKindDescription = gift.InKindDescription, CheckNumber = gift.CheckNumber, Notes = gift.Notes,
    };

    /// <summary>The gift's whole input after this edit, so an edit is checked by the same rules as a new gift.</summary>
    public GiftInput AppliedTo(Gift gift) => new()
    {
        DonorId = gift.DonorId, AmountCents = AmountCents, Currency = gift.Currency, ReceivedOn = ReceivedOn, Method = Method, Category = Category,
        FundId = FundId, CampaignId = CampaignId, BenefitValueCents = BenefitValueCents ?? 0, BenefitDescription = BenefitDescription,
        InKindDescription = InKindDescription, CheckNumber = CheckNumber, ExternalId = gift.ExternalId, FeeCents = gift.FeeCents,
        MembershipId = gift.MembershipId, RecurringDonationId = gift.RecurringDonationId, GrantId = gift.GrantId, PledgeId = gift.PledgeId,
        Notes = Notes, SoftCredits = gift.SoftCredits.Select(c => new SoftCreditInput(c.DonorId, c.Kind, c.Note)).ToList(),
    };
}

/// <summary>A soft credit as sent with a new gift.</summary>
public sealed record SoftCreditInput(long? DonorId, SoftCreditKind? Kind, string? Note);

/// <summary>One row of a gift list, with the donor's name.</summary>
public sealed record GiftListItem(
    long Id, long DonorId, DonorKind DonorKind, string? DonorFirstName, string? DonorLastName, string? DonorOrganizationName, long AmountCents, string Currency, DateOnly ReceivedOn, GiftMethod Method, GiftCategory Category,
    string? FundName, string? CampaignName, GiftStatus Status, long RefundedCents)
{
    public bool IsVoided => Status == GiftStatus.Voided;

    public string DonorName => Donors.DonorNames.Display(DonorKind, DonorFirstName, DonorLastName, DonorOrganizationName);
}

/// <summary>Filters for gift lists; every one optional.</summary>
public sealed record GiftQuery
{
    public long? DonorId { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public GiftCategory? Category { get; init; }
    public GiftMethod? Method { get; init; }
    public long? FundId { get; init; }
    public long? CampaignId { get; init; }
    public Data.PageRequest Page { get; init; } = new();
}

/// <summary>A page of gifts and the net total of every gift the filters match (voided excluded, refunds netted).</summary>
public sealed record GiftList(Data.Paged<GiftListItem> Gifts, long NetTotalCents, long CountedGifts);
