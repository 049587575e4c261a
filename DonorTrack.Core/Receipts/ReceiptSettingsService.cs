using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Receipts;

/// <summary>An organization's receipt settings (numbering, year-end exclusion, signatory, logo) and its insubstantial-benefit limits, audited.</summary>
public sealed class ReceiptSettingsService(
    IDbConnectionFactory connections, ReceiptRepository receipts, OrganizationRepository organizations, AuditLog audit, TimeProvider clock)
{
    private readonly ReceiptSettingsInputValidator _settingsValidator = new();
    private readonly InsubstantialBenefitLimitsInputValidator _limitsValidator = new();
    private readonly ReceiptSettingsFormValidator _formValidator = new();

    public ReceiptSettings Settings(Actor actor)
    {
        using var db = connections.Read();
        return receipts.Settings(db, actor.OrganizationId);
    }

    public void SaveSettings(Actor actor, ReceiptSettingsInput input)
    {
        actor.Require(Role.Admin);
        _settingsValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var before = receipts.Settings(db, actor.OrganizationId) with { LogoPng = null };
        receipts.SaveSettings(db, actor.OrganizationId, input, clock.GetUtcNow());
        audit.Record(db, actor, "receipt_settings", actor.OrganizationId, "update", before, input);
        db.Commit();
    }

    /// <summary>Saves the receipt settings page in one transaction, audited; nothing is written when any field is invalid.</summary>
    public void SaveSettingsForm(Actor actor, ReceiptSettingsForm form)
    {
        actor.Require(Role.Treasurer);
        _formValidator.EnsureValid(form);
        var now = clock.GetUtcNow();
        using var db = connections.BeginTransaction();
        var before = receipts.Settings(db, actor.OrganizationId);
        var organization = organizations.Find(db, actor.OrganizationId)!;
        var input = new ReceiptSettingsInput(form.NumberingYear, form.ExcludeReceiptedFromAnnual, form.SignatoryTitle?.Trim() is { Length: > 0 } title ? title : null, form.AnnualStatements);
        receipts.SaveSettings(db, actor.OrganizationId, input, now);
        var logoChanged = form.RemoveLogo || form.Logo is { Length: > 0 };
        if (logoChanged)
            receipts.SaveLogo(db, actor.OrganizationId, form.RemoveLogo ? null : form.Logo, now);
        var signatory = form.SignatoryName?.Trim() is { Length: > 0 } name ? name : null;
        if (signatory != organization.ReceiptSignatory)
            organizations.Update(db, actor.OrganizationId, OrganizationInput.From(organization) with { ReceiptSignatory = signatory });
        audit.Record(db, actor, "receipt_settings", actor.OrganizationId, "update",
            new { Settings = before with { LogoPng = null }, LogoBytes = before.LogoPng?.Length, organization.ReceiptSignatory },
            new { Settings = input, LogoBytes = logoChanged ? form.Logo?.Length : before.LogoPng?.Length, ReceiptSignatory = signatory });
        if (form.LimitsTaxYear is { } taxYear)
        {
            var limits = new InsubstantialBenefitLimitsInput(taxYear, form.LowCostArticleCents, form.MinimumPaymentCents, form.BenefitCapCents);
            receipts.SaveLimits(db, actor.OrganizationId, limits);
            audit.Record(db, actor, "insubstantial_benefit_limits", taxYear, "update", null, limits);
        }

        db.Commit();
    }

    public void SaveLimits(Actor actor, InsubstantialBenefitLimitsInput input)
    {
        actor.Require(Role.Admin);
        _limitsValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        receipts.SaveLimits(db, actor.OrganizationId, input);
        audit.Record(db, actor, "insubstantial_benefit_limits", input.TaxYear!.Value, "update", null, input);
        db.Commit();
    }
}
