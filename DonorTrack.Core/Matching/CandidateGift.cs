using DonorTrack.Core.Donors;

namespace DonorTrack.Core.Matching;

/// <summary>Marks a gift as an installment of a recurring donation, with the date that donation started.</summary>
public sealed record RecurringInstallment(long RecurringDonationId, DateOnly DonationStartsOn);

/// <summary>A gift as the matching allocator sees it: amounts in cents, dates organization-local, enums as DESIGN.md's lower_snake_case words.</summary>
public sealed record CandidateGift(
    long GiftId,
    long OrganizationId,
    long DonorId,
    string DonorKind,
    long AmountCents,
    long RefundedCents,
    long BenefitValueCents,
    DateOnly ReceivedOn,
    string Method,
    string Category,
    string Status,
    RecurringInstallment? Recurring = null)
{
    /// <summary>Money kept: amount minus refunds, never below zero.</summary>
    public long NetCents => Math.Max(0, AmountCents - Math.Max(0, RefundedCents));

    public bool IsCounted => Gifts.GiftRules.Counts(Status) && NetCents > 0;
}
