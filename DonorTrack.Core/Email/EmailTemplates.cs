using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Money;
using FluentValidation;

namespace DonorTrack.Core.Email;

/// <summary>A template's subject and bodies (plain text and simple HTML) with <c>{{merge_field}}</c> placeholders.</summary>
public sealed record EmailTemplate(EmailKind Kind, EmailLanguage Language, string Subject, string TextBody, string HtmlBody, bool IsEdited);

/// <summary>What an editor sends to change one template.</summary>
public sealed record EmailTemplateInput
{
    public EmailKind Kind { get; init; }
    public EmailLanguage Language { get; init; }
    public string? Subject { get; init; }
    public string? TextBody { get; init; }
    public string? HtmlBody { get; init; }
}

/// <summary>A message made from a template: what the outbox stores and sends.</summary>
public sealed record RenderedEmail(string Subject, string TextBody, string HtmlBody);

/// <summary>The merge fields every template may use, and filling them in.</summary>
public static partial class MergeFields
{
    public const string DonorName = "donor_name";
    public const string Salutation = "salutation";
    public const string Amount = "amount";
    public const string Date = "date";
    public const string Fund = "fund";
    public const string Campaign = "campaign";
    public const string Organization = "organization";
    public const string MatchAmount = "match_amount";
    public const string MatchedTotal = "matched_total";
    public const string Year = "year";
    public const string Link = "link";
    /// <summary>A sentence about the card a renewal will be charged to (brand, last four, expiry), empty when not paid by card.</summary>
    public const string Card = "card";

    public static IReadOnlyList<string> All { get; } = [DonorName, Salutation, Amount, Date, Fund, Campaign, Organization, MatchAmount, MatchedTotal, Year, Link, Card];

    /// <summary>The field names a text uses, in order of first use.</summary>
    public static IReadOnlyList<string> Used(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Fields a text uses that are not merge fields, as written ("{{donor}}" gives "donor").</summary>
    public static IReadOnlyList<string> Unknown(string text) => Used(text).Where(name => !All.Contains(name)).ToList();

    /// <summary>Braces that open a placeholder and never close it, or close one never opened.</summary>
    public static bool HasStrayBraces(string text) => Placeholder().Replace(text, "").Contains("{{", StringComparison.Ordinal)
        || Placeholder().Replace(text, "").Contains("}}", StringComparison.Ordinal);

    /// <summary>Fills the placeholders; in HTML the values are encoded, so a donor's name can never become markup.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> values, bool html) =>
        Placeholder().Replace(text, match =>
        {
            var value = values.GetValueOrDefault(match.Groups["name"].Value, "");
            return html ? WebUtility.HtmlEncode(value) : value;
        });

    public static RenderedEmail Render(EmailTemplate template, IReadOnlyDictionary<string, string> values) =>
        new(Fill(template.Subject, values, html: false).ReplaceLineEndings(" ").Trim(), Fill(template.TextBody, values, html: false), Fill(template.HtmlBody, values, html: true));

    [GeneratedRegex(@"\{\{\s*(?<name>[^{}\s]*)\s*\}\}")]
    private static partial Regex Placeholder();
}

/// <summary>The values of the merge fields for one message, written the way the template's language writes them.</summary>
public sealed record MergeValues(EmailLanguage Language, string OrganizationName, string Currency)
{
    public Donor? Donor { get; init; }
    public long? AmountCents { get; init; }
    public DateOnly? Date { get; init; }
    public string? Fund { get; init; }
    public string? Campaign { get; init; }
    public long? MatchCents { get; init; }
    public int? Year { get; init; }
    /// <summary>An absolute address on this installation, e.g. the donor page or a one-time sign-in link.</summary>
    public string? Link { get; init; }
    /// <summary>The card sentence of a renewal reminder, written in the template's language; see <see cref="MergeFields.Card"/>.</summary>
    public string? CardNotice { get; init; }

    public CultureInfo Culture => Language == EmailLanguage.Es ? CultureInfo.GetCultureInfo("es-US") : CultureInfo.GetCultureInfo("en-US");

