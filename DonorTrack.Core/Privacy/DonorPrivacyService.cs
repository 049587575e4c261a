using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Households;
using DonorTrack.Core.Money;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;
using FluentValidation;
using FluentValidation.Results;

namespace DonorTrack.Core.Privacy;

/// <summary>
/// Privacy requests about one donor: export everything held about them (treasurer or admin), and erase them (admin only).
/// Erasure replaces the personal fields by a placeholder and keeps the gifts, their amounts and the receipts as issued, so
/// the books and the legal record of acknowledgments stay whole; see docs/privacy.md.
/// </summary>
public sealed class DonorPrivacyService(
    IDbConnectionFactory connections, DonorRepository donors, DonorPrivacyRepository privacy, HouseholdService households, OrganizationRepository organizations, AuditLog audit,
    TimeProvider clock)
{
    /// <summary>Every row about the donor, read in one transaction and audited (who exported whose data and when); null when the donor is not in the organization.</summary>
    public DonorDataExport? Export(Actor actor, long donorId)
    {
        actor.Require(Role.Treasurer);
        using var db = connections.BeginTransaction();
        if (!donors.Exists(db, actor.OrganizationId, donorId))
            return null;
        var tables = DonorPrivacyRepository.DonorDataSources.Select(source => privacy.Read(db, actor.OrganizationId, donorId, source)).ToList();
        var export = new DonorDataExport(actor.OrganizationId, donorId, clock.GetUtcNow(), actor.Name, tables);
        audit.Record(db, actor, "donor", donorId, "export", null, new { tables = tables.ToDictionary(t => t.Name, t => t.Rows.Count) });
        db.Commit();
        return export;
    }

    /// <summary>What an erasure would do and what prevents it; null when the donor is not in the organization.</summary>
    public DonorErasurePreview? Preview(Actor actor, long donorId)
    {
        actor.Require(Role.Admin);
        using var db = connections.Read();
        var donor = donors.Find(db, actor.OrganizationId, donorId);
        if (donor is null)
            return null;
        var donorIds = privacy.SamePersonIds(db, actor.OrganizationId, donorId);
        var (gifts, receipts) = privacy.KeptRecords(db, actor.OrganizationId, donorIds);
        return new DonorErasurePreview(
            donorId, donor.DisplayName, DonorErasure.ConfirmationPhrase(donorId), donorIds, gifts, receipts, Blockers(db, actor.OrganizationId, donor, donorIds));
    }

    /// <summary>
    /// Erases the donor and the donors merged into it in one transaction: personal fields replaced by "Erased donor #id",
    /// tags, notes and import keys removed, out of search, earlier audit snapshots redacted; gifts and receipts kept. The
    /// audit entry names only ids and counts. Null when the donor is not in the organization; a validation error names the
    /// field (the confirmation, or the subscription to cancel first).
    /// </summary>
    public DonorErasureResult? Erase(Actor actor, long donorId, DonorErasureInput input)
    {
        actor.Require(Role.Admin);
        using var db = connections.BeginTransaction();
        var organizationId = actor.OrganizationId;
        var donor = donors.Find(db, organizationId, donorId);
        if (donor is null)
            return null;
        var donorIds = privacy.SamePersonIds(db, organizationId, donorId);
        var failures = Blockers(db, organizationId, donor, donorIds).Select(b => new ValidationFailure("Donor", b)).ToList();
        if (!DonorErasure.IsConfirmed(donorId, input.Confirmation))
            failures.Add(new ValidationFailure(nameof(DonorErasureInput.Confirmation), $"Type \"{DonorErasure.ConfirmationPhrase(donorId)}\" to confirm."));
        if (failures.Count > 0)
            throw new ValidationException(failures);

        var now = clock.GetUtcNow();
        var (gifts, receipts) = privacy.KeptRecords(db, organizationId, donorIds);
        var emails = privacy.EmailsOf(db, organizationId, donorIds);
        foreach (var id in donorIds)
            privacy.ReplacePersonalFields(db, organizationId, id, DonorErasure.Placeholder(id), now);
        var tags = privacy.DeleteTags(db, organizationId, donorIds);
        privacy.ClearFreeText(db, organizationId, donorIds, now);
        var importKeys = privacy.DeleteImportKeys(db, organizationId, donorIds);
        // An erased person no longer gives the household its name or its addressee.
        foreach (var id in donorIds)
            households.Leave(db, actor, id);
        privacy.ForgetPaymentFailureEmails(db, organizationId, emails);
        var (signInCodes, signInLinks) = privacy.DeleteSignInCredentials(db, organizationId, donorIds, emails);
        var redacted = privacy.RedactAuditEntries(db, organizationId, donorIds, AuditSnapshot.Serialize(new { redacted = "personal data erased on request", erasedAt = now })!);
        audit.Record(db, actor, "donor", donorId, "erase", null, new
        {
            donorIds, erasedAt = now, giftsKept = gifts, receiptsKept = receipts, tagsRemoved = tags, importKeysRemoved = importKeys,
            auditEntriesRedacted = redacted, signInCodesRemoved = signInCodes, signInLinksRemoved = signInLinks,
        });
        db.Commit();
        return new DonorErasureResult(donorId, donorIds, now, gifts, receipts, tags, importKeys, redacted);
    }

    private List<string> Blockers(DbSession db, long organizationId, Donor donor, IReadOnlyList<long> donorIds)
    {
        var blockers = new List<string>();
        if (donor.MergedIntoId is { } survivor)
            blockers.Add($"This donor was merged into donor {survivor}; erase donor {survivor}, which now holds its records.");
        if (donor.IsErased)
            blockers.Add($"This donor was already erased on {DisplayFormat.Date(organizations.Find(db, organizationId)!.LocalDate(donor.ErasedAt!.Value))}.");
        foreach (var subscription in privacy.OpenCardSubscriptions(db, organizationId, donorIds))
        {
            blockers.Add($"Cancel the card subscription of {subscription} first: Stripe would keep charging the card, and each payment "
                + "would arrive for a donor no one can recognise or refund.");
        }
        return blockers;
    }
}
