using DonorTrack.Core.Receipts;

namespace DonorTrack.Web.Api;

/// <summary>Receipt PDFs over the API: a gift's receipt (issued on first request, a copy afterwards) and year-end statements.</summary>
public static class ReceiptsApi
{
    public static RouteGroupBuilder MapReceiptsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/gifts/{id:long}/receipt", (HttpContext http, GiftReceiptService receipts, long id) =>
                receipts.ForGift(http.User.ToActor(), id) is { } pdf ? Pdf(http, pdf) : NotFound("gift", id))
            .RequireAuthorization(ApiPolicies.For(Role.Entry)).Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .WithName("GetGiftReceipt").WithSummary("The gift's receipt as PDF: issued on the first request, later requests return a copy marked COPY (X-Receipt-Copy: true).");

        api.MapPost("/receipts/annual", async (HttpContext http, YearEndStatementService statements) =>
            {
                var input = await ApiJson.ReadAsync<AnnualStatementInput>(http.Request);
                return statements.Annual(http.User.ToActor(), input) is { } pdf ? Pdf(http, pdf) : NotFound("donor", input.DonorId ?? 0);
            })
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Accepts<AnnualStatementInput>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .WithName("AnnualStatement").WithSummary("A donor's year-end statement for a fiscal year (the year it ends in) as PDF. A fiscal year not over yet is refused (400) unless \"interim\": true asks for an interim statement, marked as such.");
        return api;
    }

    private static IResult Pdf(HttpContext http, ReceiptPdf pdf)
    {
        http.Response.Headers["X-Receipt-Number"] = pdf.Receipt.Number;
        http.Response.Headers["X-Receipt-Copy"] = pdf.IsCopy ? "true" : "false";
        return Results.File(pdf.Pdf, "application/pdf", pdf.FileName);
    }

    private static IResult NotFound(string what, long id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No {what} {id} in this organization.");
}
