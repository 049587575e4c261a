using DonorTrack.Core.Exports;
using DonorTrack.Core.Reports.Bookkeeping;
using DonorTrack.Core.Validation;

namespace DonorTrack.Web.Api;

/// <summary>Donors and gifts as CSV in the import's column names, and the bookkeeping journal for QuickBooks Online or Xero.</summary>
public static class ExportsApi
{
    public static void MapExportsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/exports/donors", (HttpContext http, DataExportService exports) =>
            {
                var output = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
                exports.WriteDonors(http.User.ToActor(), output);
                return Results.File(Utf8WithBom(output), "text/csv; charset=utf-8", "donors.csv");
            })
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Produces(StatusCodes.Status200OK, contentType: "text/csv").WithName("ExportDonors")
            .WithSummary("Every donor as CSV with the import's column names (text cells neutralised against spreadsheet formulas).");

        api.MapGet("/exports/gifts", (HttpContext http, DataExportService exports, DateOnly? from, DateOnly? to) =>
            {
                var output = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
                exports.WriteGifts(http.User.ToActor(), from, to, output);
                return Results.File(Utf8WithBom(output), "text/csv; charset=utf-8", "gifts.csv");
            })
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Produces(StatusCodes.Status200OK, contentType: "text/csv").WithName("ExportGifts")
            .WithSummary("Gifts received from..to (either optional) as CSV with the import's column names plus Status and Refunded; voided gifts are left out.");

        api.MapGet("/reports/bookkeeping", (HttpContext http, BookkeepingExport bookkeeping, DateOnly? from, DateOnly? to, string? layout, string? format) =>
            {
                var input = new BookkeepingInput(from, to, Layout(layout));
                var actor = http.User.ToActor();
                return format?.ToLowerInvariant() switch
                {
                    null or "" or "csv" => Results.File(bookkeeping.Csv(actor, input), "text/csv; charset=utf-8", BookkeepingExport.FileName(input)),
                    "json" => Results.Ok(bookkeeping.Journal(actor, input)),
                    _ => throw InputValidation.FieldError("format", "Choose csv or json."),
                };
            })
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Produces<BookkeepingJournal>().WithName("BookkeepingJournal")
            .WithSummary("Gifts received from..to as a journal by fund and revenue category (gross, fees, refunds, net) with one line per deposit; layout=summary, quickbooks or xero.");
    }

    private static JournalLayout? Layout(string? word) =>
        word is null ? JournalLayout.Summary
        : DomainWords.TryParse<JournalLayout>(word, out var layout) ? layout
        : throw InputValidation.FieldError("layout", $"Choose one of: {DomainWords.List<JournalLayout>()}.");

    private static byte[] Utf8WithBom(StringWriter output) => [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(output.ToString())];
}
