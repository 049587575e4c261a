using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Email;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.SelfService;

/// <summary>
/// Signing a donor in to their donor page with a one-time link mailed (through the outbox) to the address on their donor
/// record. Asking for a link answers the same whether or not the address is known; a link is bound to one organization and
/// one address, works once, for <see cref="LinkLifetime"/>, and an address is sent at most <see cref="LinksPerAddress"/>
/// links per <see cref="AddressWindow"/>.
/// </summary>
public sealed class DonorSignInService(
    IDbConnectionFactory connections, DonorSignInLinkRepository links, DonorRepository donors, OrganizationRepository organizations,
    OutboxWriter outbox, DonorPageAddress address, AuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AddressWindow = TimeSpan.FromMinutes(15);
    public const int LinksPerAddress = 3;

    public const string InvalidLink = "This sign-in link is not valid: it may have been copied incompletely. Ask for a new link below.";
    public const string UsedLink = "This sign-in link was already used; each link works once. Ask for a new link below.";
    public const string ExpiredLink = "This sign-in link has expired; links work for 30 minutes. Ask for a new link below.";
    public const string NotYourRecord = "This sign-in link cannot open that donor record. Choose one of the records listed, or ask for a new link.";

    private readonly DonorSignInRequestValidator _validator = new();

    /// <summary>
    /// Queues a sign-in link to the address when a donor record of the organization has it, and does nothing otherwise: the
    /// caller shows the same answer either way. Refuses only what does not depend on the address (a malformed address, or
    /// an organization that cannot send email at all).
    /// </summary>
    public void RequestLink(long organizationId, DonorSignInRequest request)
    {
        _validator.EnsureValid(request);
        var email = request.Email!.Trim();
        using var db = connections.BeginTransaction();
        var organization = organizations.Find(db, organizationId) ?? throw new InvalidOperationException($"No organization {organizationId}.");
        outbox.RequireSettings(db, organizationId);
        var records = donors.WithEmail(db, organizationId, email, null);
        var now = clock.GetUtcNow();
        if (records.Count == 0 || links.CountSince(db, organizationId, email, now - AddressWindow) >= LinksPerAddress)
            return;
        var token = SignInTokens.New();
        links.Insert(db, organizationId, SignInTokens.Hash(token), email, now, now + LinkLifetime);
        // One message per request, addressed through the oldest record: the link opens whichever record the donor picks.
        var donor = donors.Find(db, organizationId, records.Min(r => r.Id))!;
        var language = outbox.LanguageOf(db, organizationId);
        var actor = Actor.System(organizationId, "Donor page");
        var values = new MergeValues(language, organization.Name, organization.Currency) { Donor = donor, Link = address.SignInLink(organization.Slug, token) };
        outbox.Write(db, actor, organization, donor, EmailKind.DonorSignInLink, language, values, now, requestedByDonor: true);
        audit.Record(db, actor, "donor", donor.Id, "sign_in_link_sent", null, new { records = records.Count, expires = now + LinkLifetime });
        db.Commit();
    }

    /// <summary>
    /// Follows a link: refuses a malformed, unknown, used or expired one with a message; asks the donor to pick a record when
    /// the address is on several (and <paramref name="chosenDonorId"/> is not given); otherwise uses the link up and signs in.
    /// </summary>
    public DonorLinkOutcome Follow(long organizationId, string? token, long? chosenDonorId)
    {
        if (!SignInTokens.IsWellFormed(token))
            return new DonorLinkOutcome.Refused(InvalidLink);
        using var db = connections.BeginTransaction();
        var link = links.Find(db, organizationId, SignInTokens.Hash(token!));
        var now = clock.GetUtcNow();
        if (link is null)
            return new DonorLinkOutcome.Refused(InvalidLink);
        if (link.UsedAt is not null)
            return new DonorLinkOutcome.Refused(UsedLink);
        if (now >= link.ExpiresAt)
            return new DonorLinkOutcome.Refused(ExpiredLink);
        var records = donors.WithEmail(db, organizationId, link.Email, null).OrderBy(r => r.Id).ToList();
        if (records.Count == 0)
            return new DonorLinkOutcome.Refused("No donor record has this address any more. Please contact the organization.");
        if (records.Count > 1 && chosenDonorId is null)
            return new DonorLinkOutcome.ChooseRecord(records.Select(r => new DonorRecordChoice(r.Id, r.DisplayName, r.City, r.PostalCode)).ToList());
        var donorId = chosenDonorId ?? records[0].Id;
        if (records.All(r => r.Id != donorId))
            return new DonorLinkOutcome.Refused(NotYourRecord);
        if (!links.MarkUsed(db, organizationId, link.Id, now))
            return new DonorLinkOutcome.Refused(UsedLink);
        audit.Record(db, Actor.System(organizationId, "Donor page"), "donor", donorId, "signed_in_to_donor_page", null, new { records = records.Count });
        db.Commit();
        return new DonorLinkOutcome.SignedIn(new DonorSession(organizationId, donorId));
    }
}
