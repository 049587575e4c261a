-- Issue 16: a donor without email signs in to the donor page with a short code printed in a letter staff hand them.
--
-- A code is bound to one donor record of one organization (not to an address: the donor has none), works once and for
-- 30 days (a letter spends days in the post). Only the SHA-256 of the code is kept; who printed it and when, and when it
-- was used, are kept for the donor's privacy export. Printing a new letter withdraws the donor's earlier unused codes.
CREATE TABLE donor_sign_in_codes (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    donor_id        INTEGER NOT NULL,
    code_hash       TEXT NOT NULL UNIQUE CHECK (length(code_hash) = 64),
    printed_at      TEXT NOT NULL,
    printed_by      TEXT NOT NULL CHECK (length(printed_by) BETWEEN 1 AND 200),
    expires_at      TEXT NOT NULL CHECK (expires_at > printed_at),
    used_at         TEXT,
    withdrawn_at    TEXT,
    FOREIGN KEY (organization_id, donor_id) REFERENCES donors (organization_id, id)
) STRICT;
CREATE INDEX ix_donor_sign_in_codes_donor ON donor_sign_in_codes (organization_id, donor_id);
