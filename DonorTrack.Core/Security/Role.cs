using DonorTrack.Core.Data;

namespace DonorTrack.Core.Security;

/// <summary>The per-organization roles, from least to most trusted; each carries the rights of those below it.</summary>
[DomainWords]
public enum Role
{
    Viewer = 1,
    Entry = 2,
    Treasurer = 3,
    Admin = 4,
}

public static class RoleRules
{
    public static IReadOnlyList<Role> All { get; } = Enum.GetValues<Role>();

    /// <summary>True when <paramref name="role"/> carries at least the rights of <paramref name="minimum"/>.</summary>
    public static bool Includes(this Role role, Role minimum) => Enum.IsDefined(role) && role >= minimum;
}
