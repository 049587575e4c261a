-- Card payments through Stripe: per-organization keys (secrets encrypted by the web host before they get here),
-- every webhook event kept by id so each is applied exactly once, and what card gifts need for reconciliation.

CREATE TABLE payment_settings (
    organization_id          INTEGER PRIMARY KEY REFERENCES organizations (id),
    publishable_key          TEXT NOT NULL,
    protected_secret_key     TEXT NOT NULL,
    protected_webhook_secret TEXT NOT NULL,
    updated_at               TEXT NOT NULL,
    updated_by               TEXT NOT NULL
) STRICT;

CREATE TABLE stripe_events (
    event_id        TEXT PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    type            TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    outcome         TEXT NOT NULL,
    gift_id         INTEGER
) STRICT;
CREATE INDEX ix_stripe_events_received ON stripe_events (organization_id, received_at);

CREATE TABLE payment_failures (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    subscription_id TEXT,
    invoice_id      TEXT NOT NULL,
    donor_email     TEXT,
    amount_cents    INTEGER NOT NULL CHECK (amount_cents >= 0),
    currency        TEXT NOT NULL,
    reason          TEXT,
    failed_at       TEXT NOT NULL,
    resolved_at     TEXT,
    UNIQUE (organization_id, invoice_id)
) STRICT;
CREATE INDEX ix_payment_failures_open ON payment_failures (organization_id, failed_at) WHERE resolved_at IS NULL;

ALTER TABLE gifts ADD COLUMN settled_on TEXT;
ALTER TABLE gifts ADD COLUMN disputed_at TEXT;
ALTER TABLE gifts ADD COLUMN dispute_reason TEXT;
CREATE INDEX ix_gifts_settled ON gifts (organization_id, settled_on) WHERE settled_on IS NOT NULL;
