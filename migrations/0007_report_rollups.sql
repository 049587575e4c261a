-- Reports (issue 7): rollups of counted gifts so donor history, the fiscal-year trend and retention by
-- year no longer read every gift of an organization. Buckets are calendar months ('yyyy-MM' of
-- received_on), so any fiscal-year start and any whole-month period sum exactly. Counted gifts, as in
-- ReportRepository: status completed or partially_refunded with something kept (amount > refunded);
-- net = amount_cents - refunded_cents. Gifts are never deleted: voids and refunds are UPDATEs, which
-- the triggers below follow. Three tables: per donor, month and category; per month and category; per
-- donor and calendar year.

-- Per donor, month and category; first_on/last_on give exact first and last gift dates.
CREATE TABLE report_rollups (
    organization_id INTEGER NOT NULL,
    donor_id        INTEGER NOT NULL,
    month           TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    category        TEXT NOT NULL,
    net_cents       INTEGER NOT NULL,
    gift_count      INTEGER NOT NULL CHECK (gift_count > 0),
    first_on        TEXT NOT NULL,
    last_on         TEXT NOT NULL,
    PRIMARY KEY (organization_id, donor_id, month, category)
) STRICT, WITHOUT ROWID;
-- Period reads (one year of donors) range over months instead of scanning the organization.
CREATE INDEX ix_report_rollups_month ON report_rollups (organization_id, month, donor_id, category, net_cents, gift_count);

-- Per month and category, donors summed: the trend reads a few dozen rows.
CREATE TABLE report_month_totals (
    organization_id INTEGER NOT NULL,
    month           TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    category        TEXT NOT NULL,
    net_cents       INTEGER NOT NULL,
    gift_count      INTEGER NOT NULL,
    PRIMARY KEY (organization_id, month, category)
) STRICT, WITHOUT ROWID;

-- Per donor and calendar year, categories summed: when a fiscal year starts in January the donor
-- history and donors-by-year read one row per donor and year instead of one per gift month.
CREATE TABLE report_donor_years (
    organization_id INTEGER NOT NULL,
    donor_id        INTEGER NOT NULL,
    year            TEXT NOT NULL CHECK (year GLOB '[0-9][0-9][0-9][0-9]'),
    net_cents       INTEGER NOT NULL,
    gift_count      INTEGER NOT NULL CHECK (gift_count > 0),
    first_on        TEXT NOT NULL,
    last_on         TEXT NOT NULL,
    PRIMARY KEY (organization_id, donor_id, year)
) STRICT, WITHOUT ROWID;

INSERT INTO report_rollups (organization_id, donor_id, month, category, net_cents, gift_count, first_on, last_on)
SELECT organization_id, donor_id, substr(received_on, 1, 7), category, sum(amount_cents - refunded_cents), count(*), min(received_on), max(received_on)
FROM gifts
WHERE status IN ('completed', 'partially_refunded') AND amount_cents > refunded_cents
GROUP BY organization_id, donor_id, substr(received_on, 1, 7), category;

INSERT INTO report_month_totals (organization_id, month, category, net_cents, gift_count)
SELECT organization_id, month, category, sum(net_cents), sum(gift_count)
FROM report_rollups
GROUP BY organization_id, month, category;

INSERT INTO report_donor_years (organization_id, donor_id, year, net_cents, gift_count, first_on, last_on)
SELECT organization_id, donor_id, substr(month, 1, 4), sum(net_cents), sum(gift_count), min(first_on), max(last_on)
FROM report_rollups
GROUP BY organization_id, donor_id, substr(month, 1, 4);

-- A new counted gift adds to its buckets; min/max stay exact when only adding.
CREATE TRIGGER gifts_report_rollups_insert AFTER INSERT ON gifts
WHEN new.status IN ('completed', 'partially_refunded') AND new.amount_cents > new.refunded_cents
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

-- A void, refund or correction: the old and new donor buckets are recomputed from that donor's gifts of
-- that month (a few rows through ix_gifts_donor), since removing a gift can move first_on/last_on;
-- the month totals move by the old and new net, which is exact for sums.
CREATE TRIGGER gifts_report_rollups_update
AFTER UPDATE OF organization_id, donor_id, status, amount_cents, refunded_cents, category, received_on ON gifts
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