    public IReadOnlyDictionary<string, string> ToDictionary()
    {
        var culture = Culture;
        string Money(long? cents) => cents is null ? "" : MoneyFormat.Format(cents.Value, Currency, culture);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MergeFields.DonorName] = Donor?.DisplayName ?? "",
            [MergeFields.Salutation] = SalutationOf(Donor, Language),
            [MergeFields.Amount] = Money(AmountCents),
            [MergeFields.Date] = Date is null ? "" : Date.Value.ToString(Language == EmailLanguage.Es ? "d 'de' MMMM 'de' yyyy" : "MMMM d, yyyy", culture),
            [MergeFields.Fund] = Fund ?? (Language == EmailLanguage.Es ? "donde más se necesite" : "where it is needed most"),
            [MergeFields.Campaign] = Campaign ?? "",
            [MergeFields.Organization] = OrganizationName,
            [MergeFields.MatchAmount] = Money(MatchCents),
            [MergeFields.MatchedTotal] = AmountCents is null ? "" : Money(AmountCents + (MatchCents ?? 0)),
            [MergeFields.Year] = Year?.ToString(CultureInfo.InvariantCulture) ?? "",
            [MergeFields.Link] = Link ?? "",
            [MergeFields.Card] = CardNotice ?? "",
        };
    }

    private static string SalutationOf(Donor? donor, EmailLanguage language) => donor switch
    {
        null => "",
        { Kind: DonorKind.Organization } => language == EmailLanguage.Es ? $"amigos de {donor.OrganizationName}" : $"friends at {donor.OrganizationName}",
        { FirstName: { Length: > 0 } first } => first,
        _ => donor.DisplayName is { Length: > 0 } name ? name : language == EmailLanguage.Es ? "amigo" : "friend",
    };
}

