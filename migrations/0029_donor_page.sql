-- The donor page (issue 16 item 1) and failed-payment recovery (item 2).
--
-- A donor signs in at /my/{organization} with a one-time link mailed to the address on their donor record. Only the
-- SHA-256 of the link's random token is kept; a link is bound to the organization and the address (not to a donor
-- record: an address on two records lets the donor choose), expires 30 minutes after it was asked for and works once.
CREATE TABLE donor_sign_in_links (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    token_hash      TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    email           TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    requested_at    TEXT NOT NULL,
    expires_at      TEXT NOT NULL CHECK (expires_at > requested_at),
    used_at         TEXT
) STRICT;
-- The per-address limit counts an address's recent requests.
CREATE INDEX ix_donor_sign_in_links_email ON donor_sign_in_links (organization_id, email COLLATE NOCASE, requested_at);

-- A donor's own change of address, phone or preferences is an audit entry (entity 'donor', action 'self_service_update');
-- staff work through them on a review list, and a row here marks one as seen.
CREATE TABLE donor_self_service_reviews (
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    audit_entry_id  INTEGER NOT NULL REFERENCES audit_entries (id),
    reviewed_at     TEXT NOT NULL,
    reviewed_by     TEXT NOT NULL,
    PRIMARY KEY (organization_id, audit_entry_id)
) STRICT;
CREATE INDEX ix_audit_entries_action ON audit_entries (organization_id, action, id) WHERE action = 'self_service_update';

-- Failed-payment recovery: Stripe's attempt count and next retry per declined invoice, and how an episode ended
-- (paid after all: recovered; subscription ended: lost), for the at-risk list and the recovered/lost revenue figures.
ALTER TABLE payment_failures ADD COLUMN attempt_count INTEGER NOT NULL DEFAULT 1 CHECK (attempt_count >= 0);
ALTER TABLE payment_failures ADD COLUMN next_attempt_at TEXT;
ALTER TABLE payment_failures ADD COLUMN outcome TEXT CHECK (outcome IN ('recovered', 'lost'));
CREATE INDEX ix_payment_failures_resolved ON payment_failures (organization_id, resolved_at) WHERE resolved_at IS NOT NULL;

-- Two new email kinds (the sign-in link, the failed-payment notice) widen the kind CHECK of the templates and the outbox,
-- which SQLite can only do by rebuilding the tables. Renaming a table rewrites the foreign keys that point at it, so
-- gift_acknowledgments (which points at email_outbox) is rebuilt too, to point at the new outbox.

ALTER TABLE email_templates RENAME TO email_templates_before_0029;
CREATE TABLE email_templates (
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    kind            TEXT NOT NULL CHECK (kind IN ('gift_thank_you', 'receipt', 'year_end_statement', 'dues_due_soon', 'dues_lapsed', 'matching_thank_you', 'donor_sign_in_link', 'card_payment_failed')),
    language        TEXT NOT NULL CHECK (language IN ('en', 'es')),
    subject         TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
    text_body       TEXT NOT NULL CHECK (length(text_body) BETWEEN 1 AND 20000),
    html_body       TEXT NOT NULL CHECK (length(html_body) BETWEEN 1 AND 40000),
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    PRIMARY KEY (organization_id, kind, language)
) STRICT;
INSERT INTO email_templates SELECT * FROM email_templates_before_0029;
DROP TABLE email_templates_before_0029;

ALTER TABLE email_outbox RENAME TO email_outbox_before_0029;
CREATE TABLE email_outbox (
    id                  INTEGER PRIMARY KEY,
    organization_id     INTEGER NOT NULL REFERENCES organizations (id),
    message_id          TEXT NOT NULL UNIQUE,
    kind                TEXT NOT NULL CHECK (kind IN ('gift_thank_you', 'receipt', 'year_end_statement', 'dues_due_soon', 'dues_lapsed', 'matching_thank_you', 'donor_sign_in_link', 'card_payment_failed')),
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
INSERT INTO email_outbox SELECT * FROM email_outbox_before_0029;

ALTER TABLE gift_acknowledgments RENAME TO gift_acknowledgments_before_0029;
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
INSERT INTO gift_acknowledgments SELECT * FROM gift_acknowledgments_before_0029;
DROP TABLE gift_acknowledgments_before_0029;
CREATE INDEX ix_gift_acknowledgments_at ON gift_acknowledgments (organization_id, acknowledged_at);
DROP TABLE email_outbox_before_0029;
CREATE INDEX ix_email_outbox_due ON email_outbox (status, next_attempt_at, id);
CREATE INDEX ix_email_outbox_list ON email_outbox (organization_id, id);
CREATE INDEX ix_email_outbox_status ON email_outbox (organization_id, status, id);
CREATE INDEX ix_email_outbox_batch ON email_outbox (organization_id, batch, status) WHERE batch IS NOT NULL;
CREATE INDEX ix_email_outbox_donor ON email_outbox (organization_id, donor_id);
CREATE INDEX ix_email_outbox_gift ON email_outbox (organization_id, gift_id) WHERE gift_id IS NOT NULL;
