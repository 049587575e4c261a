using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Privacy;

/// <summary>
/// The statements of a privacy request: reading every row that concerns a donor (<see cref="DonorDataSources"/>) and
/// replacing or removing its personal data. Every statement is scoped by organization.
/// </summary>
public sealed class DonorPrivacyRepository
{
    // Exports read every column, present and future: a privacy export that listed columns would silently miss one added later.
    // A schema test holds this list to every donor-id column of the migrated database.

    /// <summary>Every table that holds a donor id, the columns that hold it, and the statement that reads the donor's rows there.</summary>
    public static IReadOnlyList<DonorDataSource> DonorDataSources { get; } =
    [
        new("donors", ["merged_into_id"], "the donor, and donors merged into it earlier",
            "SELECT * FROM donors WHERE organization_id = @organizationId AND (id = @donorId OR merged_into_id = @donorId) ORDER BY id"),
        new("donor_tags", ["donor_id"], "the donor's tags",
            "SELECT * FROM donor_tags WHERE organization_id = @organizationId AND donor_id = @donorId ORDER BY tag"),
        new("gifts", ["donor_id"], "gifts the donor gave",
            "SELECT * FROM gifts WHERE organization_id = @organizationId AND donor_id = @donorId ORDER BY received_on, id"),
        new("gift_soft_credits", ["donor_id"], "soft credits naming the donor",
            "SELECT * FROM gift_soft_credits WHERE organization_id = @organizationId AND donor_id = @donorId ORDER BY id"),
        new("memberships", ["donor_id"], "the donor's membership terms",
            "SELECT * FROM memberships WHERE organization_id = @organizationId AND donor_id = @donorId ORDER BY id"),
        new("recurring_donations", ["donor_id"], "the donor's recurring donations",
            "SELECT * FROM recurring_donations WHERE organization_id = @organizationId AND donor_id = @donorId ORDER BY id"),
        new("receipts", ["donor_id"], "receipts issued to the donor, with their issued content",
            "SELECT * FROM receipts WHERE organization_id = @organizationId AND donor_id = @donorId ORDER BY id"),
        new("alliance_dues_payers", ["donor_id"], "the member organization the donor pays alliance dues for",
            "SELECT * FROM alliance_dues_payers WHERE organization_id = @organizationId AND donor_id = @donorId"),
        new("matching_campaigns", ["funder_donor_id"], "matching campaigns the donor funds",
            "SELECT * FROM matching_campaigns WHERE organization_id = @organizationId AND funder_donor_id = @donorId ORDER BY id"),
        new("matching_allocations", ["donor_id"], "matching money allocated to the donor's gifts",
            "SELECT * FROM matching_allocations WHERE organization_id = @organizationId AND donor_id = @donorId ORDER BY campaign_id, gift_id"),
        new("grants", ["funder_donor_id"], "grants the donor awarded as funder",
            "SELECT * FROM grants WHERE organization_id = @organizationId AND funder_donor_id = @donorId ORDER BY id"),
        new("pledges", ["donor_id"], "the donor's pledges",
            "SELECT * FROM pledges WHERE organization_id = @organizationId AND donor_id = @donorId ORDER BY id"),
        // A sign-in link message carries the link's token, a credential: the donor_sign_in_links source holds its times instead.
        new("email_outbox", ["donor_id"], "messages written to the donor (thank-yous, receipts, statements, reminders; sign-in links are listed on their own)",
            "SELECT * FROM email_outbox WHERE organization_id = @organizationId AND donor_id = @donorId AND kind <> 'donor_sign_in_link' ORDER BY id"),
        new("household_members", ["donor_id"], "the household the donor belongs to",
            "SELECT * FROM household_members WHERE organization_id = @organizationId AND donor_id = @donorId"),
        new("import_donor_keys", ["donor_id"], "the donor's ids in systems it was imported from",
            "SELECT * FROM import_donor_keys WHERE organization_id = @organizationId AND donor_id = @donorId ORDER BY external_id"),
        new("donor_distinct_pairs", ["low_donor_id", "high_donor_id"], "donors marked as not the same person as this one",
            "SELECT * FROM donor_distinct_pairs WHERE organization_id = @organizationId AND (low_donor_id = @donorId OR high_donor_id = @donorId)"),
        new("report_rollups", ["donor_id"], "report totals derived from the donor's gifts, per month and category",
            "SELECT * FROM report_rollups WHERE organization_id = @organizationId AND donor_id = @donorId ORDER BY month, category"),
        new("report_donor_years", ["donor_id"], "report totals derived from the donor's gifts, per calendar year",
            "SELECT * FROM report_donor_years WHERE organization_id = @organizationId AND donor_id = @donorId ORDER BY year"),
        new("report_donor_fiscal_years", ["donor_id"], "report totals derived from the donor's gifts, per fiscal year",
            "SELECT * FROM report_donor_fiscal_years WHERE organization_id = @organizationId AND donor_id = @donorId ORDER BY fiscal_year"),
        new("report_donors", ["donor_id"], "the donor's first and last gift and lifetime total, derived from the gifts",
            "SELECT * FROM report_donors WHERE organization_id = @organizationId AND donor_id = @donorId"),
        new("audit_entries", [], "the audit trail of changes to the donor record",
            "SELECT * FROM audit_entries WHERE organization_id = @organizationId AND entity_type = 'donor' AND entity_id = @donorId ORDER BY id"),
        new("payment_failures", [], "failed card payments recorded under the donor's email",
            """
            SELECT f.* FROM payment_failures f
            WHERE f.organization_id = @organizationId
              AND f.donor_email COLLATE NOCASE IN (SELECT email FROM donors
                                    WHERE organization_id = @organizationId AND (id = @donorId OR merged_into_id = @donorId) AND email IS NOT NULL)
            ORDER BY f.id
            """),
        // The two sign-in tables list their columns: the hash of a code or token is a credential, not data about the donor.
        new("donor_sign_in_codes", ["donor_id"], "sign-in codes printed in letters to the donor: when printed, by whom, until when, when used",
            """
            SELECT id, organization_id, donor_id, printed_at, printed_by, expires_at, used_at, withdrawn_at FROM donor_sign_in_codes
            WHERE organization_id = @organizationId AND donor_id = @donorId ORDER BY id
            """),
        new("donor_sign_in_links", [], "sign-in links mailed to the donor's address: when asked for, until when, when used",
            """
            SELECT l.id, l.organization_id, l.email, l.requested_at, l.expires_at, l.used_at FROM donor_sign_in_links l
            WHERE l.organization_id = @organizationId
              AND l.email COLLATE NOCASE IN (SELECT email FROM donors
                                  WHERE organization_id = @organizationId AND (id = @donorId OR merged_into_id = @donorId) AND email IS NOT NULL)
            ORDER BY l.id
            """),
    ];

