using System.Text.Json;
using Dapper;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Dues;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Receipts;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.SelfService;

/// <summary>
/// What a signed-in donor sees and changes on their donor page: their giving, commitments and receipts (copies of what was
/// issued, never a new number), and their own contact details, each change audited and put on the staff review list.
/// Every read is of the session's donor in the session's organization.
/// </summary>
public sealed class DonorPageService(
    IDbConnectionFactory connections, DonorRepository donors, GiftRepository gifts, ReceiptRepository receipts, ReceiptPrinter printer,
    OrganizationRepository organizations, MembershipService memberships, RecurringDonationService recurringDonations, AuditLog audit, TimeProvider clock,
    MembershipRepository membershipRows)
{
    public const string SelfServiceUpdate = "self_service_update";

    public const int GiftsPerPage = 50;

    private readonly DonorInputValidator _validator = new();

    /// <summary>The donor page; null when the session's donor no longer exists as itself (merged or erased since).</summary>
    public DonorPageView? View(DonorSession session, int? page)
    {
        var actor = ActorFor(session);
        Organization organization;
        Donor donor;
        DonorGivingSummary summary;
        Paged<GiftListItem> giftPage;
        Paged<ReceiptListItem> receiptList;
        using (var db = connections.Read())
        {
            var found = donors.Find(db, session.OrganizationId, session.DonorId);
            if (found is null || found.MergedIntoId is not null || found.IsErased)
                return null;
            (organization, donor) = (organizations.Find(db, session.OrganizationId)!, found);
            summary = donors.GivingSummary(db, session.OrganizationId, session.DonorId);
            giftPage = gifts.List(db, session.OrganizationId, new GiftQuery { DonorId = session.DonorId, Page = new PageRequest(page, GiftsPerPage) }).Gifts;
            receiptList = receipts.List(db, session.OrganizationId, session.DonorId, new PageRequest(1, PageRequest.MaximumSize));
        }
        var ownMemberships = memberships.ForDonor(actor, session.DonorId);
        var ownPledges = recurringDonations.List(actor, session.DonorId);
        HashSet<long> cardRenewed;
        using (var db = connections.Read())
        {
            cardRenewed = ownMemberships.Where(m => m.CancelledOn is null)
                .Select(m => membershipRows.Find(db, session.OrganizationId, m.Id))
                .Where(row => row is { StripeSubscriptionId: not null, AutoRenew: true }).Select(row => row!.Id).ToHashSet();
        }
        return new DonorPageView(organization, donor, summary, giftPage, ownMemberships, ownPledges, receiptList.Items.Where(r => !r.IsVoided).ToList())
        {
            CardRenewedMemberships = cardRenewed,
        };
    }

    /// <summary>A copy of one of the donor's own receipts or statements; null for any receipt that is not theirs.</summary>
    public ReceiptPdf? ReceiptCopy(DonorSession session, long receiptId)
    {
        Receipt? receipt;
        using (var db = connections.Read())
            receipt = receipts.Find(db, session.OrganizationId, receiptId);
        if (receipt is null || receipt.DonorId != session.DonorId || receipt.IsVoided)
            return null;
        return printer.Print(receipt, ReceiptPrinting.Copy);
    }

    public DonorContactInput? Contact(DonorSession session)
    {
        using var db = connections.Read();
        return donors.Find(db, session.OrganizationId, session.DonorId) is { MergedIntoId: null, IsErased: false } donor ? DonorContactInput.From(donor) : null;
    }

    /// <summary>The donor changes their own address, phone or preference: validated like staff edits, audited, and listed for staff to review.</summary>
    public bool UpdateContact(DonorSession session, DonorContactInput input)
    {
        using var db = connections.BeginTransaction();
        var before = donors.Find(db, session.OrganizationId, session.DonorId);
        if (before is null || before.MergedIntoId is not null || before.IsErased)
            return false;
        var changed = input.AppliedTo(before).Normalized();
        _validator.EnsureValid(changed);
        donors.Update(db, session.OrganizationId, session.DonorId, changed, clock.GetUtcNow());
        var after = donors.Find(db, session.OrganizationId, session.DonorId)!;
        audit.Record(db, ActorFor(session, before), "donor", session.DonorId, SelfServiceUpdate, DonorContactInput.From(before), DonorContactInput.From(after));
        db.Commit();
        return true;
    }

    /// <summary>The actor the donor's own changes are recorded under: the donor page, naming the donor.</summary>
    internal static Actor ActorFor(DonorSession session, Donor? donor = null) =>
        Actor.System(session.OrganizationId, donor is null ? $"Donor page (donor {session.DonorId})" : $"Donor page ({donor.DisplayName}, donor {donor.Id})");
}