/// <summary>The English and Spanish texts DonorTrack ships; an organization's edits replace them one by one.</summary>
public static class ShippedTemplates
{
    public static EmailTemplate For(EmailKind kind, EmailLanguage language) => (kind, language) switch
    {
        (EmailKind.GiftThankYou, EmailLanguage.En) => Make(kind, language, "Thank you for your gift to {{organization}}",
            "Dear {{salutation}},\n\nThank you for your gift of {{amount}} on {{date}} to {{fund}}. Your support keeps {{organization}} going.\n\nYour receipt is attached.\n\nWith gratitude,\n{{organization}}"),
        (EmailKind.GiftThankYou, EmailLanguage.Es) => Make(kind, language, "Gracias por su donación a {{organization}}",
            "Estimado/a {{salutation}}:\n\nGracias por su donación de {{amount}} del {{date}} para {{fund}}. Su apoyo sostiene a {{organization}}.\n\nAdjuntamos su recibo.\n\nCon gratitud,\n{{organization}}"),
        (EmailKind.Receipt, EmailLanguage.En) => Make(kind, language, "Your receipt from {{organization}}",
            "Dear {{salutation}},\n\nAttached is the receipt for your gift of {{amount}} on {{date}}. Please keep it for your tax records.\n\n{{organization}}"),
        (EmailKind.Receipt, EmailLanguage.Es) => Make(kind, language, "Su recibo de {{organization}}",
            "Estimado/a {{salutation}}:\n\nAdjuntamos el recibo de su donación de {{amount}} del {{date}}. Consérvelo para su declaración de impuestos.\n\n{{organization}}"),
        (EmailKind.YearEndStatement, EmailLanguage.En) => Make(kind, language, "Your {{year}} giving statement from {{organization}}",
            "Dear {{salutation}},\n\nThank you for everything you gave to {{organization}} in {{year}}: {{amount}} in all. Your year-end statement is attached for your tax records.\n\nWith gratitude,\n{{organization}}"),
        (EmailKind.YearEndStatement, EmailLanguage.Es) => Make(kind, language, "Su resumen de donaciones {{year}} de {{organization}}",
            "Estimado/a {{salutation}}:\n\nGracias por todo lo que donó a {{organization}} en {{year}}: {{amount}} en total. Adjuntamos su resumen anual para su declaración de impuestos.\n\nCon gratitud,\n{{organization}}"),
        (EmailKind.DuesDueSoon, EmailLanguage.En) => Make(kind, language, "Your {{organization}} dues are due on {{date}}",
            "Dear {{salutation}},\n\nA friendly reminder: your dues of {{amount}} are due on {{date}}.{{card}} Thank you for being a member of {{organization}}.\n\n{{organization}}"),
        (EmailKind.DuesDueSoon, EmailLanguage.Es) => Make(kind, language, "Sus cuotas de {{organization}} vencen el {{date}}",
            "Estimado/a {{salutation}}:\n\nLe recordamos que sus cuotas de {{amount}} vencen el {{date}}.{{card}} Gracias por ser miembro de {{organization}}.\n\n{{organization}}"),
        (EmailKind.DuesLapsed, EmailLanguage.En) => Make(kind, language, "We miss you at {{organization}}",
            "Dear {{salutation}},\n\nYour dues of {{amount}} were due on {{date}} and your membership has lapsed. Renew today to stay part of {{organization}}.\n\n{{organization}}"),
        (EmailKind.DuesLapsed, EmailLanguage.Es) => Make(kind, language, "Le extrañamos en {{organization}}",
            "Estimado/a {{salutation}}:\n\nSus cuotas de {{amount}} vencieron el {{date}} y su membresía ha caducado. Renueve hoy para seguir siendo parte de {{organization}}.\n\n{{organization}}"),
        (EmailKind.MatchingThankYou, EmailLanguage.En) => Make(kind, language, "Your {{amount}} became {{matched_total}}",
            "Dear {{salutation}},\n\nThanks to the {{campaign}} match, your gift of {{amount}} became {{matched_total}} for {{organization}}: {{match_amount}} more, matched.\n\nWith gratitude,\n{{organization}}"),
        (EmailKind.MatchingThankYou, EmailLanguage.Es) => Make(kind, language, "Sus {{amount}} se convirtieron en {{matched_total}}",
            "Estimado/a {{salutation}}:\n\nGracias a la campaña de contrapartida {{campaign}}, su donación de {{amount}} se convirtió en {{matched_total}} para {{organization}}: {{match_amount}} más.\n\nCon gratitud,\n{{organization}}"),
        (EmailKind.DonorSignInLink, EmailLanguage.En) => Make(kind, language, "Your link to your {{organization}} donor page",
            "Dear {{salutation}},\n\nSomeone (we hope you) asked to open your donor page at {{organization}}. This link works once, for 30 minutes:\n\n{{link}}\n\nIf you did not ask for it, you can ignore this message; nothing changes.\n\n{{organization}}"),
        (EmailKind.DonorSignInLink, EmailLanguage.Es) => Make(kind, language, "Su enlace a su página de donante de {{organization}}",
            "Estimado/a {{salutation}}:\n\nAlguien (esperamos que usted) pidió abrir su página de donante en {{organization}}. Este enlace funciona una sola vez, durante 30 minutos:\n\n{{link}}\n\nSi no lo pidió, puede ignorar este mensaje; nada cambia.\n\n{{organization}}"),
        (EmailKind.CardPaymentFailed, EmailLanguage.En) => Make(kind, language, "Your gift of {{amount}} to {{organization}} did not go through",
            "Dear {{salutation}},\n\nYour card was declined for your gift of {{amount}}. To keep your gift going with another card, open your donor page and choose \"Update card\":\n\n{{link}}\n\nThank you for your support,\n{{organization}}"),
        (EmailKind.CardPaymentFailed, EmailLanguage.Es) => Make(kind, language, "Su donación de {{amount}} a {{organization}} no se procesó",
            "Estimado/a {{salutation}}:\n\nSu tarjeta fue rechazada para su donación de {{amount}}. Para seguir donando con otra tarjeta, abra su página de donante y elija \"Actualizar tarjeta\":\n\n{{link}}\n\nGracias por su apoyo,\n{{organization}}"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), $"No shipped template for {kind} in {language}."),
    };

    /// <summary>The HTML body of a shipped template: its paragraphs, placeholders kept, nothing else.</summary>
    private static EmailTemplate Make(EmailKind kind, EmailLanguage language, string subject, string text)
    {
        var paragraphs = text.Split("\n\n").Select(p => "<p>" + WebUtility.HtmlEncode(p).Replace("\n", "<br>", StringComparison.Ordinal) + "</p>");
        return new EmailTemplate(kind, language, subject, text, string.Join("\n", paragraphs), IsEdited: false);
    }
}

