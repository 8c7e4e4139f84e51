-- schema version 6: people who use the web dashboard and the REST API,
-- their API tokens and login sessions; full-text search over
-- advisories; and the reports the daemon has written on schedule.

-- A password is an Argon2id string from libsodium (crypto_pwhash_str);
-- NULL means the user cannot log in with a password (tokens only).
CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    password TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);

-- A token is shown once and only its hash is kept.  Tokens are long
-- random strings, so a keyed fast hash (BLAKE2b) is enough: a slow
-- password hash would cost every API request tens of milliseconds.
CREATE TABLE api_token (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,            -- the first characters, for lists
    hash TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    expires TEXT,                    -- NULL: does not expire
    last_used TEXT,
    revoked TEXT
);
CREATE INDEX api_token_user ON api_token(user_id);

-- A browser session: the cookie holds the id, the table its hash.
CREATE TABLE session (
    hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created TEXT NOT NULL,
    expires TEXT NOT NULL,
    last_seen TEXT
) WITHOUT ROWID;
CREATE INDEX session_user ON session(user_id);

-- Full-text index over advisories, kept by triggers.  The advisory
-- table holds the text (external content), so the index adds only its
-- own structures.
CREATE VIRTUAL TABLE advisory_fts USING fts5(
    primary_id, title, description,
    content = 'advisory', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER advisory_fts_ai AFTER INSERT ON advisory BEGIN
    INSERT INTO advisory_fts(rowid, primary_id, title, description)
    VALUES (new.id, new.primary_id, new.title, new.description);
END;
CREATE TRIGGER advisory_fts_ad AFTER DELETE ON advisory BEGIN
    INSERT INTO advisory_fts(advisory_fts, rowid, primary_id, title,
                             description)
    VALUES ('delete', old.id, old.primary_id, old.title, old.description);
END;
CREATE TRIGGER advisory_fts_au AFTER UPDATE OF primary_id, title,
    description ON advisory BEGIN
    INSERT INTO advisory_fts(advisory_fts, rowid, primary_id, title,
                             description)
    VALUES ('delete', old.id, old.primary_id, old.title, old.description);
    INSERT INTO advisory_fts(rowid, primary_id, title, description)
    VALUES (new.id, new.primary_id, new.title, new.description);
END;
INSERT INTO advisory_fts(advisory_fts) VALUES ('rebuild');

-- Reports the daemon wrote on schedule: one row per kind and period,
-- so a restart neither skips nor repeats one.
CREATE TABLE report_run (
    kind TEXT NOT NULL,              -- weekly, monthly, quarterly
    period TEXT NOT NULL,            -- 2026-W48, 2026-11, 2026-Q4
    path TEXT NOT NULL,
    written TEXT NOT NULL,
    PRIMARY KEY (kind, period)
) WITHOUT ROWID;