/// <summary>The staff list of changes donors made themselves on their donor page, until someone marks each one reviewed.</summary>
public sealed class SelfServiceChangeReview(IDbConnectionFactory connections, AuditLog audit, TimeProvider clock)
{
    private static readonly (string Key, string Name)[] Fields =
    [
        ("phone", "Phone"), ("addressLine1", "Address line 1"), ("addressLine2", "Address line 2"), ("city", "City"), ("region", "State or region"),
        ("postalCode", "Postal code"), ("country", "Country"), ("doNotContact", "Do not contact"),
    ];

    /// <summary>Changes not yet reviewed, oldest first.</summary>
    public IReadOnlyList<SelfServiceChange> Pending(Actor actor)
    {
        actor.Require(Role.Entry);
        const string sql = """
            SELECT a.id, a.at, a.entity_id, d.kind, d.first_name, d.last_name, d.organization_name, a.before_json, a.after_json
            FROM audit_entries a
            JOIN donors d ON d.organization_id = a.organization_id AND d.id = a.entity_id
            WHERE a.organization_id = @organizationId AND a.action = 'self_service_update' AND a.entity_type = 'donor'
              AND NOT EXISTS (SELECT 1 FROM donor_self_service_reviews r WHERE r.organization_id = a.organization_id AND r.audit_entry_id = a.id)
            ORDER BY a.id
            LIMIT 500
            """;
        using var db = connections.Read();
        return db.Connection.Query<(long Id, DateTimeOffset At, long DonorId, DonorKind Kind, string? First, string? Last, string? OrganizationName, string? Before, string? After)>(
                sql, new { organizationId = actor.OrganizationId })
            .Select(row => new SelfServiceChange(row.Id, row.At, row.DonorId, DonorNames.Display(row.Kind, row.First, row.Last, row.OrganizationName), Differences(row.Before, row.After)))
            .ToList();
    }

    /// <summary>Takes one change off the list; false when there is no such unreviewed change in the organization.</summary>
    public bool MarkReviewed(Actor actor, long auditEntryId)
    {
        actor.Require(Role.Entry);
        const string sql = """
            INSERT INTO donor_self_service_reviews (organization_id, audit_entry_id, reviewed_at, reviewed_by)
            SELECT organization_id, id, @now, @reviewedBy FROM audit_entries
            WHERE organization_id = @organizationId AND id = @auditEntryId AND action = 'self_service_update'
            ON CONFLICT (organization_id, audit_entry_id) DO NOTHING
            """;
        using var db = connections.BeginTransaction();
        var marked = db.Connection.Execute(sql, new { organizationId = actor.OrganizationId, auditEntryId, now = clock.GetUtcNow(), reviewedBy = actor.Name }, db.Transaction) == 1;
        if (!marked)
            return false;
        audit.Record(db, actor, "audit_entry", auditEntryId, "self_service_change_reviewed", null, null);
        db.Commit();
        return true;
    }

    private static IReadOnlyList<ChangedField> Differences(string? beforeJson, string? afterJson)
    {
        using var before = JsonDocument.Parse(beforeJson ?? "{}");
        using var after = JsonDocument.Parse(afterJson ?? "{}");
        return Fields
            .Select(field => new ChangedField(field.Name, Text(before.RootElement, field.Key), Text(after.RootElement, field.Key)))
            .Where(field => field.Before != field.After)
            .ToList();
    }

    private static string? Text(JsonElement root, string key) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(key, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.True => "yes",
                JsonValueKind.False => "no",
                _ => value.ToString(),
            }
            : null;
}
