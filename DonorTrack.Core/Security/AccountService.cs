using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Identity;

namespace DonorTrack.Core.Security;

/// <summary>What the first-run setup asks for: the first organization and its first admin.</summary>
public sealed record SetupInput(string? OrganizationName, string? AdminEmail, string? AdminName, string? AdminPassword, string? Timezone = "America/Chicago");

/// <summary>Rules for first-run setup.</summary>
public sealed class SetupInputValidator : AbstractValidator<SetupInput>
{
    public SetupInputValidator()
    {
        RuleFor(x => x.OrganizationName).NotEmpty().WithMessage("Enter your organization's name.").MaximumLength(200);
        RuleFor(x => x.AdminEmail).NotEmpty().WithMessage("Enter your email address.").EmailAddress().WithMessage("Enter a valid email address.").MaximumLength(254);
        RuleFor(x => x.AdminName).OptionalText(100);
        RuleFor(x => x.AdminPassword).NotEmpty().WithMessage(PasswordRules.Message).MinimumLength(PasswordRules.MinimumLength).WithMessage(PasswordRules.Message).MaximumLength(200);
    }
}

/// <summary>First-run setup, sign-in with lockout, and the admin's management of who may use an organization.</summary>
public sealed class AccountService(
    IDbConnectionFactory connections, UserRepository users, OrganizationService organizationService,
    OrganizationRepository organizations, AuditLog audit, TimeProvider clock)
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private readonly PasswordHasher<User> _hasher = new();
    private readonly SetupInputValidator _setupValidator = new();
    private readonly AddUserInputValidator _addUserValidator = new();

    public bool NeedsSetup()
    {
        using var db = connections.Read();
        return !organizations.Any(db);
    }

    /// <summary>Creates the first organization (id 1) and its admin; refused once any organization exists.</summary>
    public (long OrganizationId, long UserId) SetUp(SetupInput input)
    {
        _setupValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        if (organizations.Any(db))
            throw InputValidation.FieldError(nameof(input.OrganizationName), "DonorTrack is already set up; sign in instead.");
        var organizationId = organizationService.Create(db, new OrganizationInput { Name = input.OrganizationName, Timezone = input.Timezone });
        var now = clock.GetUtcNow();
        var displayName = string.IsNullOrWhiteSpace(input.AdminName) ? input.AdminEmail!.Trim() : input.AdminName.Trim();
        var userId = users.Insert(db, input.AdminEmail!, displayName, Hash(input.AdminPassword!), now);
        users.SetRole(db, organizationId, userId, Roles.Admin, now);
        db.Commit();
        return (organizationId, userId);
    }

    /// <summary>Checks a password; five failures in a row lock the account for 15 minutes, even against the right password.</summary>
    public SignInOutcome SignIn(string? email, string? password)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return new SignInOutcome.Failed();
        using var db = connections.BeginTransaction();
        var user = users.FindByEmail(db, email);
        var now = clock.GetUtcNow();
        if (user is null || user.Disabled)
        {
            // Hash anyway so an unknown email takes as long as a wrong password.
            _hasher.HashPassword(new User(0, "", "", "", 0, null, false), password);
            return new SignInOutcome.Failed();
        }
        if (user.LockedUntil is { } until && until > now)
            return new SignInOutcome.LockedOut(until);

        var verdict = _hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var failures = user.FailedSignIns + 1;
            DateTimeOffset? lockedUntil = failures >= MaxFailedSignIns ? now + LockoutDuration : null;
            users.RecordFailedSignIn(db, user.Id, lockedUntil is null ? failures : 0, lockedUntil);
            db.Commit();
            return lockedUntil is { } locked ? new SignInOutcome.LockedOut(locked) : new SignInOutcome.Failed();
        }
        users.RecordSuccessfulSignIn(db, user.Id, verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hash(password) : null);
        var memberships = users.OrganizationsOf(db, user.Id);
        db.Commit();
        return new SignInOutcome.Succeeded(user, memberships);
    }

    public IReadOnlyList<UserOrganization> OrganizationsOf(long userId)
    {
        using var db = connections.Read();
        return users.OrganizationsOf(db, userId);
    }

    /// <summary>The user's role in an organization, or null when they do not belong to it.</summary>
    public string? RoleIn(long userId, long organizationId)
    {
        using var db = connections.Read();
        return users.RoleIn(db, userId, organizationId);
    }

    public User? FindUser(long userId)
    {
        using var db = connections.Read();
        return users.Find(db, userId);
    }

    public IReadOnlyList<OrganizationUser> UsersOf(Actor actor)
    {
        actor.Require(Roles.Admin);
        using var db = connections.Read();
        return users.UsersOf(db, actor.OrganizationId);
    }

    /// <summary>Adds a person to the actor's organization: a new account with the given password, or an existing account by email.</summary>
    public long AddUser(Actor actor, AddUserInput input)
    {
        actor.Require(Roles.Admin);
        _addUserValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var now = clock.GetUtcNow();
        var existing = users.FindByEmail(db, input.Email!);
        long userId;
        if (existing is not null)
        {
            if (users.RoleIn(db, existing.Id, actor.OrganizationId) is not null)
                throw InputValidation.FieldError(nameof(input.Email), "That person already belongs to this organization.");
            userId = existing.Id;
        }
        else
        {
            if (string.IsNullOrEmpty(input.Password))
                throw InputValidation.FieldError(nameof(input.Password), "A new account needs a first password. " + PasswordRules.Message);
            var name = string.IsNullOrWhiteSpace(input.DisplayName) ? input.Email!.Trim() : input.DisplayName.Trim();
            userId = users.Insert(db, input.Email!, name, Hash(input.Password), now);
        }
        users.SetRole(db, actor.OrganizationId, userId, input.Role!, now);
        audit.Record(db, actor, "user", userId, "add", null, new { email = input.Email, role = input.Role });
        db.Commit();
        return userId;
    }

    public void SetRole(Actor actor, long userId, string role)
    {
        actor.Require(Roles.Admin);
        if (!Roles.All.Contains(role))
            throw InputValidation.FieldError("Role", $"Choose one of: {string.Join(", ", Roles.All)}.");
        using var db = connections.BeginTransaction();
        var before = users.RoleIn(db, userId, actor.OrganizationId)
            ?? throw InputValidation.FieldError("UserId", "That person does not belong to this organization.");
        if (before == Roles.Admin && role != Roles.Admin && users.CountAdmins(db, actor.OrganizationId) == 1)
            throw InputValidation.FieldError("Role", "Keep at least one admin: make someone else admin first.");
        users.SetRole(db, actor.OrganizationId, userId, role, clock.GetUtcNow());
        audit.Record(db, actor, "user", userId, "role", new { role = before }, new { role });
        db.Commit();
    }

    public void RemoveUser(Actor actor, long userId)
    {
        actor.Require(Roles.Admin);
        using var db = connections.BeginTransaction();
        var before = users.RoleIn(db, userId, actor.OrganizationId)
            ?? throw InputValidation.FieldError("UserId", "That person does not belong to this organization.");
        if (before == Roles.Admin && users.CountAdmins(db, actor.OrganizationId) == 1)
            throw InputValidation.FieldError("UserId", "Keep at least one admin: make someone else admin first.");
        users.RemoveFromOrganization(db, actor.OrganizationId, userId);
        audit.Record(db, actor, "user", userId, "remove", new { role = before }, null);
        db.Commit();
    }

    public void ChangePassword(long userId, string? currentPassword, string? newPassword)
    {
        if (newPassword is null || newPassword.Length < PasswordRules.MinimumLength)
            throw InputValidation.FieldError("NewPassword", PasswordRules.Message);
        using var db = connections.BeginTransaction();
        var user = users.Find(db, userId) ?? throw InputValidation.FieldError("CurrentPassword", "Sign in again.");
        if (_hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword ?? "") == PasswordVerificationResult.Failed)
            throw InputValidation.FieldError("CurrentPassword", "That is not your current password.");
        users.SetPasswordHash(db, userId, Hash(newPassword));
        db.Commit();
    }

    /// <summary>Grants an existing user a role in another organization (the CLI's way to give an alliance admin access to a new member).</summary>
    public void Grant(long organizationId, long userId, string role)
    {
        using var db = connections.BeginTransaction();
        users.SetRole(db, organizationId, userId, role, clock.GetUtcNow());
        db.Commit();
    }

    private string Hash(string password) => _hasher.HashPassword(new User(0, "", "", "", 0, null, false), password);
}
