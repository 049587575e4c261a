using System.Globalization;

namespace DonorTrack.Core.Organizations;

/// <summary>A group that uses DonorTrack: its legal identity (which decides receipt wording), place, clock and money settings.</summary>
public sealed record Organization(
    long Id,
    string Slug,
    string Name,
    string? LegalName,
    string LegalStatus,
    string? Ein,
    string? SponsorName,
    string? SponsorEin,
    string? AddressLine1,
    string? AddressLine2,
    string? City,
    string? Region,
    string? PostalCode,
    string Country,
    string Timezone,
    string Currency,
    string Culture,
    long FiscalYearStartMonth,
    string Scale,
    string SelfTerm,
    string? Mission,
    string? ReceiptSignatory,
    string? ReceiptStatement,
    DateTimeOffset CreatedAt)
{
    public CultureInfo CultureInfo => CultureInfo.GetCultureInfo(Culture);

    public TimeZoneInfo TimeZoneInfo => TimeZoneInfo.FindSystemTimeZoneById(Timezone);

    /// <summary>An instant as people here read it: the organization's wall-clock time in the one display style.</summary>
    public string When(DateTimeOffset instant) => Money.DisplayFormat.When(instant, TimeZoneInfo);

    /// <summary>The organization's calendar date at an instant: gifts, windows and statuses are all in local dates.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZoneInfo).DateTime);

    /// <summary>The first day of the fiscal year that contains <paramref name="date"/>.</summary>
    public DateOnly FiscalYearStart(DateOnly date)
    {
        var start = new DateOnly(date.Year, (int)FiscalYearStartMonth, 1);
        return start > date ? start.AddYears(-1) : start;
    }

    public string AddressOneLine =>
        string.Join(", ", new[] { AddressLine1, AddressLine2, City, string.Join(" ", new[] { Region, PostalCode }.Where(p => !string.IsNullOrWhiteSpace(p))) }
            .Where(p => !string.IsNullOrWhiteSpace(p)));
}

/// <summary>The allowed words for an organization's fields.</summary>
public static class OrganizationTerms
{
    public static readonly IReadOnlyList<string> LegalStatuses = ["501c3", "fiscally_sponsored", "informal"];
    public static readonly IReadOnlyList<string> Scales = ["local", "regional", "statewide", "multi_state", "national"];
    public static readonly IReadOnlyList<string> SelfTerms = ["organization", "alliance", "coalition", "network", "partnership"];
    public static readonly IReadOnlyList<string> AllianceRoles = ["anchor", "member", "ally"];
}

/// <summary>What a person types to create an organization or change its settings.</summary>
public sealed record OrganizationInput
{
    public string? Name { get; init; }
    public string? LegalName { get; init; }
    public string? LegalStatus { get; init; } = "informal";
    public string? Ein { get; init; }
    public string? SponsorName { get; init; }
    public string? SponsorEin { get; init; }
    public string? AddressLine1 { get; init; }
    public string? AddressLine2 { get; init; }
    public string? City { get; init; }
    public string? Region { get; init; }
    public string? PostalCode { get; init; }
    public string? Country { get; init; } = "US";
    public string? Timezone { get; init; } = "America/Chicago";
    public string? Currency { get; init; } = "USD";
    public int? FiscalYearStartMonth { get; init; } = 1;
    public string? Scale { get; init; } = "local";
    public string? SelfTerm { get; init; } = "organization";
    public string? Mission { get; init; }
    public string? ReceiptSignatory { get; init; }
    public string? ReceiptStatement { get; init; }

    public static OrganizationInput From(Organization o) => new()
    {
        Name = o.Name, LegalName = o.LegalName, LegalStatus = o.LegalStatus, Ein = o.Ein, SponsorName = o.SponsorName,
        SponsorEin = o.SponsorEin, AddressLine1 = o.AddressLine1, AddressLine2 = o.AddressLine2, City = o.City, Region = o.Region,
        PostalCode = o.PostalCode, Country = o.Country, Timezone = o.Timezone, Currency = o.Currency,
        FiscalYearStartMonth = (int)o.FiscalYearStartMonth, Scale = o.Scale, SelfTerm = o.SelfTerm, Mission = o.Mission,
        ReceiptSignatory = o.ReceiptSignatory, ReceiptStatement = o.ReceiptStatement,
    };
}

/// <summary>A member organization's link to an alliance.</summary>
public sealed record AllianceMember(long Id, long AllianceId, long MemberId, string MemberName, string Role, DateOnly JoinedOn, DateOnly? LeftOn);

/// <summary>
/// What an alliance admin types to invite a member organization: one they also administer (<see cref="MemberId"/>), or
/// none, for a one-time code passed on to the other organization out of band.
/// </summary>
public sealed record AllianceMemberInput(long? MemberId, string? Role, DateOnly? JoinedOn);

/// <summary>An alliance's invitation to an organization, waiting for (or answered by) an admin of that organization.</summary>
public sealed record AllianceInvitation(
    long Id, long AllianceId, string AllianceName, long? MemberId, string? MemberName, string Role, string Status, string InvitedBy,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    public bool IsByCode => MemberId is null;
}

/// <summary>The outcome of inviting: the invitation, and the one-time code when it was made for an organization the admin does not administer.</summary>
public sealed record AllianceInvitationIssued(long InvitationId, string? Code);

/// <summary>One alliance the organization belongs to (an accepted membership), as the member sees it.</summary>
public sealed record AllianceMembershipOfMember(long MembershipId, long AllianceId, string AllianceName, string Role, DateOnly JoinedOn, DateOnly? LeftOn);
