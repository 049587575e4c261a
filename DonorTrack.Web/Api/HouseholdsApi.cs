namespace DonorTrack.Web.Api;

/// <summary>Households over the v1 API. Another organization's ids answer 404.</summary>
public static class HouseholdsApi
{
    public static void MapHouseholdsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/households", (HttpContext http, HouseholdService households, string? q, int? page, int? pageSize) =>
                Results.Ok(PageDto<HouseholdListItemDto>.From(households.List(http.User.ToActor(), new HouseholdQuery(q, new PageRequest(page, pageSize))), HouseholdListItemDto.From)))
            .WithName("ListHouseholds").WithSummary("List households by name; q matches name, addressee or postal code.");

        api.MapGet("/households/{id:long}", (HttpContext http, HouseholdService households, long id) =>
            {
                var actor = http.User.ToActor();
                return households.Find(actor, id) is { } detail ? Results.Ok(HouseholdDto.From(detail, households.Giving(actor, id)!)) : NotFound(id);
            })
            .Produces<HouseholdDto>().WithName("GetHousehold");

        api.MapPost("/households", async (HttpContext http, HouseholdService households) =>
            {
                var actor = http.User.ToActor();
                var id = households.Create(actor, await ApiJson.ReadAsync<HouseholdInput>(http.Request));
                return Results.Created($"/api/v1/households/{id}", HouseholdDto.From(households.Find(actor, id)!, households.Giving(actor, id)!));
            })
            .RequireAuthorization(ApiPolicies.For(Role.Entry)).Accepts<HouseholdInput>("application/json").Produces<HouseholdDto>(StatusCodes.Status201Created)
            .WithName("CreateHousehold").WithSummary("Create a household; memberDonorIds are its first members, the first the primary contact.");
    }

    private static IResult NotFound(long id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No household {id} in this organization.");
}

/// <summary>A household as the v1 API shows it: names, address, members and giving (counted gifts of the members).</summary>
public sealed record HouseholdDto(
    long Id, string Name, string FormalAddressee, string InformalSalutation, bool FormalAddresseeGenerated, bool InformalSalutationGenerated,
    string? AddressLine1, string? AddressLine2, string? City, string? Region, string? PostalCode, string? Country, string? Notes,
    long? PrimaryContactDonorId, IReadOnlyList<HouseholdMemberDto> Members, long TotalCents, long GiftCount, long SoftCreditCents,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static HouseholdDto From(HouseholdDetail d, HouseholdGiving giving)
    {
        var h = d.Household;
        return new(
            h.Id, h.Name, d.FormalAddressee, d.InformalSalutation, h.FormalAddressee is null, h.InformalSalutation is null, h.AddressLine1, h.AddressLine2,
            h.City, h.Region, h.PostalCode, h.Country, h.Notes, d.PrimaryContact?.DonorId,
            d.Members.Select(m => new HouseholdMemberDto(m.DonorId, m.DisplayName, m.PrimaryContact, giving.Members.Single(g => g.DonorId == m.DonorId).TotalCents)).ToList(),
            giving.TotalCents, giving.GiftCount, giving.SoftCreditCents, h.CreatedAt, h.UpdatedAt);
    }
}

/// <summary>A member of a household in the v1 API, with the member's counted giving.</summary>
public sealed record HouseholdMemberDto(long DonorId, string DisplayName, bool PrimaryContact, long TotalCents);

/// <summary>A row of the v1 household list.</summary>
public sealed record HouseholdListItemDto(long Id, string Name, string? FormalAddressee, string? City, long MemberCount, string? PrimaryContactName)
{
    public static HouseholdListItemDto From(HouseholdListItem h) => new(h.Id, h.Name, h.FormalAddressee, h.City, h.MemberCount, h.PrimaryContactName);
}

/// <summary>
/// The <c>householdId</c> of a donor body: absent leaves the donor's household as it is, a number puts the donor in that
/// household, null takes them out of theirs.
/// </summary>
public sealed class DonorHouseholdField
{
    private long? _householdId;

    public bool Present { get; private set; }

    public long? HouseholdId
    {
        get => _householdId;
        set
        {
            _householdId = value;
            Present = true;
        }
    }
}
