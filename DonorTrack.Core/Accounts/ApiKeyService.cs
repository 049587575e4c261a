using System.Security.Cryptography;
using System.Text;
using Dapper;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;
using Microsoft.Extensions.Logging;

namespace DonorTrack.Core.Accounts;

/// <summary>An API key as listed to admins; the secret itself is shown once and only its hash is stored.</summary>
public sealed record ApiKey(long Id, string Name, string KeyPrefix, Role Role, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>Creates, lists, revokes and resolves per-organization API keys.</summary>
/// <remarks>Keys carry 256 random bits, so a single SHA-256 is enough at rest: there is no password to brute-force.</remarks>
public sealed class ApiKeyService(IDbConnectionFactory connections, AuditLog audit, TimeProvider clock, ILogger<ApiKeyService> logger)
{
    /// <summary>How often a key's "last used" time is written at most: a busy integration would otherwise write on every call.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const string KeyMarker = "dtk_";

    /// <summary>Creates a key and returns its secret, which is never retrievable again.</summary>
    public string Create(Actor actor, long organizationId, string? name, Role role)
    {
        actor.Require(Role.Admin);
        if (!Enum.IsDefined(role))
            throw InputValidation.FieldError("Role", $"Choose one of: {DomainWords.List<Role>()}.");
        if (name is { Length: > 100 })
            throw InputValidation.FieldError("Name", "Use at most 100 characters.");
        var secret = KeyMarker + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        using var db = connections.BeginTransaction();
        const string sql = """
            INSERT INTO api_keys (organization_id, name, key_prefix, key_hash, role, created_at, created_by)
            VALUES (@organizationId, @name, @prefix, @hash, @role, @now, @createdBy)
            RETURNING id
            """;
        var id = db.Connection.ExecuteScalar<long>(sql, new
        {
            organizationId,
            name = string.IsNullOrWhiteSpace(name) ? "API key" : name.Trim(),
            prefix = secret[..12],
            hash = HashOf(secret),
            role,
            now = clock.GetUtcNow(),
            createdBy = actor.Name,
        }, db.Transaction);
        audit.Record(db, actor with { OrganizationId = organizationId }, "api_key", id, "create", null, new { name, role });
        db.Commit();
        return secret;
    }

    public IReadOnlyList<ApiKey> List(Actor actor)
    {
        actor.Require(Role.Admin);
        using var db = connections.Read();
        const string sql = """
            SELECT id, name, key_prefix, role, created_at, created_by, last_used_at, revoked_at
            FROM api_keys WHERE organization_id = @organizationId ORDER BY id DESC
            """;
        return db.Connection.Query<ApiKey>(sql, new { organizationId = actor.OrganizationId }).AsList();
    }

    public void Revoke(Actor actor, long keyId)
    {
        actor.Require(Role.Admin);
        using var db = connections.BeginTransaction();
        const string sql = "UPDATE api_keys SET revoked_at = @now WHERE id = @keyId AND organization_id = @organizationId AND revoked_at IS NULL";
        if (db.Connection.Execute(sql, new { keyId, organizationId = actor.OrganizationId, now = clock.GetUtcNow() }, db.Transaction) == 1)
            audit.Record(db, actor, "api_key", keyId, "revoke", null, null);
        db.Commit();
    }

    /// <summary>The actor a presented key stands for, or null when it is unknown or revoked.</summary>
    /// <remarks>
    /// Resolving is a read: the "last used" time is written at most once a minute per key and only as a courtesy, so a full
    /// disk or a busy database never turns every API call into an error.
    /// </remarks>
    public Actor? Resolve(string presentedKey)
    {
        if (!presentedKey.StartsWith(KeyMarker, StringComparison.Ordinal) || presentedKey.Length > 200)
            return null;
        using var db = connections.Read();
        const string sql = """
            SELECT id, organization_id, name, role, last_used_at
            FROM api_keys
            WHERE key_hash = @hash AND revoked_at IS NULL
            """;
        var row = db.Connection.QuerySingleOrDefault<(long Id, long OrganizationId, string Name, Role Role, DateTimeOffset? LastUsedAt)?>(
            sql, new { hash = HashOf(presentedKey) });
        if (row is not { } key)
            return null;
        var now = clock.GetUtcNow();
        if (key.LastUsedAt is null || key.LastUsedAt <= now - LastUsedResolution)
            NoteUse(db, key.Id, now);
        return new Actor(key.OrganizationId, null, $"api key {key.Name} (#{key.Id})", key.Role);
    }

    private void NoteUse(DbSession db, long keyId, DateTimeOffset now)
    {
        // The condition repeats the minute rule so that concurrent calls with the same key write once.
        const string sql = """
            UPDATE api_keys SET last_used_at = @now
            WHERE id = @keyId AND (last_used_at IS NULL OR last_used_at <= @cutoff)
            """;
        // A courtesy write must not queue behind a long import for the full write wait. The pooled connection keeps its
        // settings for the next use, so the usual wait is put back afterwards.
        var usualWait = db.Connection.ExecuteScalar<long>("PRAGMA busy_timeout");
        try
        {
            db.Connection.Execute("PRAGMA busy_timeout = 250");
            db.Connection.Execute(sql, new { keyId, now, cutoff = now - LastUsedResolution }, commandTimeout: 1);
        }
        catch (System.Data.Common.DbException error)
        {
            logger.LogWarning(error, "Could not note the use of API key #{KeyId}; the request goes on", keyId);
        }
        finally
        {
            db.Connection.Execute($"PRAGMA busy_timeout = {usualWait}");
        }
    }

    private static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
