-- The ASP.NET Core Data Protection key ring (it encrypts the Stripe secrets, sign-in cookies and antiforgery tokens) lives in
-- the database, so a backup or copy of the database carries the keys that decrypt it, and several web servers sharing one
-- database share one key ring. Installation-wide, not tenant data: no organization_id.
CREATE TABLE data_protection_keys (
    id INTEGER PRIMARY KEY,
    friendly_name TEXT NOT NULL UNIQUE,
    xml TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
