using DonorTrack.Core.Merging;

namespace DonorTrack.Web.Api;

/// <summary>The body of a merge: the duplicate that goes, and per differing field whose value survives.</summary>
public sealed record DonorMergeRequestDto(long? DuplicateId, Dictionary<string, string>? Keep, bool ConfirmDifferentKinds = false);

/// <summary>Donor de-duplication over the API: POST /donors/{id}/merge merges a duplicate into donor {id} (treasurer or admin).</summary>
public static class DonorMergeApi
{
    public static RouteGroupBuilder MapDonorMergeApi(this RouteGroupBuilder api)
    {
        api.MapPost("/donors/{id:long}/merge", async (HttpContext http, DonorService donors, DonorMergeService merges, HouseholdService households, long id) =>
            {
                var actor = http.User.ToActor();
                if (donors.Find(actor, id) is null)
                    return NotFound("donor", id);
                var body = await ApiJson.ReadAsync<DonorMergeRequestDto>(http.Request);
                if (body.DuplicateId is { } duplicateId && donors.Find(actor, duplicateId) is null)
                    return NotFound("donor", duplicateId);
                var result = merges.Merge(actor, new DonorMergeInput
                {
                    SurvivorId = id, DuplicateId = body.DuplicateId, Keep = body.Keep, ConfirmDifferentKinds = body.ConfirmDifferentKinds,
                });
                return Results.Ok(new
                {
                    survivor = DonorDto.From(donors.Find(actor, result.SurvivorId)!, households.ForDonor(actor, result.SurvivorId)?.HouseholdId),
                    duplicateId = result.DuplicateId,
                    moved = new
                    {
                        gifts = result.Moved.GiftCount, giftNetCents = result.Moved.GiftNetCents, memberships = result.Moved.Memberships,
                        recurringDonations = result.Moved.RecurringDonations, receipts = result.Moved.Receipts, tags = result.Moved.NewTags,
                        softCredits = result.Moved.SoftCreditsMoved, softCreditsDropped = result.Moved.SoftCreditsDropped,
                    },
                    matchingCampaignsReallocated = result.CampaignsReallocated,
                });
            })
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Accepts<DonorMergeRequestDto>("application/json")
            .WithName("MergeDonor")
            .WithSummary("Merges duplicateId into donor {id}: every gift, soft credit, tag, membership, recurring donation and receipt moves; keep picks per field (\"survivor\" or \"duplicate\").");
        return api;
    }

    private static IResult NotFound(string what, long id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No {what} {id} in this organization.");
}
