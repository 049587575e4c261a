using FluentValidation;

namespace DonorTrack.Web.Api;

/// <summary>The v1 JSON API: donors and gifts of the API key's organization. Another organization's ids answer 404.</summary>
public static class DonorTrackApi
{
    public static void MapDonorTrackApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(ApiPolicies.For(Role.Viewer)).AddEndpointFilter<ApiProblemFilter>().WithTags("v1");

        api.MapGet("/donors", (HttpContext http, DonorService donors, HouseholdService households, string? q, string? sort, string? tag, int? page, int? pageSize) =>
            {
                var actor = http.User.ToActor();
                var list = donors.Search(actor, new DonorQuery(q, sort, new PageRequest(page, pageSize), tag, ExactTotal: true));
                var householdOf = households.HouseholdIdsOf(actor, list.Items.Select(d => d.Id).ToList());
                return PageDto<DonorListItemDto>.From(list, d => DonorListItemDto.From(d, householdOf.TryGetValue(d.Id, out var h) ? h : null));
            })
            .WithName("ListDonors").WithSummary("List or search donors (q matches name, email or postal code prefixes).");

        api.MapGet("/donors/{id:long}", (HttpContext http, DonorService donors, HouseholdService households, long id) =>
            {
                var actor = http.User.ToActor();
                return donors.Find(actor, id) is { } donor ? Results.Ok(DonorDto.From(donor, households.ForDonor(actor, id)?.HouseholdId)) : NotFound("donor", id);
            })
            .WithName("GetDonor");

        // A body's householdId (see DonorHouseholdField) is written in the donor's own transaction; without it only the donor changes.
        api.MapPost("/donors", async (HttpContext http, DonorService donors, HouseholdService households) =>
            {
                var actor = http.User.ToActor();
                var (input, household) = await ReadDonorAsync(http.Request);
                var id = household.Present ? households.SaveDonorWithHousehold(actor, null, input, household.HouseholdId)!.Value : donors.Create(actor, input);
                return Results.Created($"/api/v1/donors/{id}", DonorDto.From(donors.Find(actor, id)!, households.ForDonor(actor, id)?.HouseholdId));
            })
            .RequireAuthorization(ApiPolicies.For(Role.Entry)).Accepts<DonorInput>("application/json").Produces<DonorDto>(StatusCodes.Status201Created)
            .WithName("CreateDonor");

        api.MapPut("/donors/{id:long}", async (HttpContext http, DonorService donors, HouseholdService households, long id) =>
            {
                var actor = http.User.ToActor();
                if (donors.Find(actor, id) is null)
                    return NotFound("donor", id);
                var (input, household) = await ReadDonorAsync(http.Request);
                if (household.Present)
                    households.SaveDonorWithHousehold(actor, id, input, household.HouseholdId);
                else
                    donors.Update(actor, id, input);
                return Results.Ok(DonorDto.From(donors.Find(actor, id)!, households.ForDonor(actor, id)?.HouseholdId));
            })
            .RequireAuthorization(ApiPolicies.For(Role.Entry)).Accepts<DonorInput>("application/json").Produces<DonorDto>()
            .WithName("UpdateDonor");

        api.MapGet("/gifts", (HttpContext http, GiftService gifts, DonorService donors, long? donorId, DateOnly? from, DateOnly? to,
                string? category, string? method, long? fundId, long? campaignId, int? page, int? pageSize) =>
            {
                var actor = http.User.ToActor();
                if (donorId is { } donor && donors.Find(actor, donor) is null)
                    return NotFound("donor", donor);
                var query = new GiftQuery
                {
                    DonorId = donorId, From = from, To = to, Category = Filter<GiftCategory>(category), Method = Filter<GiftMethod>(method),
                    FundId = fundId, CampaignId = campaignId, Page = new PageRequest(page, pageSize),
                };
                // A filter word that names no category or method matches no gift.
                var unknownWord = (category is not null && query.Category is null) || (method is not null && query.Method is null);
                var list = unknownWord
                    ? new GiftList(new Paged<GiftListItem>([], query.Page.Page, query.Page.PageSize, 0), 0, 0)
                    : gifts.List(actor, query);
                return Results.Ok(new
                {
                    items = list.Gifts.Items.Select(GiftListItemDto.From).ToList(),
                    page = list.Gifts.Page,
                    pageSize = list.Gifts.PageSize,
                    total = list.Gifts.Total,
                    netTotalCents = list.NetTotalCents,
                });
            })
            .WithName("ListGifts").WithSummary("List gifts, newest first, with optional filters; netTotalCents excludes voided gifts and nets refunds.");

