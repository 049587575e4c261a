-- The sites allowed to show an organization's public donation page (/give/SLUG) in a frame: https origins, one per line.
-- Empty means no site may frame it (frame-ancestors 'none'), as for every other page.
ALTER TABLE organizations ADD COLUMN embed_origins TEXT NOT NULL DEFAULT '';
