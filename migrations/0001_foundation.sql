-- Foundation: organizations, people who use the app, API keys, donors, funds, campaigns, gifts, audit.
-- Tenant rows carry organization_id; child rows reference (organization_id, id) pairs so the
-- database itself refuses a gift in one organization pointing at another organization's donor.

CREATE TABLE organizations (
    id                      INTEGER PRIMARY KEY,
    slug                    TEXT NOT NULL UNIQUE CHECK (slug GLOB '[a-z0-9]*' AND length(slug) BETWEEN 2 AND 60),
    name                    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    legal_name              TEXT,
    legal_status            TEXT NOT NULL DEFAULT 'informal' CHECK (legal_status IN ('501c3', 'fiscally_sponsored', 'informal')),
    ein                     TEXT,
    sponsor_name            TEXT,
    sponsor_ein             TEXT,
    address_line1           TEXT,
    address_line2           TEXT,
    city                    TEXT,
    region                  TEXT,
    postal_code             TEXT,
    country                 TEXT NOT NULL DEFAULT 'US',
    timezone                TEXT NOT NULL DEFAULT 'America/Chicago',
    currency                TEXT NOT NULL DEFAULT 'USD' CHECK (length(currency) = 3),
    culture                 TEXT NOT NULL DEFAULT 'en-US',
    fiscal_year_start_month INTEGER NOT NULL DEFAULT 1 CHECK (fiscal_year_start_month BETWEEN 1 AND 12),
    scale                   TEXT NOT NULL DEFAULT 'local' CHECK (scale IN ('local', 'regional', 'statewide', 'multi_state', 'national')),
    self_term               TEXT NOT NULL DEFAULT 'organization' CHECK (self_term IN ('organization', 'alliance', 'coalition', 'network', 'partnership')),
    mission                 TEXT,
    receipt_signatory       TEXT,
    receipt_statement       TEXT,
    created_at              TEXT NOT NULL
) STRICT;

CREATE TABLE alliance_members (
    id          INTEGER PRIMARY KEY,
    alliance_id INTEGER NOT NULL REFERENCES organizations (id),
    member_id   INTEGER NOT NULL REFERENCES organizations (id),
    role        TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('anchor', 'member', 'ally')),
    joined_on   TEXT NOT NULL,
    left_on     TEXT,
    CHECK (alliance_id <> member_id),
    CHECK (left_on IS NULL OR left_on >= joined_on)
) STRICT;
CREATE UNIQUE INDEX ux_alliance_members_current ON alliance_members (alliance_id, member_id) WHERE left_on IS NULL;
CREATE INDEX ix_alliance_members_member ON alliance_members (member_id);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE organization_users (
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    role            TEXT NOT NULL CHECK (role IN ('admin', 'treasurer', 'entry', 'viewer')),
    added_at        TEXT NOT NULL,
    PRIMARY KEY (organization_id, user_id)
) STRICT;
CREATE INDEX ix_organization_users_user ON organization_users (user_id);

CREATE TABLE api_keys (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    name            TEXT NOT NULL,
    key_prefix      TEXT NOT NULL,
    key_hash        TEXT NOT NULL UNIQUE,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'treasurer', 'entry', 'viewer')),
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    last_used_at    TEXT,
    revoked_at      TEXT
) STRICT;
CREATE INDEX ix_api_keys_organization ON api_keys (organization_id);

CREATE TABLE donors (
    id                INTEGER PRIMARY KEY,
    organization_id   INTEGER NOT NULL REFERENCES organizations (id),
    kind              TEXT NOT NULL CHECK (kind IN ('individual', 'organization')),
    first_name        TEXT,
    last_name         TEXT,
    organization_name TEXT,
    sort_name         TEXT NOT NULL,
    email             TEXT,
    phone             TEXT,
    address_line1     TEXT,
    address_line2     TEXT,
    city              TEXT,
    region            TEXT,
    postal_code       TEXT,
    country           TEXT,
    default_category  TEXT CHECK (default_category IN ('individual', 'membership_dues', 'foundation', 'government', 'corporate', 'events', 'earned', 'matching', 'other')),
    do_not_contact    INTEGER NOT NULL DEFAULT 0 CHECK (do_not_contact IN (0, 1)),
    deceased          INTEGER NOT NULL DEFAULT 0 CHECK (deceased IN (0, 1)),
    anonymous         INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
    notes             TEXT,
    merged_into_id    INTEGER REFERENCES donors (id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    UNIQUE (organization_id, id),
    CHECK (kind = 'organization' AND organization_name IS NOT NULL OR kind = 'individual' AND (first_name IS NOT NULL OR last_name IS NOT NULL))
) STRICT;
CREATE INDEX ix_donors_sort_name ON donors (organization_id, sort_name COLLATE NOCASE, id);
CREATE INDEX ix_donors_email ON donors (organization_id, email COLLATE NOCASE);
CREATE INDEX ix_donors_postal_code ON donors (organization_id, postal_code);
CREATE INDEX ix_donors_created ON donors (organization_id, created_at, id);

CREATE TABLE donor_tags (
    organization_id INTEGER NOT NULL,
    donor_id        INTEGER NOT NULL,
    tag             TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 50),
    PRIMARY KEY (donor_id, tag),
    FOREIGN KEY (organization_id, donor_id) REFERENCES donors (organization_id, id)
) STRICT;
CREATE INDEX ix_donor_tags_tag ON donor_tags (organization_id, tag);

