using Dapper;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Dues;
using DonorTrack.Core.Matching;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Email;

/// <summary>
/// Dues reminders (due soon, lapsed) and matching-campaign thank-yous by email, each batch written to the outbox in one
/// transaction with its audit entry. A gift whose matching thank-you already went out (or waits to) is not written twice.
/// </summary>
public sealed class DonorNoticeMailing(
    IDbConnectionFactory connections, OutboxWriter writer, MembershipService memberships, MatchingCampaignService campaigns, DonorRepository donors,
    OrganizationRepository organizations, AuditLog audit, TimeProvider clock)
{
    /// <summary>Reminders to the chosen memberships of the dues overview: "due soon" ones with what falls due, lapsed ones with the dues missed.</summary>
    public IReadOnlyList<QueuedEmail> QueueDuesReminders(Actor actor, EmailKind kind, IReadOnlyCollection<long> membershipIds)
    {
        actor.Require(Role.Treasurer);
        if (kind is not (EmailKind.DuesDueSoon or EmailKind.DuesLapsed))
            throw InputValidation.FieldError("Kind", "Choose the due-soon or the lapsed reminder.");
        if (membershipIds.Count == 0)
            throw InputValidation.FieldError("MembershipIds", "Choose at least one membership.");
        var overview = memberships.Overview(actor, 0);
        var chosen = membershipIds.ToHashSet();
        var notices = kind == EmailKind.DuesDueSoon
            ? overview.DueSoon.Where(d => chosen.Contains(d.Membership.Id)).Select(d => (d.Membership.Id, d.Membership.DonorId, d.OwedCents, d.NextDueOn)).ToList()
            : overview.RecentlyLapsed.Concat(overview.InGrace).Where(m => chosen.Contains(m.Id)).Select(m => (m.Id, m.DonorId, m.PeriodCents, m.PaidThrough.AddDays(1))).ToList();
        if (notices.Count == 0)
            throw InputValidation.FieldError("MembershipIds", kind == EmailKind.DuesDueSoon
                ? "None of the chosen memberships has dues falling due soon."
                : "None of the chosen memberships is in grace or recently lapsed.");

        using var db = connections.BeginTransaction();
        writer.RequireSettings(db, actor.OrganizationId);
        var organization = organizations.Find(db, actor.OrganizationId)!;
        var language = writer.LanguageOf(db, actor.OrganizationId);
        var now = clock.GetUtcNow();
        var written = new List<QueuedEmail>();
        foreach (var (membershipId, donorId, cents, dueOn) in notices)
        {
            var donor = donors.Find(db, actor.OrganizationId, donorId)!;
            var values = new MergeValues(language, organization.Name, organization.Currency) { Donor = donor, AmountCents = cents, Date = dueOn, Year = dueOn.Year };
            written.Add(writer.Write(db, actor, organization, donor, kind, language, values, now));
        }
        audit.Record(db, actor, "email_outbox", actor.OrganizationId, "queue_" + kind.Word(), null, new { memberships = notices.Select(n => n.Item1), queued = written.Count(w => w.IsQueued) });
        db.Commit();
        return written;
    }

    /// <summary>"Your $50 became $100": a thank-you to each donor of the organization whose gift a campaign matched, once per gift.</summary>
    public IReadOnlyList<QueuedEmail> QueueMatchingThanks(Actor actor, long campaignId)
    {
        actor.Require(Role.Treasurer);
        var progress = campaigns.Progress(actor, campaignId) ?? throw InputValidation.FieldError("CampaignId", "There is no such matching campaign.");
        if (!progress.ThresholdMet)
            throw InputValidation.FieldError("CampaignId", $"“{progress.Campaign.Name}” has not met its threshold yet, so no gift is matched; thank donors once it has.");
        var matched = progress.OwnGifts.Where(g => g.MatchedCents > 0 && g.DonorId is not null).ToList();
        using var db = connections.BeginTransaction();
        writer.RequireSettings(db, actor.OrganizationId);
        var organization = organizations.Find(db, actor.OrganizationId)!;
        var language = writer.LanguageOf(db, actor.OrganizationId);
        var alreadyThanked = AlreadyThanked(db, actor.OrganizationId, matched.Select(g => g.GiftId).ToList());
        var now = clock.GetUtcNow();
        var written = new List<QueuedEmail>();
        foreach (var gift in matched.Where(g => !alreadyThanked.Contains(g.GiftId)))
        {
            var donor = donors.Find(db, actor.OrganizationId, gift.DonorId!.Value)!;
            var values = new MergeValues(language, organization.Name, organization.Currency)
            {
                Donor = donor, AmountCents = gift.AmountCents, MatchCents = gift.MatchedCents, Date = gift.ReceivedOn, Campaign = progress.Campaign.Name, Year = gift.ReceivedOn.Year,
            };
            written.Add(writer.Write(db, actor, organization, donor, EmailKind.MatchingThankYou, language, values, now, giftId: gift.GiftId));
        }
        audit.Record(db, actor, "matching_campaign", campaignId, "queue_matching_thank_you", null, new { queued = written.Count(w => w.IsQueued), skipped = written.Count(w => !w.IsQueued) });
        db.Commit();
        return written;
    }

    /// <summary>Gifts that have a matching thank-you sent or on its way (not failed or skipped).</summary>
    private static HashSet<long> AlreadyThanked(DbSession db, long organizationId, IReadOnlyList<long> giftIds)
    {
        const string sql = """
            SELECT gift_id FROM email_outbox
            WHERE organization_id = @organizationId AND kind = 'matching_thank_you' AND gift_id IN @giftIds AND status NOT IN ('failed', 'skipped')
            """;
        return giftIds.Count == 0 ? [] : db.Connection.Query<long>(sql, new { organizationId, giftIds }, db.Transaction).ToHashSet();
    }
}
