-- Reports: one covering index so every diversification query (per donor and category over a date
-- range, gift-amount histogram, donor history, fiscal-year trend) is a range scan of the index
-- alone, never a lookup into the gifts table.
CREATE INDEX ix_gifts_reports ON gifts (organization_id, received_on, status, donor_id, category, amount_cents, refunded_cents);
