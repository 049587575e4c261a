-- Households (issue 16 item 3): individual donors grouped under one formal addressee, one informal salutation and one
-- mailing address, with one primary contact. A donor is in at most one household (the primary key of household_members),
-- only individuals join (the triggers below), and the composite keys keep a household and its members in one organization.
-- A blank addressee or salutation is generated from the members' names when read, so it follows the membership.
CREATE TABLE households (
    id                  INTEGER PRIMARY KEY,
    organization_id     INTEGER NOT NULL REFERENCES organizations (id),
    name                TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    formal_addressee    TEXT CHECK (length(formal_addressee) BETWEEN 1 AND 200),
    informal_salutation TEXT CHECK (length(informal_salutation) BETWEEN 1 AND 200),
    address_line1       TEXT,
    address_line2       TEXT,
    city                TEXT,
    region              TEXT,
    postal_code         TEXT,
    country             TEXT,
    external_id         TEXT CHECK (length(external_id) BETWEEN 1 AND 100),
    notes               TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    UNIQUE (organization_id, id)
) STRICT;
CREATE INDEX ix_households_name ON households (organization_id, name COLLATE NOCASE, id);
-- An import's household column names a household by its id in the system the file came from.
CREATE UNIQUE INDEX ux_households_external_id ON households (organization_id, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE household_members (
    organization_id INTEGER NOT NULL,
    household_id    INTEGER NOT NULL,
    donor_id        INTEGER NOT NULL,
    primary_contact INTEGER NOT NULL DEFAULT 0 CHECK (primary_contact IN (0, 1)),
    joined_at       TEXT NOT NULL,
    PRIMARY KEY (organization_id, donor_id),
    FOREIGN KEY (organization_id, household_id) REFERENCES households (organization_id, id),
    FOREIGN KEY (organization_id, donor_id) REFERENCES donors (organization_id, id)
) STRICT;
CREATE INDEX ix_household_members_household ON household_members (organization_id, household_id, donor_id);
CREATE UNIQUE INDEX ux_household_members_primary ON household_members (organization_id, household_id) WHERE primary_contact = 1;

CREATE TRIGGER household_members_individuals_only_insert BEFORE INSERT ON household_members
WHEN (SELECT kind FROM donors WHERE id = new.donor_id) <> 'individual'
BEGIN
    SELECT RAISE(ABORT, 'Only individual donors can be members of a household.');
END;

CREATE TRIGGER household_members_individuals_only_update BEFORE UPDATE OF donor_id ON household_members
WHEN (SELECT kind FROM donors WHERE id = new.donor_id) <> 'individual'
BEGIN
    SELECT RAISE(ABORT, 'Only individual donors can be members of a household.');
END;

CREATE TRIGGER donors_household_member_stays_individual BEFORE UPDATE OF kind ON donors
WHEN new.kind <> 'individual' AND EXISTS (SELECT 1 FROM household_members WHERE organization_id = old.organization_id AND donor_id = old.id)
BEGIN
    SELECT RAISE(ABORT, 'A member of a household must stay an individual donor.');
END;

-- Year-end statements per person (each donor their own) or per household (one statement to the household, each gift
-- listed under the member who gave it).
ALTER TABLE receipt_settings ADD COLUMN annual_statements TEXT NOT NULL DEFAULT 'per_person' CHECK (annual_statements IN ('per_person', 'per_household'));

-- A year-end statement issued to a household. The receipt row keeps the primary contact as its donor (receipts.donor_id is
-- required); this row says the statement is the household's and which household it was.
CREATE TABLE household_statements (
    organization_id INTEGER NOT NULL,
    receipt_id      INTEGER NOT NULL,
    household_id    INTEGER NOT NULL,
    period_start    TEXT NOT NULL,
    PRIMARY KEY (organization_id, receipt_id),
    FOREIGN KEY (organization_id, receipt_id) REFERENCES receipts (organization_id, id),
    FOREIGN KEY (organization_id, household_id) REFERENCES households (organization_id, id)
) STRICT;
CREATE INDEX ix_household_statements_household ON household_statements (organization_id, household_id, period_start);
