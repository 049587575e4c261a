using System.Globalization;
using System.Text;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Organizations;

/// <summary>Creating organizations, changing their settings, and linking member organizations to alliances.</summary>
public sealed class OrganizationService(IDbConnectionFactory connections, OrganizationRepository organizations, AuditLog audit, TimeProvider clock)
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
        actor.Require(Roles.Admin);
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

    /// <summary>Organizations an alliance admin may link: every other organization that would not make a cycle.</summary>
    public IReadOnlyList<Organization> LinkCandidates(long allianceId)
    {
        using var db = connections.Read();
        var ancestors = organizations.AncestorIds(db, allianceId).ToHashSet();
        var current = organizations.Members(db, allianceId).Where(m => m.LeftOn is null).Select(m => m.MemberId).ToHashSet();
        return organizations.All(db).Where(o => o.Id != allianceId && !ancestors.Contains(o.Id) && !current.Contains(o.Id)).ToList();
    }

    public long AddMember(Actor actor, AllianceMemberInput input)
    {
        actor.Require(Roles.Admin);
        _memberValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var memberId = input.MemberId!.Value;
        if (memberId == actor.OrganizationId)
            throw InputValidation.FieldError(nameof(input.MemberId), "An organization cannot be a member of itself.");
        if (organizations.Find(db, memberId) is null)
            throw InputValidation.FieldError(nameof(input.MemberId), "There is no such organization.");
        if (organizations.AncestorIds(db, actor.OrganizationId).Contains(memberId))
            throw InputValidation.FieldError(nameof(input.MemberId), "That organization already contains this alliance; linking it would make a loop.");
        if (organizations.IsCurrentMember(db, actor.OrganizationId, memberId))
            throw InputValidation.FieldError(nameof(input.MemberId), "That organization is already a member.");
        var id = organizations.InsertMember(db, actor.OrganizationId, memberId, input.Role!, input.JoinedOn!.Value);
        audit.Record(db, actor, "alliance_member", id, "create", null, input);
        db.Commit();
        return id;
    }

    public void EndMember(Actor actor, long membershipId, DateOnly leftOn)
    {
        actor.Require(Roles.Admin);
        using var db = connections.BeginTransaction();
        if (!organizations.EndMember(db, actor.OrganizationId, membershipId, leftOn))
            throw InputValidation.FieldError("LeftOn", "That membership is not current, or the date is before it began.");
        audit.Record(db, actor, "alliance_member", membershipId, "end", null, new { leftOn });
        db.Commit();
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
}
