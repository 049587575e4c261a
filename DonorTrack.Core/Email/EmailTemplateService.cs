using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Email;

/// <summary>Reading, editing and resetting an organization's email templates.</summary>
public sealed class EmailTemplateService(IDbConnectionFactory connections, EmailTemplateRepository templates, AuditLog audit, TimeProvider clock)
{
    private readonly EmailTemplateInputValidator _validator = new();

    public EmailTemplate Current(Actor actor, EmailKind kind, EmailLanguage language)
    {
        actor.Require(Role.Viewer);
        using var db = connections.Read();
        return templates.Current(db, actor.OrganizationId, kind, language);
    }

    /// <summary>Saves a template; one naming a merge field that does not exist is refused, naming the field.</summary>
    public void Save(Actor actor, EmailTemplateInput input)
    {
        actor.Require(Role.Treasurer);
        _validator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var before = templates.Current(db, actor.OrganizationId, input.Kind, input.Language);
        templates.Save(db, actor.OrganizationId, input, actor.Name, clock.GetUtcNow());
        audit.Record(db, actor, "email_template", actor.OrganizationId, "update", new { kind = input.Kind.Word(), language = input.Language.Word(), before.Subject },
            new { kind = input.Kind.Word(), language = input.Language.Word(), input.Subject });
        db.Commit();
    }

    /// <summary>Goes back to the shipped text.</summary>
    public void Reset(Actor actor, EmailKind kind, EmailLanguage language)
    {
        actor.Require(Role.Treasurer);
        if (!Enum.IsDefined(kind) || !Enum.IsDefined(language))
            throw InputValidation.FieldError("Kind", "Choose a template.");
        using var db = connections.BeginTransaction();
        templates.Remove(db, actor.OrganizationId, kind, language);
        audit.Record(db, actor, "email_template", actor.OrganizationId, "reset", null, new { kind = kind.Word(), language = language.Word() });
        db.Commit();
    }
}