/// <summary>A template is refused when saved if it names a merge field that does not exist, naming the field.</summary>
public sealed class EmailTemplateInputValidator : AbstractValidator<EmailTemplateInput>
{
    public EmailTemplateInputValidator()
    {
        RuleFor(x => x.Kind).IsInEnum().WithMessage($"Choose one of: {DomainWords.List<EmailKind>()}.");
        RuleFor(x => x.Language).IsInEnum().WithMessage($"Choose one of: {DomainWords.List<EmailLanguage>()}.");
        RuleFor(x => x.Subject).NotEmpty().WithMessage("Write a subject.").MaximumLength(300).WithMessage("Use at most 300 characters.");
        RuleFor(x => x.TextBody).NotEmpty().WithMessage("Write the plain-text body.").MaximumLength(20_000).WithMessage("Use at most 20,000 characters.");
        RuleFor(x => x.HtmlBody).NotEmpty().WithMessage("Write the HTML body.").MaximumLength(40_000).WithMessage("Use at most 40,000 characters.");
        RuleFor(x => x.Subject).KnownMergeFields();
        RuleFor(x => x.TextBody).KnownMergeFields();
        RuleFor(x => x.HtmlBody).KnownMergeFields();
    }
}

/// <summary>The merge-field rule of one template text.</summary>
public static class MergeFieldRules
{
    public static IRuleBuilderOptions<T, string?> KnownMergeFields<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => text is null || MergeFields.Unknown(text).Count == 0)
            .WithMessage((_, text) => $"Unknown merge field {string.Join(", ", MergeFields.Unknown(text!).Select(n => "{{" + n + "}}"))}. "
                + $"Use one of: {string.Join(", ", MergeFields.All.Select(n => "{{" + n + "}}"))}.")
            .Must(text => text is null || !MergeFields.HasStrayBraces(text)).WithMessage("A merge field is written {{name}}: a “{{” or “}}” here has no partner.");
}

/// <summary>The templates an organization edited.</summary>
public sealed class EmailTemplateRepository
{
    public EmailTemplate? FindEdited(DbSession db, long organizationId, EmailKind kind, EmailLanguage language)
    {
        const string sql = """
            SELECT kind, language, subject, text_body, html_body, 1 AS is_edited FROM email_templates
            WHERE organization_id = @organizationId AND kind = @kind AND language = @language
            """;
        return db.Connection.QuerySingleOrDefault<EmailTemplate>(sql, new { organizationId, kind, language }, db.Transaction);
    }

    public void Save(DbSession db, long organizationId, EmailTemplateInput input, string updatedBy, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO email_templates (organization_id, kind, language, subject, text_body, html_body, updated_at, updated_by)
            VALUES (@organizationId, @Kind, @Language, @Subject, @TextBody, @HtmlBody, @now, @updatedBy)
            ON CONFLICT (organization_id, kind, language) DO UPDATE SET subject = excluded.subject, text_body = excluded.text_body,
                html_body = excluded.html_body, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """;
        var args = new DynamicParameters(input);
        args.AddDynamicParams(new { organizationId, updatedBy, now });
        db.Connection.Execute(sql, args, db.Transaction);
    }

    public void Remove(DbSession db, long organizationId, EmailKind kind, EmailLanguage language) =>
        db.Connection.Execute("DELETE FROM email_templates WHERE organization_id = @organizationId AND kind = @kind AND language = @language",
            new { organizationId, kind, language }, db.Transaction);

    /// <summary>The organization's template of a kind and language: its edit, or the shipped text.</summary>
    public EmailTemplate Current(DbSession db, long organizationId, EmailKind kind, EmailLanguage language) =>
        FindEdited(db, organizationId, kind, language) ?? ShippedTemplates.For(kind, language);
}
