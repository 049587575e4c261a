-- Bulk writes pay for the report rollups per batch, not per row (issue 18). The per-gift rollup triggers of migrations
-- 0007 and 0008 stay the path of single gifts, voids and refunds; a bulk write (an import, a donor merge, demo data, the
-- benchmark loader) suspends them inside its own transaction, writes, and then recomputes the rollups of the keys it touched
-- with one grouped statement per rollup table (Core/Reports/ReportRollupBatch.cs), before it commits.
--
-- rollup_control holds one row. suspended is NULL while the triggers run; a bulk transaction sets it to 1 and clears it
-- when its recomputation is done. Other connections never see it set: readers see committed data only, and writers are
-- serialized. The foreign key is deferred to COMMIT and points at a table that is always empty, so a transaction that
-- would commit with the triggers still suspended is refused by the database itself instead of leaving every later gift
-- out of the reports.
CREATE TABLE rollup_batch_unfinished (
    id INTEGER PRIMARY KEY
) STRICT;

CREATE TABLE rollup_control (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    suspended INTEGER CHECK (suspended = 1) REFERENCES rollup_batch_unfinished (id) DEFERRABLE INITIALLY DEFERRED
) STRICT;
INSERT INTO rollup_control (id, suspended) VALUES (1, NULL);

-- The counting rule of every report rollup (migration 0007): completed or partially refunded with something kept; net is
-- what was kept. The grouped recomputation of a bulk write reads the rule from here.
CREATE VIEW report_counted_gifts AS
SELECT id, organization_id, donor_id, received_on, substr(received_on, 1, 7) AS month, category, amount_cents - refunded_cents AS net_cents
FROM gifts
WHERE status IN ('completed', 'partially_refunded') AND amount_cents > refunded_cents;

-- While suspended, only a gift's donor may change (a merge moves gifts): the batch recomputes the touched donors' months,
-- and a change of amount, status, date, category or organization would leave the month totals and amount buckets behind.
CREATE TRIGGER gifts_rollups_suspended_update
BEFORE UPDATE OF organization_id, status, amount_cents, refunded_cents, category, received_on ON gifts
WHEN (SELECT suspended FROM rollup_control) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'A gift''s amount, status, date or category cannot change while report rollups are suspended for a bulk write.');
END;

-- The triggers of migrations 0007 and 0008, unchanged but for the WHEN that skips them while a bulk write is under way.
DROP TRIGGER gifts_report_rollups_insert;
DROP TRIGGER gifts_report_rollups_update;
DROP TRIGGER gifts_report_fiscal_years_insert;
DROP TRIGGER gifts_report_fiscal_years_update;

CREATE TRIGGER gifts_report_rollups_insert AFTER INSERT ON gifts
WHEN (SELECT suspended FROM rollup_control) IS NULL
    AND new.status IN ('completed', 'partially_refunded') AND new.amount_cents > new.refunded_cents
BEGIN
    INSERT INTO report_rollups (organization_id, donor_id, month, category, net_cents, gift_count, first_on, last_on)
    VALUES (new.organization_id, new.donor_id, substr(new.received_on, 1, 7), new.category, new.amount_cents - new.refunded_cents, 1, new.received_on, new.received_on)
    ON CONFLICT (organization_id, donor_id, month, category) DO UPDATE SET
        net_cents = net_cents + excluded.net_cents,
        gift_count = gift_count + 1,
        first_on = min(first_on, excluded.first_on),
        last_on = max(last_on, excluded.last_on);
    INSERT INTO report_month_totals (organization_id, month, category, net_cents, gift_count)
    VALUES (new.organization_id, substr(new.received_on, 1, 7), new.category, new.amount_cents - new.refunded_cents, 1)
    ON CONFLICT (organization_id, month, category) DO UPDATE SET
        net_cents = net_cents + excluded.net_cents,
        gift_count = gift_count + 1;
    INSERT INTO report_donor_years (organization_id, donor_id, year, net_cents, gift_count, first_on, last_on)
    VALUES (new.organization_id, new.donor_id, substr(new.received_on, 1, 4), new.amount_cents - new.refunded_cents, 1, new.received_on, new.received_on)
    ON CONFLICT (organization_id, donor_id, year) DO UPDATE SET
        net_cents = net_cents + excluded.net_cents,
        gift_count = gift_count + 1,
        first_on = min(first_on, excluded.first_on),
        last_on = max(last_on, excluded.last_on);
END;

