using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Imports;

/// <summary>Committed imports, the previous system's donor ids they brought, and the funds and campaigns an import may create.</summary>
public sealed class ImportRepository
{
    public PreviousImport? FindByHash(DbSession db, long organizationId, string sha256)
    {
        const string sql = """
            SELECT id, imported_at, imported_by, file_name FROM imports
            WHERE organization_id = @organizationId AND file_sha256 = @sha256
            ORDER BY id DESC LIMIT 1
            """;
        return db.Connection.QuerySingleOrDefault<PreviousImport>(sql, new { organizationId, sha256 }, db.Transaction);
    }

    public IReadOnlyList<PreviousImport> Recent(DbSession db, long organizationId, int limit)
    {
        const string sql = """
            SELECT id, imported_at, imported_by, file_name FROM imports
            WHERE organization_id = @organizationId
            ORDER BY id DESC LIMIT @limit
            """;
        return db.Connection.Query<PreviousImport>(sql, new { organizationId, limit }, db.Transaction).AsList();
    }

    public long Insert(DbSession db, long organizationId, ImportPreview preview, string importedBy, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO imports (organization_id, file_name, file_sha256, row_count, donors_created, donors_matched, gifts_created,
                total_cents, imported_at, imported_by)
            VALUES (@organizationId, @FileName, @Sha256, @RowCount, @DonorsToCreate, @DonorsMatched, @GiftsToAdd,
                @TotalCents, @now, @importedBy)
            RETURNING id
            """;
        return db.Connection.ExecuteScalar<long>(sql, new
        {
            organizationId, preview.FileName, preview.Sha256, preview.RowCount, preview.DonorsToCreate, preview.DonorsMatched,
            preview.GiftsToAdd, preview.TotalCents, now, importedBy,
        }, db.Transaction);
    }

    /// <summary>The donor an earlier import (or this one) recorded for a previous system's id.</summary>
    public long? DonorForKey(DbSession db, long organizationId, string externalId)
    {
        const string sql = "SELECT donor_id FROM import_donor_keys WHERE organization_id = @organizationId AND external_id = @externalId";
        return db.Connection.QuerySingleOrDefault<long?>(sql, new { organizationId, externalId }, db.Transaction);
    }

    /// <summary>
    /// Remembers the previous system's ids of one import, all in one statement; one an earlier import recorded keeps its donor
    /// (the plan matched by it).
    /// </summary>
    public void AddKeys(DbSession db, long organizationId, IEnumerable<(string ExternalId, long DonorId)> keys, long importId)
    {
        const string sql = """
            INSERT INTO import_donor_keys (organization_id, external_id, donor_id, import_id)
            SELECT @organizationId, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), @importId
            FROM json_each(@keys) j
            WHERE true
            ON CONFLICT (organization_id, external_id) DO NOTHING
            """;
        var pairs = System.Text.Json.JsonSerializer.Serialize(keys.Select(k => new object[] { k.ExternalId, k.DonorId }));
        db.Connection.Execute(sql, new { organizationId, keys = pairs, importId }, db.Transaction);
    }

    /// <summary>An unrestricted, active fund named as in the file (the treasurer ticked "create missing funds and campaigns").</summary>
    public long InsertFund(DbSession db, long organizationId, string name)
    {
        const string sql = """
            INSERT INTO funds (organization_id, name, restricted, description, active)
            VALUES (@organizationId, @name, 0, 'Created by an import', 1) RETURNING id
            """;
        return db.Connection.ExecuteScalar<long>(sql, new { organizationId, name }, db.Transaction);
    }

    public long InsertCampaign(DbSession db, long organizationId, string name)
    {
        const string sql = """
            INSERT INTO campaigns (organization_id, name, goal_cents, starts_on, ends_on, active)
            VALUES (@organizationId, @name, NULL, NULL, NULL, 1) RETURNING id
            """;
        return db.Connection.ExecuteScalar<long>(sql, new { organizationId, name }, db.Transaction);
    }
}
