using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.SelfService;

/// <summary>A stored sign-in link: the address it was sent to, when it stops working, and whether it was used.</summary>
public sealed record DonorSignInLink(long Id, string Email, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt);

/// <summary>Sign-in links by the hash of their token, scoped by organization.</summary>
public sealed class DonorSignInLinkRepository
{
    public void Insert(DbSession db, long organizationId, string tokenHash, string email, DateTimeOffset requestedAt, DateTimeOffset expiresAt)
    {
        const string sql = """
            INSERT INTO donor_sign_in_links (organization_id, token_hash, email, requested_at, expires_at)
            VALUES (@organizationId, @tokenHash, @email, @requestedAt, @expiresAt)
            """;
        db.Connection.Execute(sql, new { organizationId, tokenHash, email, requestedAt, expiresAt }, db.Transaction);
    }

    /// <summary>How many links an address was sent after a moment (the window's start itself is outside it), for the per-address limit.</summary>
    public long CountSince(DbSession db, long organizationId, string email, DateTimeOffset since)
    {
        const string sql = """
            SELECT count(*) FROM donor_sign_in_links
            WHERE organization_id = @organizationId AND email = @email COLLATE NOCASE AND requested_at > @since
            """;
        return db.Connection.ExecuteScalar<long>(sql, new { organizationId, email, since }, db.Transaction);
    }

    public DonorSignInLink? Find(DbSession db, long organizationId, string tokenHash)
    {
        const string sql = """
            SELECT id, email, expires_at, used_at FROM donor_sign_in_links
            WHERE organization_id = @organizationId AND token_hash = @tokenHash
            """;
        return db.Connection.QuerySingleOrDefault<DonorSignInLink>(sql, new { organizationId, tokenHash }, db.Transaction);
    }

    /// <summary>Uses the link up; false when it was used already (two tabs racing), so only one of them signs in.</summary>
    public bool MarkUsed(DbSession db, long organizationId, long linkId, DateTimeOffset now)
    {
        const string sql = """
            UPDATE donor_sign_in_links SET used_at = @now
            WHERE organization_id = @organizationId AND id = @linkId AND used_at IS NULL
            """;
        return db.Connection.Execute(sql, new { organizationId, linkId, now }, db.Transaction) == 1;
    }
}
