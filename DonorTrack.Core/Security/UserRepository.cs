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

    public string? RoleIn(DbSession db, long userId, long organizationId)
    {
        const string sql = "SELECT role FROM organization_users WHERE user_id = @userId AND organization_id = @organizationId";
        return db.Connection.QuerySingleOrDefault<string>(sql, new { userId, organizationId }, db.Transaction);
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

    public void SetRole(DbSession db, long organizationId, long userId, string role, DateTimeOffset now)
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
}
