-- Stripe event ids are unique within Stripe, but one event can reach several organizations' webhook endpoints (an
-- alliance whose groups share a Stripe account): the first organization that stores an event as "ignored" must not
-- make the real delivery to its owner a duplicate. Processed events are therefore keyed by (organization, event id).
CREATE TABLE stripe_events_by_organization (
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    event_id        TEXT NOT NULL,
    type            TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    outcome         TEXT NOT NULL,
    gift_id         INTEGER,
    PRIMARY KEY (organization_id, event_id)
) STRICT;
INSERT INTO stripe_events_by_organization (organization_id, event_id, type, received_at, outcome, gift_id)
SELECT organization_id, event_id, type, received_at, outcome, gift_id FROM stripe_events;
DROP INDEX ix_stripe_events_received;
DROP TABLE stripe_events;
ALTER TABLE stripe_events_by_organization RENAME TO stripe_events;
CREATE INDEX ix_stripe_events_received ON stripe_events (organization_id, received_at);

-- A card gift is recorded while Stripe waits for the webhook's answer; its processing fee is fetched afterwards.
-- A row here means the gift's fee is still pending; it goes once the fee is recorded.
CREATE TABLE card_fees_pending (
    organization_id   INTEGER NOT NULL REFERENCES organizations (id),
    gift_id           INTEGER NOT NULL,
    payment_reference TEXT NOT NULL CHECK (payment_reference LIKE 'pi\_%' ESCAPE '\' OR payment_reference LIKE 'ch\_%' ESCAPE '\'),
    requested_at      TEXT NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_attempt_at   TEXT,
    last_error        TEXT,
    PRIMARY KEY (organization_id, gift_id),
    FOREIGN KEY (organization_id, gift_id) REFERENCES gifts (organization_id, id)
) STRICT;
