namespace DonorTrack.Web.Security;

/// <summary>The pages' authorization policy names, one per minimum role (attributes need constants, so they are spelled out).</summary>
public static class RolePolicies
{
    public const string Viewer = "viewer";
    public const string Entry = "entry";
    public const string Treasurer = "treasurer";
    public const string Admin = "admin";

    public static string For(Role role) => role.Word();
}
