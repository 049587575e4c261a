-- Dues and recurring giving: membership plans (with sliding-scale tiers), membership terms, recurring pledges,
-- and the link from an alliance's member organization to the donor record that pays the alliance's dues.
-- paid_through, paid_periods, credit_cents (memberships) and next_installment (recurring donations) are caches:
-- the service replays the linked gifts and rewrites them whenever such a gift is recorded, voided or refunded.
-- Status is never stored for memberships: it depends on the clock and is derived when read.

CREATE TABLE membership_plans (
    id                   INTEGER PRIMARY KEY,
    organization_id      INTEGER NOT NULL REFERENCES organizations (id),
    name                 TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    member_kind          TEXT NOT NULL CHECK (member_kind IN ('individual', 'organization')),
    interval             TEXT NOT NULL CHECK (interval IN ('month', 'quarter', 'year')),
    pricing_kind         TEXT NOT NULL CHECK (pricing_kind IN ('fixed', 'sliding_scale', 'pay_what_you_can')),
    -- The fixed amount, or the pay-what-you-can minimum; null for sliding scale (see membership_plan_tiers).
    amount_cents         INTEGER CHECK (amount_cents IS NULL OR amount_cents BETWEEN 1 AND 1000000000),
    suggested_cents      INTEGER CHECK (suggested_cents IS NULL OR suggested_cents > 0),
    grace_days           INTEGER NOT NULL CHECK (grace_days BETWEEN 0 AND 365),
    benefits_description TEXT NOT NULL DEFAULT '',
    benefit_value_cents  INTEGER NOT NULL DEFAULT 0 CHECK (benefit_value_cents >= 0),
    retired              INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    UNIQUE (organization_id, id),
    CHECK (pricing_kind = 'sliding_scale' OR amount_cents IS NOT NULL)
) STRICT;
CREATE INDEX ix_membership_plans_name ON membership_plans (organization_id, retired, name);

CREATE TABLE membership_plan_tiers (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL,
    plan_id         INTEGER NOT NULL,
    position        INTEGER NOT NULL CHECK (position >= 0),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    amount_cents    INTEGER NOT NULL CHECK (amount_cents BETWEEN 1 AND 1000000000),
    UNIQUE (plan_id, name COLLATE NOCASE),
    FOREIGN KEY (organization_id, plan_id) REFERENCES membership_plans (organization_id, id)
) STRICT;
CREATE INDEX ix_membership_plan_tiers_plan ON membership_plan_tiers (organization_id, plan_id, position);

