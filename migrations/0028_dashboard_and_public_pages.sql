-- Issue 17. The dashboard's alerts read two small slices of gifts on every visit: gifts of $250 or more (a written
-- acknowledgment is due) and disputed card gifts. Partial indexes keep both reads to the rows they are about.
CREATE INDEX ix_gifts_large_received ON gifts (organization_id, received_on, id) WHERE amount_cents >= 25000;
CREATE INDEX ix_gifts_disputed ON gifts (organization_id, disputed_at) WHERE disputed_at IS NOT NULL;
