using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Security;

/// <summary>Users, their organization roles, and sign-in counters.</summary>
public sealed class UserRepository
{
    public User? FindByEmail(DbSession db, string email)
    {
        const string sql = """
            SELECT id, email, display_name, password_hash, failed_sign_ins, locked_until, disabled
            FROM users WHERE email = @email
            """;
        return db.Connection.QuerySingleOrDefault<User>(sql, new { email = email.Trim() }, db.Transaction);
    }

    public User? Find(DbSession db, long userId)
    {
        const string sql = """
            SELECT id, email, display_name, password_hash, failed_sign_ins, locked_until, disabled
            FROM users WHERE id = @userId
            """;
        return db.Connection.QuerySingleOrDefault<User>(sql, new { userId }, db.Transaction);
    }

    public long Insert(DbSession db, string email, string displayName, string passwordHash, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO users (email, display_name, password_hash, created_at)
            VALUES (@email, @displayName, @passwordHash, @now)
            RETURNING id
            """;
        return db.Connection.ExecuteScalar<long>(sql, new { email = email.Trim(), displayName, passwordHash, now }, db.Transaction);
    }

    public void RecordFailedSignIn(DbSession db, long userId, long failedSignIns, DateTimeOffset? lockedUntil)
    {
        const string sql = "UPDATE users SET failed_sign_ins = @failedSignIns, locked_until = @lockedUntil WHERE id = @userId";
        db.Connection.Execute(sql, new { userId, failedSignIns, lockedUntil }, db.Transaction);
    }

    public void RecordSuccessfulSignIn(DbSession db, long userId, string? rehashedPassword)
    {
        const string sql = """
            UPDATE users SET failed_sign_ins = 0, locked_until = NULL, password_hash = coalesce(@rehashedPassword, password_hash)
            WHERE id = @userId
            """;
        db.Connection.Execute(sql, new { userId, rehashedPassword }, db.Transaction);
    }

    public void SetPasswordHash(DbSession db, long userId, string passwordHash)
    {
        const string sql = "UPDATE users SET password_hash = @passwordHash WHERE id = @userId";
        db.Connection.Execute(sql, new { userId, passwordHash }, db.Transaction);
    }

    public IReadOnlyList<UserOrganization> OrganizationsOf(DbSession db, long userId)
    {
        const string sql = """
            SELECT o.id AS organization_id, o.name AS organization_name, ou.role
            FROM organization_users ou JOIN organizations o ON o.id = ou.organization_id
            WHERE ou.user_id = @userId
            ORDER BY o.name, o.id
            """;
        return db.Connection.Query<UserOrganization>(sql, new { userId }, db.Transaction).AsList();
    }

    public Role? RoleIn(DbSession db, long userId, long organizationId)
    {
        const string sql = "SELECT role FROM organization_users WHERE user_id = @userId AND organization_id = @organizationId";
        return db.Connection.QuerySingleOrDefault<Role?>(sql, new { userId, organizationId }, db.Transaction);
    }

    public IReadOnlyList<OrganizationUser> UsersOf(DbSession db, long organizationId)
    {
        const string sql = """
            SELECT u.id AS user_id, u.email, u.display_name, ou.role, ou.added_at, u.locked_until
            FROM organization_users ou JOIN users u ON u.id = ou.user_id
            WHERE ou.organization_id = @organizationId
            ORDER BY u.display_name, u.id
            """;
        return db.Connection.Query<OrganizationUser>(sql, new { organizationId }, db.Transaction).AsList();
    }

    public void SetRole(DbSession db, long organizationId, long userId, Role role, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO organization_users (organization_id, user_id, role, added_at)
            VALUES (@organizationId, @userId, @role, @now)
            ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role
            """;
        db.Connection.Execute(sql, new { organizationId, userId, role, now }, db.Transaction);
    }

    public void RemoveFromOrganization(DbSession db, long organizationId, long userId)
    {
        const string sql = "DELETE FROM organization_users WHERE organization_id = @organizationId AND user_id = @userId";
        db.Connection.Execute(sql, new { organizationId, userId }, db.Transaction);
    }

    public long CountAdmins(DbSession db, long organizationId)
    {
        const string sql = "SELECT count(*) FROM organization_users WHERE organization_id = @organizationId AND role = 'admin'";
        return db.Connection.ExecuteScalar<long>(sql, new { organizationId }, db.Transaction);
    }

    /// <summary>The user's organizations with the one they used last first (sign-in lands there), the rest in name order.</summary>
    public IReadOnlyList<UserOrganization> OrganizationsLastUsedFirst(DbSession db, long userId)
    {
        const string sql = """
            SELECT o.id AS organization_id, o.name AS organization_name, ou.role
            FROM organization_users ou JOIN organizations o ON o.id = ou.organization_id JOIN users u ON u.id = ou.user_id
            WHERE ou.user_id = @userId
            ORDER BY o.id IS NOT u.last_organization_id, o.name, o.id
            """;
        return db.Connection.Query<UserOrganization>(sql, new { userId }, db.Transaction).AsList();
    }

    public void SetLastOrganization(DbSession db, long userId, long organizationId)
    {
        const string sql = "UPDATE users SET last_organization_id = @organizationId WHERE id = @userId";
        db.Connection.Execute(sql, new { userId, organizationId }, db.Transaction);
    }