        api.MapGet("/gifts/{id:long}", (HttpContext http, GiftService gifts, long id) =>
                gifts.Find(http.User.ToActor(), id) is { } gift ? Results.Ok(GiftDto.From(gift)) : NotFound("gift", id))
            .WithName("GetGift");

        api.MapPost("/gifts", async (HttpContext http, GiftService gifts) =>
            {
                var actor = http.User.ToActor();
                var id = gifts.Record(actor, await ApiJson.ReadAsync<GiftInput>(http.Request));
                return Results.Created($"/api/v1/gifts/{id}", GiftDto.From(gifts.Find(actor, id)!));
            })
            .RequireAuthorization(ApiPolicies.For(Role.Entry)).Accepts<GiftInput>("application/json").Produces<GiftDto>(StatusCodes.Status201Created)
            .WithName("RecordGift");

        api.MapPatch("/gifts/{id:long}", async (HttpContext http, GiftService gifts, long id) =>
            {
                var actor = http.User.ToActor();
                if (gifts.Find(actor, id) is not { } gift)
                    return NotFound("gift", id);
                var edit = ApiJson.Merge(GiftEditInput.From(gift), await ApiJson.ReadAsync<System.Text.Json.Nodes.JsonObject>(http.Request));
                try
                {
                    gifts.Edit(actor, id, edit);
                }
                catch (ValidationException receipted) when (receipted.Errors.Any(e => e.PropertyName == nameof(GiftEditInput.ReissueReceipts)))
                {
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "An issued receipt already shows what this edit changes.",
                        detail: receipted.Errors.First(e => e.PropertyName == nameof(GiftEditInput.ReissueReceipts)).ErrorMessage
                            + " Through the API, send \"reissueReceipts\": true with the edit to void the receipt and issue a corrected one.");
                }
                return Results.Ok(GiftDto.From(gifts.Find(actor, id)!));
            })
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Accepts<GiftEditInput>("application/json").Produces<GiftDto>()
            .WithName("EditGift").WithSummary("Change the fields sent and keep the others; a receipted amount, date or benefit needs reissueReceipts: true (409 otherwise).");

        api.MapPost("/gifts/{id:long}/void", async (HttpContext http, GiftService gifts, long id) =>
            {
                var actor = http.User.ToActor();
                if (gifts.Find(actor, id) is null)
                    return NotFound("gift", id);
                gifts.Void(actor, id, await ApiJson.ReadAsync<VoidGiftInput>(http.Request));
                return Results.Ok(GiftDto.From(gifts.Find(actor, id)!));
            })
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Accepts<VoidGiftInput>("application/json").Produces<GiftDto>()
            .WithName("VoidGift");

        api.MapDuesApi();
        api.MapReportsApi();
        api.MapMatchingApi();
        api.MapReceiptsApi();
        api.MapDonorMergeApi();
        api.MapDonorPrivacyApi();
        api.MapGrantsApi();
        api.MapImportsApi();
        api.MapExportsApi();
        api.MapHouseholdsApi();
    }

    /// <summary>A donor body read twice from one buffer: the donor's fields, and whether and how it sets the household.</summary>
    private static async Task<(DonorInput Input, DonorHouseholdField Household)> ReadDonorAsync(HttpRequest request)
    {
        request.EnableBuffering();
        var input = await ApiJson.ReadAsync<DonorInput>(request);
        request.Body.Position = 0;
        var household = await ApiJson.ReadAsync<DonorHouseholdField>(request);
        return (input, household);
    }

    private static IResult NotFound(string what, long id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No {what} {id} in this organization.");

    private static TEnum? Filter<TEnum>(string? word) where TEnum : struct, Enum =>
        DomainWords.TryParse<TEnum>(word, out var value) ? value : null;
}
