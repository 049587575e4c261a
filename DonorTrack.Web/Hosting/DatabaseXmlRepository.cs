using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace DonorTrack.Web.Hosting;

/// <summary>Keeps the Data Protection key ring in the <c>data_protection_keys</c> table, so database backups include it.</summary>
public sealed class DatabaseXmlRepository(IDbConnectionFactory connections, TimeProvider clock) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        const string sql = "SELECT xml FROM data_protection_keys ORDER BY id";
        using var db = connections.Read();
        return db.Connection.Query<string>(sql).Select(xml => XElement.Parse(xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = connections.BeginTransaction();
        Insert(db, element.ToString(SaveOptions.DisableFormatting), friendlyName);
        db.Commit();
    }

    /// <summary>
    /// Moves key files of an older installation (<c>data/keys/*.xml</c>) into the table, then renames the folder so the
    /// unencrypted copies are not read again; returns how many keys were imported.
    /// </summary>
    public int ImportKeyFiles(string keysDirectory)
    {
        if (!Directory.Exists(keysDirectory))
            return 0;
        var imported = 0;
        using (var db = connections.BeginTransaction())
        {
            foreach (var file in Directory.EnumerateFiles(keysDirectory, "*.xml").Order(StringComparer.Ordinal))
                imported += Insert(db, XElement.Load(file).ToString(SaveOptions.DisableFormatting), Path.GetFileNameWithoutExtension(file));
            db.Commit();
        }
        Directory.Move(keysDirectory, $"{keysDirectory}.imported-{clock.GetUtcNow():yyyyMMddHHmmss}");
        return imported;
    }

    private int Insert(DbSession db, string xml, string friendlyName)
    {
        const string sql = """
            INSERT INTO data_protection_keys (friendly_name, xml, created_at)
            VALUES (@friendlyName, @xml, @createdAt)
            ON CONFLICT (friendly_name) DO NOTHING
            """;
        return db.Connection.Execute(sql, new { friendlyName, xml, createdAt = clock.GetUtcNow() }, db.Transaction);
    }
}
