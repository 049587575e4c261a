using System.Globalization;
using System.Text;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Organizations;

/// <summary>Creating organizations, changing their settings, and alliance membership by invitation and acceptance.</summary>
public sealed class OrganizationService(
    IDbConnectionFactory connections, OrganizationRepository organizations, UserRepository users, IEnumerable<IAllianceMembershipListener> membershipListeners,
    AuditLog audit, TimeProvider clock)
{
    private readonly OrganizationInputValidator _validator = new();
    private readonly AllianceMemberInputValidator _memberValidator = new();

    public Organization? Find(long organizationId)
    {
        using var db = connections.Read();
        return organizations.Find(db, organizationId);
    }

    public Organization? FindBySlug(string slug)
    {
        using var db = connections.Read();
        return organizations.FindBySlug(db, slug);
    }

    /// <summary>Creates an organization inside the caller's transaction (setup and the CLI use it) and returns its id.</summary>
    public long Create(DbSession db, OrganizationInput input)
    {
        _validator.EnsureValid(input);
        var slug = UniqueSlug(db, input.Name!);
        return organizations.Insert(db, slug, input, clock.GetUtcNow());
    }

    public long Create(OrganizationInput input, long? allianceId = null)
    {
        using var db = connections.BeginTransaction();
        if (allianceId is { } alliance && organizations.Find(db, alliance) is null)
            throw InputValidation.FieldError("AllianceId", $"There is no organization {alliance}.");
        var id = Create(db, input);
        if (allianceId is { } parent)
            organizations.InsertMember(db, parent, id, "member", organizations.Find(db, parent)!.LocalDate(clock.GetUtcNow()));
        db.Commit();
        return id;
    }

    public void Update(Actor actor, OrganizationInput input)
    {
        actor.Require(Role.Admin);
        _validator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var before = OrganizationInput.From(organizations.Find(db, actor.OrganizationId)!);
        organizations.Update(db, actor.OrganizationId, input);
        audit.Record(db, actor, "organization", actor.OrganizationId, "update", before, OrganizationInput.From(organizations.Find(db, actor.OrganizationId)!));
        db.Commit();
    }

    public IReadOnlyList<AllianceMember> Members(long allianceId)
    {
        using var db = connections.Read();
        return organizations.Members(db, allianceId);
    }

    /// <summary>
    /// Organizations an alliance admin may invite by name: only those the same person also administers (never a directory of the
    /// instance), and none that would make a loop, is already a member or already has an invitation waiting.
    /// </summary>
    public IReadOnlyList<Organization> LinkCandidates(Actor actor)
    {
        if (actor.UserId is not { } userId)
            return [];
        using var db = connections.Read();
        var ancestors = organizations.AncestorIds(db, actor.OrganizationId).ToHashSet();
        var current = organizations.Members(db, actor.OrganizationId).Where(m => m.LeftOn is null).Select(m => m.MemberId).ToHashSet();
        var invited = organizations.PendingInvitationsFrom(db, actor.OrganizationId, clock.GetUtcNow()).Select(i => i.MemberId).ToHashSet();
        return users.OrganizationsOf(db, userId)
            .Where(o => o.Role == Role.Admin && o.OrganizationId != actor.OrganizationId)
            .Where(o => !ancestors.Contains(o.OrganizationId) && !current.Contains(o.OrganizationId) && !invited.Contains(o.OrganizationId))
            .Select(o => organizations.Find(db, o.OrganizationId)!)
            .ToList();
    }

    /// <summary>
    /// Invites an organization into the actor's alliance. Nothing is shared until an admin of that organization accepts. Naming an
    /// organization is allowed only when the actor administers it too; otherwise the invitation carries a one-time code, returned
    /// once, that the alliance passes on out of band.
    /// </summary>
    public AllianceInvitationIssued Invite(Actor actor, AllianceMemberInput input)
    {
        actor.Require(Role.Admin);
        _memberValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        string? code = null;
        if (input.MemberId is { } memberId)
        {
            if (memberId == actor.OrganizationId)
                throw InputValidation.FieldError(nameof(input.MemberId), "An organization cannot be a member of itself.");
            if (actor.UserId is not { } userId || users.RoleIn(db, userId, memberId) != Role.Admin)
                throw InputValidation.FieldError(nameof(input.MemberId),
                    "You can invite by name only an organization you also administer; for any other, create an invitation code.");
            if (organizations.AncestorIds(db, actor.OrganizationId).Contains(memberId))
                throw InputValidation.FieldError(nameof(input.MemberId), "That organization already contains this alliance; linking it would make a loop.");
            if (organizations.IsCurrentMember(db, actor.OrganizationId, memberId))
                throw InputValidation.FieldError(nameof(input.MemberId), "That organization is already a member.");
        }
        else
        {
            code = InvitationCodes.NewCode();
        }
        var now = clock.GetUtcNow();
        var id = organizations.InsertInvitation(db, actor.OrganizationId, input.MemberId, code is null ? null : InvitationCodes.Sha256(code),
            input.Role!, input.JoinedOn!.Value, actor.Name, now, now.Add(InvitationLifetime));
        audit.Record(db, actor, "alliance_invitation", id, "create", null, new { input.MemberId, input.Role, input.JoinedOn, byCode = code is not null });
        db.Commit();
        return new AllianceInvitationIssued(id, code);
    }

    /// <summary>How long an alliance invitation waits for an answer.</summary>
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(14);

    /// <summary>Invitations the actor's alliance sent that are still waiting.</summary>
    public IReadOnlyList<AllianceInvitation> InvitationsSent(Actor actor)
    {
        actor.Require(Role.Admin);
        using var db = connections.Read();
        return organizations.PendingInvitationsFrom(db, actor.OrganizationId, clock.GetUtcNow());
    }

    /// <summary>Invitations addressed to the actor's organization that wait for its admin's answer.</summary>
    public IReadOnlyList<AllianceInvitation> InvitationsReceived(Actor actor)
    {
        actor.Require(Role.Admin);
        using var db = connections.Read();
        return organizations.PendingInvitationsTo(db, actor.OrganizationId, clock.GetUtcNow());
    }

    /// <summary>The alliances the actor's organization belongs to (and has left).</summary>
    public IReadOnlyList<AllianceMembershipOfMember> AlliancesOf(Actor actor)
    {
        using var db = connections.Read();
        return organizations.MembershipsOf(db, actor.OrganizationId);
    }

    /// <summary>An admin of the invited organization accepts: the membership begins, and the alliance sees its figures from now on.</summary>
    public long AcceptInvitation(Actor actor, long invitationId)
    {
        actor.Require(Role.Admin);
        using var db = connections.BeginTransaction();
        var invitation = organizations.FindPendingInvitation(db, invitationId, clock.GetUtcNow());
        if (invitation is null || invitation.MemberId != actor.OrganizationId)
            throw InputValidation.FieldError("InvitationId", "That invitation is not waiting for this organization's answer.");
        var membershipId = Accept(db, actor, invitation);
        db.Commit();
        return membershipId;
    }

    /// <summary>An admin redeems an alliance's one-time invitation code for the actor's organization.</summary>
    public long JoinWithCode(Actor actor, string? code)
    {
        actor.Require(Role.Admin);
        if (string.IsNullOrWhiteSpace(code))
            throw InputValidation.FieldError("Code", "Enter the invitation code the alliance gave you.");
        using var db = connections.BeginTransaction();
        var invitation = organizations.FindPendingInvitationByCode(db, InvitationCodes.Sha256(code.Trim()), clock.GetUtcNow());
        if (invitation is null || !invitation.IsByCode)
            throw InputValidation.FieldError("Code", "That code is not valid: it may be mistyped, used already, withdrawn or expired.");
        if (invitation.AllianceId == actor.OrganizationId)
            throw InputValidation.FieldError("Code", "An organization cannot be a member of itself.");
        var membershipId = Accept(db, actor, invitation);
        db.Commit();
        return membershipId;
    }

    /// <summary>An admin of the invited organization declines; the alliance sees nothing.</summary>
    public void DeclineInvitation(Actor actor, long invitationId)
    {
        actor.Require(Role.Admin);
        using var db = connections.BeginTransaction();
        var invitation = organizations.FindPendingInvitation(db, invitationId, clock.GetUtcNow());
        if (invitation is null || invitation.MemberId != actor.OrganizationId || !organizations.AnswerInvitation(db, invitationId, "declined", null, null, clock.GetUtcNow()))
            throw InputValidation.FieldError("InvitationId", "That invitation is not waiting for this organization's answer.");
        audit.Record(db, actor, "alliance_invitation", invitationId, "decline", null, new { invitation.AllianceId });
        audit.Record(db, actor with { OrganizationId = invitation.AllianceId }, "alliance_invitation", invitationId, "declined", null, new { memberId = actor.OrganizationId });
        db.Commit();
    }

    /// <summary>The alliance takes back an invitation nobody has answered.</summary>
    public void WithdrawInvitation(Actor actor, long invitationId)
    {
        actor.Require(Role.Admin);
        using var db = connections.BeginTransaction();
        var invitation = organizations.FindPendingInvitation(db, invitationId, clock.GetUtcNow());
        if (invitation is null || invitation.AllianceId != actor.OrganizationId || !organizations.AnswerInvitation(db, invitationId, "withdrawn", null, null, clock.GetUtcNow()))
            throw InputValidation.FieldError("InvitationId", "That invitation is no longer waiting.");
        audit.Record(db, actor, "alliance_invitation", invitationId, "withdraw", null, null);
        db.Commit();
    }

    /// <summary>The member organization leaves an alliance itself; the alliance stops seeing its figures from then on.</summary>
    public void LeaveAlliance(Actor actor, long membershipId)
    {
        actor.Require(Role.Admin);
        using var db = connections.BeginTransaction();
        var membership = organizations.MembershipsOf(db, actor.OrganizationId).FirstOrDefault(m => m.MembershipId == membershipId && m.LeftOn is null);
        if (membership is null)
            throw InputValidation.FieldError("MembershipId", "This organization is not a current member of that alliance.");
        var today = organizations.Find(db, actor.OrganizationId)!.LocalDate(clock.GetUtcNow());
        organizations.LeaveAlliance(db, actor.OrganizationId, membershipId, today);
        audit.Record(db, actor, "alliance_member", membershipId, "leave", null, new { membership.AllianceId, leftOn = today });
        audit.Record(db, actor with { OrganizationId = membership.AllianceId }, "alliance_member", membershipId, "left", null, new { memberId = actor.OrganizationId, leftOn = today });
        NotifyMembershipChanged(db, membership.AllianceId, actor.OrganizationId);
        db.Commit();
    }

    public void EndMember(Actor actor, long membershipId, DateOnly leftOn)
    {
        actor.Require(Role.Admin);
        using var db = connections.BeginTransaction();
        var member = organizations.Members(db, actor.OrganizationId).FirstOrDefault(m => m.Id == membershipId);
        if (member is null || !organizations.EndMember(db, actor.OrganizationId, membershipId, leftOn))
            throw InputValidation.FieldError("LeftOn", "That membership is not current, or the date is before it began.");
        audit.Record(db, actor, "alliance_member", membershipId, "end", null, new { leftOn });
        NotifyMembershipChanged(db, actor.OrganizationId, member.MemberId);
        db.Commit();
    }

    private long Accept(DbSession db, Actor actor, AllianceInvitation invitation)
    {
        var memberId = actor.OrganizationId;
        if (organizations.AncestorIds(db, invitation.AllianceId).Contains(memberId))
            throw InputValidation.FieldError("InvitationId", "This organization already contains that alliance; joining it would make a loop.");
        if (organizations.IsCurrentMember(db, invitation.AllianceId, memberId))
            throw InputValidation.FieldError("InvitationId", "This organization is already a member of that alliance.");
        var membershipId = organizations.InsertMember(db, invitation.AllianceId, memberId, invitation.Role, organizations.InvitationJoinedOn(db, invitation.Id));
        if (!organizations.AnswerInvitation(db, invitation.Id, "accepted", memberId, membershipId, clock.GetUtcNow()))
            throw InputValidation.FieldError("InvitationId", "That invitation was answered already.");
        audit.Record(db, actor, "alliance_invitation", invitation.Id, "accept", null, new { invitation.AllianceId, membershipId });
        audit.Record(db, actor with { OrganizationId = invitation.AllianceId }, "alliance_member", membershipId, "create", null,
            new { memberId, invitation.Role, acceptedBy = actor.Name });
        NotifyMembershipChanged(db, invitation.AllianceId, memberId);
        return membershipId;
    }

    private string UniqueSlug(DbSession db, string name)
    {
        var baseSlug = Slugify(name);
        var slug = baseSlug;
        for (var n = 2; organizations.SlugTaken(db, slug); n++)
            slug = $"{baseSlug}{n}";
        return slug;
    }

    /// <summary>A URL-safe lower-case ASCII name: "Frogtown Tenants’ Union" → "frogtown-tenants-union".</summary>
    public static string Slugify(string name)
    {
        var ascii = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            if (char.IsAsciiLetterOrDigit(c))
                ascii.Append(char.ToLowerInvariant(c));
            else if (c is ' ' or '-' or '_' or '.' or '/' or '&' && ascii.Length > 0 && ascii[^1] != '-')
                ascii.Append('-');
        }
        var slug = ascii.ToString().Trim('-');
        if (slug.Length > 50)
            slug = slug[..50].TrimEnd('-');
        return slug.Length >= 2 ? slug : "org" + slug;
    }

    private void NotifyMembershipChanged(DbSession db, long allianceId, long memberId)
    {
        foreach (var listener in membershipListeners)
            listener.OnMembershipChanged(db, allianceId, memberId);
    }
}