CREATE TRIGGER gifts_report_rollups_update
AFTER UPDATE OF organization_id, donor_id, status, amount_cents, refunded_cents, category, received_on ON gifts
WHEN (SELECT suspended FROM rollup_control) IS NULL
BEGIN
    DELETE FROM report_rollups
    WHERE (organization_id = old.organization_id AND donor_id = old.donor_id AND month = substr(old.received_on, 1, 7) AND category = old.category)
       OR (organization_id = new.organization_id AND donor_id = new.donor_id AND month = substr(new.received_on, 1, 7) AND category = new.category);
    INSERT INTO report_rollups (organization_id, donor_id, month, category, net_cents, gift_count, first_on, last_on)
    SELECT organization_id, donor_id, substr(received_on, 1, 7), category, sum(amount_cents - refunded_cents), count(*), min(received_on), max(received_on)
    FROM gifts
    WHERE organization_id = old.organization_id AND donor_id = old.donor_id
      AND received_on >= substr(old.received_on, 1, 7) || '-01' AND received_on <= substr(old.received_on, 1, 7) || '-31'
      AND category = old.category
      AND status IN ('completed', 'partially_refunded') AND amount_cents > refunded_cents
    GROUP BY organization_id, donor_id, substr(received_on, 1, 7), category;
    INSERT INTO report_rollups (organization_id, donor_id, month, category, net_cents, gift_count, first_on, last_on)
    SELECT organization_id, donor_id, substr(received_on, 1, 7), category, sum(amount_cents - refunded_cents), count(*), min(received_on), max(received_on)
    FROM gifts
    WHERE organization_id = new.organization_id AND donor_id = new.donor_id
      AND received_on >= substr(new.received_on, 1, 7) || '-01' AND received_on <= substr(new.received_on, 1, 7) || '-31'
      AND category = new.category
      AND status IN ('completed', 'partially_refunded') AND amount_cents > refunded_cents
      AND NOT (new.organization_id = old.organization_id AND new.donor_id = old.donor_id
               AND substr(new.received_on, 1, 7) = substr(old.received_on, 1, 7) AND new.category = old.category)
    GROUP BY organization_id, donor_id, substr(received_on, 1, 7), category;

    INSERT INTO report_month_totals (organization_id, month, category, net_cents, gift_count)
    SELECT old.organization_id, substr(old.received_on, 1, 7), old.category, -(old.amount_cents - old.refunded_cents), -1
    WHERE old.status IN ('completed', 'partially_refunded') AND old.amount_cents > old.refunded_cents
    ON CONFLICT (organization_id, month, category) DO UPDATE SET
        net_cents = net_cents + excluded.net_cents,
        gift_count = gift_count + excluded.gift_count;
    INSERT INTO report_month_totals (organization_id, month, category, net_cents, gift_count)
    SELECT new.organization_id, substr(new.received_on, 1, 7), new.category, new.amount_cents - new.refunded_cents, 1
    WHERE new.status IN ('completed', 'partially_refunded') AND new.amount_cents > new.refunded_cents
    ON CONFLICT (organization_id, month, category) DO UPDATE SET
        net_cents = net_cents + excluded.net_cents,
        gift_count = gift_count + excluded.gift_count;
    DELETE FROM report_month_totals
    WHERE organization_id = old.organization_id AND month = substr(old.received_on, 1, 7) AND category = old.category AND gift_count = 0;

    -- The donor's old and new years, re-summed from the (already updated) month rows: at most 12 × 9 of them.
    DELETE FROM report_donor_years
    WHERE (organization_id = old.organization_id AND donor_id = old.donor_id AND year = substr(old.received_on, 1, 4))
       OR (organization_id = new.organization_id AND donor_id = new.donor_id AND year = substr(new.received_on, 1, 4));
    INSERT INTO report_donor_years (organization_id, donor_id, year, net_cents, gift_count, first_on, last_on)
    SELECT organization_id, donor_id, substr(month, 1, 4), sum(net_cents), sum(gift_count), min(first_on), max(last_on)
    FROM report_rollups
    WHERE (organization_id = old.organization_id AND donor_id = old.donor_id
           AND month >= substr(old.received_on, 1, 4) || '-01' AND month <= substr(old.received_on, 1, 4) || '-12')
       OR (organization_id = new.organization_id AND donor_id = new.donor_id
           AND month >= substr(new.received_on, 1, 4) || '-01' AND month <= substr(new.received_on, 1, 4) || '-12')
    GROUP BY organization_id, donor_id, substr(month, 1, 4);
END;

CREATE TRIGGER gifts_report_fiscal_years_insert AFTER INSERT ON gifts
WHEN (SELECT suspended FROM rollup_control) IS NULL
    AND new.status IN ('completed', 'partially_refunded') AND new.amount_cents > new.refunded_cents
