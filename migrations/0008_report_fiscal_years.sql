-- Reports (issue 7): two more rollups of counted gifts (same rule as migration 0007: status completed or
-- partially_refunded with amount > refunded; net = amount_cents - refunded_cents), so the report of a
-- whole fiscal year reads one row per donor and year and a few thousand amount buckets instead of every gift.
--   report_donor_fiscal_years: per donor and fiscal year of the organization's own calendar (fiscal_year =
--     the calendar year the fiscal year starts in); rebuilt for an organization when its start month changes.
--   report_amounts: per month, how many counted gifts had each net amount: an exact median without the gifts.

CREATE TABLE report_donor_fiscal_years (
    organization_id INTEGER NOT NULL,
    donor_id        INTEGER NOT NULL,
    fiscal_year     INTEGER NOT NULL,
    net_cents       INTEGER NOT NULL,
    gift_count      INTEGER NOT NULL CHECK (gift_count > 0),
    first_on        TEXT NOT NULL,
    last_on         TEXT NOT NULL,
    PRIMARY KEY (organization_id, donor_id, fiscal_year)
) STRICT, WITHOUT ROWID;

CREATE TABLE report_amounts (
    organization_id INTEGER NOT NULL,
    month           TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    net_cents       INTEGER NOT NULL,
    -- No CHECK (> 0): a void passes through 0 before the trigger deletes the empty bucket.
    gift_count      INTEGER NOT NULL,
    PRIMARY KEY (organization_id, month, net_cents)
) STRICT, WITHOUT ROWID;

-- The fiscal year of a month is a function of the month, so the month rollup is enough to backfill.
INSERT INTO report_donor_fiscal_years (organization_id, donor_id, fiscal_year, net_cents, gift_count, first_on, last_on)
SELECT r.organization_id, r.donor_id,
       CAST(substr(r.month, 1, 4) AS INTEGER) - (CAST(substr(r.month, 6, 2) AS INTEGER) < o.fiscal_year_start_month),
       sum(r.net_cents), sum(r.gift_count), min(r.first_on), max(r.last_on)
FROM report_rollups r
JOIN organizations o ON o.id = r.organization_id
GROUP BY 1, 2, 3;

INSERT INTO report_amounts (organization_id, month, net_cents, gift_count)
SELECT organization_id, substr(received_on, 1, 7), amount_cents - refunded_cents, count(*)
FROM gifts
WHERE status IN ('completed', 'partially_refunded') AND amount_cents > refunded_cents
GROUP BY 1, 2, 3;

CREATE TRIGGER gifts_report_fiscal_years_insert AFTER INSERT ON gifts
WHEN new.status IN ('completed', 'partially_refunded') AND new.amount_cents > new.refunded_cents
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

-- A void, refund or correction. Amount buckets move by one gift each way, which is exact for counts. The old
-- and new donor years are recomputed from that donor's gifts of that fiscal year (through ix_gifts_donor), since
-- removing a gift can move first_on/last_on. This reads gifts, not report_rollups: SQLite does not promise the
-- order in which this and migration 0007's triggers run.
CREATE TRIGGER gifts_report_fiscal_years_update
AFTER UPDATE OF organization_id, donor_id, status, amount_cents, refunded_cents, received_on ON gifts
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

-- A new fiscal-year start regroups the organization's donor years, from the month rollup.
CREATE TRIGGER organizations_report_fiscal_years_update
AFTER UPDATE OF fiscal_year_start_month ON organizations
WHEN new.fiscal_year_start_month IS NOT old.fiscal_year_start_month
BEGIN
    DELETE FROM report_donor_fiscal_years WHERE organization_id = new.id;
    INSERT INTO report_donor_fiscal_years (organization_id, donor_id, fiscal_year, net_cents, gift_count, first_on, last_on)
    SELECT organization_id, donor_id,
           CAST(substr(month, 1, 4) AS INTEGER) - (CAST(substr(month, 6, 2) AS INTEGER) < new.fiscal_year_start_month),
           sum(net_cents), sum(gift_count), min(first_on), max(last_on)
    FROM report_rollups
    WHERE organization_id = new.id
    GROUP BY 1, 2, 3;
END;
