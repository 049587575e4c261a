using DonorTrack.Core.Data;

namespace DonorTrack.Core.Security;

/// <summary>Who is acting, in which organization, with which role: a signed-in user or an API key. Every service call takes one.</summary>
public sealed record Actor(long OrganizationId, long? UserId, string Name, Role Role)
{
    public bool Can(Role minimumRole) => Role.Includes(minimumRole);

    /// <summary>Throws when the role is too low; pages and endpoints check first, this is the last line of defence.</summary>
    public void Require(Role minimumRole)
    {
        if (!Can(minimumRole))
            throw new ForbiddenException($"This needs the {minimumRole.Word()} role or higher.");
    }

    /// <summary>The actor used by command-line maintenance and the payment webhook, acting for one organization.</summary>
    public static Actor System(long organizationId, string name = "system") => new(organizationId, null, name, Role.Admin);
}

/// <summary>The actor's role does not allow the action.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
