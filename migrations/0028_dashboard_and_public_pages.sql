-- Issue 17. The dashboard's alerts read two small slices of gifts on every visit: gifts of $250 or more (a written
-- acknowledgment is due) and disputed card gifts. Partial indexes keep both reads to the rows they are about.
CREATE INDEX ix_gifts_large_received ON gifts (organization_id, received_on, id) WHERE amount_cents >= 25000;
CREATE INDEX ix_gifts_disputed ON gifts (organization_id, disputed_at) WHERE disputed_at IS NOT NULL;

-- Issue 17, item 8: the public giving pages (/give/SLUG) carry the organization's own logo and colours. The logo is
-- served from /give/SLUG/logo; its type (PNG or JPEG) is read from its first bytes, which the validator checked.
ALTER TABLE organizations ADD COLUMN public_logo BLOB CHECK (public_logo IS NULL OR length(public_logo) <= 262144);
ALTER TABLE organizations ADD COLUMN public_accent_color TEXT
    CHECK (public_accent_color IS NULL OR public_accent_color GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]');
ALTER TABLE organizations ADD COLUMN public_header_color TEXT
    CHECK (public_header_color IS NULL OR public_header_color GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]');