    public void InsertSession(DbSession db, string sessionId, long userId, DateTimeOffset now)
    {
        const string sql = "INSERT INTO user_sessions (id, user_id, created_at) VALUES (@sessionId, @userId, @now)";
        db.Connection.Execute(sql, new { sessionId, userId, now }, db.Transaction);
    }

    /// <summary>The user's role in the organization when the session is still open; null when revoked, unknown, or not a member.</summary>
    public Role? RoleInSession(DbSession db, long userId, string sessionId, long organizationId)
    {
        const string sql = """
            SELECT ou.role FROM user_sessions s JOIN organization_users ou ON ou.user_id = s.user_id
            WHERE s.id = @sessionId AND s.user_id = @userId AND s.revoked_at IS NULL AND ou.organization_id = @organizationId
            """;
        return db.Connection.QuerySingleOrDefault<Role?>(sql, new { userId, sessionId, organizationId }, db.Transaction);
    }

    public void RevokeSession(DbSession db, string sessionId, DateTimeOffset now)
    {
        const string sql = "UPDATE user_sessions SET revoked_at = @now WHERE id = @sessionId AND revoked_at IS NULL";
        db.Connection.Execute(sql, new { sessionId, now }, db.Transaction);
    }

    /// <summary>Revokes every open session of the user except <paramref name="keptSessionId"/> (null revokes them all).</summary>
    public void RevokeOtherSessions(DbSession db, long userId, string? keptSessionId, DateTimeOffset now)
    {
        const string sql = """
            UPDATE user_sessions SET revoked_at = @now
            WHERE user_id = @userId AND revoked_at IS NULL AND (@keptSessionId IS NULL OR id <> @keptSessionId)
            """;
        db.Connection.Execute(sql, new { userId, keptSessionId, now }, db.Transaction);
    }

    public (long FailedSignIns, DateTimeOffset? LockedUntil) UnknownEmailFailures(DbSession db, string email)
    {
        const string sql = "SELECT failed_sign_ins, locked_until FROM unknown_sign_in_failures WHERE email = @email";
        return db.Connection.QuerySingleOrDefault<(long, DateTimeOffset?)>(sql, new { email = email.Trim() }, db.Transaction);
    }

    public void RecordUnknownEmailFailure(DbSession db, string email, long failedSignIns, DateTimeOffset? lockedUntil)
    {
        const string sql = """
            INSERT INTO unknown_sign_in_failures (email, failed_sign_ins, locked_until) VALUES (@email, @failedSignIns, @lockedUntil)
            ON CONFLICT (email) DO UPDATE SET failed_sign_ins = excluded.failed_sign_ins, locked_until = excluded.locked_until
            """;
        db.Connection.Execute(sql, new { email = email.Trim(), failedSignIns, lockedUntil }, db.Transaction);
    }

    public long InsertInvitation(DbSession db, long organizationId, string email, string displayName, Role role, string codeSha256, string invitedBy,
        DateTimeOffset now, DateTimeOffset expiresAt)
    {
        const string sql = """
            INSERT INTO user_invitations (organization_id, email, display_name, role, code_sha256, invited_by, created_at, expires_at)
            VALUES (@organizationId, @email, @displayName, @role, @codeSha256, @invitedBy, @now, @expiresAt)
            RETURNING id
            """;
        return db.Connection.ExecuteScalar<long>(sql, new { organizationId, email = email.Trim(), displayName, role, codeSha256, invitedBy, now, expiresAt }, db.Transaction);
    }

    private const string InvitationSelect = """
        SELECT i.id, i.organization_id, o.name AS organization_name, i.email, i.display_name, i.role, i.invited_by, i.created_at, i.expires_at
        FROM user_invitations i JOIN organizations o ON o.id = i.organization_id
        """;

    public UserInvitation? FindOpenInvitation(DbSession db, string codeSha256, DateTimeOffset now)
    {
        const string sql = $"""
            {InvitationSelect}
            WHERE i.code_sha256 = @codeSha256 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > @now
            """;
        return db.Connection.QuerySingleOrDefault<UserInvitation>(sql, new { codeSha256, now }, db.Transaction);
    }

    public IReadOnlyList<UserInvitation> OpenInvitations(DbSession db, long organizationId, DateTimeOffset now)
    {
        const string sql = $"""
            {InvitationSelect}
            WHERE i.organization_id = @organizationId AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > @now
            ORDER BY i.id DESC
            """;
        return db.Connection.Query<UserInvitation>(sql, new { organizationId, now }, db.Transaction).AsList();
    }

    public bool MarkInvitationAccepted(DbSession db, long invitationId, long userId, DateTimeOffset now)
    {
        const string sql = """
            UPDATE user_invitations SET accepted_at = @now, accepted_by = @userId
            WHERE id = @invitationId AND accepted_at IS NULL AND revoked_at IS NULL
            """;
        return db.Connection.Execute(sql, new { invitationId, userId, now }, db.Transaction) == 1;
    }

    public bool RevokeInvitation(DbSession db, long organizationId, long invitationId, DateTimeOffset now)
    {
        const string sql = """
            UPDATE user_invitations SET revoked_at = @now
            WHERE id = @invitationId AND organization_id = @organizationId AND accepted_at IS NULL AND revoked_at IS NULL
            """;
        return db.Connection.Execute(sql, new { organizationId, invitationId, now }, db.Transaction) == 1;
    }
}
