using System.Data;
using System.Data.Common;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Donors;

/// <summary>
/// Inserts many donors into the caller's transaction through one prepared statement (and one for their tags) whose parameters
/// are reused row after row: an import creating a hundred thousand donors. Same columns and sort name as
/// <see cref="DonorRepository.Insert"/>; validation and audit stay with the caller.
/// </summary>
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

    private const string InsertTag = "INSERT INTO donor_tags (organization_id, donor_id, tag) VALUES (@organization_id, @donor_id, @tag)";

    private readonly DbSession _db;
    private readonly DbCommand _donor;
    private readonly DbParameter[] _p;
    private DbCommand? _tag;

    public DonorBulkWriter(DbSession db)
    {
        _db = db;
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

    public void Dispose()
    {
        _donor.Dispose();
        _tag?.Dispose();
    }
}
