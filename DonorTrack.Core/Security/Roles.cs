namespace DonorTrack.Core.Security;

/// <summary>The per-organization roles, from least to most trusted.</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Entry = "entry";
    public const string Treasurer = "treasurer";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Entry, Treasurer, Admin];

    /// <summary>True when <paramref name="role"/> carries at least the rights of <paramref name="minimum"/>.</summary>
    public static bool Includes(string? role, string minimum) => Rank(role) >= Rank(minimum);

    private static int Rank(string? role) => role switch
    {
        Viewer => 1,
        Entry => 2,
        Treasurer => 3,
        Admin => 4,
        _ => 0,
    };
}
