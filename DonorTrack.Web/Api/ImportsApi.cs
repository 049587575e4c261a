using DonorTrack.Core.Imports;
using DonorTrack.Core.Imports.Presets;
using DonorTrack.Core.Validation;

namespace DonorTrack.Web.Api;

/// <summary>
/// POST /api/v1/imports/donors and /api/v1/imports/gifts: a CSV body checked and imported with the Imports page's rules. A dry run
/// answers the preview; a commit writes every row or none; a file with problems answers 422 naming each row and column.
/// </summary>
public static class ImportsApi
{
    /// <summary>The Imports page's limit: a larger body answers 413.</summary>
    public const int MaximumBytes = 10 * 1024 * 1024;

    private static readonly string[] TextTypes = ["text/csv", "text/plain", "text/tab-separated-values", "application/csv"];

    public static void MapImportsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/imports/donors", (HttpContext http, ImportSourceService imports, ImportMappingService mappings, bool? dryRun, string? preset, string? mapping,
                    string? dateOrder, bool? createMissing, bool? confirmDuplicate) =>
                Import(http, imports, mappings, ImportKind.Donors, dryRun, preset, mapping, dateOrder, createMissing, confirmDuplicate))
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Produces<ImportReportDto>().Produces<ImportReportDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).WithMetadata(new RequestSizeLimitAttribute(MaximumBytes)).WithName("ImportDonors")
            .WithSummary("Import donors from a CSV body (dryRun=true previews and writes nothing); every row or none is written.");

        api.MapPost("/imports/gifts", (HttpContext http, ImportSourceService imports, ImportMappingService mappings, bool? dryRun, string? preset, string? mapping,
                    string? dateOrder, bool? createMissing, bool? confirmDuplicate) =>
                Import(http, imports, mappings, ImportKind.Gifts, dryRun, preset, mapping, dateOrder, createMissing, confirmDuplicate))
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Produces<ImportReportDto>().Produces<ImportReportDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).WithMetadata(new RequestSizeLimitAttribute(MaximumBytes)).WithName("ImportGifts")
            .WithSummary("Import gifts and their donors from a CSV body (a preset reads Stripe, PayPal or donor-tool exports); gifts whose reference is already imported are skipped.");

        api.MapGet("/imports/mappings", (HttpContext http, ImportMappingService mappings) =>
                mappings.List(http.User.ToActor()).Select(ImportMappingDto.From).ToList())
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Produces<List<ImportMappingDto>>().WithName("ListImportMappings")
            .WithSummary("The organization's saved column mappings.");

        api.MapPut("/imports/mappings/{name}", async (HttpContext http, ImportMappingService mappings, string name) =>
            {
                var input = await ApiJson.ReadAsync<ImportMappingInput>(http.Request);
                mappings.Save(http.User.ToActor(), input with { Name = name });
                return Results.Ok(ImportMappingDto.From(mappings.Find(http.User.ToActor(), name)!));
            })
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Accepts<ImportMappingInput>("application/json").Produces<ImportMappingDto>()
            .WithName("SaveImportMapping").WithSummary("Saves a column mapping (source header → import field word) under a name, replacing one of the same name.");
    }

    private static async Task<IResult> Import(
        HttpContext http, ImportSourceService imports, ImportMappingService mappings, ImportKind kind, bool? dryRun, string? preset, string? mapping,
        string? dateOrder, bool? createMissing, bool? confirmDuplicate)
    {
        var actor = http.User.ToActor();
        actor.Require(Role.Treasurer);
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is null || !TextTypes.Contains(mediaType))
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the file as the request body with Content-Type: text/csv.");
        var bytes = await ReadBody(http.Request);
        if (bytes is null)
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
                title: $"The file is larger than {MaximumBytes / 1024 / 1024} MB; split it into smaller files and import them one after another.");
        if (bytes.Length > 0)
        {
            try
            {
                CsvTextDecoder.Decode(bytes);
            }
            catch (CsvFormatException notText)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not a text file.", detail: notText.Message);
            }
        }
        var request = new ImportSourceRequest(FileNameOf(http.Request))
        {
            Kind = kind,
            Preset = Word<ImportPresetName>(preset, "preset"),
            Mapping = mapping is null ? null : mappings.Find(actor, mapping) ?? throw InputValidation.FieldError("mapping", $"There is no saved mapping named “{mapping}”."),
            DateOrder = Word<DateOrder>(dateOrder, "dateOrder") ?? DateOrder.MonthFirst,
            CreateMissingDesignations = createMissing ?? false,
            ConfirmDuplicate = confirmDuplicate ?? false,
        };
        if (request.Preset is not null && request.Mapping is not null)
            throw InputValidation.FieldError("mapping", "Choose a preset or a saved mapping, not both.");

        if (dryRun == true)
        {
            var preview = imports.Preview(actor, request, bytes);
            return Results.Ok(ImportReportDto.From(preview, dryRun: true));
        }
        try
        {
            var report = imports.Commit(actor, request, bytes);
            var dto = ImportReportDto.From(report, dryRun: false);
            return report.Result is { ImportId: > 0 } ? Results.Json(dto, statusCode: StatusCodes.Status201Created) : Results.Ok(dto);
        }
        catch (ImportSourceRefusedException refused) when (refused.IsDuplicate)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "This exact file was imported before.",
                detail: refused.Message + " Send it again with confirmDuplicate=true to import it once more.");
        }
        catch (ImportSourceRefusedException refused)
        {
            var report = refused.Report;
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Nothing was imported: the file has problems.", detail: refused.Message,
                extensions: new Dictionary<string, object?>
                {
                    ["errors"] = report.Preview.Errors.Select(ImportErrorDto.From).ToList(),
                    ["skipped"] = report.Skipped.Select(s => new SkippedRowDto(s.Row, s.Reason)).ToList(),
                });
        }
    }

    /// <summary>The body, or null when it is larger than <see cref="MaximumBytes"/> (read no further than that).</summary>
    private static async Task<byte[]?> ReadBody(HttpRequest request)
    {
        if (request.ContentLength > MaximumBytes)
            return null;
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            if (copy.Length + read > MaximumBytes)
                return null;
            copy.Write(buffer, 0, read);
        }
        return copy.ToArray();
    }

    // The audit entry names the file; an API client may say which with Content-Disposition, else the import is named by its route.
    private static string FileNameOf(HttpRequest request) =>
        System.Net.Http.Headers.ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var disposition)
            && Path.GetFileName(disposition.FileName?.Trim('"')) is { Length: > 0 and <= 200 } name
            ? name
            : "api-import.csv";

    private static TEnum? Word<TEnum>(string? word, string parameter) where TEnum : struct, Enum =>
        word is null ? null
        : DomainWords.TryParse<TEnum>(word, out var value) ? value
        : throw InputValidation.FieldError(parameter, $"Use one of: {DomainWords.List<TEnum>()}.");
}

