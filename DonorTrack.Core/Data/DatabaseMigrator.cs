using System.Reflection;
using Dapper;

namespace DonorTrack.Core.Data;

/// <summary>
/// Applies the numbered scripts of <c>migrations/</c> (embedded in this assembly) that the journal
/// table has not seen yet, each script together with its journal row in one transaction.
/// </summary>
/// <remarks>
/// A forty-line runner instead of DbUp: it keeps script and journal atomic per script, runs the same
/// way for every host (web, CLI, tests, bench), and adds no dependency that pins its own SQLite provider.
/// </remarks>
public sealed class DatabaseMigrator(IDbConnectionFactory connections, TimeProvider clock)
{
    public static IReadOnlyList<(string Name, string Sql)> EmbeddedScripts()
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("migrations/", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => (Path.GetFileNameWithoutExtension(name), ReadResource(assembly, name)))
            .ToList();
    }

    /// <summary>Applies pending scripts and returns their names, in order.</summary>
    public IReadOnlyList<string> Migrate()
    {
        using (var session = connections.Read())
        {
            const string createJournal = """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    name       TEXT PRIMARY KEY,
                    applied_at TEXT NOT NULL
                ) STRICT
                """;
            session.Connection.Execute(createJournal);
        }

        var applied = new List<string>();
        foreach (var (name, sql) in EmbeddedScripts())
        {
            using var session = connections.BeginTransaction();
            const string alreadyApplied = "SELECT count(*) FROM schema_migrations WHERE name = @name";
            if (session.Connection.ExecuteScalar<long>(alreadyApplied, new { name }, session.Transaction) > 0)
                continue;
            session.Connection.Execute(sql, transaction: session.Transaction);
            const string record = "INSERT INTO schema_migrations (name, applied_at) VALUES (@name, @at)";
            session.Connection.Execute(record, new { name, at = clock.GetUtcNow() }, session.Transaction);
            session.Commit();
            applied.Add(name);
        }
        return applied;
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
