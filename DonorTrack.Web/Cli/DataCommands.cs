using System.Globalization;
using DonorTrack.Core.Exports;
using DonorTrack.Core.Imports.Presets;
using DonorTrack.Core.Reports.Bookkeeping;
using DonorTrack.Web.Pages;
using Microsoft.Extensions.DependencyInjection;

namespace DonorTrack.Web.Cli;

/// <summary>
/// <c>import donors|gifts FILE</c>, <c>export donors|gifts|bookkeeping FILE</c>: the API's imports and exports from the command line,
/// for one organization (<c>--org ID</c>). Exit codes: 0 done, 1 the file has problems (nothing written), 2 wrong arguments.
/// </summary>
public static class DataCommands
{
    public const string Usage = """
          import donors|gifts FILE --org ID [--dry-run] [--preset stripe|paypal|donor_tool|SAVED-MAPPING] [--date-order month_first|day_first]
                 [--create-missing] [--confirm-duplicate]
                                      check a CSV and import all of it or nothing; --dry-run only checks
          export donors FILE --org ID  every donor as CSV in the import's column names
          export gifts FILE --org ID [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                                      gifts received in the range as CSV
          export bookkeeping FILE --org ID --from YYYY-MM-DD --to YYYY-MM-DD [--layout summary|quickbooks|xero]
                                      the journal by fund and revenue category, with one line per deposit
        """;

    private static readonly string[] Flags = ["dry-run", "create-missing", "confirm-duplicate"];

    public static int Import(IServiceProvider services, string[] words, TextWriter output, TextWriter error)
    {
        if (words.Length < 3 || !DomainWords.TryParse<ImportKind>(words[1], out var kind))
            return Wrong(error, "Use: import donors FILE --org ID … or import gifts FILE --org ID …");
        if (!TryOptions(words[3..], error, out var options) || Organization(services, options, error) is not { } actor)
            return 2;
        if (!File.Exists(words[2]))
            return Wrong(error, $"There is no file {words[2]}.");
        var request = new ImportSourceRequest(Path.GetFileName(words[2]))
        {
            Kind = kind,
            CreateMissingDesignations = options.ContainsKey("create-missing"),
            ConfirmDuplicate = options.ContainsKey("confirm-duplicate"),
        };
        if (options.TryGetValue("date-order", out var order))
        {
            if (!DomainWords.TryParse<DateOrder>(order, out var dateOrder))
                return Wrong(error, $"--date-order must be one of: {DomainWords.List<DateOrder>()}.");
            request = request with { DateOrder = dateOrder };
        }
        if (options.TryGetValue("preset", out var preset))
        {
            if (DomainWords.TryParse<ImportPresetName>(preset, out var presetName))
                request = request with { Preset = presetName };
            else if (services.GetRequiredService<ImportMappingService>().Find(actor, preset) is { } mapping)
                request = request with { Mapping = mapping };
            else
                return Wrong(error, $"--preset must be one of {DomainWords.List<ImportPresetName>()} or the name of a saved mapping; “{preset}” is neither.");
        }

        var imports = services.GetRequiredService<ImportSourceService>();
        var bytes = File.ReadAllBytes(words[2]);
        ImportReport report;
        try
        {
            report = options.ContainsKey("dry-run") ? imports.Preview(actor, request, bytes) : imports.Commit(actor, request, bytes);
        }
        catch (ImportSourceRefusedException refused)
        {
            Describe(refused.Report, output);
            foreach (var problem in refused.Report.Preview.Errors)
                error.WriteLine(problem);
            error.WriteLine(refused.Message + (refused.IsDuplicate ? " Add --confirm-duplicate to import it again." : ""));
            return 1;
        }
        Describe(report, output);
        foreach (var problem in report.Preview.Errors)
            error.WriteLine(problem);
        if (report.Result is { } result)
            output.WriteLine(result.ImportId > 0
                ? $"Imported: {PageSupport.Count(result.DonorsCreated.Count, "new donor")}, {result.DonorsMatched.Count:N0} matched, {PageSupport.Count(result.GiftIds.Count, "gift")} totalling {PageSupport.Money(result.TotalCents)} (import {result.ImportId})."
                : "Nothing to import: every row was skipped.");
        else
            output.WriteLine(report.IsValid ? "Dry run: nothing was written." : "Dry run: nothing was written; fix the problems above first.");
        return report.IsValid ? 0 : 1;
    }

