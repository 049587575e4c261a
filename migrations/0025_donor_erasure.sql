-- Privacy erasure (Core/Privacy): an erased donor keeps its row, so its gifts, receipts and report figures stay in the
-- books, but its personal fields are replaced by a placeholder and erased_at records when. The search index leaves
-- erased donors out: the update trigger removes the old words and adds none, and deleting an erased donor's row
-- (which nothing does today) must not ask the index to remove words it never held.

ALTER TABLE donors ADD COLUMN erased_at TEXT;

DROP TRIGGER donors_search_delete;
CREATE TRIGGER donors_search_delete AFTER DELETE ON donors WHEN old.erased_at IS NULL BEGIN
    INSERT INTO donor_search (donor_search, rowid, first_name, last_name, organization_name, email, postal_code)
    VALUES ('delete', old.id, old.first_name, old.last_name, old.organization_name, old.email, old.postal_code);
END;

DROP TRIGGER donors_search_update;
CREATE TRIGGER donors_search_update AFTER UPDATE OF first_name, last_name, organization_name, email, postal_code, erased_at ON donors BEGIN
    INSERT INTO donor_search (donor_search, rowid, first_name, last_name, organization_name, email, postal_code)
    SELECT 'delete', old.id, old.first_name, old.last_name, old.organization_name, old.email, old.postal_code
    WHERE old.erased_at IS NULL;
    INSERT INTO donor_search (rowid, first_name, last_name, organization_name, email, postal_code)
    SELECT new.id, new.first_name, new.last_name, new.organization_name, new.email, new.postal_code
    WHERE new.erased_at IS NULL;
END;
