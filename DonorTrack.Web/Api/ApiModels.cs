namespace DonorTrack.Web.Api;

/// <summary>A donor as the v1 API shows it.</summary>
public sealed record DonorDto(
    long Id, DonorKind Kind, string? FirstName, string? LastName, string? OrganizationName, string DisplayName, string? Email, string? Phone,
    string? AddressLine1, string? AddressLine2, string? City, string? Region, string? PostalCode, string? Country, string? DefaultCategory,
    IReadOnlyList<string> Tags, bool DoNotContact, bool Deceased, bool Anonymous, string? Notes, long? MergedIntoId, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset? ErasedAt, long? HouseholdId)
{
    public static DonorDto From(Donor d, long? householdId) => new(
        d.Id, d.Kind, d.FirstName, d.LastName, d.OrganizationName, d.DisplayName, d.Email, d.Phone, d.AddressLine1, d.AddressLine2,
        d.City, d.Region, d.PostalCode, d.Country, d.DefaultCategory, d.Tags, d.DoNotContact, d.Deceased, d.Anonymous, d.Notes,
        d.MergedIntoId, d.CreatedAt, d.UpdatedAt, d.ErasedAt, householdId);
}

/// <summary>A row of the v1 donor list.</summary>
public sealed record DonorListItemDto(long Id, DonorKind Kind, string DisplayName, string? Email, string? City, string? PostalCode, bool DoNotContact, long? HouseholdId)
{
    public static DonorListItemDto From(DonorListItem d, long? householdId) => new(d.Id, d.Kind, d.DisplayName, d.Email, d.City, d.PostalCode, d.DoNotContact, householdId);
}

/// <summary>A gift as the v1 API shows it.</summary>
public sealed record GiftDto(
    long Id, long DonorId, long AmountCents, string Currency, DateOnly ReceivedOn, GiftMethod Method, GiftCategory Category, long? FundId, long? CampaignId,
    long BenefitValueCents, string? BenefitDescription, string? InKindDescription, string? CheckNumber, string? ExternalId, long FeeCents,
    GiftStatus Status, long RefundedCents, long? MembershipId, long? RecurringDonationId, long? GrantId, string? Notes,
    string? VoidReason, DateTimeOffset? VoidedAt, IReadOnlyList<SoftCreditDto> SoftCredits, DateTimeOffset CreatedAt, long? PledgeId)
{
    public static GiftDto From(Gift g) => new(
        g.Id, g.DonorId, g.AmountCents, g.Currency, g.ReceivedOn, g.Method, g.Category, g.FundId, g.CampaignId, g.BenefitValueCents,
        g.BenefitDescription, g.InKindDescription, g.CheckNumber, g.ExternalId, g.FeeCents, g.Status, g.RefundedCents, g.MembershipId,
        g.RecurringDonationId, g.GrantId, g.Notes, g.VoidReason, g.VoidedAt,
        g.SoftCredits.Select(s => new SoftCreditDto(s.DonorId, s.Kind, s.Note)).ToList(), g.CreatedAt, g.PledgeId);
}

/// <summary>A soft credit in the v1 API.</summary>
public sealed record SoftCreditDto(long DonorId, SoftCreditKind Kind, string? Note);

/// <summary>A row of the v1 gift list.</summary>
public sealed record GiftListItemDto(long Id, long DonorId, string DonorName, long AmountCents, string Currency, DateOnly ReceivedOn, GiftMethod Method, GiftCategory Category, GiftStatus Status, long RefundedCents)
{
    public static GiftListItemDto From(GiftListItem g) => new(g.Id, g.DonorId, g.DonorName, g.AmountCents, g.Currency, g.ReceivedOn, g.Method, g.Category, g.Status, g.RefundedCents);
}

/// <summary>The v1 list envelope: <c>{items, page, pageSize, total}</c>.</summary>
public sealed record PageDto<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total)
{
    public static PageDto<T> From<TSource>(Paged<TSource> page, Func<TSource, T> map) => new(page.Items.Select(map).ToList(), page.Page, page.PageSize, page.Total);
}
