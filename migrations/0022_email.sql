-- Email acknowledgments (issue 15): per-organization SMTP settings, edited templates, how each gift was thanked, and the
-- outbox every message goes through. An outbox row is written in the transaction of the action that caused it and sent
-- afterwards by the outbox worker; docs/email.md has the sending rule (at most once, at least once).

CREATE TABLE mail_settings (
    organization_id     INTEGER PRIMARY KEY REFERENCES organizations (id),
    smtp_host           TEXT NOT NULL CHECK (length(smtp_host) BETWEEN 1 AND 253),
    smtp_port           INTEGER NOT NULL CHECK (smtp_port BETWEEN 1 AND 65535),
    security            TEXT NOT NULL CHECK (security IN ('none', 'start_tls', 'implicit_tls')),
    user_name           TEXT,
    protected_password  TEXT,
    from_name           TEXT NOT NULL CHECK (length(from_name) BETWEEN 1 AND 200),
    from_address        TEXT NOT NULL CHECK (length(from_address) BETWEEN 3 AND 254),
    reply_to            TEXT,
    language            TEXT NOT NULL CHECK (language IN ('en', 'es')),
    updated_at          TEXT NOT NULL,
    updated_by          TEXT NOT NULL
) STRICT;

-- Only the templates an organization edited; the shipped English and Spanish texts live in code.
CREATE TABLE email_templates (
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    kind            TEXT NOT NULL CHECK (kind IN ('gift_thank_you', 'receipt', 'year_end_statement', 'dues_due_soon', 'dues_lapsed', 'matching_thank_you')),
    language        TEXT NOT NULL CHECK (language IN ('en', 'es')),
    subject         TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
    text_body       TEXT NOT NULL CHECK (length(text_body) BETWEEN 1 AND 20000),
    html_body       TEXT NOT NULL CHECK (length(html_body) BETWEEN 1 AND 40000),
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    PRIMARY KEY (organization_id, kind, language)
) STRICT;

CREATE TABLE email_outbox (
    id                  INTEGER PRIMARY KEY,
    organization_id     INTEGER NOT NULL REFERENCES organizations (id),
    message_id          TEXT NOT NULL UNIQUE,
    kind                TEXT NOT NULL CHECK (kind IN ('gift_thank_you', 'receipt', 'year_end_statement', 'dues_due_soon', 'dues_lapsed', 'matching_thank_you')),
    donor_id            INTEGER,
    gift_id             INTEGER,
    batch               TEXT,
    recipient_name      TEXT NOT NULL,
    recipient_address   TEXT,
    subject             TEXT NOT NULL,
    text_body           TEXT NOT NULL,
    html_body           TEXT NOT NULL,
    receipt_id          INTEGER,
    receipt_copy        INTEGER NOT NULL DEFAULT 0 CHECK (receipt_copy IN (0, 1)),
    status              TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'skipped', 'uncertain')),
    attempts            INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at     TEXT NOT NULL,
    reason              TEXT,
    queued_at           TEXT NOT NULL,
    queued_by           TEXT NOT NULL,
    claimed_at          TEXT,
    sent_at             TEXT,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, donor_id) REFERENCES donors (organization_id, id),
    FOREIGN KEY (organization_id, gift_id) REFERENCES gifts (organization_id, id),
    FOREIGN KEY (organization_id, receipt_id) REFERENCES receipts (organization_id, id)
) STRICT;
-- The worker's claim: every organization's due messages, oldest due first.
CREATE INDEX ix_email_outbox_due ON email_outbox (status, next_attempt_at, id);
CREATE INDEX ix_email_outbox_list ON email_outbox (organization_id, id);
CREATE INDEX ix_email_outbox_status ON email_outbox (organization_id, status, id);
CREATE INDEX ix_email_outbox_batch ON email_outbox (organization_id, batch, status) WHERE batch IS NOT NULL;
CREATE INDEX ix_email_outbox_donor ON email_outbox (organization_id, donor_id);
CREATE INDEX ix_email_outbox_gift ON email_outbox (organization_id, gift_id) WHERE gift_id IS NOT NULL;

-- How a gift was thanked; one row per gift. An email acknowledgment names its outbox message, and one whose message
-- failed or was skipped leaves the gift on the to-thank list.
CREATE TABLE gift_acknowledgments (
    id                  INTEGER PRIMARY KEY,
    organization_id     INTEGER NOT NULL REFERENCES organizations (id),
    gift_id             INTEGER NOT NULL,
    method              TEXT NOT NULL CHECK (method IN ('email', 'letter', 'call')),
    acknowledged_at     TEXT NOT NULL,
    acknowledged_by     TEXT NOT NULL,
    outbox_id           INTEGER,
    UNIQUE (organization_id, gift_id),
    FOREIGN KEY (organization_id, gift_id) REFERENCES gifts (organization_id, id),
    FOREIGN KEY (organization_id, outbox_id) REFERENCES email_outbox (organization_id, id)
) STRICT;
CREATE INDEX ix_gift_acknowledgments_at ON gift_acknowledgments (organization_id, acknowledged_at);
