-- Saved column mappings (Core/Imports/Presets): an organization names how a file from another system maps onto the import's
-- columns once ("Donor Email" → Email, "Gift Amt" → Amount) and imports later files of the same layout by that name.
-- columns_json is an object from the source header, as the file spells it, to the import column's name.
CREATE TABLE import_column_mappings (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    name            TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 100),
    columns_json    TEXT NOT NULL CHECK (json_valid(columns_json) AND json_type(columns_json) = 'object'),
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    UNIQUE (organization_id, name)
) STRICT;
