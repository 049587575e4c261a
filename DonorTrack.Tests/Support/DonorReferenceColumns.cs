namespace DonorTrack.Tests.Support;

/// <summary>The schema's columns that hold a donor id: named like one, or a foreign key to donors (a composite key's organization_id aside).</summary>
public static class DonorReferenceColumns
{
    /// <summary>"table.column" for each, in order.</summary>
    public static List<string> InSchema(System.Data.IDbConnection connection)
    {
        const string sql = """
            SELECT m.name, c.name FROM sqlite_schema m JOIN pragma_table_info(m.name) c
            WHERE m.type = 'table' AND (c.name = 'donor_id' OR c.name LIKE '%\_donor\_id' ESCAPE '\')
            UNION
            SELECT m.name, f."from" FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f
            WHERE m.type = 'table' AND f."table" = 'donors' AND f."from" <> 'organization_id'
            ORDER BY 1, 2
            """;
        return connection.Query<(string Table, string Column)>(sql).Select(c => $"{c.Table}.{c.Column}").ToList();
    }
}
