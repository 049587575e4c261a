-- Bulk writes near SQLite's limit (issue 13, item 4). Migration 0018 suspended the per-gift rollup triggers in a bulk
-- transaction, but the triggers of migration 0013 on report_donor_fiscal_years still ran once per changed donor and fiscal
-- year: a 1,000,000-gift import changes about 500,000 of those rows, each firing four or five statements. While a bulk write
-- has the rollups suspended (rollup_control, migration 0018), these triggers now stand aside too, and the batch
-- (Core/Reports/ReportRollupBatch.cs) maintains report_donors and report_fiscal_year_donors set-based for the donors it
-- touched: each touched donor re-summed from its fiscal years, and each fiscal year's donor and retained counts moved by the
-- difference between the touched donors' years before and after the batch. The bodies below are migration 0013's, unchanged.

DROP TRIGGER report_donor_fiscal_years_insert;
DROP TRIGGER report_donor_fiscal_years_update;
DROP TRIGGER report_donor_fiscal_years_delete;

CREATE TRIGGER report_donor_fiscal_years_insert AFTER INSERT ON report_donor_fiscal_years
WHEN (SELECT suspended FROM rollup_control) IS NULL
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
WHEN (SELECT suspended FROM rollup_control) IS NULL
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
WHEN (SELECT suspended FROM rollup_control) IS NULL
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
