using System.Data;
using System.Data.Common;
using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Donors;

/// <summary>
/// Inserts many donors into the caller's transaction through one prepared statement (and one for their tags) whose parameters
/// are reused row after row: an import creating a hundred thousand donors. Same columns and sort name as
/// <see cref="DonorRepository.Insert"/>; validation and audit stay with the caller.
/// </summary>
/// <remarks>
/// On SQLite the search index is written once for all the writer's donors when it is disposed, not row by row: the
/// <c>donors_search_insert</c> trigger is dropped inside the caller's transaction at the first insert and created again, from its
/// own stored text, on dispose, after one INSERT … SELECT has indexed the same columns of every donor written. Other connections
/// never see the schema without it (they read the last commit); per row the trigger cost about 30 µs, most of a donor's insert.
/// Dispose before the caller commits.
/// </remarks>
public sealed class DonorBulkWriter : IDisposable
{
    private const string InsertDonor = """
        INSERT INTO donors (organization_id, kind, first_name, last_name, organization_name, sort_name, email, phone,
            address_line1, address_line2, city, region, postal_code, country, default_category,
            do_not_contact, deceased, anonymous, notes, created_at, updated_at)
        VALUES (@organization_id, @kind, @first_name, @last_name, @organization_name, @sort_name, @email, @phone,
            @address_line1, @address_line2, @city, @region, @postal_code, @country, @default_category,
            @do_not_contact, @deceased, @anonymous, @notes, @now, @now)
        """;

    private const string SearchTrigger = "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'donors_search_insert'";

    private const string IndexForSearch = """
        INSERT INTO donor_search (rowid, first_name, last_name, organization_name, email, postal_code)
        SELECT d.id, d.first_name, d.last_name, d.organization_name, d.email, d.postal_code
        FROM donors d
        WHERE d.organization_id = @organizationId AND d.id IN (SELECT j.value FROM json_each(@ids) j)
        ORDER BY d.id
        """;

    private const string InsertTag = "INSERT INTO donor_tags (organization_id, donor_id, tag) VALUES (@organization_id, @donor_id, @tag)";

    private readonly DbSession _db;
    private readonly DbCommand _donor;
    private readonly DbParameter[] _p;
    private DbCommand? _tag;
    private readonly bool _indexesSearchAtEnd;
    private string? _suspendedSearchTrigger;
    private long _organizationId;
    private readonly List<long> _unindexed = [];

    public DonorBulkWriter(DbSession db)
    {
        _db = db;
        _indexesSearchAtEnd = db.Connection is Microsoft.Data.Sqlite.SqliteConnection;
        var sql = db.Connection is Microsoft.Data.Sqlite.SqliteConnection ? InsertDonor : InsertDonor + " RETURNING id";
        _donor = PreparedStatement.Prepare(db, sql, out _p,
            ("organization_id", DbType.Int64), ("kind", DbType.String), ("first_name", DbType.String), ("last_name", DbType.String),
            ("organization_name", DbType.String), ("sort_name", DbType.String), ("email", DbType.String), ("phone", DbType.String),
            ("address_line1", DbType.String), ("address_line2", DbType.String), ("city", DbType.String), ("region", DbType.String),
            ("postal_code", DbType.String), ("country", DbType.String), ("default_category", DbType.String), ("do_not_contact", DbType.Int64),
            ("deceased", DbType.Int64), ("anonymous", DbType.Int64), ("notes", DbType.String), ("now", DbType.String));
    }

    /// <summary>Inserts one donor and its tags; returns the new id. The input must already be validated and normalized.</summary>
    public long Insert(long organizationId, DonorInput input, DateTimeOffset now)
    {
        if (_indexesSearchAtEnd && _suspendedSearchTrigger is null)
            SuspendSearchTrigger(organizationId);
        if (_organizationId != organizationId && _unindexed.Count > 0)
            throw new InvalidOperationException("A donor bulk writer writes the donors of one organization.");
        _organizationId = organizationId;
        _p[0].Value = organizationId;
        _p[1].Value = (input.Kind ?? DonorKind.Individual).Word();
        _p[2].Value = PreparedStatement.Nullable(input.FirstName);
        _p[3].Value = PreparedStatement.Nullable(input.LastName);
        _p[4].Value = PreparedStatement.Nullable(input.OrganizationName);
        _p[5].Value = DonorRepository.SortNameOf(input);
        _p[6].Value = PreparedStatement.Nullable(input.Email);
        _p[7].Value = PreparedStatement.Nullable(input.Phone);
        _p[8].Value = PreparedStatement.Nullable(input.AddressLine1);
        _p[9].Value = PreparedStatement.Nullable(input.AddressLine2);
        _p[10].Value = PreparedStatement.Nullable(input.City);
        _p[11].Value = PreparedStatement.Nullable(input.Region);
        _p[12].Value = PreparedStatement.Nullable(input.PostalCode);
        _p[13].Value = PreparedStatement.Nullable(input.Country);
        _p[14].Value = PreparedStatement.Nullable(input.DefaultCategory);
        _p[15].Value = input.DoNotContact ? 1L : 0L;
        _p[16].Value = input.Deceased ? 1L : 0L;
        _p[17].Value = input.Anonymous ? 1L : 0L;
        _p[18].Value = PreparedStatement.Nullable(input.Notes);
        _p[19].Value = DapperConfiguration.ToText(now);
        var id = PreparedStatement.ExecuteInsert(_donor);
        if (_indexesSearchAtEnd)
            _unindexed.Add(id);
        foreach (var tag in input.Tags ?? [])
        {
            _tag ??= PreparedStatement.Prepare(_db, InsertTag, out _, ("organization_id", DbType.Int64), ("donor_id", DbType.Int64), ("tag", DbType.String));
            _tag.Parameters[0].Value = organizationId;
            _tag.Parameters[1].Value = id;
            _tag.Parameters[2].Value = tag;
            _tag.ExecuteNonQuery();
        }
        return id;
    }

    /// <summary>Indexes the donors written for search and restores the search trigger (on SQLite), then releases the statements.</summary>
    public void Dispose()
    {
        try
        {
            if (_suspendedSearchTrigger is { } trigger)
            {
                if (_unindexed.Count > 0)
                {
                    _db.Connection.Execute(IndexForSearch,
                        new { organizationId = _organizationId, ids = System.Text.Json.JsonSerializer.Serialize(_unindexed) }, _db.Transaction);
                }
                _db.Connection.Execute(trigger, transaction: _db.Transaction);
                _suspendedSearchTrigger = null;
                _unindexed.Clear();
            }
        }
        finally
        {
            _donor.Dispose();
            _tag?.Dispose();
        }
    }

    private void SuspendSearchTrigger(long organizationId)
    {
        _suspendedSearchTrigger = _db.Connection.ExecuteScalar<string>(SearchTrigger, transaction: _db.Transaction)
            ?? throw new InvalidOperationException("The donors_search_insert trigger is missing; the donor search index would not be kept.");
        _db.Connection.Execute("DROP TRIGGER donors_search_insert", transaction: _db.Transaction);
        _organizationId = organizationId;
    }
}
