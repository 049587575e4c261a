-- Donor de-duplication: pairs an admin or treasurer marked "not a duplicate" stay out of the likely-duplicates list.
-- A pair is stored once, lower id first. Merges themselves need no table: donors.merged_into_id records them and
-- the audit entry keeps what moved.

CREATE TABLE donor_distinct_pairs (
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    low_donor_id    INTEGER NOT NULL,
    high_donor_id   INTEGER NOT NULL,
    marked_at       TEXT NOT NULL,
    marked_by       TEXT NOT NULL,
    PRIMARY KEY (organization_id, low_donor_id, high_donor_id),
    FOREIGN KEY (organization_id, low_donor_id) REFERENCES donors (organization_id, id),
    FOREIGN KEY (organization_id, high_donor_id) REFERENCES donors (organization_id, id),
    CHECK (low_donor_id < high_donor_id)
) STRICT, WITHOUT ROWID;

-- A merge re-points donors merged into the duplicate earlier; without this it reads every donor of the organization.
CREATE INDEX ix_donors_merged_into ON donors (organization_id, merged_into_id) WHERE merged_into_id IS NOT NULL;
