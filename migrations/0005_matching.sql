-- Matching-fund campaigns (DESIGN.md § Matching campaigns). The owner is the organization or alliance running the
-- drive; the funder is one of the owner's donors. Allocations are derived data: always what a fresh run of
-- MatchingAllocator gives, rewritten in the same transaction as the gift change that moves them.

CREATE TABLE matching_campaigns (
    id                      INTEGER PRIMARY KEY,
    organization_id         INTEGER NOT NULL REFERENCES organizations (id),
    name                    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    funder_donor_id         INTEGER NOT NULL,
    pool_cents              INTEGER NOT NULL CHECK (pool_cents > 0),
    ratio_numerator         INTEGER NOT NULL CHECK (ratio_numerator BETWEEN 1 AND 1000),
    ratio_denominator       INTEGER NOT NULL CHECK (ratio_denominator BETWEEN 1 AND 1000),
    per_gift_cap_cents      INTEGER CHECK (per_gift_cap_cents IS NULL OR per_gift_cap_cents > 0),
    per_donor_cap_cents     INTEGER CHECK (per_donor_cap_cents IS NULL OR per_donor_cap_cents > 0),
    starts_on               TEXT NOT NULL CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    ends_on                 TEXT NOT NULL CHECK (ends_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    eligibility             TEXT NOT NULL CHECK (eligibility IN ('all', 'new_donors', 'new_or_increased')),
    -- Space-separated lower_snake_case words; the validator keeps them to the known vocabularies.
    eligible_methods        TEXT NOT NULL,
    eligible_categories     TEXT NOT NULL,
    eligible_donor_kinds    TEXT NOT NULL,
    recurring_multiplier    INTEGER CHECK (recurring_multiplier IS NULL OR recurring_multiplier BETWEEN 1 AND 24),
    deductible_portion_only INTEGER NOT NULL DEFAULT 1 CHECK (deductible_portion_only IN (0, 1)),
    kind                    TEXT NOT NULL CHECK (kind IN ('match', 'challenge')),
    threshold_cents         INTEGER,
    claim_gift_id           INTEGER,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, funder_donor_id) REFERENCES donors (organization_id, id),
    FOREIGN KEY (organization_id, claim_gift_id) REFERENCES gifts (organization_id, id),
    CHECK (ends_on >= starts_on),
    CHECK (kind = 'challenge' AND threshold_cents > 0 OR kind = 'match' AND threshold_cents IS NULL)
) STRICT;
CREATE INDEX ix_matching_campaigns_organization ON matching_campaigns (organization_id, starts_on, id);

-- Running totals (matched, raised, gifts, donors) are kept here so progress pages and the one-gift update read
-- a row instead of summing every allocation; a full run rewrites them.
CREATE TABLE matching_participants (
    campaign_id     INTEGER NOT NULL REFERENCES matching_campaigns (id),
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    cap_cents       INTEGER CHECK (cap_cents IS NULL OR cap_cents > 0),
    raised_cents    INTEGER NOT NULL DEFAULT 0 CHECK (raised_cents >= 0),
    matched_cents   INTEGER NOT NULL DEFAULT 0 CHECK (matched_cents >= 0),
    gift_count      INTEGER NOT NULL DEFAULT 0 CHECK (gift_count >= 0),
    donor_count     INTEGER NOT NULL DEFAULT 0 CHECK (donor_count >= 0),
    PRIMARY KEY (campaign_id, organization_id),
    CHECK (cap_cents IS NULL OR matched_cents <= cap_cents)
) STRICT;
CREATE INDEX ix_matching_participants_organization ON matching_participants (organization_id, campaign_id);

-- One row per eligible gift (matched may be 0: the gift still counts as raised and fixes the walk position).
CREATE TABLE matching_allocations (
    campaign_id          INTEGER NOT NULL,
    gift_id              INTEGER NOT NULL,
    organization_id      INTEGER NOT NULL,
    donor_id             INTEGER NOT NULL,
    received_on          TEXT NOT NULL,
    net_cents            INTEGER NOT NULL CHECK (net_cents > 0),
    matchable_base_cents INTEGER NOT NULL CHECK (matchable_base_cents >= 0),
    matched_cents        INTEGER NOT NULL CHECK (matched_cents >= 0),
    PRIMARY KEY (campaign_id, gift_id),
    FOREIGN KEY (campaign_id, organization_id) REFERENCES matching_participants (campaign_id, organization_id),
    FOREIGN KEY (organization_id, gift_id) REFERENCES gifts (organization_id, id)
) STRICT;
CREATE INDEX ix_matching_allocations_walk ON matching_allocations (campaign_id, received_on, gift_id);
CREATE INDEX ix_matching_allocations_donor ON matching_allocations (campaign_id, organization_id, donor_id, matched_cents);
CREATE INDEX ix_matching_allocations_statement ON matching_allocations (campaign_id, organization_id, received_on, gift_id);
CREATE INDEX ix_matching_allocations_gift ON matching_allocations (gift_id);