/// <summary>An import's preview or outcome. Rows and columns are the source file's (the header is row 1).</summary>
public sealed record ImportReportDto(
    string FileName, bool DryRun, bool Valid, int RowCount, int DonorsToCreate, int DonorsMatched, int GiftsToAdd, long TotalCents,
    string Encoding, string Delimiter, IReadOnlyList<ImportErrorDto> Errors, IReadOnlyList<SkippedRowDto> Skipped, IReadOnlyList<string> IgnoredColumns,
    IReadOnlyList<string> FundsToCreate, IReadOnlyList<string> CampaignsToCreate, IReadOnlyList<ImportRowDto> Rows, ImportCommittedDto? Committed)
{
    public static ImportReportDto From(ImportReport report, bool dryRun)
    {
        var p = report.Preview;
        var delimiter = report.Delimiter switch { '\t' => "tab", ';' => "semicolon", _ => "comma" };
        ImportCommittedDto? committed = report.Result is { } r
            ? new ImportCommittedDto(r.ImportId > 0 ? r.ImportId : null, r.DonorsCreated.Count, r.DonorsMatched.Count, r.GiftIds.Count, r.TotalCents)
            : null;
        return new ImportReportDto(
            p.FileName, dryRun, p.IsValid, report.SourceRowCount, p.DonorsToCreate, p.DonorsMatched, p.GiftsToAdd, p.TotalCents, report.EncodingName, delimiter,
            p.Errors.Select(ImportErrorDto.From).ToList(), report.Skipped.Select(s => new SkippedRowDto(s.Row, s.Reason)).ToList(), p.IgnoredColumns,
            p.FundsToCreate, p.CampaignsToCreate,
            p.Rows.Select(x => new ImportRowDto(x.Row, x.DonorName, x.DonorAction.ToString(), x.ExistingDonorId, x.AmountCents, x.ReceivedOn,
                x.Method?.Word(), x.Category?.Word(), x.Fund, x.Campaign)).ToList(),
            committed);
    }
}

/// <summary>One problem: the source row (0 for the file as a whole), the column as the file names it, and what to fix.</summary>
public sealed record ImportErrorDto(int Row, string Column, string Message)
{
    public static ImportErrorDto From(ImportError error) => new(error.Row, error.Column, error.Message);
}

/// <summary>A source row not imported (a refund, a failed payment, a gift imported before) and why.</summary>
public sealed record SkippedRowDto(int Row, string Reason);

/// <summary>One row as it will be (or was) imported.</summary>
public sealed record ImportRowDto(
    int Row, string DonorName, string DonorAction, long? ExistingDonorId, long? AmountCents, DateOnly? ReceivedOn, string? Method, string? Category,
    string? Fund, string? Campaign);

/// <summary>What a commit wrote; importId is null when every row was skipped and nothing was written.</summary>
public sealed record ImportCommittedDto(long? ImportId, int DonorsCreated, int DonorsMatched, int GiftsCreated, long TotalCents);

/// <summary>A saved column mapping: the source header each import field word is read from.</summary>
public sealed record ImportMappingDto(string Name, IReadOnlyDictionary<string, string> Columns)
{
    public static ImportMappingDto From(ColumnMapping mapping) =>
        new(mapping.Name, mapping.Columns.ToDictionary(c => c.Key, c => c.Value.Word()));
}
