-- Reports (issue 7): the one-fiscal-year report without grouping all of an organization's donor years.
--   report_donors: per donor, all time (counted gifts, as report_donor_fiscal_years): first and last gift and fiscal
--     year, lifetime net. Maintained from report_donor_fiscal_years by triggers, so it follows every path that
--     table follows (gift inserts, voids, refunds, moves, a new fiscal-year start).
--   report_fiscal_year_donors: per fiscal year, how many donors gave and how many of them also gave the year before.
-- ix_report_donor_fiscal_years_year reads one year's donors as an index range in donor order, so the probes into last
-- year's rows and report_donors walk their primary keys forward (random probes would read a page each).

CREATE TABLE report_donors (
    organization_id   INTEGER NOT NULL,
    donor_id          INTEGER NOT NULL,
    first_on          TEXT NOT NULL,
    first_fiscal_year INTEGER NOT NULL,
    last_on           TEXT NOT NULL,
    last_fiscal_year  INTEGER NOT NULL,
    lifetime_cents    INTEGER NOT NULL,
    PRIMARY KEY (organization_id, donor_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX ix_report_donors_last_year ON report_donors (organization_id, last_fiscal_year, lifetime_cents);
CREATE INDEX ix_report_donors_first_year ON report_donors (organization_id, first_fiscal_year);

CREATE TABLE report_fiscal_year_donors (
    organization_id INTEGER NOT NULL,
    fiscal_year     INTEGER NOT NULL,
    donors          INTEGER NOT NULL,
    -- Of this year's donors, how many gave in the fiscal year before.
    retained        INTEGER NOT NULL,
    PRIMARY KEY (organization_id, fiscal_year)
) STRICT, WITHOUT ROWID;

CREATE INDEX ix_report_donor_fiscal_years_year ON report_donor_fiscal_years (organization_id, fiscal_year, donor_id, net_cents);

INSERT INTO report_donors (organization_id, donor_id, first_on, first_fiscal_year, last_on, last_fiscal_year, lifetime_cents)
SELECT organization_id, donor_id, min(first_on), min(fiscal_year), max(last_on), max(fiscal_year), sum(net_cents)
FROM report_donor_fiscal_years
GROUP BY organization_id, donor_id;

INSERT INTO report_fiscal_year_donors (organization_id, fiscal_year, donors, retained)
SELECT y.organization_id, y.fiscal_year, count(*), count(b.donor_id)
FROM report_donor_fiscal_years y
LEFT JOIN report_donor_fiscal_years b
    ON b.organization_id = y.organization_id AND b.donor_id = y.donor_id AND b.fiscal_year = y.fiscal_year - 1
GROUP BY y.organization_id, y.fiscal_year;

-- A donor's rows are at most one per fiscal year, so recomputing the donor is a short primary-key range.
CREATE TRIGGER report_donor_fiscal_years_insert AFTER INSERT ON report_donor_fiscal_years
BEGIN
    INSERT INTO report_donors (organization_id, donor_id, first_on, first_fiscal_year, last_on, last_fiscal_year, lifetime_cents)
    VALUES (new.organization_id, new.donor_id, new.first_on, new.fiscal_year, new.last_on, new.fiscal_year, new.net_cents)
    ON CONFLICT (organization_id, donor_id) DO UPDATE SET
        first_on = min(first_on, excluded.first_on),
        first_fiscal_year = min(first_fiscal_year, excluded.first_fiscal_year),
        last_on = max(last_on, excluded.last_on),
        last_fiscal_year = max(last_fiscal_year, excluded.last_fiscal_year),
        lifetime_cents = lifetime_cents + excluded.lifetime_cents;
    INSERT INTO report_fiscal_year_donors (organization_id, fiscal_year, donors, retained)
    VALUES (new.organization_id, new.fiscal_year, 1,
            EXISTS (SELECT 1 FROM report_donor_fiscal_years
                    WHERE organization_id = new.organization_id AND donor_id = new.donor_id AND fiscal_year = new.fiscal_year - 1))
    ON CONFLICT (organization_id, fiscal_year) DO UPDATE SET donors = donors + 1, retained = retained + excluded.retained;
    UPDATE report_fiscal_year_donors SET retained = retained + 1
    WHERE organization_id = new.organization_id AND fiscal_year = new.fiscal_year + 1
      AND EXISTS (SELECT 1 FROM report_donor_fiscal_years
                  WHERE organization_id = new.organization_id AND donor_id = new.donor_id AND fiscal_year = new.fiscal_year + 1);
END;

CREATE TRIGGER report_donor_fiscal_years_update AFTER UPDATE ON report_donor_fiscal_years
BEGIN
    DELETE FROM report_donors WHERE organization_id = old.organization_id AND donor_id = old.donor_id;
    DELETE FROM report_donors WHERE organization_id = new.organization_id AND donor_id = new.donor_id;
    INSERT INTO report_donors (organization_id, donor_id, first_on, first_fiscal_year, last_on, last_fiscal_year, lifetime_cents)
    SELECT organization_id, donor_id, min(first_on), min(fiscal_year), max(last_on), max(fiscal_year), sum(net_cents)
    FROM report_donor_fiscal_years
    WHERE (organization_id = old.organization_id AND donor_id = old.donor_id)
       OR (organization_id = new.organization_id AND donor_id = new.donor_id)
    GROUP BY organization_id, donor_id;
END;

CREATE TRIGGER report_donor_fiscal_years_delete AFTER DELETE ON report_donor_fiscal_years
BEGIN
    DELETE FROM report_donors WHERE organization_id = old.organization_id AND donor_id = old.donor_id;
    INSERT INTO report_donors (organization_id, donor_id, first_on, first_fiscal_year, last_on, last_fiscal_year, lifetime_cents)
    SELECT organization_id, donor_id, min(first_on), min(fiscal_year), max(last_on), max(fiscal_year), sum(net_cents)
    FROM report_donor_fiscal_years
    WHERE organization_id = old.organization_id AND donor_id = old.donor_id
    GROUP BY organization_id, donor_id;
    UPDATE report_fiscal_year_donors
    SET donors = donors - 1,
        retained = retained - EXISTS (SELECT 1 FROM report_donor_fiscal_years
                                      WHERE organization_id = old.organization_id AND donor_id = old.donor_id AND fiscal_year = old.fiscal_year - 1)
    WHERE organization_id = old.organization_id AND fiscal_year = old.fiscal_year;
    UPDATE report_fiscal_year_donors SET retained = retained - 1
    WHERE organization_id = old.organization_id AND fiscal_year = old.fiscal_year + 1
      AND EXISTS (SELECT 1 FROM report_donor_fiscal_years
                  WHERE organization_id = old.organization_id AND donor_id = old.donor_id AND fiscal_year = old.fiscal_year + 1);
    DELETE FROM report_fiscal_year_donors
    WHERE organization_id = old.organization_id AND fiscal_year = old.fiscal_year AND donors = 0;
END;
