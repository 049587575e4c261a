-- Matching (issue 5): a covering index for MatchingRepository.Candidates, the read behind every full re-allocation.
-- Without it each of a drive's gifts (200k in the benchmark) costs a table-row lookup after ix_gifts_received,
-- scattered over the file because gifts arrive out of date order; with it the read walks one index range per
-- organization. The columns are exactly those the allocator reads from gifts (the rowid id comes with every index).
CREATE INDEX ix_gifts_matching ON gifts (organization_id, received_on, donor_id, status, method, category,
    amount_cents, refunded_cents, benefit_value_cents, recurring_donation_id);
