-- Consent between organizations and server-side sessions (issue 18).
--
-- An alliance no longer links a member by itself: it invites, and an admin of the member accepts. An invitation names
-- an organization the inviting admin also administers, or carries a one-time code (only its SHA-256 is stored) that
-- the alliance passes on out of band. Accepting writes the alliance_members row; alliance_members keeps meaning
-- "accepted membership", so reports, dues and matching that read it see nothing before acceptance.
-- Rows that exist before this migration were written by the old code and stay accepted members.
CREATE TABLE alliance_invitations (
    id            INTEGER PRIMARY KEY,
    alliance_id   INTEGER NOT NULL REFERENCES organizations (id),
    member_id     INTEGER REFERENCES organizations (id),
    code_sha256   TEXT UNIQUE CHECK (code_sha256 IS NULL OR length(code_sha256) = 64),
    role          TEXT NOT NULL CHECK (role IN ('anchor', 'member', 'ally')),
    joined_on     TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
    invited_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    responded_at  TEXT,
    membership_id INTEGER REFERENCES alliance_members (id),
    CHECK (member_id IS NOT NULL OR code_sha256 IS NOT NULL),
    CHECK (member_id IS NULL OR member_id <> alliance_id)
) STRICT;
CREATE INDEX ix_alliance_invitations_alliance ON alliance_invitations (alliance_id, status);
CREATE INDEX ix_alliance_invitations_member ON alliance_invitations (member_id, status);

-- A matching campaign's other participants take part only once an admin of theirs accepts (accepted_at); the running
-- organization's own row is accepted when written. Participants from before this migration stay accepted.
ALTER TABLE matching_participants ADD COLUMN accepted_at TEXT;
UPDATE matching_participants SET accepted_at = (SELECT c.created_at FROM matching_campaigns c WHERE c.id = matching_participants.campaign_id);

-- One row per signed-in browser: the cookie carries the random id, each request checks the row is not revoked, sign-out
-- revokes it and a password change revokes the user's other sessions.
CREATE TABLE user_sessions (
    id         TEXT PRIMARY KEY CHECK (length(id) >= 32),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    revoked_at TEXT
) STRICT;
CREATE INDEX ix_user_sessions_user ON user_sessions (user_id, revoked_at);

-- Sign-in lands in the organization the person used last.
ALTER TABLE users ADD COLUMN last_organization_id INTEGER REFERENCES organizations (id);

-- Adding a person to an organization is an invitation they accept with a one-time link (only its SHA-256 is stored),
-- whether or not the email already has an account.
CREATE TABLE user_invitations (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    email           TEXT NOT NULL COLLATE NOCASE,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'treasurer', 'entry', 'viewer')),
    code_sha256     TEXT NOT NULL UNIQUE CHECK (length(code_sha256) = 64),
    invited_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    accepted_at     TEXT,
    accepted_by     INTEGER REFERENCES users (id),
    revoked_at      TEXT
) STRICT;
CREATE INDEX ix_user_invitations_organization ON user_invitations (organization_id, accepted_at, revoked_at);

-- Failed sign-ins for emails that have no account, counted and locked out exactly like a real account's, so the answer
-- (and the lockout) never tells whether an email has an account.
CREATE TABLE unknown_sign_in_failures (
    email           TEXT PRIMARY KEY COLLATE NOCASE,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT
) STRICT;
