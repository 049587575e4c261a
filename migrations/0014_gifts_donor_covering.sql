-- One donor's gifts (issue 2's donor page, and the report rollup triggers of 0007/0008 when a gift is voided, refunded or
-- moved): the giving summary, the gift list's totals and the triggers' re-sum of a donor's month read statuses, amounts and
-- categories. With only (organization_id, donor_id, received_on) in the per-donor index, SQLite preferred the
-- organization's covering report index and read every gift of the organization (or of the month, in a trigger): 300 ms
-- per donor page, and a minute to merge a donor with 15,000 gifts on the benchmark data. With these columns in the
-- per-donor index all of them read a few dozen index entries and no table rows.
DROP INDEX ix_gifts_donor;
CREATE INDEX ix_gifts_donor ON gifts (organization_id, donor_id, received_on, status, amount_cents, refunded_cents, category);
