-- The audit log page filters by the person who made a change and lists the people and record types to choose from.
CREATE INDEX ix_audit_entries_actor ON audit_entries (organization_id, actor, id DESC);
