using System.Security.Cryptography;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Identity;

namespace DonorTrack.Core.Accounts;

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
        RuleFor(x => x.AdminPassword)
            .Must((x, p) => PasswordRules.Weakness(p, x.AdminEmail, x.AdminName, [x.OrganizationName]) is null)
            .WithMessage((x, p) => PasswordRules.Weakness(p, x.AdminEmail, x.AdminName, [x.OrganizationName]));
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
        users.SetRole(db, organizationId, userId, Role.Admin, now);
        db.Commit();
        return (organizationId, userId);
    }

    /// <summary>
    /// Checks a password; five failures in a row lock the account for 15 minutes, even against the right password. An email with
    /// no account gets the same answers and the same lockout, so sign-in never tells whether an account exists.
    /// </summary>
    /// <remarks>
    /// Hashing is deliberately slow, so it runs before any write transaction: a flood of sign-ins must not hold the database's
    /// single write lock while it computes. The outcome is then recorded in a short transaction of its own.
    /// </remarks>
    public SignInOutcome SignIn(string? email, string? password)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return new SignInOutcome.Failed();
        User? user;
        (long FailedSignIns, DateTimeOffset? LockedUntil) unknown = default;
        using (var read = connections.Read())
        {
            user = users.FindByEmail(read, email);
            if (user is null || user.Disabled)
                unknown = users.UnknownEmailFailures(read, email);
        }
        var now = clock.GetUtcNow();
        var known = user is { Disabled: false };
        var lockedUntil = known ? user!.LockedUntil : unknown.LockedUntil;
        if (lockedUntil is { } until && until > now)
            return new SignInOutcome.LockedOut(until);

        // An unknown email is verified against a dummy hash so it takes as long as a wrong password.
        var verdict = PasswordVerificationResult.Failed;
        if (known)
            verdict = _hasher.VerifyHashedPassword(user!, user!.PasswordHash, password);
        else
            _hasher.VerifyHashedPassword(DummyUser, _dummyHash.Value, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            using var db = connections.BeginTransaction();
            // Re-read the count inside the transaction: concurrent failures each add one.
            var failures = (known ? users.Find(db, user!.Id)!.FailedSignIns : users.UnknownEmailFailures(db, email).FailedSignIns) + 1;
            DateTimeOffset? lockUntil = failures >= MaxFailedSignIns ? now + LockoutDuration : null;
            if (known)
                users.RecordFailedSignIn(db, user!.Id, lockUntil is null ? failures : 0, lockUntil);
            else
                users.RecordUnknownEmailFailure(db, email, lockUntil is null ? failures : 0, lockUntil);
            db.Commit();
            return lockUntil is { } locked ? new SignInOutcome.LockedOut(locked) : new SignInOutcome.Failed();
        }
        var rehashed = verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hash(password) : null;
        if (user!.FailedSignIns == 0 && user.LockedUntil is null && rehashed is null)
        {
            // Nothing to reset: a routine sign-in needs no write at all.
            using var read = connections.Read();
            return new SignInOutcome.Succeeded(user, users.OrganizationsLastUsedFirst(read, user.Id));
        }
        using (var db = connections.BeginTransaction())
        {
            users.RecordSuccessfulSignIn(db, user.Id, rehashed);
            var memberships = users.OrganizationsLastUsedFirst(db, user.Id);
            db.Commit();
            return new SignInOutcome.Succeeded(user, memberships);
        }
    }

    /// <summary>Opens a server-side session for a signed-in browser and remembers the organization; returns the session id the cookie carries.</summary>
    public string OpenSession(long userId, long organizationId)
    {
        var sessionId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        using var db = connections.BeginTransaction();
        users.InsertSession(db, sessionId, userId, clock.GetUtcNow());
        users.SetLastOrganization(db, userId, organizationId);
        db.Commit();
        return sessionId;
    }

    /// <summary>Remembers the organization the user switched to, so the next sign-in lands there.</summary>
    public void RememberOrganization(long userId, long organizationId)
    {
        using var db = connections.BeginTransaction();
        users.SetLastOrganization(db, userId, organizationId);
        db.Commit();
    }

    /// <summary>The user's role in the organization while the session is open; null once it is revoked (sign-out, password change) or the role is gone.</summary>
    public Role? RoleInSession(long userId, string sessionId, long organizationId)
    {
        using var db = connections.Read();
        return users.RoleInSession(db, userId, sessionId, organizationId);
    }

    /// <summary>Sign-out: the session's cookie stops working, even if someone kept a copy.</summary>
    public void EndSession(string sessionId)
    {
        using var db = connections.BeginTransaction();
        users.RevokeSession(db, sessionId, clock.GetUtcNow());
        db.Commit();
    }

    public IReadOnlyList<UserOrganization> OrganizationsOf(long userId)
    {
        using var db = connections.Read();
        return users.OrganizationsOf(db, userId);
    }

    /// <summary>The user's role in an organization, or null when they do not belong to it.</summary>
    public Role? RoleIn(long userId, long organizationId)
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
        actor.Require(Role.Admin);
        using var db = connections.Read();
        return users.UsersOf(db, actor.OrganizationId);
    }

    /// <summary>How long an invitation link to join an organization works.</summary>
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// Invites a person to the actor's organization. Every invitation is the same, whether or not the email already has an account
    /// (so nothing tells the admin which): a one-time link the admin passes on. The person accepts after signing in, or sets up a
    /// new account with their own password through it.
    /// </summary>
    public UserInvitationIssued Invite(Actor actor, AddUserInput input)
    {
        actor.Require(Role.Admin);
        _addUserValidator.EnsureValid(input with { Password = null });
        using var db = connections.BeginTransaction();
        var now = clock.GetUtcNow();
        var email = input.Email!.Trim();
        if (users.UsersOf(db, actor.OrganizationId).Any(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)))
            throw InputValidation.FieldError(nameof(input.Email), "That person already belongs to this organization.");
        var code = InvitationCodes.NewCode();
        var name = string.IsNullOrWhiteSpace(input.DisplayName) ? email : input.DisplayName.Trim();
        var id = users.InsertInvitation(db, actor.OrganizationId, email, name, input.Role!.Value, InvitationCodes.Sha256(code), actor.Name, now, now + InvitationLifetime);
        audit.Record(db, actor, "user_invitation", id, "create", null, new { email, role = input.Role });
        db.Commit();
        return new UserInvitationIssued(id, code);
    }

    public IReadOnlyList<UserInvitation> OpenInvitations(Actor actor)
    {
        actor.Require(Role.Admin);
        using var db = connections.Read();
        return users.OpenInvitations(db, actor.OrganizationId, clock.GetUtcNow());
    }

    public void RevokeInvitation(Actor actor, long invitationId)
    {
        actor.Require(Role.Admin);
        using var db = connections.BeginTransaction();
        if (!users.RevokeInvitation(db, actor.OrganizationId, invitationId, clock.GetUtcNow()))
            throw InputValidation.FieldError("InvitationId", "That invitation is no longer open.");
        audit.Record(db, actor, "user_invitation", invitationId, "revoke", null, null);
        db.Commit();
    }

    /// <summary>The open invitation a link's code stands for; null when it is unknown, used, revoked or expired.</summary>
    public UserInvitation? FindInvitation(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
            return null;
        using var db = connections.Read();
        return users.FindOpenInvitation(db, InvitationCodes.Sha256(code), clock.GetUtcNow());
    }

    /// <summary>A signed-in person accepts an invitation made out to their email; returns the organization they joined.</summary>
    public UserOrganization AcceptInvitation(long userId, string? code)
    {
        using var db = connections.BeginTransaction();
        var now = clock.GetUtcNow();
        var invitation = string.IsNullOrWhiteSpace(code) ? null : users.FindOpenInvitation(db, InvitationCodes.Sha256(code), now);
        if (invitation is null)
            throw InputValidation.FieldError("Code", "This invitation link is not valid any more: it may be used, withdrawn or expired.");
        var user = users.Find(db, userId) ?? throw InputValidation.FieldError("Code", "Sign in again.");
        if (!string.Equals(user.Email, invitation.Email, StringComparison.OrdinalIgnoreCase))
            throw InputValidation.FieldError("Code", $"This invitation is for {invitation.Email}; sign in with that account to accept it.");
        var joined = Join(db, invitation, userId, now);
        db.Commit();
        return joined;
    }

    /// <summary>A new person sets up their account through an invitation link, choosing their own password.</summary>
    public (User User, UserOrganization Organization) AcceptInvitationWithNewAccount(string? code, NewAccountInput input)
    {
        UserInvitation? invitation = FindInvitation(code)
            ?? throw InputValidation.FieldError("Code", "This invitation link is not valid any more: it may be used, withdrawn or expired.");
        var displayName = string.IsNullOrWhiteSpace(input.DisplayName) ? invitation.DisplayName : input.DisplayName.Trim();
        if (displayName.Length > 100)
            throw InputValidation.FieldError(nameof(input.DisplayName), "Use at most 100 characters.");
        string?[] organizationNames = [invitation.OrganizationName];
        new NewPasswordValidator().EnsureValid(new NewPasswordInput(input.Password, invitation.Email, displayName, organizationNames), nameof(input.Password));
        var hash = Hash(input.Password!);
        using var db = connections.BeginTransaction();
        var now = clock.GetUtcNow();
        if (users.FindByEmail(db, invitation.Email) is not null)
            throw InputValidation.FieldError("Code", "You already have an account: sign in, then open this link again to accept.");
        var userId = users.Insert(db, invitation.Email, displayName, hash, now);
        var joined = Join(db, invitation, userId, now);
        var user = users.Find(db, userId)!;
        db.Commit();
        return (user, joined);
    }

    private UserOrganization Join(DbSession db, UserInvitation invitation, long userId, DateTimeOffset now)
    {
        if (!users.MarkInvitationAccepted(db, invitation.Id, userId, now))
            throw InputValidation.FieldError("Code", "This invitation was used already.");
        var existing = users.RoleIn(db, userId, invitation.OrganizationId);
        if (existing is null)
            users.SetRole(db, invitation.OrganizationId, userId, invitation.Role, now);
        var actor = new Actor(invitation.OrganizationId, userId, invitation.Email, existing ?? invitation.Role);
        audit.Record(db, actor, "user", userId, "invitation_accepted", null, new { invitationId = invitation.Id, role = existing ?? invitation.Role });
        return new UserOrganization(invitation.OrganizationId, invitation.OrganizationName, existing ?? invitation.Role);
    }

    /// <summary>
    /// Adds a person directly, without their acceptance: the instance operator's command-line <c>user add</c> and the demo loader.
    /// The web's admin pages invite instead (<see cref="Invite"/>).
    /// </summary>
    public long AddUser(Actor actor, AddUserInput input)
    {
        actor.Require(Role.Admin);
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
            var name = string.IsNullOrWhiteSpace(input.DisplayName) ? input.Email!.Trim() : input.DisplayName.Trim();
            string?[] organizationNames = [organizations.Find(db, actor.OrganizationId)?.Name];
            new NewPasswordValidator().EnsureValid(new NewPasswordInput(input.Password, input.Email, name, organizationNames), nameof(input.Password));
            userId = users.Insert(db, input.Email!, name, Hash(input.Password!), now);
        }
        users.SetRole(db, actor.OrganizationId, userId, input.Role!.Value, now);
        audit.Record(db, actor, "user", userId, "add", null, new { email = input.Email, role = input.Role });
        db.Commit();
        return userId;
    }

    public void SetRole(Actor actor, long userId, Role role)
    {
        actor.Require(Role.Admin);
        if (!Enum.IsDefined(role))
            throw InputValidation.FieldError("Role", $"Choose one of: {DomainWords.List<Role>()}.");
        using var db = connections.BeginTransaction();
        var before = users.RoleIn(db, userId, actor.OrganizationId)
            ?? throw InputValidation.FieldError("UserId", "That person does not belong to this organization.");
        if (before == Role.Admin && role != Role.Admin && users.CountAdmins(db, actor.OrganizationId) == 1)
            throw InputValidation.FieldError("Role", "Keep at least one admin: make someone else admin first.");
        users.SetRole(db, actor.OrganizationId, userId, role, clock.GetUtcNow());
        audit.Record(db, actor, "user", userId, "role", new { role = before }, new { role });
        db.Commit();
    }

    public void RemoveUser(Actor actor, long userId)
    {
        actor.Require(Role.Admin);
        using var db = connections.BeginTransaction();
        var before = users.RoleIn(db, userId, actor.OrganizationId)
            ?? throw InputValidation.FieldError("UserId", "That person does not belong to this organization.");
        if (before == Role.Admin && users.CountAdmins(db, actor.OrganizationId) == 1)
            throw InputValidation.FieldError("UserId", "Keep at least one admin: make someone else admin first.");
        users.RemoveFromOrganization(db, actor.OrganizationId, userId);
        audit.Record(db, actor, "user", userId, "remove", new { role = before }, null);
        db.Commit();
    }

    /// <summary>
    /// Changes the signed-in user's password after checking the current one, refuses weak ones and the current one again, and
    /// revokes every other session of the user (a stolen cookie stops working); <paramref name="currentSessionId"/> stays signed in.
    /// </summary>
    public void ChangePassword(long userId, string? currentSessionId, string? currentPassword, string? newPassword)
    {
        User user;
        IReadOnlyList<UserOrganization> memberships;
        using (var read = connections.Read())
        {
            user = users.Find(read, userId) ?? throw InputValidation.FieldError("CurrentPassword", "Sign in again.");
            memberships = users.OrganizationsOf(read, userId);
        }
        if (_hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword ?? "") == PasswordVerificationResult.Failed)
            throw InputValidation.FieldError("CurrentPassword", "That is not your current password.");
        new NewPasswordValidator().EnsureValid(
            new NewPasswordInput(newPassword, user.Email, user.DisplayName, memberships.Select(m => (string?)m.OrganizationName).ToList()), "NewPassword");
        if (_hasher.VerifyHashedPassword(user, user.PasswordHash, newPassword!) != PasswordVerificationResult.Failed)
            throw InputValidation.FieldError("NewPassword", PasswordRules.SameAsCurrentMessage);
        var hash = Hash(newPassword!);
        using var db = connections.BeginTransaction();
        users.SetPasswordHash(db, userId, hash);
        users.RevokeOtherSessions(db, userId, currentSessionId, clock.GetUtcNow());
        audit.Record(db, new Actor(memberships.FirstOrDefault()?.OrganizationId ?? 0, userId, user.DisplayName, Role.Viewer), "user", userId, "password_changed", null, null);
        db.Commit();
    }

    /// <summary>Grants an existing user a role in another organization (the CLI's way to give an alliance admin access to a new member).</summary>
    public void Grant(long organizationId, long userId, Role role)
    {
        using var db = connections.BeginTransaction();
        users.SetRole(db, organizationId, userId, role, clock.GetUtcNow());
        db.Commit();
    }

    private static readonly User DummyUser = new(0, "", "", "", 0, null, false);

    // A real hash of a random password, made once, that unknown emails are checked against (always failing, at the same cost).
    private readonly Lazy<string> _dummyHash = new(() => new PasswordHasher<User>().HashPassword(DummyUser, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))));

    private string Hash(string password) => _hasher.HashPassword(DummyUser, password);
}
