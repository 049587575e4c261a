using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.SelfService;

/// <summary>A stored letter code: the donor record it opens, when it stops working, and whether it was used or withdrawn.</summary>
public sealed record DonorSignInCode(long Id, long DonorId, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt, DateTimeOffset? WithdrawnAt);

/// <summary>Letter sign-in codes by the hash of the code, scoped by organization.</summary>
public sealed class DonorSignInCodeRepository
{
    public void Insert(DbSession db, long organizationId, long donorId, string codeHash, DateTimeOffset printedAt, string printedBy, DateTimeOffset expiresAt)
    {
        const string sql = """
            INSERT INTO donor_sign_in_codes (organization_id, donor_id, code_hash, printed_at, printed_by, expires_at)
            VALUES (@organizationId, @donorId, @codeHash, @printedAt, @printedBy, @expiresAt)
            """;
        db.Connection.Execute(sql, new { organizationId, donorId, codeHash, printedAt, printedBy, expiresAt }, db.Transaction);
    }

    /// <summary>Withdraws the donor's codes that are neither used nor withdrawn yet; returns how many.</summary>
    public int WithdrawUnused(DbSession db, long organizationId, long donorId, DateTimeOffset now)
    {
        const string sql = """
            UPDATE donor_sign_in_codes SET withdrawn_at = @now
            WHERE organization_id = @organizationId AND donor_id = @donorId AND used_at IS NULL AND withdrawn_at IS NULL
            """;
        return db.Connection.Execute(sql, new { organizationId, donorId, now }, db.Transaction);
    }

    public DonorSignInCode? Find(DbSession db, long organizationId, string codeHash)
    {
        const string sql = """
            SELECT id, donor_id, expires_at, used_at, withdrawn_at FROM donor_sign_in_codes
            WHERE organization_id = @organizationId AND code_hash = @codeHash
            """;
        return db.Connection.QuerySingleOrDefault<DonorSignInCode>(sql, new { organizationId, codeHash }, db.Transaction);
    }

    /// <summary>Uses the code up; false when it was used or withdrawn meanwhile, so only one sign-in gets through.</summary>
    public bool MarkUsed(DbSession db, long organizationId, long codeId, DateTimeOffset now)
    {
        const string sql = """
            UPDATE donor_sign_in_codes SET used_at = @now
            WHERE organization_id = @organizationId AND id = @codeId AND used_at IS NULL AND withdrawn_at IS NULL
            """;
        return db.Connection.Execute(sql, new { organizationId, codeId, now }, db.Transaction) == 1;
    }
}