BEGIN
    INSERT INTO report_donor_fiscal_years (organization_id, donor_id, fiscal_year, net_cents, gift_count, first_on, last_on)
    SELECT new.organization_id, new.donor_id,
           CAST(substr(new.received_on, 1, 4) AS INTEGER) - (CAST(substr(new.received_on, 6, 2) AS INTEGER) < o.fiscal_year_start_month),
           new.amount_cents - new.refunded_cents, 1, new.received_on, new.received_on
    FROM organizations o
    WHERE o.id = new.organization_id
    ON CONFLICT (organization_id, donor_id, fiscal_year) DO UPDATE SET
        net_cents = net_cents + excluded.net_cents,
        gift_count = gift_count + 1,
        first_on = min(first_on, excluded.first_on),
        last_on = max(last_on, excluded.last_on);
    INSERT INTO report_amounts (organization_id, month, net_cents, gift_count)
    VALUES (new.organization_id, substr(new.received_on, 1, 7), new.amount_cents - new.refunded_cents, 1)
    ON CONFLICT (organization_id, month, net_cents) DO UPDATE SET gift_count = gift_count + 1;
END;

CREATE TRIGGER gifts_report_fiscal_years_update
AFTER UPDATE OF organization_id, donor_id, status, amount_cents, refunded_cents, received_on ON gifts
WHEN (SELECT suspended FROM rollup_control) IS NULL
BEGIN
    INSERT INTO report_amounts (organization_id, month, net_cents, gift_count)
    SELECT old.organization_id, substr(old.received_on, 1, 7), old.amount_cents - old.refunded_cents, -1
    WHERE old.status IN ('completed', 'partially_refunded') AND old.amount_cents > old.refunded_cents
    ON CONFLICT (organization_id, month, net_cents) DO UPDATE SET gift_count = gift_count + excluded.gift_count;
    INSERT INTO report_amounts (organization_id, month, net_cents, gift_count)
    SELECT new.organization_id, substr(new.received_on, 1, 7), new.amount_cents - new.refunded_cents, 1
    WHERE new.status IN ('completed', 'partially_refunded') AND new.amount_cents > new.refunded_cents
    ON CONFLICT (organization_id, month, net_cents) DO UPDATE SET gift_count = gift_count + excluded.gift_count;
    DELETE FROM report_amounts
    WHERE organization_id = old.organization_id AND month = substr(old.received_on, 1, 7) AND net_cents = old.amount_cents - old.refunded_cents
      AND gift_count = 0;

    DELETE FROM report_donor_fiscal_years
    WHERE (organization_id = old.organization_id AND donor_id = old.donor_id
           AND fiscal_year = CAST(substr(old.received_on, 1, 4) AS INTEGER)
               - (CAST(substr(old.received_on, 6, 2) AS INTEGER) < (SELECT fiscal_year_start_month FROM organizations WHERE id = old.organization_id)))
       OR (organization_id = new.organization_id AND donor_id = new.donor_id
           AND fiscal_year = CAST(substr(new.received_on, 1, 4) AS INTEGER)
               - (CAST(substr(new.received_on, 6, 2) AS INTEGER) < (SELECT fiscal_year_start_month FROM organizations WHERE id = new.organization_id)));
    INSERT INTO report_donor_fiscal_years (organization_id, donor_id, fiscal_year, net_cents, gift_count, first_on, last_on)
    SELECT k.organization_id, k.donor_id, k.fiscal_year,
           sum(g.amount_cents - g.refunded_cents), count(*), min(g.received_on), max(g.received_on)
    FROM (
        SELECT o.id AS organization_id, old.donor_id AS donor_id, o.fiscal_year_start_month AS start_month,
               CAST(substr(old.received_on, 1, 4) AS INTEGER) - (CAST(substr(old.received_on, 6, 2) AS INTEGER) < o.fiscal_year_start_month) AS fiscal_year
        FROM organizations o WHERE o.id = old.organization_id
        UNION
        SELECT o.id, new.donor_id, o.fiscal_year_start_month,
               CAST(substr(new.received_on, 1, 4) AS INTEGER) - (CAST(substr(new.received_on, 6, 2) AS INTEGER) < o.fiscal_year_start_month)
        FROM organizations o WHERE o.id = new.organization_id
    ) AS k
    JOIN gifts g ON g.organization_id = k.organization_id AND g.donor_id = k.donor_id
        AND g.received_on >= printf('%04d-%02d-01', k.fiscal_year, k.start_month)
        AND g.received_on < printf('%04d-%02d-01', k.fiscal_year + 1, k.start_month)
    WHERE g.status IN ('completed', 'partially_refunded') AND g.amount_cents > g.refunded_cents
    GROUP BY k.organization_id, k.donor_id, k.fiscal_year;
END;