-- Full-text search over names, email and postal code. remove_diacritics 2 lets "nguyen" find
-- "Nguyễn"; the prefix indexes keep type-ahead queries on short prefixes fast.
CREATE VIRTUAL TABLE donor_search USING fts5 (
    first_name, last_name, organization_name, email, postal_code,
    content = 'donors', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
CREATE TRIGGER donors_search_insert AFTER INSERT ON donors BEGIN
    INSERT INTO donor_search (rowid, first_name, last_name, organization_name, email, postal_code)
    VALUES (new.id, new.first_name, new.last_name, new.organization_name, new.email, new.postal_code);
END;
CREATE TRIGGER donors_search_delete AFTER DELETE ON donors BEGIN
    INSERT INTO donor_search (donor_search, rowid, first_name, last_name, organization_name, email, postal_code)
    VALUES ('delete', old.id, old.first_name, old.last_name, old.organization_name, old.email, old.postal_code);
END;
CREATE TRIGGER donors_search_update AFTER UPDATE OF first_name, last_name, organization_name, email, postal_code ON donors BEGIN
    INSERT INTO donor_search (donor_search, rowid, first_name, last_name, organization_name, email, postal_code)
    VALUES ('delete', old.id, old.first_name, old.last_name, old.organization_name, old.email, old.postal_code);
    INSERT INTO donor_search (rowid, first_name, last_name, organization_name, email, postal_code)
    VALUES (new.id, new.first_name, new.last_name, new.organization_name, new.email, new.postal_code);
END;

CREATE TABLE funds (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    restricted      INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1)),
    description     TEXT,
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (organization_id, id),
    UNIQUE (organization_id, name)
) STRICT;

CREATE TABLE campaigns (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    goal_cents      INTEGER CHECK (goal_cents IS NULL OR goal_cents > 0),
    starts_on       TEXT,
    ends_on         TEXT,
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (organization_id, id),
    UNIQUE (organization_id, name),
    CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
) STRICT;

CREATE TABLE gifts (
    id                    INTEGER PRIMARY KEY,
    organization_id       INTEGER NOT NULL REFERENCES organizations (id),
    donor_id              INTEGER NOT NULL,
    amount_cents          INTEGER NOT NULL CHECK (amount_cents > 0),
    currency              TEXT NOT NULL CHECK (length(currency) = 3),
    received_on           TEXT NOT NULL CHECK (received_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    method                TEXT NOT NULL CHECK (method IN ('card', 'check', 'cash', 'ach', 'in_kind', 'stock', 'other')),
    category              TEXT NOT NULL CHECK (category IN ('individual', 'membership_dues', 'foundation', 'government', 'corporate', 'events', 'earned', 'matching', 'other')),
    fund_id               INTEGER,
    campaign_id           INTEGER,
    benefit_value_cents   INTEGER NOT NULL DEFAULT 0 CHECK (benefit_value_cents >= 0),
    benefit_description   TEXT,
    in_kind_description   TEXT,
    check_number          TEXT,
    external_id           TEXT,
    fee_cents             INTEGER NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
    status                TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('pending', 'completed', 'failed', 'refunded', 'partially_refunded', 'voided')),
    refunded_cents        INTEGER NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
    membership_id         INTEGER,
    recurring_donation_id INTEGER,
    grant_id              INTEGER,
    notes                 TEXT,
    void_reason           TEXT,
    voided_at             TEXT,
    voided_by             TEXT,
    created_at            TEXT NOT NULL,
    created_by            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, donor_id) REFERENCES donors (organization_id, id),
    FOREIGN KEY (organization_id, fund_id) REFERENCES funds (organization_id, id),
    FOREIGN KEY (organization_id, campaign_id) REFERENCES campaigns (organization_id, id),
    CHECK (refunded_cents <= amount_cents),
    CHECK (benefit_value_cents <= amount_cents),
    CHECK (status <> 'voided' OR voided_at IS NOT NULL AND void_reason IS NOT NULL)
) STRICT;
CREATE INDEX ix_gifts_received ON gifts (organization_id, received_on, id);
CREATE INDEX ix_gifts_donor ON gifts (organization_id, donor_id, received_on);
CREATE INDEX ix_gifts_category ON gifts (organization_id, category, received_on);
CREATE INDEX ix_gifts_fund ON gifts (organization_id, fund_id, received_on) WHERE fund_id IS NOT NULL;
CREATE INDEX ix_gifts_campaign ON gifts (organization_id, campaign_id, received_on) WHERE campaign_id IS NOT NULL;
CREATE INDEX ix_gifts_external ON gifts (organization_id, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE gift_soft_credits (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL,
    gift_id         INTEGER NOT NULL,
    donor_id        INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('in_honor', 'in_memory', 'employer', 'household', 'solicitor', 'other')),
    note            TEXT,
    FOREIGN KEY (organization_id, gift_id) REFERENCES gifts (organization_id, id),
    FOREIGN KEY (organization_id, donor_id) REFERENCES donors (organization_id, id)
) STRICT;
CREATE INDEX ix_gift_soft_credits_gift ON gift_soft_credits (gift_id);
CREATE INDEX ix_gift_soft_credits_donor ON gift_soft_credits (organization_id, donor_id);

CREATE TABLE audit_entries (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    entity_type     TEXT NOT NULL,
    entity_id       INTEGER NOT NULL,
    action          TEXT NOT NULL,
    before_json     TEXT,
    after_json      TEXT
) STRICT;
CREATE INDEX ix_audit_entries_at ON audit_entries (organization_id, id DESC);
CREATE INDEX ix_audit_entries_entity ON audit_entries (organization_id, entity_type, entity_id);