    /// <summary>The rows one source selects for the donor, with their column names as stored.</summary>
    public DonorDataTable Read(DbSession db, long organizationId, long donorId, DonorDataSource source)
    {
        using var reader = db.Connection.ExecuteReader(source.Sql, new { organizationId, donorId }, db.Transaction);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<IReadOnlyList<object?>>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToList());
        return new DonorDataTable(source.Table, source.Selection, columns, rows);
    }

    /// <summary>The donor and every donor merged into it: one person's records, erased together.</summary>
    public IReadOnlyList<long> SamePersonIds(DbSession db, long organizationId, long donorId)
    {
        const string sql = "SELECT id FROM donors WHERE organization_id = @organizationId AND (id = @donorId OR merged_into_id = @donorId) ORDER BY id";
        return db.Connection.Query<long>(sql, new { organizationId, donorId }, db.Transaction).AsList();
    }

    /// <summary>Card subscriptions still running for these donors: recurring donations not ended and dues terms not cancelled.</summary>
    public IReadOnlyList<string> OpenCardSubscriptions(DbSession db, long organizationId, IReadOnlyList<long> donorIds)
    {
        const string sql = """
            SELECT 'recurring donation #' || id FROM recurring_donations
            WHERE organization_id = @organizationId AND donor_id IN @donorIds AND stripe_subscription_id IS NOT NULL AND status <> 'ended'
            UNION ALL
            SELECT 'membership #' || id FROM memberships
            WHERE organization_id = @organizationId AND donor_id IN @donorIds AND stripe_subscription_id IS NOT NULL AND cancelled_on IS NULL
            """;
        return db.Connection.Query<string>(sql, new { organizationId, donorIds }, db.Transaction).AsList();
    }

    public (long Gifts, long Receipts) KeptRecords(DbSession db, long organizationId, IReadOnlyList<long> donorIds)
    {
        const string sql = """
            SELECT (SELECT count(*) FROM gifts WHERE organization_id = @organizationId AND donor_id IN @donorIds),
                   (SELECT count(*) FROM receipts WHERE organization_id = @organizationId AND donor_id IN @donorIds)
            """;
        return db.Connection.QuerySingle<(long, long)>(sql, new { organizationId, donorIds }, db.Transaction);
    }

    /// <summary>
    /// Replaces the donor's personal fields by the placeholder name and marks it erased; the search index drops it (0025's
    /// trigger). The kind and usual category stay: they are not about the person and reports group by them.
    /// </summary>
    public void ReplacePersonalFields(DbSession db, long organizationId, long donorId, string placeholder, DateTimeOffset now)
    {
        const string sql = """
            UPDATE donors SET
                first_name = NULL,
                last_name = CASE WHEN kind = 'individual' THEN @placeholder END,
                organization_name = CASE WHEN kind = 'organization' THEN @placeholder END,
                sort_name = @placeholder, email = NULL, phone = NULL, address_line1 = NULL, address_line2 = NULL, city = NULL,
                region = NULL, postal_code = NULL, country = NULL, notes = NULL,
                do_not_contact = 1, deceased = 0, anonymous = 1, updated_at = @now, erased_at = @now
            WHERE organization_id = @organizationId AND id = @donorId
            """;
        db.Connection.Execute(sql, new { organizationId, donorId, placeholder, now }, db.Transaction);
    }

    /// <summary>The emails of these donors, read before they are erased (failed payments are filed under the email).</summary>
    public IReadOnlyList<string> EmailsOf(DbSession db, long organizationId, IReadOnlyList<long> donorIds)
    {
        const string sql = "SELECT email FROM donors WHERE organization_id = @organizationId AND id IN @donorIds AND email IS NOT NULL";
        return db.Connection.Query<string>(sql, new { organizationId, donorIds }, db.Transaction).AsList();
    }

    public long DeleteTags(DbSession db, long organizationId, IReadOnlyList<long> donorIds)
    {
        const string sql = "DELETE FROM donor_tags WHERE organization_id = @organizationId AND donor_id IN @donorIds";
        return db.Connection.Execute(sql, new { organizationId, donorIds }, db.Transaction);
    }

    /// <summary>
    /// Clears the free text written about the donor's gifts, credits, pledges and grants, and the messages written to them (a
    /// queued one is withdrawn); amounts, dates, methods, check
    /// numbers, Stripe ids and the reasons the books require (void, cancellation, write-off) stay.
    /// </summary>
    public void ClearFreeText(DbSession db, long organizationId, IReadOnlyList<long> donorIds, DateTimeOffset now)
    {
        const string sql = """
            UPDATE gifts SET notes = NULL, updated_at = @now
            WHERE organization_id = @organizationId AND donor_id IN @donorIds AND notes IS NOT NULL;
            UPDATE gift_soft_credits SET note = NULL
            WHERE organization_id = @organizationId AND note IS NOT NULL
              AND (donor_id IN @donorIds
                   OR gift_id IN (SELECT id FROM gifts WHERE organization_id = @organizationId AND donor_id IN @donorIds));
            UPDATE pledges SET notes = NULL, updated_at = @now
            WHERE organization_id = @organizationId AND donor_id IN @donorIds AND notes IS NOT NULL;
            UPDATE grants SET notes = NULL, updated_at = @now
            WHERE organization_id = @organizationId AND funder_donor_id IN @donorIds AND notes IS NOT NULL;
            UPDATE email_outbox
            SET recipient_name = 'Erased donor', recipient_address = NULL, subject = 'Erased', text_body = '', html_body = '',
                reason = CASE WHEN status IN ('queued', 'uncertain') THEN 'The donor was erased on request.' ELSE reason END,
                status = CASE WHEN status IN ('queued', 'uncertain') THEN 'skipped' ELSE status END
            WHERE organization_id = @organizationId AND donor_id IN @donorIds;
            """;
        db.Connection.Execute(sql, new { organizationId, donorIds, now }, db.Transaction);
    }

    /// <summary>A later import that names the donor's old id creates a new donor instead of filling the erased one back in.</summary>
    public long DeleteImportKeys(DbSession db, long organizationId, IReadOnlyList<long> donorIds)
    {
        const string sql = "DELETE FROM import_donor_keys WHERE organization_id = @organizationId AND donor_id IN @donorIds";
        return db.Connection.Execute(sql, new { organizationId, donorIds }, db.Transaction);
    }

    /// <summary>Removes the sign-in codes printed for these donors and the sign-in links mailed to their addresses.</summary>
    public (long Codes, long Links) DeleteSignInCredentials(DbSession db, long organizationId, IReadOnlyList<long> donorIds, IReadOnlyList<string> emails)
    {
        const string codes = "DELETE FROM donor_sign_in_codes WHERE organization_id = @organizationId AND donor_id IN @donorIds";
        const string links = "DELETE FROM donor_sign_in_links WHERE organization_id = @organizationId AND email COLLATE NOCASE IN @emails";
        var deletedCodes = db.Connection.Execute(codes, new { organizationId, donorIds }, db.Transaction);
        var deletedLinks = emails.Count == 0 ? 0 : db.Connection.Execute(links, new { organizationId, emails }, db.Transaction);
        return (deletedCodes, deletedLinks);
    }

    public void ForgetPaymentFailureEmails(DbSession db, long organizationId, IReadOnlyList<string> emails)
    {
        const string sql = """
            UPDATE payment_failures SET donor_email = NULL
            WHERE organization_id = @organizationId AND donor_email COLLATE NOCASE IN @emails
            """;
        if (emails.Count > 0)
            db.Connection.Execute(sql, new { organizationId, emails }, db.Transaction);
    }

    /// <summary>
    /// Earlier audit entries keep who changed what and when, but not the erased details: the donor's snapshots are replaced
    /// by a redaction note, and the notes in the snapshots of its gifts are cleared (their amounts stay for the books).
    /// </summary>
    public long RedactAuditEntries(DbSession db, long organizationId, IReadOnlyList<long> donorIds, string redaction)
    {
        const string donorEntries = """
            UPDATE audit_entries SET
                before_json = CASE WHEN before_json IS NOT NULL THEN @redaction END,
                after_json = CASE WHEN after_json IS NOT NULL THEN @redaction END
            WHERE organization_id = @organizationId AND entity_type = 'donor' AND entity_id IN @donorIds
            """;
        const string giftEntries = """
            UPDATE audit_entries SET
                before_json = CASE WHEN json_valid(before_json) AND json_type(before_json, '$.notes') IS NOT NULL
                                   THEN json_replace(before_json, '$.notes', NULL) ELSE before_json END,
                after_json = CASE WHEN json_valid(after_json) AND json_type(after_json, '$.notes') IS NOT NULL
                                  THEN json_replace(after_json, '$.notes', NULL) ELSE after_json END
            WHERE organization_id = @organizationId AND entity_type = 'gift'
              AND entity_id IN (SELECT id FROM gifts WHERE organization_id = @organizationId AND donor_id IN @donorIds)
            """;
        var args = new { organizationId, donorIds, redaction };
        var redacted = db.Connection.Execute(donorEntries, args, db.Transaction);
        db.Connection.Execute(giftEntries, args, db.Transaction);
        return redacted;
    }
}
