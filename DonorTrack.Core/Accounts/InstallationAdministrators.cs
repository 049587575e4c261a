using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Security;

namespace DonorTrack.Core.Accounts;

/// <summary>
/// Who administers the installation as a whole (its backups hold every organization): the admins of the first organization,
/// the one created at set-up. An admin of any other organization is an admin of that organization only.
/// </summary>
public sealed class InstallationAdministrators(IDbConnectionFactory connections)
{
    public bool Includes(long? userId)
    {
        if (userId is null)
            return false;
        using var db = connections.Read();
        // Installation-wide on purpose: the question is about the installation, not about one organization's data.
        const string sql = """
            SELECT count(*)
            FROM organization_users ou
            JOIN users u ON u.id = ou.user_id
            WHERE ou.user_id = @userId AND ou.role = @admin AND u.disabled = 0
              AND ou.organization_id = (SELECT min(id) FROM organizations)
            """;
        return db.Connection.ExecuteScalar<long>(sql, new { userId, admin = Role.Admin }) > 0;
    }
}