-- One row is one term: a plan change or a reinstatement that starts over closes the term (cancelled_on) and
-- opens a new one whose previous_membership_id points back and whose opening credit carries the money over.
CREATE TABLE memberships (
    id                     INTEGER PRIMARY KEY,
    organization_id        INTEGER NOT NULL REFERENCES organizations (id),
    donor_id               INTEGER NOT NULL,
    plan_id                INTEGER NOT NULL,
    starts_on              TEXT NOT NULL CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    tier_name              TEXT,
    period_cents           INTEGER NOT NULL CHECK (period_cents BETWEEN 1 AND 1000000000),
    auto_renew             INTEGER NOT NULL DEFAULT 0 CHECK (auto_renew IN (0, 1)),
    stripe_subscription_id TEXT,
    opening_credit_cents   INTEGER NOT NULL DEFAULT 0 CHECK (opening_credit_cents >= 0),
    previous_membership_id INTEGER,
    term_reason            TEXT NOT NULL DEFAULT 'enrolment' CHECK (term_reason IN ('enrolment', 'plan_change', 'reinstatement')),
    -- Set when a reinstatement starts a new term: what this term left unpaid is written off, not owed.
    arrears_waived         INTEGER NOT NULL DEFAULT 0 CHECK (arrears_waived IN (0, 1)),
    cancelled_on           TEXT,
    cancel_reason          TEXT,
    paid_through           TEXT NOT NULL,
    paid_periods           INTEGER NOT NULL DEFAULT 0 CHECK (paid_periods >= 0),
    credit_cents           INTEGER NOT NULL DEFAULT 0 CHECK (credit_cents >= 0),
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, donor_id) REFERENCES donors (organization_id, id),
    FOREIGN KEY (organization_id, plan_id) REFERENCES membership_plans (organization_id, id),
    FOREIGN KEY (organization_id, previous_membership_id) REFERENCES memberships (organization_id, id),
    CHECK (paid_through >= starts_on),
    CHECK (cancelled_on IS NULL OR cancel_reason IS NOT NULL),
    CHECK (term_reason = 'enrolment' OR previous_membership_id IS NOT NULL)
) STRICT;
CREATE INDEX ix_memberships_donor ON memberships (organization_id, donor_id, starts_on);
CREATE INDEX ix_memberships_plan ON memberships (organization_id, plan_id);
CREATE INDEX ix_memberships_paid_through ON memberships (organization_id, paid_through) WHERE cancelled_on IS NULL;
CREATE INDEX ix_memberships_cancelled ON memberships (organization_id, cancelled_on) WHERE cancelled_on IS NOT NULL;
CREATE INDEX ix_memberships_previous ON memberships (organization_id, previous_membership_id) WHERE previous_membership_id IS NOT NULL;
CREATE INDEX ix_memberships_stripe ON memberships (organization_id, stripe_subscription_id) WHERE stripe_subscription_id IS NOT NULL;

CREATE TABLE recurring_donations (
    id                     INTEGER PRIMARY KEY,
    organization_id        INTEGER NOT NULL REFERENCES organizations (id),
    donor_id               INTEGER NOT NULL,
    amount_cents           INTEGER NOT NULL CHECK (amount_cents BETWEEN 1 AND 1000000000),
    interval               TEXT NOT NULL CHECK (interval IN ('month', 'quarter', 'year')),
    starts_on              TEXT NOT NULL CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    status                 TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'failing', 'ended')),
    -- Installments passed over by a resume after a pause; next_installment = skipped + payments received.
    skipped_installments   INTEGER NOT NULL DEFAULT 0 CHECK (skipped_installments >= 0),
    next_installment       INTEGER NOT NULL DEFAULT 0 CHECK (next_installment >= 0),
    next_due_on            TEXT NOT NULL,
    stripe_subscription_id TEXT,
    failure_reason         TEXT,
    ended_on               TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, donor_id) REFERENCES donors (organization_id, id),
    CHECK (status <> 'ended' OR ended_on IS NOT NULL)
) STRICT;
CREATE INDEX ix_recurring_donations_donor ON recurring_donations (organization_id, donor_id);
CREATE INDEX ix_recurring_donations_due ON recurring_donations (organization_id, status, next_due_on);
CREATE INDEX ix_recurring_donations_stripe ON recurring_donations (organization_id, stripe_subscription_id) WHERE stripe_subscription_id IS NOT NULL;

-- The donor record, in the alliance's own books, that stands for one member organization paying dues.
CREATE TABLE alliance_dues_payers (
    organization_id        INTEGER NOT NULL REFERENCES organizations (id),
    member_organization_id INTEGER NOT NULL REFERENCES organizations (id),
    donor_id               INTEGER NOT NULL,
    PRIMARY KEY (organization_id, member_organization_id),
    UNIQUE (organization_id, donor_id),
    FOREIGN KEY (organization_id, donor_id) REFERENCES donors (organization_id, id),
    CHECK (organization_id <> member_organization_id)
) STRICT;

CREATE INDEX ix_gifts_membership ON gifts (organization_id, membership_id, received_on) WHERE membership_id IS NOT NULL;
CREATE INDEX ix_gifts_recurring_donation ON gifts (organization_id, recurring_donation_id, received_on) WHERE recurring_donation_id IS NOT NULL;
