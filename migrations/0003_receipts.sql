-- Receipts (US written acknowledgments): numbered per organization and year, immutable once issued.
-- A receipt keeps the exact content it was rendered from (content_json), so a reprint is the same
-- document marked as a copy; a mistake is fixed by voiding it and issuing a replacement.

CREATE TABLE receipt_settings (
    organization_id               INTEGER PRIMARY KEY REFERENCES organizations (id),
    numbering_year                TEXT NOT NULL DEFAULT 'calendar' CHECK (numbering_year IN ('calendar', 'fiscal')),
    exclude_receipted_from_annual INTEGER NOT NULL DEFAULT 0 CHECK (exclude_receipted_from_annual IN (0, 1)),
    signatory_title               TEXT,
    logo_png                      BLOB,
    updated_at                    TEXT NOT NULL
) STRICT;

-- The IRS's inflation-indexed limits under which benefits are insubstantial and may be disregarded
-- (Rev. Proc. each autumn). Built-in defaults cover known years; a row here overrides them.
CREATE TABLE insubstantial_benefit_limits (
    organization_id        INTEGER NOT NULL REFERENCES organizations (id),
    tax_year               INTEGER NOT NULL CHECK (tax_year BETWEEN 2000 AND 2100),
    low_cost_article_cents INTEGER NOT NULL CHECK (low_cost_article_cents >= 0),
    minimum_payment_cents  INTEGER NOT NULL CHECK (minimum_payment_cents >= 0),
    benefit_cap_cents      INTEGER NOT NULL CHECK (benefit_cap_cents >= 0),
    PRIMARY KEY (organization_id, tax_year)
) STRICT;

-- One row per organization and numbering year; next_number is taken and bumped by one UPSERT inside
-- the transaction that inserts the receipt, so a number is never skipped nor handed out twice.
CREATE TABLE receipt_sequences (
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    year            INTEGER NOT NULL,
    next_number     INTEGER NOT NULL CHECK (next_number >= 1),
    PRIMARY KEY (organization_id, year)
) STRICT;

CREATE TABLE receipts (
    id                  INTEGER PRIMARY KEY,
    organization_id     INTEGER NOT NULL REFERENCES organizations (id),
    number              TEXT NOT NULL,
    sequence_year       INTEGER NOT NULL,
    sequence_number     INTEGER NOT NULL CHECK (sequence_number >= 1),
    kind                TEXT NOT NULL CHECK (kind IN ('gift', 'annual')),
    donor_id            INTEGER NOT NULL,
    gift_id             INTEGER,
    period_start        TEXT,
    period_end          TEXT,
    currency            TEXT NOT NULL CHECK (length(currency) = 3),
    total_cents         INTEGER NOT NULL CHECK (total_cents >= 0),
    benefit_cents       INTEGER NOT NULL CHECK (benefit_cents >= 0),
    deductible_cents    INTEGER NOT NULL CHECK (deductible_cents >= 0),
    issued_at           TEXT NOT NULL,
    issued_by           TEXT NOT NULL,
    replaces_receipt_id INTEGER REFERENCES receipts (id),
    voided_at           TEXT,
    voided_by           TEXT,
    void_reason         TEXT,
    content_hash        TEXT NOT NULL,
    content_json        TEXT NOT NULL,
    UNIQUE (organization_id, id),
    UNIQUE (organization_id, number),
    UNIQUE (organization_id, sequence_year, sequence_number),
    FOREIGN KEY (organization_id, donor_id) REFERENCES donors (organization_id, id),
    FOREIGN KEY (organization_id, gift_id) REFERENCES gifts (organization_id, id),
    CHECK (kind = 'gift' AND gift_id IS NOT NULL AND period_start IS NULL
        OR kind = 'annual' AND gift_id IS NULL AND period_start IS NOT NULL AND period_end >= period_start),
    CHECK (voided_at IS NULL OR void_reason IS NOT NULL)
) STRICT;
-- At most one standing receipt per gift, and one standing statement per donor and period: a second
-- concurrent issuer fails here instead of writing a duplicate.
CREATE UNIQUE INDEX ux_receipts_current_gift ON receipts (organization_id, gift_id) WHERE kind = 'gift' AND voided_at IS NULL;
CREATE UNIQUE INDEX ux_receipts_current_annual ON receipts (organization_id, donor_id, period_start) WHERE kind = 'annual' AND voided_at IS NULL;
CREATE INDEX ix_receipts_issued ON receipts (organization_id, id DESC);
CREATE INDEX ix_receipts_donor ON receipts (organization_id, donor_id, issued_at);
CREATE INDEX ix_receipts_gift ON receipts (organization_id, gift_id) WHERE gift_id IS NOT NULL;

CREATE TABLE receipt_gifts (
    organization_id  INTEGER NOT NULL,
    receipt_id       INTEGER NOT NULL,
    gift_id          INTEGER NOT NULL,
    amount_cents     INTEGER NOT NULL,
    benefit_cents    INTEGER NOT NULL,
    deductible_cents INTEGER NOT NULL,
    PRIMARY KEY (receipt_id, gift_id),
    FOREIGN KEY (organization_id, receipt_id) REFERENCES receipts (organization_id, id),
    FOREIGN KEY (organization_id, gift_id) REFERENCES gifts (organization_id, id)
) STRICT;
CREATE INDEX ix_receipt_gifts_gift ON receipt_gifts (organization_id, gift_id);
