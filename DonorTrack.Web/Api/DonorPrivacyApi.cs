using DonorTrack.Core.Privacy;

namespace DonorTrack.Web.Api;

/// <summary>
/// Privacy requests over the API: GET /donors/{id}/export (treasurer or admin; ?format=json, or csv for a ZIP of one CSV per
/// table) and POST /donors/{id}/erase with {"confirmation": "erase donor {id}"} (admin).
/// </summary>
public static class DonorPrivacyApi
{
    public static RouteGroupBuilder MapDonorPrivacyApi(this RouteGroupBuilder api)
    {
        api.MapGet("/donors/{id:long}/export", (HttpContext http, DonorPrivacyService privacy, long id, string? format) =>
            {
                if (format is not (null or "json" or "csv"))
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["Choose json or csv."] }, title: "Some fields need attention.");
                var export = privacy.Export(http.User.ToActor(), id);
                if (export is null)
                    return NotFound(id);
                return format == "csv"
                    ? Results.File(DonorDataFiles.ToZip(export), "application/zip", DonorDataFiles.ZipFileName(export))
                    : Results.File(DonorDataFiles.ToJson(export), "application/json", DonorDataFiles.JsonFileName(export));
            })
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer))
            .WithName("ExportDonorData")
            .WithSummary("Everything held about the donor, table by table, with the stored column names: JSON, or format=csv for a ZIP of one CSV per table.");

        api.MapPost("/donors/{id:long}/erase", async (HttpContext http, DonorPrivacyService privacy, long id) =>
            {
                var actor = http.User.ToActor();
                if (privacy.Preview(actor, id) is null)
                    return NotFound(id);
                var result = privacy.Erase(actor, id, await ApiJson.ReadAsync<DonorErasureInput>(http.Request));
                return result is null ? NotFound(id) : Results.Ok(new
                {
                    donorId = result.DonorId,
                    erasedDonorIds = result.DonorIds,
                    erasedAt = result.ErasedAt,
                    kept = new { gifts = result.GiftsKept, receipts = result.ReceiptsKept },
                    removed = new { tags = result.TagsRemoved, importKeys = result.ImportKeysRemoved },
                    auditEntriesRedacted = result.AuditEntriesRedacted,
                });
            })
            .RequireAuthorization(ApiPolicies.For(Role.Admin)).Accepts<DonorErasureInput>("application/json")
            .WithName("EraseDonor")
            .WithSummary("Erases the donor's personal data (and that of donors merged into it); gifts and issued receipts are kept. Refused while a card subscription is open.");
        return api;
    }

    private static IResult NotFound(long id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No donor {id} in this organization.");
}
