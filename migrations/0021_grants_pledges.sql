-- Grants, pledges and their installment schedules; reporting deadlines; pledge write-offs; the funding-cliff threshold.
-- What an installment has been paid is never stored: it is derived from the counted gifts linked to the grant or pledge,
-- applied to installments in schedule order, so a void or refund reopens an installment by itself.

CREATE TABLE grants (
    id               INTEGER PRIMARY KEY,
    organization_id  INTEGER NOT NULL REFERENCES organizations (id),
    funder_donor_id  INTEGER NOT NULL,
    name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    amount_cents     INTEGER NOT NULL CHECK (amount_cents BETWEEN 1 AND 100000000000),
    awarded_on       TEXT CHECK (awarded_on IS NULL OR awarded_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    starts_on        TEXT NOT NULL CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    ends_on          TEXT NOT NULL CHECK (ends_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    restriction      TEXT NOT NULL CHECK (restriction IN ('general_operating', 'project')),
    purpose          TEXT,
    program_area     TEXT,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'awarded', 'declined', 'closed')),
    notes            TEXT,
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, funder_donor_id) REFERENCES donors (organization_id, id),
    CHECK (ends_on >= starts_on),
    CHECK (restriction = 'general_operating' OR purpose IS NOT NULL)
) STRICT;
CREATE INDEX ix_grants_status_ends ON grants (organization_id, status, ends_on);
CREATE INDEX ix_grants_ends ON grants (organization_id, ends_on);
CREATE INDEX ix_grants_funder ON grants (organization_id, funder_donor_id);

CREATE TABLE grant_installments (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL,
    grant_id        INTEGER NOT NULL,
    position        INTEGER NOT NULL CHECK (position >= 0),
    due_on          TEXT NOT NULL CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
    UNIQUE (organization_id, grant_id, position),
    FOREIGN KEY (organization_id, grant_id) REFERENCES grants (organization_id, id)
) STRICT;
CREATE INDEX ix_grant_installments_due ON grant_installments (organization_id, due_on, grant_id);

CREATE TABLE grant_report_deadlines (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL,
    grant_id        INTEGER NOT NULL,
    due_on          TEXT NOT NULL CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    description     TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
    done            INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    FOREIGN KEY (organization_id, grant_id) REFERENCES grants (organization_id, id)
) STRICT;
CREATE INDEX ix_grant_report_deadlines_grant ON grant_report_deadlines (organization_id, grant_id, due_on);
CREATE INDEX ix_grant_report_deadlines_open ON grant_report_deadlines (organization_id, due_on) WHERE done = 0;

CREATE TABLE pledges (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    donor_id        INTEGER NOT NULL,
    amount_cents    INTEGER NOT NULL CHECK (amount_cents BETWEEN 1 AND 100000000000),
    pledged_on      TEXT NOT NULL CHECK (pledged_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    category        TEXT NOT NULL CHECK (category IN ('individual', 'membership_dues', 'foundation', 'government', 'corporate', 'events', 'earned', 'matching', 'other')),
    purpose         TEXT,
    notes           TEXT,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, donor_id) REFERENCES donors (organization_id, id)
) STRICT;
CREATE INDEX ix_pledges_donor ON pledges (organization_id, donor_id);
CREATE INDEX ix_pledges_pledged ON pledges (organization_id, pledged_on, id);

CREATE TABLE pledge_installments (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL,
    pledge_id       INTEGER NOT NULL,
    position        INTEGER NOT NULL CHECK (position >= 0),
    due_on          TEXT NOT NULL CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
    UNIQUE (organization_id, pledge_id, position),
    FOREIGN KEY (organization_id, pledge_id) REFERENCES pledges (organization_id, id)
) STRICT;
CREATE INDEX ix_pledge_installments_due ON pledge_installments (organization_id, due_on, pledge_id);

-- A write-off is kept as its own row: it leaves expected revenue but stays in the pledge's history.
CREATE TABLE pledge_write_offs (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL,
    pledge_id       INTEGER NOT NULL,
    amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
    written_off_on  TEXT NOT NULL CHECK (written_off_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    reason          TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    FOREIGN KEY (organization_id, pledge_id) REFERENCES pledges (organization_id, id)
) STRICT;
CREATE INDEX ix_pledge_write_offs_pledge ON pledge_write_offs (organization_id, pledge_id);

-- SQLite cannot add a composite foreign key to an existing table; GiftService checks the pledge exists in the organization.
ALTER TABLE gifts ADD COLUMN pledge_id INTEGER;
-- Covering: a grant's or pledge's payments are summed without touching the gift rows.
CREATE INDEX ix_gifts_grant ON gifts (organization_id, grant_id, received_on, status, amount_cents, refunded_cents) WHERE grant_id IS NOT NULL;
CREATE INDEX ix_gifts_pledge ON gifts (organization_id, pledge_id, received_on, status, amount_cents, refunded_cents) WHERE pledge_id IS NOT NULL;

CREATE TABLE funding_cliff_settings (
    organization_id   INTEGER PRIMARY KEY REFERENCES organizations (id),
    threshold_percent INTEGER NOT NULL CHECK (threshold_percent BETWEEN 1 AND 100),
    updated_at        TEXT NOT NULL
) STRICT;
