using DonorTrack.Core.Matching;

namespace DonorTrack.Web.Api;

/// <summary>Matching campaigns over the v1 API. A campaign the caller's organization neither runs nor takes part in answers 404.</summary>
public static class MatchingApi
{
    public static void MapMatchingApi(this RouteGroupBuilder api)
    {
        api.MapPost("/matching-campaigns", async (HttpContext http, MatchingCampaignService campaigns) =>
            {
                var actor = http.User.ToActor();
                var id = campaigns.Create(actor, await ApiJson.ReadAsync<MatchingCampaignInput>(http.Request));
                return Results.Created($"/api/v1/matching-campaigns/{id}", MatchingCampaignDto.From(campaigns.Progress(actor, id)!));
            })
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Accepts<MatchingCampaignInput>("application/json")
            .Produces<MatchingCampaignDto>(StatusCodes.Status201Created)
            .WithName("CreateMatchingCampaign").WithSummary("Set up a matching campaign run by the caller's organization (participants: itself or its current alliance members).");

        api.MapGet("/matching-campaigns/{id:long}", (HttpContext http, MatchingCampaignService campaigns, long id) =>
                campaigns.Progress(http.User.ToActor(), id) is { } progress
                    ? Results.Ok(MatchingCampaignDto.From(progress))
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No matching campaign {id} for this organization."))
            .Produces<MatchingCampaignDto>()
            .WithName("GetMatchingCampaign")
            .WithSummary("Progress: totals, per-organization totals, and the allocations of the caller's own organization's gifts only.");
    }
}

/// <summary>A matching campaign's rules and progress as the API answers them.</summary>
public sealed record MatchingCampaignDto(
    long Id, long OrganizationId, string Name, long FunderDonorId, long PoolCents, string Ratio, long? PerGiftCapCents, long? PerDonorCapCents,
    DateOnly StartsOn, DateOnly EndsOn, string Eligibility, IReadOnlyList<string> EligibleMethods, IReadOnlyList<string> EligibleCategories,
    IReadOnlyList<string> EligibleDonorKinds, long? RecurringMultiplier, bool DeductiblePortionOnly, string Kind, long? ThresholdCents,
    long RaisedCents, long MatchedCents, long PoolRemainingCents, long OwedCents, bool ThresholdMet, long DonorCount, long GiftCount, int DaysLeft,
    IReadOnlyList<MatchingOrganizationDto> PerOrganization, IReadOnlyList<MatchingAllocationDto> Allocations)
{
    public static MatchingCampaignDto From(MatchingProgress p)
    {
        var c = p.Campaign;
        var input = c.ToInput([]);
        return new MatchingCampaignDto(
            c.Id, c.OrganizationId, c.Name, c.FunderDonorId, c.PoolCents, c.Ratio.ToString(), c.PerGiftCapCents, c.PerDonorCapCents, c.StartsOn, c.EndsOn,
            c.Eligibility, input.EligibleMethods!, input.EligibleCategories!, input.EligibleDonorKinds!, c.RecurringMultiplier, c.DeductiblePortionOnly,
            c.Kind, c.ThresholdCents, p.RaisedCents, p.MatchedCents, p.PoolRemainingCents, p.OwedCents, p.ThresholdMet, p.DonorCount, p.GiftCount, p.DaysLeft,
            p.PerOrganization.Select(o => new MatchingOrganizationDto(o.OrganizationId, o.OrganizationName, o.CapCents, o.RaisedCents, o.MatchedCents,
                o.OwedCents, o.GiftCount, o.DonorCount)).ToList(),
            p.OwnGifts.Select(g => new MatchingAllocationDto(g.GiftId, g.MatchedCents)).ToList());
    }
}

/// <summary>One participant's totals: counts and sums only, never its donors or gifts.</summary>
public sealed record MatchingOrganizationDto(
    long OrganizationId, string OrganizationName, long? CapCents, long RaisedCents, long MatchedCents, long OwedCents, long GiftCount, long DonorCount);

/// <summary>One of the caller's own gifts and the cents matched to it.</summary>
public sealed record MatchingAllocationDto(long GiftId, long MatchedCents);
