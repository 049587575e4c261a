using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Money;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;

namespace DonorTrack.Core.Imports.Presets;

/// <summary>
/// A checked source file: the planner's preview with rows and columns named as the source file names them, the rows skipped
/// with their reasons, what was detected, and, once committed, what was written.
/// </summary>
public sealed record ImportReport(
    ImportPreview Preview,
    IReadOnlyList<SkippedRow> Skipped,
    int SourceRowCount,
    string EncodingName,
    char Delimiter,
    bool EveryRowCarriesAnId,
    ImportResult? Result = null)
{
    public bool IsValid => Preview.IsValid;
}

/// <summary>The commit wrote nothing: the file has problems (<see cref="IsDuplicate"/> false) or repeats an earlier file without ids.</summary>
public sealed class ImportSourceRefusedException(ImportReport report, string message, bool isDuplicate) : Exception(message)
{
    public ImportReport Report { get; } = report;

    public bool IsDuplicate { get; } = isDuplicate;
}

/// <summary>
/// Imports a real-world file (any of the detected encodings and separators, a preset's layout or a saved mapping) through
/// <see cref="ImportService"/>'s preview and all-or-nothing commit. Rows whose gift reference the organization already holds are
/// skipped, so re-sending a file of payments adds nothing; a file whose every row carries an id is never refused as a repeat.
/// </summary>
public sealed class ImportSourceService(IDbConnectionFactory connections, ImportService imports, OrganizationRepository organizations)
{
    public ImportReport Preview(Actor actor, ImportSourceRequest request, byte[] bytes)
    {
        actor.Require(Role.Treasurer);
        var translation = Translate(actor, request, bytes);
        return Report(translation, request, PlanOrSkip(translation, () => imports.Preview(actor, request.FileName, translation.CanonicalCsv, Options(request, translation))));
    }

    /// <summary>Writes the file in one transaction (see <see cref="ImportService.Commit"/>) or nothing, throwing <see cref="ImportSourceRefusedException"/>.</summary>
    public ImportReport Commit(Actor actor, ImportSourceRequest request, byte[] bytes)
    {
        actor.Require(Role.Treasurer);
        var translation = Translate(actor, request, bytes);
        var options = Options(request, translation);
        if (translation.Errors.Count > 0 || translation.RowsToPlan == 0)
        {
            var report = Report(translation, request, PlanOrSkip(translation, () => imports.Preview(actor, request.FileName, translation.CanonicalCsv, options)));
            if (!report.IsValid)
                throw new ImportSourceRefusedException(report, NothingImported(report.Preview), isDuplicate: false);
            // Every row was skipped (refunds, payments imported before): nothing to write, and nothing wrong.
            return report with { Result = new ImportResult(0, [], [], [], 0, 0) };
        }
        try
        {
            var result = imports.Commit(actor, request.FileName, translation.CanonicalCsv, options);
            var written = new ImportPreview(request.FileName, "", translation.RowsToPlan, result.DonorsCreated.Count, result.DonorsMatched.Count,
                result.GiftIds.Count, result.TotalCents, [], [], [], [], [], null);
            return Report(translation, request, written) with { Result = result };
        }
        catch (ImportRefusedException refused)
        {
            var report = Report(translation, request, refused.Preview);
            return refused.Preview.IsValid
                ? throw new ImportSourceRefusedException(report, refused.Message, isDuplicate: true)
                : throw new ImportSourceRefusedException(report, NothingImported(report.Preview), isDuplicate: false);
        }
    }

    private static string NothingImported(ImportPreview preview) =>
        $"Nothing was imported: {DisplayFormat.Count(preview.Errors.Count, "problem")}, the first: {preview.Errors[0]}";

    private SourceTranslation Translate(Actor actor, ImportSourceRequest request, byte[] bytes)
    {
        using var db = connections.Read();
        var currency = organizations.Find(db, actor.OrganizationId)!.Currency;
        return ImportSourceReader.Translate(bytes, request, currency, references => KnownGiftReferences(db, actor.OrganizationId, references));
    }

    /// <summary>The organization's gifts (any status but voided) carrying one of the references; the lowest id when several do.</summary>
    private static IReadOnlyDictionary<string, long> KnownGiftReferences(DbSession db, long organizationId, IReadOnlyCollection<string> references)
    {
        const string sql = """
            SELECT g.external_id, min(g.id) FROM gifts g
            WHERE g.organization_id = @organizationId AND g.status <> 'voided'
              AND g.external_id IN (SELECT j.value FROM json_each(@references) j)
            GROUP BY g.external_id
            """;
        return db.Connection.Query<(string Reference, long GiftId)>(sql, new { organizationId, references = System.Text.Json.JsonSerializer.Serialize(references) }, db.Transaction)
            .ToDictionary(r => r.Reference, r => r.GiftId, StringComparer.Ordinal);
    }

    private static ImportOptions Options(ImportSourceRequest request, SourceTranslation translation) =>
        new(request.CreateMissingDesignations, request.ConfirmDuplicate || translation.EveryRowCarriesAnId);

    /// <summary>The planner's preview, or an empty one when the reader refused the file or skipped every row.</summary>
    private static ImportPreview PlanOrSkip(SourceTranslation translation, Func<ImportPreview> plan)
    {
        var fileLevel = translation.Errors.Any(e => e.Row == 0);
        if (!fileLevel && translation.RowsToPlan > 0)
            return plan();
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(translation.CanonicalCsv));
        return new ImportPreview("", sha256, 0, 0, 0, 0, 0, [], [], [], [], [], null);
    }

    private static ImportReport Report(SourceTranslation translation, ImportSourceRequest request, ImportPreview planned)
    {
        // The planner names its canonical rows and columns; the person fixes the source file, so errors name the source's.
        var reported = translation.Errors.Select(e => (e.Row, e.Column)).ToHashSet();
        var plannerErrors = planned.Errors
            .Select(e => new ImportError(e.Row == 0 ? 0 : translation.SourceRowOf.GetValueOrDefault(e.Row, e.Row), translation.SourceColumnOf.GetValueOrDefault(e.Column, e.Column), e.Message))
            .Where(e => !reported.Contains((e.Row, e.Column)));
        var errors = translation.Errors.Concat(plannerErrors).OrderBy(e => e.Row).ToList();
        var rows = planned.Rows.Select(r => r with { Row = translation.SourceRowOf.GetValueOrDefault(r.Row, r.Row) }).ToList();
        var preview = planned with
        {
            FileName = request.FileName,
            RowCount = translation.SourceRowCount,
            Errors = errors,
            Rows = rows,
            IgnoredColumns = translation.IgnoredColumns,
        };
        return new ImportReport(preview, translation.Skipped, translation.SourceRowCount, translation.EncodingName, translation.Delimiter, translation.EveryRowCarriesAnId);
    }
}
