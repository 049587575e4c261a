-- CSV imports of donors and gifts (Core/Imports): one row per committed file, so the same file is not imported twice
-- by accident, and the previous system's donor ids, so a later gifts file finds the donors an earlier file created.

CREATE TABLE imports (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    file_name       TEXT NOT NULL,
    file_sha256     TEXT NOT NULL CHECK (length(file_sha256) = 64),
    row_count       INTEGER NOT NULL CHECK (row_count >= 0),
    donors_created  INTEGER NOT NULL CHECK (donors_created >= 0),
    donors_matched  INTEGER NOT NULL CHECK (donors_matched >= 0),
    gifts_created   INTEGER NOT NULL CHECK (gifts_created >= 0),
    total_cents     INTEGER NOT NULL CHECK (total_cents >= 0),
    imported_at     TEXT NOT NULL,
    imported_by     TEXT NOT NULL
) STRICT;
CREATE INDEX ix_imports_hash ON imports (organization_id, file_sha256);
CREATE INDEX ix_imports_recent ON imports (organization_id, id DESC);

CREATE TABLE import_donor_keys (
    organization_id INTEGER NOT NULL,
    external_id     TEXT NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
    donor_id        INTEGER NOT NULL,
    import_id       INTEGER NOT NULL REFERENCES imports (id),
    PRIMARY KEY (organization_id, external_id),
    FOREIGN KEY (organization_id, donor_id) REFERENCES donors (organization_id, id)
) STRICT;
CREATE INDEX ix_import_donor_keys_donor ON import_donor_keys (organization_id, donor_id);
