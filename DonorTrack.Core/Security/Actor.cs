namespace DonorTrack.Core.Security;

/// <summary>Who is acting, in which organization, with which role: a signed-in user or an API key. Every service call takes one.</summary>
public sealed record Actor(long OrganizationId, long? UserId, string Name, string Role)
{
    public bool Can(string minimumRole) => Roles.Includes(Role, minimumRole);

    /// <summary>Throws when the role is too low; pages and endpoints check first, this is the last line of defence.</summary>
    public void Require(string minimumRole)
    {
        if (!Can(minimumRole))
            throw new ForbiddenException($"This needs the {minimumRole} role or higher.");
    }

    /// <summary>The actor used by command-line maintenance and the payment webhook, acting for one organization.</summary>
    public static Actor System(long organizationId, string name = "system") => new(organizationId, null, name, Roles.Admin);
}

/// <summary>The actor's role does not allow the action.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
