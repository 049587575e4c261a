namespace DonorTrack.Core.Security;

/// <summary>A person who signs in; roles are per organization.</summary>
public sealed record User(long Id, string Email, string DisplayName, string PasswordHash, long FailedSignIns, DateTimeOffset? LockedUntil, bool Disabled);

/// <summary>One organization a user belongs to, with the user's role there.</summary>
public sealed record UserOrganization(long OrganizationId, string OrganizationName, Role Role);

/// <summary>One user of an organization, as the admin's user list shows it.</summary>
public sealed record OrganizationUser(long UserId, string Email, string DisplayName, Role Role, DateTimeOffset AddedAt, DateTimeOffset? LockedUntil)
{
    public bool IsLockedOutAt(DateTimeOffset now) => LockedUntil > now;
}

/// <summary>An admin's request to add someone to the organization (a new account, or an existing one by email).</summary>
public sealed record AddUserInput(string? Email, string? DisplayName, string? Password, Role? Role);

/// <summary>An open invitation to join an organization, as its admins and the invited person see it (never its code).</summary>
public sealed record UserInvitation(
    long Id, long OrganizationId, string OrganizationName, string Email, string DisplayName, Role Role, string InvitedBy,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>What an admin gets back from inviting a person: the one-time code for the link they pass on (shown once).</summary>
public sealed record UserInvitationIssued(long InvitationId, string Code);

/// <summary>What a new person types on an invitation to create their account.</summary>
public sealed record NewAccountInput(string? DisplayName, string? Password);

/// <summary>The outcome of a sign-in attempt.</summary>
public abstract record SignInOutcome
{
    public sealed record Succeeded(User User, IReadOnlyList<UserOrganization> Organizations) : SignInOutcome;

    public sealed record LockedOut(DateTimeOffset Until) : SignInOutcome;

    public sealed record Failed : SignInOutcome;
}
