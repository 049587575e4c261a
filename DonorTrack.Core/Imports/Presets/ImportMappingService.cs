using System.Text.Json;
using Dapper;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;
using FluentValidation;
using FluentValidation.Results;

namespace DonorTrack.Core.Imports.Presets;

/// <summary>A column mapping as typed: its name and, per source header, the import column it fills (any name the import accepts, e.g. "Email").</summary>
public sealed record ImportMappingInput(string? Name, IReadOnlyDictionary<string, string>? Columns);

/// <summary>Rules for a saved mapping: a name, at least one column, every target a column the import knows, no target twice.</summary>
public sealed class ImportMappingInputValidator : AbstractValidator<ImportMappingInput>
{
    public ImportMappingInputValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("Name the mapping.").OptionalText(100);
        RuleFor(x => x.Columns).NotEmpty().WithMessage("Map at least one column of your file.");
        RuleFor(x => x.Columns).Custom((columns, context) =>
        {
            foreach (var (source, target) in columns ?? new Dictionary<string, string>())
            {
                if (string.IsNullOrWhiteSpace(source) || source.Length > 200)
                    context.AddFailure(new ValidationFailure("Columns", "Each source column needs a name of at most 200 characters."));
                else if (ImportMappingService.FieldNamed(target) is null)
                    context.AddFailure(new ValidationFailure($"Columns[{source}]",
                        $"“{target}” is not an import column; use one of: {string.Join(", ", ImportColumns.Vocabulary.Select(v => v.Names[0]))}."));
            }
        });
        RuleFor(x => x.Columns).Must(columns => columns is null
                || columns.Values.Select(ImportMappingService.FieldNamed).Where(f => f is not null).GroupBy(f => f).All(g => g.Count() == 1))
            .WithMessage("Two source columns fill the same import column; keep one.");
    }
}

/// <summary>An organization's saved column mappings: a file layout named once and used for every later import of that layout.</summary>
public sealed class ImportMappingService(IDbConnectionFactory connections, AuditLog audit, TimeProvider clock)
{
    private readonly ImportMappingInputValidator _validator = new();

    public IReadOnlyList<ColumnMapping> List(Actor actor)
    {
        actor.Require(Role.Treasurer);
        const string sql = "SELECT name, columns_json FROM import_column_mappings WHERE organization_id = @organizationId ORDER BY name";
        using var db = connections.Read();
        return db.Connection.Query<(string Name, string Json)>(sql, new { organizationId = actor.OrganizationId }).Select(m => Mapping(m.Name, m.Json)).ToList();
    }

    public ColumnMapping? Find(Actor actor, string name)
    {
        actor.Require(Role.Treasurer);
        const string sql = "SELECT name, columns_json FROM import_column_mappings WHERE organization_id = @organizationId AND name = @name";
        using var db = connections.Read();
        var found = db.Connection.QuerySingleOrDefault<(string Name, string Json)?>(sql, new { organizationId = actor.OrganizationId, name });
        return found is { } m ? Mapping(m.Name, m.Json) : null;
    }

    /// <summary>Saves the mapping under its name (case ignored), replacing one of the same name; one audit entry with before and after.</summary>
    public void Save(Actor actor, ImportMappingInput input)
    {
        actor.Require(Role.Treasurer);
        _validator.EnsureValid(input);
        var name = input.Name!.Trim();
        var json = JsonSerializer.Serialize(input.Columns!.ToDictionary(c => c.Key.Trim(), c => ImportColumns.Canonical(FieldNamed(c.Value)!.Value)));
        using var db = connections.BeginTransaction();
        const string before = "SELECT id, columns_json FROM import_column_mappings WHERE organization_id = @organizationId AND name = @name";
        var existing = db.Connection.QuerySingleOrDefault<(long Id, string Json)?>(before, new { organizationId = actor.OrganizationId, name }, db.Transaction);
        const string upsert = """
            INSERT INTO import_column_mappings (organization_id, name, columns_json, updated_at, updated_by)
            VALUES (@organizationId, @name, @json, @now, @by)
            ON CONFLICT (organization_id, name) DO UPDATE SET columns_json = excluded.columns_json, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            RETURNING id
            """;
        var id = db.Connection.ExecuteScalar<long>(upsert, new { organizationId = actor.OrganizationId, name, json, now = clock.GetUtcNow(), by = actor.Name }, db.Transaction);
        audit.Record(db, actor, "import_column_mapping", id, existing is null ? "create" : "update",
            existing is { } e ? new { Name = name, Columns = e.Json } : null, new { Name = name, Columns = json });
        db.Commit();
    }

    /// <summary>The import field a column name means ("E-mail", "email address" → Email); null when none.</summary>
    public static ImportField? FieldNamed(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return null;
        var columns = ImportColumns.FromHeader([name], out _);
        return ImportColumns.Vocabulary.Select(v => v.Field).Where(columns.Has).Select(f => (ImportField?)f).FirstOrDefault();
    }

    private static ColumnMapping Mapping(string name, string json) =>
        new(name, JsonSerializer.Deserialize<Dictionary<string, string>>(json)!.ToDictionary(c => c.Key, c => FieldNamed(c.Value)!.Value));
}