    public static int Export(IServiceProvider services, string[] words, TextWriter output, TextWriter error)
    {
        if (words.Length < 3 || words[1] is not ("donors" or "gifts" or "bookkeeping"))
            return Wrong(error, "Use: export donors FILE, export gifts FILE or export bookkeeping FILE, each with --org ID.");
        if (!TryOptions(words[3..], error, out var options) || Organization(services, options, error) is not { } actor)
            return 2;
        DateOnly? from = null, to = null;
        foreach (var (name, target) in new[] { ("from", 0), ("to", 1) })
        {
            if (!options.TryGetValue(name, out var text))
                continue;
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                return Wrong(error, $"--{name} takes a date written YYYY-MM-DD.");
            if (target == 0)
                from = date;
            else
                to = date;
        }
        var path = Path.GetFullPath(words[2]);
        if (words[1] == "bookkeeping")
        {
            JournalLayout? layout = JournalLayout.Summary;
            if (options.TryGetValue("layout", out var layoutWord))
                layout = DomainWords.TryParse<JournalLayout>(layoutWord, out var chosen) ? chosen : (JournalLayout)DomainWords.Unknown;
            var csv = services.GetRequiredService<BookkeepingExport>().Csv(actor, new BookkeepingInput(from, to, layout));
            File.WriteAllBytes(path, csv);
            output.WriteLine($"Wrote the {layout?.Word()} journal of {from:yyyy-MM-dd} to {to:yyyy-MM-dd} to {path}.");
            return 0;
        }
        var exports = services.GetRequiredService<DataExportService>();
        using (var file = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        {
            var count = words[1] == "donors" ? exports.WriteDonors(actor, file) : exports.WriteGifts(actor, from, to, file);
            output.WriteLine($"Wrote {count:N0} {words[1]} to {path}.");
        }
        return 0;
    }

    private static void Describe(ImportReport report, TextWriter output)
    {
        var p = report.Preview;
        var delimiter = report.Delimiter switch { '\t' => "tab", ';' => "semicolon", _ => "comma" };
        output.WriteLine($"Read {p.FileName} ({report.EncodingName}, {delimiter} separated): {PageSupport.Count(report.SourceRowCount, "row")}.");
        if (p.IsValid)
            output.WriteLine($"{PageSupport.Count(p.DonorsToCreate, "donor")} to create, {p.DonorsMatched:N0} matched, {PageSupport.Count(p.GiftsToAdd, "gift")} totalling {PageSupport.Money(p.TotalCents)}.");
        foreach (var skipped in report.Skipped)
            output.WriteLine($"Row {skipped.Row} skipped: {skipped.Reason}");
        if (p.IgnoredColumns.Count > 0)
            output.WriteLine($"Ignored columns: {string.Join(", ", p.IgnoredColumns)}");
        if (p.FundsToCreate.Count + p.CampaignsToCreate.Count > 0)
            output.WriteLine($"To create: {string.Join(", ", p.FundsToCreate.Select(f => "fund " + f).Concat(p.CampaignsToCreate.Select(c => "campaign " + c)))}");
    }

    private static Actor? Organization(IServiceProvider services, Dictionary<string, string> options, TextWriter error)
    {
        if (!options.TryGetValue("org", out var text) || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            error.WriteLine("--org takes the numeric id of the organization.");
            return null;
        }
        if (services.GetRequiredService<OrganizationService>().Find(id) is null)
        {
            error.WriteLine($"There is no organization {id}.");
            return null;
        }
        return Actor.System(id, "command line");
    }

    private static bool TryOptions(string[] words, TextWriter error, out Dictionary<string, string> options)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++)
        {
            var name = words[i].StartsWith("--", StringComparison.Ordinal) ? words[i][2..] : null;
            if (name is not null && Flags.Contains(name))
                options[name] = "yes";
            else if (name is not null && i + 1 < words.Length)
                options[name] = words[++i];
            else
            {
                error.WriteLine($"Expected --option VALUE pairs or {string.Join(", ", Flags.Select(f => "--" + f))}, got '{words[i]}'.");
                return false;
            }
        }
        return true;
    }

    private static int Wrong(TextWriter error, string message)
    {
        error.WriteLine(message);
        return 2;
    }
}
