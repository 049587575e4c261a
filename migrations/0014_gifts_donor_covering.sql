-- Donor pages (issue 2): the giving summary and the gift list's totals read a donor's statuses and amounts. With only
-- (organization_id, donor_id, received_on) in the per-donor index, SQLite preferred the organization's covering report
-- index and scanned every gift of the organization (600,000 entries, 300 ms per donor page on the benchmark data).
-- With the amounts in the per-donor index both read a few dozen index entries and no table rows.
DROP INDEX ix_gifts_donor;
CREATE INDEX ix_gifts_donor ON gifts (organization_id, donor_id, received_on, status, amount_cents, refunded_cents);
